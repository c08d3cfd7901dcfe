#include "practical/openapi_check.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <stdexcept>

namespace mi::practical {
namespace {

constexpr std::array<std::string_view, 8> http_methods{"get", "put", "post", "delete", "patch", "head", "options", "trace"};
constexpr std::array<std::string_view, 6> path_item_keys{"summary", "description", "parameters", "servers", "$ref", "x-"};
constexpr std::array<std::string_view, 11> pagination_names{"limit", "offset", "page", "per_page", "perpage", "page_size",
                                                            "pagesize", "size", "cursor", "after", "before"};
constexpr std::array<std::string_view, 14> action_words{"get", "create", "add", "update", "delete", "remove", "fetch",
                                                        "list", "new", "edit", "set", "save", "insert", "modify"};
constexpr std::array<std::string_view, 11> auth_words{"authentication", "authenticate", "auth", "oauth", "oauth2", "jwt",
                                                      "bearer", "api key", "api-key", "apikey", "token"};

// Which rules decide which role-pack item, and which mistake (the table of the header).
struct Decision {
    std::string_view id;
    std::vector<ApiRule> rules;
};
const std::array<Decision, 6> item_decisions{{
    {"api-implementation-req-crud", {ApiRule::crud}},
    {"api-implementation-req-validation", {ApiRule::validation}},
    {"api-implementation-req-errors", {ApiRule::errors}},
    {"api-implementation-req-docs", {ApiRule::document, ApiRule::documentation}},
    {"api-implementation-eval-rest",
     {ApiRule::naming, ApiRule::status_codes, ApiRule::pagination, ApiRule::versioning}},
    {"api-implementation-eval-robustness", {ApiRule::errors, ApiRule::validation, ApiRule::authentication}},
}};
const std::array<Decision, 4> mistake_decisions{{
    {"api-implementation-mistake-rest-conventions", {ApiRule::naming, ApiRule::status_codes}},
    {"api-implementation-mistake-poor-docs", {ApiRule::documentation}},
    {"api-implementation-mistake-input-sanitation", {ApiRule::validation}},
    {"api-implementation-mistake-hardcoding", {ApiRule::hardcoding}},
}};

template <std::size_t size>
bool one_of(std::string_view value, const std::array<std::string_view, size>& values) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

std::string upper(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return result;
}

bool contains_word(std::string_view text, std::string_view word) {
    const std::string haystack = lower(text);
    for (std::size_t at = haystack.find(word); at != std::string::npos; at = haystack.find(word, at + 1)) {
        const bool starts = at == 0 || std::isalnum(static_cast<unsigned char>(haystack[at - 1])) == 0;
        const std::size_t end = at + word.size();
        const bool ends = end >= haystack.size() || std::isalnum(static_cast<unsigned char>(haystack[end])) == 0;
        if (starts && ends) return true;
    }
    return false;
}

std::vector<std::string> path_segments(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t at = 0;
    while (at < path.size()) {
        if (path[at] == '/') {
            ++at;
            continue;
        }
        const auto end = std::min(path.find('/', at), path.size());
        segments.emplace_back(path.substr(at, end - at));
        at = end;
    }
    return segments;
}

bool is_template(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

bool is_version_segment(std::string_view segment) {
    return segment.size() >= 2 && (segment[0] == 'v' || segment[0] == 'V') &&
           std::all_of(segment.begin() + 1, segment.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_number(std::string_view segment) {
    return !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// "getTodos" -> "get"; "create-todo" -> "create"; "todos" -> "".
std::string leading_action(std::string_view segment) {
    const std::string folded = lower(segment);
    for (std::string_view action : action_words) {
        if (!folded.starts_with(action)) continue;
        if (folded.size() == action.size()) return std::string(action);
        const char next = segment[action.size()];
        if (next == '-' || next == '_' || std::isupper(static_cast<unsigned char>(next)) != 0) return std::string(action);
    }
    return {};
}

struct Operation {
    std::string method;     // lower case
    std::string path;
    const DocumentNode* node = nullptr;
    const DocumentNode* path_item = nullptr;
    [[nodiscard]] std::string name() const { return upper(method) + " " + path; }
};

class Rules {
public:
    Rules(const DocumentNode& root, std::string_view notes) : root_(root), notes_(notes) {}

    std::vector<ApiFinding> run(std::vector<ApiOperation>& operations, bool& authentication_in_notes) {
        if (!read_document()) return std::move(findings_);
        for (const auto& operation : operations_) {
            ApiOperation summary;
            summary.method = upper(operation.method);
            summary.path = operation.path;
            if (const auto* text = operation.node->find("summary"); text && text->is_scalar()) summary.summary = text->text;
            if (summary.summary.empty()) {
                if (const auto* text = operation.node->find("description"); text && text->is_scalar()) summary.summary = text->text;
            }
            if (const auto* responses = operation.node->find("responses"); responses && responses->is_mapping()) {
                for (const auto& [code, value] : responses->entries) summary.responses.push_back(code);
            }
            summary.offset = operation.node->offset;
            operations.push_back(std::move(summary));
        }
        crud();
        naming();
        status_codes();
        pagination();
        versioning();
        errors();
        validation();
        authentication();
        authentication_in_notes = authentication_in_notes_;
        documentation();
        hardcoding();
        std::stable_sort(findings_.begin(), findings_.end(),
                         [](const ApiFinding& left, const ApiFinding& right) { return left.rule < right.rule; });
        return std::move(findings_);
    }

private:
    void add(ApiRule rule, std::string text, const DocumentNode* node) {
        findings_.push_back(ApiFinding{rule, std::move(text), node ? node->offset : 0});
    }

    // --- the document -------------------------------------------------------------------------

    bool read_document() {
        if (!root_.is_mapping()) {
            add(ApiRule::document, "The document is not an OpenAPI document: it must be a mapping with openapi, info and paths.", &root_);
            return false;
        }
        const auto* version = root_.find("openapi");
        if (version == nullptr) {
            if (const auto* swagger = root_.find("swagger")) {
                add(ApiRule::document,
                    "This is a Swagger " + std::string(swagger->scalar()) +
                        " document; the task asks for OpenAPI 3 (openapi: 3.0.3, requestBody instead of body parameters).",
                    swagger);
            } else {
                add(ApiRule::document, "The document has no openapi field: start it with openapi: 3.0.3.", &root_);
            }
            return false;
        }
        if (!version->scalar().starts_with("3.")) {
            add(ApiRule::document, "openapi is \"" + std::string(version->scalar()) + "\"; the task asks for OpenAPI 3 (3.0.x or 3.1.x).",
                version);
            return false;
        }
        const auto* info = root_.find("info");
        if (info == nullptr || !info->is_mapping()) {
            add(ApiRule::document, "The document has no info section (title and version).", &root_);
        } else {
            for (std::string_view field : {"title", "version"}) {
                const auto* value = info->find(field);
                if (value == nullptr || value->scalar().empty()) {
                    add(ApiRule::document, "info has no " + std::string(field) + ".", info);
                }
            }
        }
        const auto* paths = root_.find("paths");
        if (paths == nullptr || !paths->is_mapping() || paths->entries.empty()) {
            add(ApiRule::document, "The document has no paths: it describes no endpoint.", paths ? paths : &root_);
            return false;
        }
        for (std::size_t index = 0; index < paths->entries.size(); ++index) {
            const auto& [path, item] = paths->entries[index];
            if (!path.starts_with("/")) {
                add(ApiRule::document, "The path \"" + path + "\" does not start with /.", &item);
                continue;
            }
            if (!item.is_mapping()) {
                add(ApiRule::document, path + " must be a mapping of HTTP methods.", &item);
                continue;
            }
            for (const auto& [key, value] : item.entries) {
                const std::string method = lower(key);
                if (one_of(method, http_methods)) {
                    if (!value.is_mapping()) {
                        add(ApiRule::document, upper(method) + " " + path + " must be a mapping (responses, parameters, ...).", &value);
                        continue;
                    }
                    operations_.push_back(Operation{method, path, &value, &item});
                } else if (!one_of(key, path_item_keys) && !key.starts_with("x-")) {
                    add(ApiRule::document, path + " has the key \"" + key + "\", which is not an HTTP method or a path field (a typo?).",
                        &value);
                }
            }
        }
        for (const auto& operation : operations_) {
            const auto* responses = operation.node->find("responses");
            if (responses == nullptr || !responses->is_mapping() || responses->entries.empty()) {
                add(ApiRule::document, operation.name() + " has no responses.", operation.node);
            } else {
                for (const auto& [code, response] : responses->entries) {
                    const auto* resolved = resolve(response);
                    if (resolved != nullptr && resolved->is_mapping() && resolved->find("description") == nullptr) {
                        add(ApiRule::document, operation.name() + ": response " + code + " has no description (OpenAPI requires one).",
                            &response);
                    }
                }
            }
            // Every {name} in the path must be a declared path parameter.
            for (const auto& segment : path_segments(operation.path)) {
                if (!is_template(segment)) continue;
                const std::string name = segment.substr(1, segment.size() - 2);
                if (find_parameter(operation, name, "path") == nullptr) {
                    add(ApiRule::document, operation.name() + " uses {" + name + "} but declares no path parameter \"" + name + "\".",
                        operation.node);
                }
            }
        }
        return true;
    }

    // A $ref within this document ("#/components/schemas/Todo"), followed; nullptr (with a finding)
    // when it leads nowhere. Anything else is returned as is.
    const DocumentNode* resolve(const DocumentNode& node, int depth = 0) {
        const auto* ref = node.is_mapping() ? node.find("$ref") : nullptr;
        if (ref == nullptr) return &node;
        const std::string target(ref->scalar());
        if (depth > 16) {
            if (reported_refs_.insert(target).second) add(ApiRule::document, "$ref \"" + target + "\" goes round in a circle.", ref);
            return nullptr;
        }
        if (!target.starts_with("#/")) {
            if (reported_refs_.insert(target).second) {
                add(ApiRule::document, "$ref \"" + target + "\" points outside this document; the check reads one document.", ref);
            }
            return nullptr;
        }
        const DocumentNode* at = &root_;
        for (const auto& raw : path_segments(target.substr(1))) {
            std::string key;
            for (std::size_t index = 0; index < raw.size(); ++index) {
                if (raw[index] == '~' && index + 1 < raw.size()) {
                    key.push_back(raw[index + 1] == '1' ? '/' : '~');
                    ++index;
                } else {
                    key.push_back(raw[index]);
                }
            }
            at = at->is_mapping() ? at->find(key) : nullptr;
            if (at == nullptr) {
                if (reported_refs_.insert(target).second) add(ApiRule::document, "$ref \"" + target + "\" leads nowhere in the document.", ref);
                return nullptr;
            }
        }
        return resolve(*at, depth + 1);
    }

    const DocumentNode* find_parameter(const Operation& operation, std::string_view name, std::string_view in) {
        for (const auto* owner : {operation.node, operation.path_item}) {
            const auto* parameters = owner->find("parameters");
            if (parameters == nullptr || !parameters->is_sequence()) continue;
            for (const auto& entry : parameters->items) {
                const auto* parameter = resolve(entry);
                if (parameter == nullptr || !parameter->is_mapping()) continue;
                const auto* parameter_name = parameter->find("name");
                const auto* parameter_in = parameter->find("in");
                if (parameter_name && parameter_in && lower(parameter_name->scalar()) == lower(name) && parameter_in->scalar() == in) {
                    return parameter;
                }
            }
        }
        return nullptr;
    }

    const DocumentNode* response(const Operation& operation, std::string_view code) {
        const auto* responses = operation.node->find("responses");
        if (responses == nullptr || !responses->is_mapping()) return nullptr;
        const auto* found = responses->find(code);
        return found ? resolve(*found) : nullptr;
    }

    bool has_response(const Operation& operation, std::initializer_list<std::string_view> codes) {
        for (std::string_view code : codes) {
            const auto* responses = operation.node->find("responses");
            if (responses != nullptr && responses->find(code) != nullptr) return true;
        }
        return false;
    }

    [[nodiscard]] static bool on_item(const Operation& operation) {
        const auto segments = path_segments(operation.path);
        return !segments.empty() && is_template(segments.back());
    }

    // The resource the API is about: the first collection path (last segment a literal), the one
    // named after todos when there is one.
    [[nodiscard]] std::string collection_path() const {
        std::string first;
        for (const auto& operation : operations_) {
            if (on_item(operation)) continue;
            if (first.empty()) first = operation.path;
            const auto segments = path_segments(operation.path);
            if (!segments.empty() && lower(segments.back()).starts_with("todo")) return operation.path;
        }
        return first;
    }

    const Operation* operation(std::string_view method, std::string_view path) const {
        for (const auto& candidate : operations_) {
            if (candidate.method == method && candidate.path == path) return &candidate;
        }
        return nullptr;
    }

    [[nodiscard]] std::string item_path_of(const std::string& collection) const {
        for (const auto& candidate : operations_) {
            if (!on_item(candidate)) continue;
            const auto slash = candidate.path.rfind('/');
            if (candidate.path.substr(0, slash) == collection) return candidate.path;
        }
        return {};
    }

    // --- the rules --------------------------------------------------------------------------------

    void crud() {
        const std::string collection = collection_path();
        const DocumentNode* paths = root_.find("paths");
        if (collection.empty()) {
            add(ApiRule::crud, "No collection path (such as /todos): there is nowhere to list or create todos.", paths);
            return;
        }
        if (!operation("get", collection)) add(ApiRule::crud, "No GET " + collection + ": the todos cannot be listed.", paths);
        if (!operation("post", collection)) add(ApiRule::crud, "No POST " + collection + ": a todo cannot be created.", paths);
        const std::string item = item_path_of(collection);
        if (item.empty()) {
            add(ApiRule::crud, "No " + collection + "/{id} path: one todo cannot be read, updated or deleted.", paths);
            return;
        }
        if (!operation("get", item)) add(ApiRule::crud, "No GET " + item + ": one todo cannot be read.", paths);
        if (!operation("put", item) && !operation("patch", item)) {
            add(ApiRule::crud, "No PUT or PATCH " + item + ": a todo cannot be updated.", paths);
        }
        if (!operation("delete", item)) add(ApiRule::crud, "No DELETE " + item + ": a todo cannot be deleted.", paths);
    }

    void naming() {
        const DocumentNode* paths = root_.find("paths");
        for (std::size_t index = 0; index < paths->entries.size(); ++index) {
            const auto& [path, item] = paths->entries[index];
            const auto segments = path_segments(path);
            for (std::size_t position = 0; position < segments.size(); ++position) {
                const std::string& segment = segments[position];
                if (is_template(segment) || is_version_segment(segment) || lower(segment) == "api") continue;
                if (is_number(segment)) continue;  // a literal id: the hardcoding rule says it
                if (const auto action = leading_action(segment); !action.empty()) {
                    add(ApiRule::naming,
                        path + " names an action (\"" + segment + "\"); name the resource and let the HTTP method say what happens (GET /todos, not /getTodos).",
                        &paths->entries[index].second);
                    continue;
                }
                if (segment != lower(segment)) {
                    add(ApiRule::naming, path + " has upper-case letters in \"" + segment + "\"; paths are lower case (kebab-case for two words).",
                        &paths->entries[index].second);
                    continue;
                }
                const bool followed_by_id = position + 1 < segments.size() && is_template(segments[position + 1]);
                const bool last = position + 1 == segments.size();
                if ((followed_by_id || last) && !segment.ends_with("s") && segment != "me" && segment != "health" &&
                    segment != "status" && segment != "search") {
                    add(ApiRule::naming, path + " names the collection \"" + segment + "\" in the singular; collections are plural (/" +
                                             segment + "s).",
                        &paths->entries[index].second);
                }
            }
        }
        for (const auto& operation : operations_) {
            if (operation.method == "post" && on_item(operation) && !this->operation("put", operation.path) &&
                !this->operation("patch", operation.path)) {
                add(ApiRule::naming, operation.name() + " changes one todo with POST; PUT replaces it, PATCH changes part of it.",
                    operation.node);
            }
            if (operation.method == "get" && operation.node->find("requestBody") != nullptr) {
                add(ApiRule::naming, operation.name() + " takes a request body; GET carries its inputs in the path and the query.",
                    operation.node->find("requestBody"));
            }
        }
    }

    void status_codes() {
        for (const auto& operation : operations_) {
            const auto* responses = operation.node->find("responses");
            if (responses == nullptr || !responses->is_mapping()) continue;
            const bool success = std::any_of(responses->entries.begin(), responses->entries.end(),
                                             [](const auto& entry) { return entry.first.starts_with("2"); });
            if (!success) add(ApiRule::status_codes, operation.name() + " has no success (2xx) response.", responses);
            if (operation.method == "post" && !on_item(operation)) {
                if (const auto* created = response(operation, "201")) {
                    const auto* headers = created->find("headers");
                    const bool location = headers != nullptr && headers->is_mapping() &&
                                          std::any_of(headers->entries.begin(), headers->entries.end(),
                                                      [](const auto& entry) { return lower(entry.first) == "location"; });
                    if (!location) {
                        add(ApiRule::status_codes, operation.name() + ": the 201 response has no Location header saying where the new todo is.",
                            created);
                    }
                } else {
                    add(ApiRule::status_codes, operation.name() + " does not answer 201 Created (with a Location header) when it creates a todo.",
                        responses);
                }
            }
            if (operation.method == "delete" && !has_response(operation, {"204"})) {
                add(ApiRule::status_codes, operation.name() + " does not answer 204 No Content: a deletion has nothing to return.", responses);
            }
        }
    }

    void pagination() {
        const std::string collection = collection_path();
        const auto* list = collection.empty() ? nullptr : operation("get", collection);
        if (list == nullptr) return;
        for (const auto* owner : {list->node, list->path_item}) {
            const auto* parameters = owner->find("parameters");
            if (parameters == nullptr || !parameters->is_sequence()) continue;
            for (const auto& entry : parameters->items) {
                const auto* parameter = resolve(entry);
                if (parameter == nullptr || !parameter->is_mapping()) continue;
                const auto* in = parameter->find("in");
                const auto* name = parameter->find("name");
                if (in && name && in->scalar() == "query" && one_of(lower(name->scalar()), pagination_names)) return;
            }
        }
        add(ApiRule::pagination, list->name() + " has no pagination parameter (limit and offset, page, or cursor): a long list comes back whole.",
            list->node);
    }

    void versioning() {
        for (const auto& operation : operations_) {
            for (const auto& segment : path_segments(operation.path)) {
                if (is_version_segment(segment)) return;
            }
        }
        if (const auto* servers = root_.find("servers"); servers && servers->is_sequence()) {
            for (const auto& server : servers->items) {
                const auto* url = server.find("url");
                if (url == nullptr) continue;
                for (const auto& segment : path_segments(url->scalar())) {
                    if (is_version_segment(segment)) return;
                }
            }
        }
        add(ApiRule::versioning, "No version in the paths or the server URL (/v1/todos): clients cannot be moved to a v2 without breaking.",
            root_.find("paths"));
    }

    void errors() {
        for (const auto& operation : operations_) {
            const auto* responses = operation.node->find("responses");
            if (responses == nullptr || !responses->is_mapping()) continue;
            if (on_item(operation) && !has_response(operation, {"404", "4XX", "4xx"})) {
                add(ApiRule::errors, operation.name() + " does not say what happens when the todo does not exist (404 Not Found).", responses);
            }
            const bool writes = operation.method == "post" || operation.method == "put" || operation.method == "patch";
            if (!writes) continue;
            const DocumentNode* refusal = nullptr;
            for (std::string_view code : {"400", "422", "4XX", "4xx"}) {
                if (refusal == nullptr) refusal = response(operation, code);
            }
            if (refusal == nullptr) {
                add(ApiRule::errors, operation.name() + " does not say how invalid input is refused (400 Bad Request or 422 with an error body).",
                    responses);
            } else if (refusal->find("content") == nullptr) {
                add(ApiRule::errors, operation.name() + ": the 400/422 response has no body; say what the error looks like (a message, the field).",
                    refusal);
            }
        }
    }

    void validation() {
        for (const auto& operation : operations_) {
            const bool writes = operation.method == "post" || operation.method == "put" || operation.method == "patch";
            if (!writes) continue;
            const auto* body_node = operation.node->find("requestBody");
            const auto* body = body_node ? resolve(*body_node) : nullptr;
            const DocumentNode* schema = nullptr;
            if (body != nullptr) {
                if (const auto* content = body->find("content"); content && content->is_mapping()) {
                    for (const auto& [type, media] : content->entries) {
                        if (const auto* found = media.find("schema"); found && schema == nullptr) schema = resolve(*found);
                    }
                }
            }
            if (schema == nullptr) {
                add(ApiRule::validation, operation.name() + " takes no request body schema: nothing says what a todo must contain, so nothing can be validated.",
                    operation.node);
                continue;
            }
            check_schema(operation, *schema);
        }
    }

    void check_schema(const Operation& operation, const DocumentNode& schema) {
        const auto* properties = schema.find("properties");
        if (properties == nullptr || !properties->is_mapping() || properties->entries.empty()) {
            add(ApiRule::validation, operation.name() + ": the request schema lists no properties, so any body is accepted.", &schema);
            return;
        }
        const auto* required = schema.find("required");
        if (operation.method == "post" && (required == nullptr || !required->is_sequence() || required->items.empty())) {
            add(ApiRule::validation, operation.name() + ": the request schema requires no field, so an empty todo is accepted.", &schema);
        }
        for (const auto& [name, raw] : properties->entries) {
            const auto* property = resolve(raw);
            if (property == nullptr || !property->is_mapping()) continue;
            const auto* type = property->find("type");
            if (type == nullptr && property->find("enum") == nullptr && property->find("$ref") == nullptr &&
                property->find("allOf") == nullptr && property->find("oneOf") == nullptr) {
                add(ApiRule::validation, operation.name() + ": the property " + name + " has no type.", property);
                continue;
            }
            if (type != nullptr && type->scalar() == "string") {
                const bool bounded = property->find("maxLength") || property->find("enum") || property->find("pattern") ||
                                     property->find("format");
                if (!bounded) {
                    add(ApiRule::validation, operation.name() + ": " + name +
                                                 " is a string without maxLength, pattern, format or enum: text of any size and shape is accepted.",
                        property);
                }
            }
        }
    }

    void authentication() {
        for (std::string_view word : auth_words) authentication_in_notes_ = authentication_in_notes_ || contains_word(notes_, word);
        const auto* components = root_.find("components");
        const auto* schemes = components ? components->find("securitySchemes") : nullptr;
        const bool declared = schemes != nullptr && schemes->is_mapping() && !schemes->entries.empty();
        const auto applied_at = [](const DocumentNode& node) {
            const auto* security = node.find("security");
            return security != nullptr && security->is_sequence() && !security->items.empty();
        };
        const bool applied = applied_at(root_) || std::any_of(operations_.begin(), operations_.end(),
                                                               [&](const Operation& operation) { return applied_at(*operation.node); });
        if (declared && applied) return;
        if (declared) {
            add(ApiRule::authentication, "securitySchemes declares " + schemes->entries.front().first +
                                             ", but no operation requires it (add security: at the top or on the operations).",
                schemes);
            return;
        }
        if (!authentication_in_notes_) {
            add(ApiRule::authentication, "Nothing says how clients authenticate: no securitySchemes in the document and no word of it in the notes.",
                &root_);
        }
    }

    void documentation() {
        for (const auto& operation : operations_) {
            const auto* summary = operation.node->find("summary");
            const auto* description = operation.node->find("description");
            const bool said = (summary && !summary->scalar().empty()) || (description && !description->scalar().empty());
            if (!said) add(ApiRule::documentation, operation.name() + " has no summary or description: a reader cannot tell what it does.", operation.node);
        }
    }

    void hardcoding() {
        if (const auto* servers = root_.find("servers"); servers && servers->is_sequence()) {
            for (const auto& server : servers->items) {
                const auto* url = server.find("url");
                if (url == nullptr) continue;
                const std::string text = lower(url->scalar());
                for (std::string_view host : {"localhost", "127.0.0.1", "0.0.0.0"}) {
                    if (text.find(host) != std::string::npos) {
                        add(ApiRule::hardcoding, "The server URL " + std::string(url->scalar()) +
                                                     " is one machine's address: describe where the API is deployed, or use a variable.",
                            url);
                        break;
                    }
                }
            }
        }
        const DocumentNode* paths = root_.find("paths");
        for (const auto& [path, item] : paths->entries) {
            for (const auto& segment : path_segments(path)) {
                if (is_number(segment)) {
                    add(ApiRule::hardcoding, path + " has the literal id " + segment + "; use a path parameter ({id}).", &item);
                    break;
                }
            }
        }
    }

    const DocumentNode& root_;
    std::string_view notes_;
    std::vector<Operation> operations_;
    std::vector<ApiFinding> findings_;
    std::set<std::string> reported_refs_;
    bool authentication_in_notes_ = false;
};

}  // namespace

std::string_view to_string(ApiRule rule) {
    switch (rule) {
        case ApiRule::document: return "document";
        case ApiRule::crud: return "crud";
        case ApiRule::naming: return "naming";
        case ApiRule::status_codes: return "status_codes";
        case ApiRule::pagination: return "pagination";
        case ApiRule::versioning: return "versioning";
        case ApiRule::errors: return "errors";
        case ApiRule::validation: return "validation";
        case ApiRule::authentication: return "authentication";
        case ApiRule::documentation: return "documentation";
        case ApiRule::hardcoding: return "hardcoding";
    }
    return "document";
}

std::vector<ApiFinding> find_api_problems(const DocumentNode& document, std::string_view notes,
                                          std::vector<ApiOperation>& operations, bool& authentication_in_notes) {
    return Rules(document, notes).run(operations, authentication_in_notes);
}

OpenApiChecker::OpenApiChecker(const content::PracticalTask& task, DocumentLimits limits) : limits_(limits) {
    auto text_of = [](const std::vector<content::CoverageItem>& items, std::string_view id) -> const std::string* {
        for (const auto& item : items) {
            if (item.id == id) return &item.text;
        }
        return nullptr;
    };
    for (const auto& decision : item_decisions) {
        const std::string* text = text_of(task.requirements, decision.id);
        if (text == nullptr) text = text_of(task.evaluation_criteria, decision.id);
        if (text == nullptr) {
            throw std::invalid_argument("task " + task.id + " has no requirement or criterion " + std::string(decision.id) +
                                        ", which the OpenAPI checker decides");
        }
        items_.push_back(Decided{std::string(decision.id), *text, decision.rules});
    }
    for (const auto& decision : mistake_decisions) {
        const auto found = std::find_if(task.common_mistakes.begin(), task.common_mistakes.end(),
                                        [&](const content::RedFlag& mistake) { return mistake.id == decision.id; });
        if (found == task.common_mistakes.end()) {
            throw std::invalid_argument("task " + task.id + " has no common mistake " + std::string(decision.id) +
                                        ", which the OpenAPI checker decides");
        }
        mistakes_.push_back(Decided{std::string(decision.id), found->text, decision.rules});
    }
}

OpenApiCheck OpenApiChecker::check(std::string_view document, std::string_view notes) const {
    OpenApiCheck check;
    auto parsed = parse_document(document, limits_);
    if (auto* error = std::get_if<DocumentError>(&parsed)) {
        check.error = *error;
        return check;
    }
    const auto& root = std::get<DocumentNode>(parsed);
    check.findings = find_api_problems(root, notes, check.operations, check.authentication_in_notes);
    if (const auto* version = root.find("openapi")) check.openapi_version = version->text;
    if (const auto* info = root.find("info"); info && info->is_mapping()) {
        if (const auto* title = info->find("title")) check.title = title->text;
    }
    auto collect = [&](const Decided& decided) {
        std::vector<ApiFinding> findings;
        for (const auto& finding : check.findings) {
            if (std::find(decided.rules.begin(), decided.rules.end(), finding.rule) != decided.rules.end()) findings.push_back(finding);
        }
        return findings;
    };
    for (const auto& item : items_) check.items.push_back(ApiItemResult{item.id, item.text, item.rules, collect(item)});
    for (const auto& mistake : mistakes_) check.mistakes.push_back(ApiMistakeResult{mistake.id, mistake.text, collect(mistake)});
    return check;
}

}  // namespace mi::practical
