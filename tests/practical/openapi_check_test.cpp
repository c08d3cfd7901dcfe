// The API Implementation task, checked: a good todo API passes every rule; each mistake a
// reviewer looks for is found, named by its operation and placed in the document; YAML and JSON
// read alike; documents that cannot be read, or would blow up, are refused with their position.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "content/pack_loader.hpp"
#include "practical/openapi_check.hpp"
#include "tests/source_file.hpp"

using namespace mi::practical;

namespace {

// A todo API that follows every rule (tests/data/practical/README.md).
const std::string good_api = mi::testing::read_source_file(std::string(MI_SOURCE_DIR) + "/tests/data/practical/good-api.yaml");

const mi::content::PracticalTask& api_task() {
    static const auto library = mi::content::load_content_library(std::string(MI_SOURCE_DIR) + "/content");
    static const auto* task = library.library.find_role("backend-developer")->find_task("api-implementation");
    return *task;
}

const OpenApiChecker& checker() {
    static const OpenApiChecker shared(api_task());
    return shared;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

std::string all(const OpenApiCheck& check) {
    std::string text;
    for (const auto& finding : check.findings) text += std::string(to_string(finding.rule)) + ": " + finding.text + "\n";
    return text;
}

bool has(const OpenApiCheck& check, ApiRule rule, std::string_view part) {
    for (const auto& finding : check.findings) {
        if (finding.rule == rule && finding.text.find(part) != std::string::npos) return true;
    }
    return false;
}

const ApiItemResult& item(const OpenApiCheck& check, std::string_view id) {
    for (const auto& entry : check.items) {
        if (entry.item_id == id) return entry;
    }
    FAIL("no item " << id);
    throw std::logic_error("unreachable");
}

const ApiMistakeResult& mistake(const OpenApiCheck& check, std::string_view id) {
    for (const auto& entry : check.mistakes) {
        if (entry.mistake_id == id) return entry;
    }
    FAIL("no mistake " << id);
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("A good todo API meets every rule, requirement and criterion the check decides", "[practical][openapi]") {
    const auto check = checker().check(good_api, "");
    INFO(all(check));
    REQUIRE_FALSE(check.error);
    CHECK(check.findings.empty());
    CHECK(check.openapi_version == "3.0.3");
    CHECK(check.title == "Todo API");
    CHECK(check.operations.size() == 5);
    for (const auto& entry : check.items) CHECK(entry.met());
    for (const auto& entry : check.mistakes) CHECK_FALSE(entry.raised());
}

TEST_CASE("The same API written as JSON reads the same", "[practical][openapi]") {
    const std::string json = R"({"openapi": "3.0.3", "info": {"title": "Todo API", "version": "1"},
  "paths": {"/todos": {"get": {"summary": "List", "responses": {"200": {"description": "ok"}}}}}})";
    const auto check = checker().check(json, "");
    REQUIRE_FALSE(check.error);
    CHECK(check.operations.size() == 1);
    CHECK(has(check, ApiRule::crud, "No POST /todos"));
}

TEST_CASE("CRUD: a missing operation is named with what it leaves undone", "[practical][openapi][crud]") {
    const auto check = checker().check(replaced(good_api, "    delete:\n      summary: Delete a todo\n      responses:\n        '204': {description: Deleted}\n        '404': {$ref: '#/components/responses/NotFound'}\n", ""), "");
    INFO(all(check));
    CHECK(has(check, ApiRule::crud, "No DELETE /todos/{id}: a todo cannot be deleted."));
    CHECK_FALSE(item(check, "api-implementation-req-crud").met());
}

TEST_CASE("Naming: verbs and singular collections are not RESTful", "[practical][openapi][naming]") {
    const auto check = checker().check(replaced(good_api, "  /todos:\n    get:", "  /getTodos:\n    post:\n      summary: x\n      responses: {'201': {description: ok}}\n  /todo:\n    get:"), "");
    INFO(all(check));
    CHECK(has(check, ApiRule::naming, "/getTodos names an action"));
    CHECK(has(check, ApiRule::naming, "\"todo\" in the singular"));
    CHECK(mistake(check, "api-implementation-mistake-rest-conventions").raised());
    CHECK_FALSE(item(check, "api-implementation-eval-rest").met());
}

TEST_CASE("Status codes: create answers 201 with a Location header, delete answers 204", "[practical][openapi][status]") {
    const auto no_location = checker().check(replaced(good_api, "          headers:\n            Location:\n              description: Where the new todo is\n              schema: {type: string}\n", ""), "");
    CHECK(has(no_location, ApiRule::status_codes, "POST /todos: the 201 response has no Location header"));
    const auto created_200 = checker().check(replaced(good_api, "        '201':\n          description: Created", "        '200':\n          description: Created"), "");
    CHECK(has(created_200, ApiRule::status_codes, "POST /todos does not answer 201 Created"));
    const auto deleted_200 = checker().check(replaced(good_api, "'204': {description: Deleted}", "'200': {description: Deleted}"), "");
    CHECK(has(deleted_200, ApiRule::status_codes, "DELETE /todos/{id} does not answer 204 No Content"));
}

TEST_CASE("Errors: 404 on one item, 400 or 422 with a body on writes", "[practical][openapi][errors]") {
    const auto no_404 = checker().check(replaced(good_api, "        '200':\n          description: The todo\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Todo'}\n        '404': {$ref: '#/components/responses/NotFound'}", "        '200':\n          description: The todo"), "");
    CHECK(has(no_404, ApiRule::errors, "GET /todos/{id} does not say what happens when the todo does not exist (404"));
    CHECK_FALSE(item(no_404, "api-implementation-req-errors").met());
    const auto no_refusal = checker().check(replaced(good_api, "        '422':\n          $ref: '#/components/responses/Invalid'\n", ""), "");
    CHECK(has(no_refusal, ApiRule::errors, "POST /todos does not say how invalid input is refused"));
    const auto bodiless = checker().check(replaced(good_api, "        '422':\n          $ref: '#/components/responses/Invalid'\n", "        '400': {description: Bad input}\n"), "");
    CHECK(has(bodiless, ApiRule::errors, "the 400/422 response has no body"));
}

TEST_CASE("Validation: request schemas with required fields and bounded strings", "[practical][openapi][validation]") {
    const auto unbounded = checker().check(replaced(good_api, "title: {type: string, minLength: 1, maxLength: 200}", "title: {type: string}"), "");
    CHECK(has(unbounded, ApiRule::validation, "title is a string without maxLength"));
    CHECK(mistake(unbounded, "api-implementation-mistake-input-sanitation").raised());
    const auto optional = checker().check(replaced(good_api, "      required: [title]\n", ""), "");
    CHECK(has(optional, ApiRule::validation, "requires no field"));
    const auto no_body = checker().check(replaced(good_api, "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/TodoInput'}\n      responses:\n        '201':", "      responses:\n        '201':"), "");
    CHECK(has(no_body, ApiRule::validation, "POST /todos takes no request body schema"));
    CHECK_FALSE(item(no_body, "api-implementation-req-validation").met());
}

TEST_CASE("Pagination and versioning of the list", "[practical][openapi][rest]") {
    const auto check = checker().check(replaced(replaced(good_api, "name: limit", "name: sort"), "name: offset", "name: filter"), "");
    CHECK(has(check, ApiRule::pagination, "GET /todos has no pagination parameter"));
    const auto unversioned = checker().check(replaced(good_api, "https://api.example.com/v1", "https://api.example.com"), "");
    CHECK(has(unversioned, ApiRule::versioning, "No version in the paths or the server URL"));
    CHECK_FALSE(item(unversioned, "api-implementation-eval-rest").met());
}

TEST_CASE("Authentication: declared and applied, or said in the notes", "[practical][openapi][auth]") {
    const std::string without = replaced(replaced(good_api, "security:\n  - bearerAuth: []\n", ""),
                                         "  securitySchemes:\n    bearerAuth: {type: http, scheme: bearer}\n", "");
    CHECK(has(checker().check(without, ""), ApiRule::authentication, "Nothing says how clients authenticate"));
    CHECK_FALSE(item(checker().check(without, ""), "api-implementation-eval-robustness").met());
    CHECK(checker().check(without, "Clients send a JWT as a bearer token.").findings.empty());
    const auto unapplied = checker().check(replaced(good_api, "security:\n  - bearerAuth: []\n", ""), "");
    CHECK(has(unapplied, ApiRule::authentication, "securitySchemes declares bearerAuth, but no operation requires it"));
}

TEST_CASE("Documentation: every operation says what it does", "[practical][openapi][docs]") {
    const auto check = checker().check(replaced(good_api, "      summary: Delete a todo\n", ""), "");
    CHECK(has(check, ApiRule::documentation, "DELETE /todos/{id} has no summary or description"));
    CHECK(mistake(check, "api-implementation-mistake-poor-docs").raised());
    CHECK_FALSE(item(check, "api-implementation-req-docs").met());
}

TEST_CASE("Hardcoding: a localhost server and a literal id", "[practical][openapi][hardcoding]") {
    const auto check = checker().check(replaced(replaced(good_api, "https://api.example.com/v1", "http://localhost:3000/v1"),
                                                "  /todos/{id}:", "  /todos/1:\n    get:\n      summary: The first\n      responses: {'200': {description: ok}}\n  /todos/{id}:"),
                                       "");
    INFO(all(check));
    CHECK(has(check, ApiRule::hardcoding, "http://localhost:3000/v1 is one machine's address"));
    CHECK(has(check, ApiRule::hardcoding, "/todos/1 has the literal id 1"));
    CHECK(mistake(check, "api-implementation-mistake-hardcoding").raised());
}

TEST_CASE("Structure: not OpenAPI 3, unknown keys, undeclared parameters and broken references", "[practical][openapi][document]") {
    CHECK(has(checker().check("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n", ""), ApiRule::document, "Swagger 2.0"));
    CHECK(has(checker().check("title: just notes\n", ""), ApiRule::document, "no openapi field"));
    const auto typo = checker().check(replaced(good_api, "    put:\n      summary: Replace", "    putt:\n      summary: Replace"), "");
    CHECK(has(typo, ApiRule::document, "/todos/{id} has the key \"putt\""));
    const auto undeclared = checker().check(replaced(good_api, "      - name: id\n        in: path", "      - name: todo_id\n        in: path"), "");
    CHECK(has(undeclared, ApiRule::document, "GET /todos/{id} uses {id} but declares no path parameter \"id\""));
    const auto broken = checker().check(replaced(good_api, "#/components/schemas/TodoInput'}\n      responses:\n        '201'", "#/components/schemas/Missing'}\n      responses:\n        '201'"), "");
    CHECK(has(broken, ApiRule::document, "$ref \"#/components/schemas/Missing\" leads nowhere"));
    CHECK_FALSE(item(broken, "api-implementation-req-docs").met());
}

TEST_CASE("A finding is placed at the node it is about", "[practical][openapi]") {
    const std::string document = replaced(good_api, "      summary: Delete a todo\n", "");
    const auto check = checker().check(document, "");
    REQUIRE(check.findings.size() == 1);
    CHECK(document.substr(check.findings.front().offset, 9) == "responses");
}

TEST_CASE("Documents that cannot be read are refused with the place they break", "[practical][openapi][document]") {
    const std::string broken_yaml = "openapi: 3.0.3\npaths:\n  /todos: [get\n";
    const auto yaml = checker().check(broken_yaml, "");
    REQUIRE(yaml.error);
    CHECK_THAT(yaml.error->message, Catch::StartsWith("not valid YAML"));
    const auto json = checker().check("{\"openapi\": \"3.0.3\",}", "");
    REQUIRE(json.error);
    CHECK_THAT(json.error->message, Catch::StartsWith("not valid JSON"));
    CHECK(json.error->offset == 20);
    const auto repeated = checker().check("openapi: 3.0.3\ninfo: {title: a, version: '1'}\ninfo: {title: b}\npaths: {}\n", "");
    REQUIRE(repeated.error);
    CHECK_THAT(repeated.error->message, Catch::Contains("\"info\" appears twice"));
}

TEST_CASE("An alias bomb and deep nesting are refused, not expanded", "[practical][openapi][document]") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char name = 'b'; name <= 'j'; ++name) {
        const char previous = static_cast<char>(name - 1);
        bomb += std::string(1, name) + ": &" + name + " [*" + previous + ", *" + previous + ", *" + previous + ", *" + previous +
                ", *" + previous + ", *" + previous + ", *" + previous + ", *" + previous + ", *" + previous + ", *" + previous + "]\n";
    }
    const auto exploded = checker().check(bomb, "");
    REQUIRE(exploded.error);
    CHECK_THAT(exploded.error->message, Catch::Contains("more than 20000 values"));
    const auto deep = checker().check("openapi: " + std::string(200, '[') + std::string(200, ']') + "\n", "");
    REQUIRE(deep.error);
    CHECK_THAT(deep.error->message, Catch::Contains("nests deeper than 64 levels"));
}

TEST_CASE("The same document gives the same findings every time", "[practical][openapi]") {
    const std::string document = replaced(good_api, "title: {type: string, minLength: 1, maxLength: 200}", "title: {type: string}");
    const auto first = checker().check(document, "");
    const auto second = checker().check(document, "");
    REQUIRE(first.findings.size() == second.findings.size());
    for (std::size_t index = 0; index < first.findings.size(); ++index) {
        CHECK(first.findings[index].text == second.findings[index].text);
        CHECK(first.findings[index].offset == second.findings[index].offset);
    }
}
