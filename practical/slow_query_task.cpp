#include "practical/slow_query_task.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "content/json_text.hpp"
#include "practical/sql_text.hpp"

namespace mi::practical {
namespace {

using nlohmann::json;
using content::ContentProblem;

// ---- reading the pack ----------------------------------------------------------------------------

// Walks the pack the way content/pack_reader.cpp walks a role pack: every problem names its field.
class PackReader {
public:
    PackReader(std::string file, std::vector<ContentProblem>& problems) : file_(std::move(file)), problems_(problems) {}

    void problem(const std::string& pointer, std::string message) {
        problems_.push_back(ContentProblem{file_, pointer, std::move(message)});
    }

    // Fields of `object` not in `known` are problems (the pack has no optional extras).
    void only_fields(const json& object, const std::string& pointer, std::initializer_list<std::string_view> known) {
        for (const auto& [key, value] : object.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                problem(pointer + "/" + key, "unknown field \"" + key + "\"");
            }
        }
    }

    const json* field(const json& object, const std::string& pointer, std::string_view key) {
        const auto found = object.find(std::string(key));
        if (found == object.end()) {
            problem(pointer, "missing required field \"" + std::string(key) + "\"");
            return nullptr;
        }
        return &*found;
    }

    std::string text(const json& object, const std::string& pointer, std::string_view key, bool may_be_empty = false) {
        const json* value = field(object, pointer, key);
        if (value == nullptr) return {};
        const std::string where = pointer + "/" + std::string(key);
        if (!value->is_string()) {
            problem(where, "must be a string");
            return {};
        }
        auto result = value->get<std::string>();
        if (!may_be_empty && result.empty()) problem(where, "must not be empty");
        return result;
    }

    std::int64_t integer(const json& object, const std::string& pointer, std::string_view key, std::int64_t min,
                         std::int64_t max) {
        const json* value = field(object, pointer, key);
        if (value == nullptr) return min;
        const std::string where = pointer + "/" + std::string(key);
        if (!value->is_number_integer()) {
            problem(where, "must be an integer");
            return min;
        }
        const auto result = value->get<std::int64_t>();
        if (result < min || result > max) {
            problem(where, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return result;
    }

    const json* object(const json& parent, const std::string& pointer, std::string_view key) {
        const json* value = field(parent, pointer, key);
        if (value != nullptr && !value->is_object()) {
            problem(pointer + "/" + std::string(key), "must be an object");
            return nullptr;
        }
        return value;
    }

private:
    std::string file_;
    std::vector<ContentProblem>& problems_;
};

bool is_kebab_id(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    for (std::size_t index = 0; index < id.size(); ++index) {
        const char c = id[index];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && id[index - 1] != '-');
        if (!ok) return false;
    }
    return true;
}

std::optional<std::uint64_t> parse_digest(std::string_view hex) {
    if (hex.size() != 16) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (error != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
    return value;
}

SlowQuery read_query(PackReader& reader, const json& value, const std::string& pointer) {
    SlowQuery query;
    if (!value.is_object()) {
        reader.problem(pointer, "must be an object");
        return query;
    }
    reader.only_fields(value, pointer, {"id", "title", "kind", "difficulty", "need", "sql", "expected", "reference"});
    query.id = reader.text(value, pointer, "id");
    if (!query.id.empty() && !is_kebab_id(query.id)) {
        reader.problem(pointer + "/id", "must be lower-case kebab-case (a-z, 0-9, single hyphens)");
    }
    query.title = reader.text(value, pointer, "title");
    query.kind = reader.text(value, pointer, "kind");
    query.difficulty = static_cast<int>(reader.integer(value, pointer, "difficulty", 1, 5));
    query.need = reader.text(value, pointer, "need");
    query.sql = reader.text(value, pointer, "sql");
    if (const json* expected = reader.object(value, pointer, "expected")) {
        const std::string where = pointer + "/expected";
        reader.only_fields(*expected, where, {"row_count", "digest"});
        query.expected_row_count = reader.integer(*expected, where, "row_count", 0, 1'000'000'000);
        const std::string digest = reader.text(*expected, where, "digest");
        if (!digest.empty()) {
            if (auto parsed = parse_digest(digest)) {
                query.expected_digest = *parsed;
            } else {
                reader.problem(where + "/digest", "must be 16 hexadecimal digits");
            }
        }
    }
    if (const json* reference = reader.object(value, pointer, "reference")) {
        const std::string where = pointer + "/reference";
        reader.only_fields(*reference, where, {"index_ddl", "query", "explanation"});
        query.reference.index_ddl = reader.text(*reference, where, "index_ddl", true);
        query.reference.query = reader.text(*reference, where, "query");
        query.reference.explanation = reader.text(*reference, where, "explanation");
    }
    return query;
}

// ---- measuring -----------------------------------------------------------------------------------

std::string render_row(const SqlRow& row) {
    std::string text = "(";
    for (std::size_t index = 0; index < row.size(); ++index) {
        if (index > 0) text += ", ";
        text += render_value(row[index]);
    }
    return text + ")";
}

std::string plural(std::int64_t count, std::string_view one, std::string_view many) {
    return with_thousands(count) + " " + std::string(count == 1 ? one : many);
}

// Why two results differ, as one sentence; nullopt when they are the same rows.
std::optional<std::string> describe_difference(const QueryMeasurement& original, const QueryMeasurement& submitted) {
    if (original.columns.size() != submitted.columns.size()) {
        return "returns " + plural(static_cast<std::int64_t>(submitted.columns.size()), "column", "columns") +
               "; the original returns " + std::to_string(original.columns.size());
    }
    if (original.row_count != submitted.row_count) {
        return "returns " + plural(submitted.row_count, "row", "rows") + "; the original returns " +
               with_thousands(original.row_count);
    }
    const bool ordered = original.ordered;
    const bool same = ordered ? original.ordered_digest == submitted.ordered_digest
                              : original.unordered_digest == submitted.unordered_digest;
    if (same) return std::nullopt;
    if (ordered && original.unordered_digest == submitted.unordered_digest) {
        return "returns the same rows in a different order; the original's ORDER BY fixes the order";
    }
    std::string sentence = "returns " + plural(submitted.row_count, "row", "rows") +
                           " like the original, but not the same ones";
    if (!original.truncated && !submitted.truncated) {
        std::multiset<std::string> expected;
        for (const auto& row : original.rows) expected.insert(render_row(row));
        for (const auto& row : submitted.rows) {
            const auto text = render_row(row);
            if (auto found = expected.find(text); found != expected.end()) {
                expected.erase(found);
            } else {
                sentence += ": " + text + " is not in the original's result";
                break;
            }
        }
    }
    return sentence;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

std::string trimmed(std::string_view text) {
    const auto begin = text.find_first_not_of(' ');
    return begin == std::string_view::npos ? std::string() : std::string(text.substr(begin));
}

// "SCAN orders USING INDEX x" -> "orders"; "" for lines that read no table.
std::string plan_table(std::string_view line) {
    const std::string text = trimmed(line);
    std::string_view rest;
    if (starts_with(text, "SCAN ")) {
        rest = std::string_view(text).substr(5);
    } else if (starts_with(text, "SEARCH ")) {
        rest = std::string_view(text).substr(7);
    } else {
        return {};
    }
    const auto end = rest.find(' ');
    return std::string(rest.substr(0, end));
}

}  // namespace

// ---- public --------------------------------------------------------------------------------------

std::string with_thousands(std::int64_t number) {
    const std::string digits = std::to_string(number < 0 ? -number : number);
    std::string grouped = number < 0 ? "-" : "";
    for (std::size_t index = 0; index < digits.size(); ++index) {
        if (index > 0 && (digits.size() - index) % 3 == 0) grouped.push_back(' ');
        grouped.push_back(digits[index]);
    }
    return grouped;
}

std::string format_ratio(double ratio) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), ratio >= 10 ? "%.0f" : "%.1f", ratio);
    return text.data();
}

const SlowQuery* PerformanceTaskPack::find_query(std::string_view query_id) const {
    for (const auto& query : queries) {
        if (query.id == query_id) return &query;
    }
    return nullptr;
}

PerformancePackLoad load_performance_pack_text(std::string_view json_text, const std::string& file_label) {
    PerformancePackLoad load;
    PackReader reader(file_label, load.problems);
    json root;
    try {
        auto parsed = content::parse_json_text(json_text);
        for (const auto& pointer : parsed.duplicate_keys) reader.problem(pointer, content::describe_duplicate_key(pointer));
        root = std::move(parsed.value);
    } catch (const content::JsonTextError& error) {
        reader.problem("", "invalid JSON at byte " + std::to_string(error.byte) + ": " + error.what());
        return load;
    }
    if (!root.is_object()) {
        reader.problem("", "must be a JSON object");
        return load;
    }
    PerformanceTaskPack pack;
    reader.only_fields(root, "", {"format_version", "id", "task_id", "source", "comment", "dataset", "queries"});
    reader.integer(root, "", "format_version", 1, 1);
    pack.id = reader.text(root, "", "id");
    pack.task_id = reader.text(root, "", "task_id");
    pack.source = reader.text(root, "", "source");
    if (!pack.source.empty() && pack.source != "project") {
        reader.problem("/source", "must be \"project\": these queries are not from the guide, and the pack says so");
    }
    pack.comment = reader.text(root, "", "comment");
    if (const json* dataset = reader.object(root, "", "dataset")) {
        reader.only_fields(*dataset, "/dataset", {"generator", "seed"});
        if (const auto generator = reader.text(*dataset, "/dataset", "generator"); !generator.empty() && generator != "shop") {
            reader.problem("/dataset/generator", "must be \"shop\", the one dataset generator there is");
        }
        pack.dataset_seed = static_cast<std::uint64_t>(
            reader.integer(*dataset, "/dataset", "seed", 0, std::numeric_limits<std::int64_t>::max()));
    }
    if (const json* queries = reader.field(root, "", "queries")) {
        if (!queries->is_array() || queries->empty()) {
            reader.problem("/queries", "must be a non-empty array");
        } else {
            std::set<std::string> ids;
            for (std::size_t index = 0; index < queries->size(); ++index) {
                const std::string pointer = "/queries/" + std::to_string(index);
                auto query = read_query(reader, (*queries)[index], pointer);
                if (!query.id.empty() && !ids.insert(query.id).second) {
                    reader.problem(pointer + "/id", "\"" + query.id + "\" is the id of an earlier query");
                }
                pack.queries.push_back(std::move(query));
            }
        }
    }
    if (load.problems.empty()) load.pack = std::move(pack);
    return load;
}

PerformancePackLoad load_performance_pack(const std::filesystem::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        PerformancePackLoad load;
        load.problems.push_back(ContentProblem{file.string(), "", "cannot read the file"});
        return load;
    }
    std::ostringstream contents;
    contents << stream.rdbuf();
    return load_performance_pack_text(contents.str(), file.string());
}

std::string_view to_string(QueryAspect aspect) {
    switch (aspect) {
        case QueryAspect::rows: return "rows";
        case QueryAspect::cost: return "cost";
        case QueryAspect::plan: return "plan";
        case QueryAspect::claim: return "claim";
        case QueryAspect::error: return "error";
    }
    return "error";
}

std::string_view to_string(QueryVerdict verdict) {
    switch (verdict) {
        case QueryVerdict::optimized: return "optimized";
        case QueryVerdict::not_faster: return "not_faster";
        case QueryVerdict::different_rows: return "different_rows";
        case QueryVerdict::failed: return "failed";
    }
    return "failed";
}

QuerySubmissionParts split_query_submission(std::string_view sql) {
    // Where each statement starts and ends (after its ';').
    std::vector<std::pair<std::size_t, std::size_t>> statements;
    for (std::size_t at = skip_blank_and_semicolons(sql); at < sql.size();) {
        const std::size_t end = at + statement_end(sql.substr(at));
        statements.emplace_back(at, end);
        at = end + skip_blank_and_semicolons(sql.substr(end));
    }
    QuerySubmissionParts parts;
    parts.index_ddl_begin = statements.empty() ? sql.size() : statements.front().first;
    parts.query_begin = sql.size();
    std::size_t ddl_end = statements.empty() ? sql.size() : statements.back().second;
    const auto last_kind = statements.empty() ? StatementKind::other : classify_statement(sql.substr(statements.back().first)).kind;
    const bool last_is_ddl = last_kind == StatementKind::create_index || last_kind == StatementKind::drop_index ||
                             last_kind == StatementKind::analyze;
    // The last statement is the query, unless it is index DDL too: then there is none (the
    // original query runs). Everything before it is the DDL, whatever it is: the DDL's policy
    // refuses what is not index DDL, and says so.
    if (!statements.empty() && !last_is_ddl) {
        parts.query_begin = statements.back().first;
        ddl_end = statements.size() > 1 ? statements[statements.size() - 2].second : parts.index_ddl_begin;
    }
    parts.index_ddl = sql.substr(parts.index_ddl_begin, ddl_end - parts.index_ddl_begin);
    parts.query = sql.substr(parts.query_begin);
    return parts;
}

std::vector<std::string> created_index_names(std::string_view index_ddl) {
    std::vector<std::string> names;
    std::size_t at = skip_blank_and_semicolons(index_ddl);
    while (at < index_ddl.size()) {
        const std::string_view statement = index_ddl.substr(at, statement_end(index_ddl.substr(at)));
        if (classify_statement(statement).kind == StatementKind::create_index) {
            // CREATE [UNIQUE] INDEX [IF NOT EXISTS] [schema.]name ON ...
            std::vector<std::string> words;
            std::size_t word_at = 0;
            while (words.size() < 8 && word_at < statement.size()) {
                word_at += skip_blank(statement.substr(word_at));
                std::size_t end = word_at;
                const char open = word_at < statement.size() ? statement[word_at] : '\0';
                if (open == '"' || open == '`' || open == '[') {
                    const char close = open == '[' ? ']' : open;
                    end = statement.find(close, word_at + 1);
                    end = end == std::string_view::npos ? statement.size() : end + 1;
                    words.emplace_back(statement.substr(word_at + 1, end - word_at - 2));
                } else {
                    while (end < statement.size() && (std::isalnum(static_cast<unsigned char>(statement[end])) != 0 ||
                                                      statement[end] == '_' || statement[end] == '.')) {
                        ++end;
                    }
                    if (end == word_at) break;
                    words.emplace_back(statement.substr(word_at, end - word_at));
                }
                word_at = end;
            }
            std::size_t index = 1;
            if (index < words.size() && equals_ignoring_case(words[index], "UNIQUE")) ++index;
            ++index;  // INDEX
            if (index + 2 < words.size() && equals_ignoring_case(words[index], "IF") &&
                equals_ignoring_case(words[index + 1], "NOT") && equals_ignoring_case(words[index + 2], "EXISTS")) {
                index += 3;
            }
            if (index < words.size()) {
                std::string name = words[index];
                if (const auto dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
                names.push_back(name);
            }
        }
        at += statement.size();
        at += skip_blank_and_semicolons(index_ddl.substr(at));
    }
    return names;
}

const SlowQuery& choose_query(const PerformanceTaskPack& pack, content::Seniority seniority, std::uint64_t seed) {
    int lowest = 2;
    int highest = 4;
    switch (seniority) {
        case content::Seniority::junior: lowest = 1, highest = 2; break;
        case content::Seniority::mid: lowest = 2, highest = 4; break;
        case content::Seniority::senior: lowest = 3, highest = 5; break;
    }
    std::vector<const SlowQuery*> eligible;
    for (const auto& query : pack.queries) {
        if (query.difficulty >= lowest && query.difficulty <= highest) eligible.push_back(&query);
    }
    if (eligible.empty()) return pack.queries.front();
    SplitMix64 random(seed ^ 0x51CE'0F7A'5C0E'0001ULL);
    return *eligible[static_cast<std::size_t>(random.below(eligible.size()))];
}

bool PlanChange::scan_to_search() const { return starts_with(trimmed(before), "SCAN ") && starts_with(trimmed(after), "SEARCH "); }

std::vector<PlanChange> compare_plans(const std::vector<std::string>& before, const std::vector<std::string>& after) {
    std::vector<PlanChange> changes;
    auto entry = [&](const std::string& table) -> PlanChange& {
        for (auto& change : changes) {
            if (change.table == table) return change;
        }
        changes.push_back(PlanChange{table, "", ""});
        return changes.back();
    };
    for (const auto& line : before) {
        if (auto table = plan_table(line); !table.empty() && entry(table).before.empty()) entry(table).before = trimmed(line);
    }
    for (const auto& line : after) {
        if (auto table = plan_table(line); !table.empty() && entry(table).after.empty()) entry(table).after = trimmed(line);
    }
    return changes;
}

std::optional<double> claimed_speedup(std::string_view explanation) {
    // Words, numbers and the symbols that matter, lower-cased; "12x" is "12" then "x".
    std::vector<std::string> tokens;
    std::size_t at = 0;
    while (at < explanation.size()) {
        const auto c = static_cast<unsigned char>(explanation[at]);
        if (std::isdigit(c) != 0) {
            std::size_t end = at;
            while (end < explanation.size() &&
                   (std::isdigit(static_cast<unsigned char>(explanation[end])) != 0 || explanation[end] == '.' ||
                    explanation[end] == ',')) {
                ++end;
            }
            while (end > at && (explanation[end - 1] == '.' || explanation[end - 1] == ',')) --end;
            std::string number;
            for (char digit : explanation.substr(at, end - at)) {
                if (digit != ',') number += digit;
            }
            tokens.push_back(number);
            at = end;
        } else if (std::isalpha(c) != 0) {
            std::size_t end = at;
            while (end < explanation.size() && std::isalpha(static_cast<unsigned char>(explanation[end])) != 0) ++end;
            tokens.push_back(ascii_lower(explanation.substr(at, end - at)));
            at = end;
        } else if (c == '%') {
            tokens.emplace_back("%");
            ++at;
        } else if (explanation.compare(at, 2, "\xC3\x97") == 0) {  // ×
            tokens.emplace_back("x");
            at += 2;
        } else {
            ++at;
        }
    }
    auto is_any = [](const std::string& token, std::initializer_list<std::string_view> words) {
        return std::find(words.begin(), words.end(), token) != words.end();
    };
    std::optional<double> best;
    for (std::size_t index = 0; index + 1 < tokens.size(); ++index) {
        if (tokens[index].empty() || std::isdigit(static_cast<unsigned char>(tokens[index][0])) == 0) continue;
        double number = 0;
        const auto& digits = tokens[index];
        if (std::from_chars(digits.data(), digits.data() + digits.size(), number).ec != std::errc()) continue;
        std::optional<double> claim;
        const auto& next = tokens[index + 1];
        if (next == "x" || next == "times") {
            claim = number;
        } else if (next == "%" || next == "percent") {
            // Look a few words around the percentage for what it measures.
            bool faster = false;
            bool reduction = false;
            const std::size_t from = index >= 3 ? index - 3 : 0;
            for (std::size_t look = from; look < std::min(tokens.size(), index + 6); ++look) {
                faster = faster || is_any(tokens[look], {"faster", "quicker", "speedup", "speed"});
                reduction = reduction || is_any(tokens[look], {"fewer", "less", "lower", "cheaper", "reduction",
                                                               "reduced", "cut", "down", "smaller", "saving"});
            }
            if (faster && !reduction) {
                claim = 1 + number / 100;
            } else if (reduction && number < 100) {
                claim = 1 / (1 - number / 100);
            }
        }
        // "from 261 698 steps to 10 119", "went from 4.9 ms down to 1.3 ms": the first number over the second.
        if (!claim && index > 0 && tokens[index - 1] == "from") {
            for (std::size_t look = index + 1; look < std::min(tokens.size(), index + 5); ++look) {
                if (tokens[look] != "to" || look + 1 >= tokens.size()) continue;
                const auto& target = tokens[look + 1];
                double after = 0;
                if (!target.empty() && std::isdigit(static_cast<unsigned char>(target[0])) != 0 &&
                    std::from_chars(target.data(), target.data() + target.size(), after).ec == std::errc() && after > 0) {
                    claim = number / after;
                }
                break;
            }
        }
        if (claim && *claim > 1 && *claim < 1e12 && (!best || *claim > *best)) best = claim;
    }
    return best;
}

// ---- the checker ---------------------------------------------------------------------------------

SlowQueryChecker::SlowQueryChecker(PerformanceTaskPack pack, SandboxLimits limits, QueryCheckConfig config)
    : pack_(std::move(pack)),
      limits_(limits),
      config_(config),
      dataset_(build_shop_dataset(pack_.dataset_seed)),
      measured_(pack_.queries.size()) {}

const SlowQuery& SlowQueryChecker::query(std::string_view query_id) const {
    if (const auto* found = pack_.find_query(query_id)) return *found;
    throw std::out_of_range("no slow query \"" + std::string(query_id) + "\" in " + pack_.id);
}

std::variant<QueryMeasurement, std::pair<SqlError, bool>> SlowQueryChecker::run(std::string_view ddl,
                                                                                std::string_view sql) const {
    SqlSandbox sandbox(limits_, *dataset_.image);
    QueryMeasurement measurement;
    if (skip_blank_and_semicolons(ddl) < ddl.size()) {
        auto script = sandbox.run_script(ddl, StatementPolicy::index_ddl);
        if (auto* error = std::get_if<SqlError>(&script)) return std::pair{*error, true};
        measurement.index_build_cost = std::get<ScriptResult>(script).cost;
    }
    auto outcome = sandbox.run_query(sql);
    if (auto* error = std::get_if<SqlError>(&outcome)) return std::pair{*error, false};
    auto& result = std::get<QueryResult>(outcome);
    auto plan = sandbox.explain_query_plan(sql);
    if (auto* error = std::get_if<SqlError>(&plan)) return std::pair{*error, false};
    measurement.cost = result.cost;
    measurement.row_count = static_cast<std::int64_t>(result.row_count);
    measurement.ordered = result.ordered;
    measurement.ordered_digest = result.ordered_digest;
    measurement.unordered_digest = result.unordered_digest;
    measurement.truncated = result.truncated;
    measurement.rows = std::move(result.rows);
    measurement.columns = std::move(result.columns);
    measurement.plan = std::move(std::get<std::vector<std::string>>(plan));
    return measurement;
}

QueryMeasurement SlowQueryChecker::measure_original(std::string_view query_id) {
    const auto& slow = query(query_id);
    const auto index = static_cast<std::size_t>(&slow - pack_.queries.data());
    {
        std::lock_guard lock(measured_mutex_);
        if (measured_[index].original) return *measured_[index].original;
    }
    // Measured outside the lock: two threads may both measure it once; the result is the same.
    auto outcome = run("", slow.sql);
    if (auto* failure = std::get_if<std::pair<SqlError, bool>>(&outcome)) {
        throw SandboxError("the pack's query " + slow.id + " does not run: " + failure->first.describe());
    }
    std::lock_guard lock(measured_mutex_);
    measured_[index].original = std::get<QueryMeasurement>(outcome);
    return *measured_[index].original;
}

QueryMeasurement SlowQueryChecker::measure_reference(std::string_view query_id) {
    const auto& slow = query(query_id);
    const auto index = static_cast<std::size_t>(&slow - pack_.queries.data());
    {
        std::lock_guard lock(measured_mutex_);
        if (measured_[index].reference) return *measured_[index].reference;
    }
    auto outcome = run(slow.reference.index_ddl, slow.reference.query);
    if (auto* failure = std::get_if<std::pair<SqlError, bool>>(&outcome)) {
        throw SandboxError("the reference solution of " + slow.id + " does not run: " + failure->first.describe());
    }
    std::lock_guard lock(measured_mutex_);
    measured_[index].reference = std::get<QueryMeasurement>(outcome);
    return *measured_[index].reference;
}

QueryCheck SlowQueryChecker::check(std::string_view query_id, const QuerySubmission& submission) {
    const auto& slow = query(query_id);
    QueryCheck check;
    check.query_id = slow.id;
    check.original = measure_original(query_id);
    const auto reference = measure_reference(query_id);
    check.reference_vm_steps = reference.cost.vm_steps;

    if (submission.explanation.size() > limits_.max_submission_bytes) {
        check.error = SqlError{};
        check.error->kind = SqlErrorKind::too_large;
        check.error->message = "the explanation is " + std::to_string(submission.explanation.size()) +
                               " bytes; a check takes at most " + std::to_string(limits_.max_submission_bytes);
        check.findings.push_back({QueryAspect::error, false, check.error->message});
        return check;
    }
    const bool own_query = skip_blank_and_semicolons(submission.query) < submission.query.size();
    const std::string_view sql = own_query ? std::string_view(submission.query) : std::string_view(slow.sql);
    auto outcome = run(submission.index_ddl, sql);
    if (auto* failure = std::get_if<std::pair<SqlError, bool>>(&outcome)) {
        check.error = failure->first;
        check.ddl_failed = failure->second;
        check.findings.push_back({QueryAspect::error, false,
                                  std::string(check.ddl_failed ? "The index DDL" : "The query") + " did not run: " +
                                      check.error->describe() + "."});
        return check;
    }
    check.submitted = std::get<QueryMeasurement>(std::move(outcome));
    const auto& original = check.original;
    const auto& submitted = *check.submitted;
    check.plan_changes = compare_plans(original.plan, submitted.plan);
    check.speedup = static_cast<double>(original.cost.vm_steps) /
                    static_cast<double>(std::max<std::int64_t>(1, submitted.cost.vm_steps));

    if (auto difference = describe_difference(original, submitted)) {
        check.verdict = QueryVerdict::different_rows;
        check.findings.push_back({QueryAspect::rows, false,
                                  "Not the original's result: the " + std::string(own_query ? "rewritten " : "") + "query " +
                                      *difference + "."});
    } else {
        check.verdict = check.speedup >= config_.min_speedup ? QueryVerdict::optimized : QueryVerdict::not_faster;
        check.findings.push_back({QueryAspect::rows, true,
                                  "Same result as the original (" + plural(original.row_count, "row", "rows") +
                                      (original.ordered ? ", in the same order)." : ").")});
    }
    check.findings.push_back({QueryAspect::cost, check.verdict == QueryVerdict::optimized,
                              "Cost: " + with_thousands(original.cost.vm_steps) + " virtual-machine steps before, " +
                                  with_thousands(submitted.cost.vm_steps) + " after (" + format_ratio(check.speedup) +
                                  "x fewer); rows read by full scans " + with_thousands(original.cost.fullscan_steps) +
                                  " before, " + with_thousands(submitted.cost.fullscan_steps) +
                                  " after. The reference solution costs " + with_thousands(check.reference_vm_steps) +
                                  " steps."});
    if (check.verdict == QueryVerdict::not_faster) {
        check.findings.push_back({QueryAspect::cost, false,
                                  "Not optimised: a rewrite must need at most 1/" + format_ratio(config_.min_speedup) +
                                      " of the original's steps."});
    }
    auto searched_in_reference = [&](const std::string& table) {
        return std::any_of(reference.plan.begin(), reference.plan.end(), [&](const std::string& line) {
            return plan_table(line) == table && starts_with(trimmed(line), "SEARCH ");
        });
    };
    for (const auto& change : check.plan_changes) {
        if (change.scan_to_search()) {
            check.findings.push_back({QueryAspect::plan, true,
                                      "Plan: " + change.table + " went from \"" + change.before + "\" to \"" + change.after +
                                          "\"."});
        } else if (starts_with(change.after, "SCAN ") && change.after.find("COVERING INDEX") == std::string::npos &&
                   searched_in_reference(change.table)) {
            check.findings.push_back({QueryAspect::plan, false,
                                      "Plan: " + change.table + " is still read by a full scan (\"" + change.after +
                                          "\"); the reference solution searches it."});
        }
    }
    if (submitted.cost.sort_ops > 0 && reference.cost.sort_ops == 0) {
        check.findings.push_back({QueryAspect::plan, false,
                                  "The rows are still sorted after they are read (USE TEMP B-TREE); an index in the "
                                  "order the query needs delivers them sorted."});
    }
    check.claimed_speedup = claimed_speedup(submission.explanation);
    // A speed-up claim means something only for a query that returns what the original does.
    if (check.claimed_speedup && check.verdict != QueryVerdict::different_rows) {
        check.claim_matches = check.speedup * config_.claim_tolerance >= *check.claimed_speedup;
        check.findings.push_back({QueryAspect::claim, *check.claim_matches,
                                  "The explanation claims " + format_ratio(*check.claimed_speedup) + "x; measured " +
                                      format_ratio(check.speedup) + "x: " +
                                      (*check.claim_matches ? "the claim holds." : "the claim is more than the measurement shows.")});
    }
    return check;
}

}  // namespace mi::practical
