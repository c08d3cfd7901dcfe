// The route table the server dispatches from, and docs/openapi.json that describes it: the same
// method and path pairs both ways, the same error codes, and the copy built into the binary is
// the document of this source tree.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "server/api_route_table.hpp"
#include "server/openapi_document.hpp"
#include "tests/source_file.hpp"

using namespace mi::server;

namespace {

nlohmann::json source_document() {
    return nlohmann::json::parse(mi::testing::read_source_file(std::string(MI_SOURCE_DIR) + "/docs/openapi.json"));
}

std::set<std::string> documented_operations(const nlohmann::json& document) {
    std::set<std::string> operations;
    for (const auto& [path, item] : document.at("paths").items()) {
        for (const auto& [method, operation] : item.items()) {
            std::string upper = method;
            for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            operations.insert(upper + " " + path);
        }
    }
    return operations;
}

std::set<std::string> routed_operations() {
    std::set<std::string> operations;
    for (const auto& spec : api_route_table()) {
        operations.insert(std::string(spec.method) + " " + std::string(spec.path_template));
    }
    return operations;
}

}  // namespace

TEST_CASE("a path matches its template and yields its parameters", "[server][routes]") {
    const auto decision = route_request("GET", "/api/v1/interviews/4f1c0e9a");
    const auto* match = std::get_if<RouteMatch>(&decision);
    REQUIRE(match != nullptr);
    CHECK(match->route == ApiRoute::read_interview);
    CHECK(match->parameters == std::vector<std::string>{"4f1c0e9a"});

    const auto list = route_request("POST", "/api/v1/interviews");
    REQUIRE(std::holds_alternative<RouteMatch>(list));
    CHECK(std::get<RouteMatch>(list).route == ApiRoute::create_interview);
    CHECK(std::get<RouteMatch>(list).parameters.empty());
}

TEST_CASE("a known path with another method is refused naming the method it takes", "[server][routes]") {
    const auto decision = route_request("DELETE", "/api/v1/roles");
    const auto* refusal = std::get_if<RouteRefusal>(&decision);
    REQUIRE(refusal != nullptr);
    CHECK(refusal->code == ErrorCode::method_not_allowed);
    CHECK(refusal->message == "DELETE is not allowed on /api/v1/roles; use GET");
}

TEST_CASE("paths that fit no template are not found, and pages are not API paths", "[server][routes]") {
    for (const char* path : {"/api/v1/interviews/", "/api/v1/interviews/abc/extra", "/api/v1//roles", "/api/v2/roles",
                             "/api/v1/rolesx", "/api/"}) {
        INFO(path);
        const auto decision = route_request("GET", path);
        const auto* refusal = std::get_if<RouteRefusal>(&decision);
        REQUIRE(refusal != nullptr);
        CHECK(refusal->code == ErrorCode::not_found);
        CHECK(refusal->message.find(path) != std::string::npos);
    }
    for (const char* path : {"/", "/index.html", "/js/main.js", "/ws", "/healthzz"}) {
        INFO(path);
        CHECK(std::holds_alternative<NotAnApiPath>(route_request("GET", path)));
    }
}

TEST_CASE("every method and path pair is in the table once", "[server][routes]") {
    CHECK(routed_operations().size() == api_route_table().size());
}

TEST_CASE("each route goes to the part of the server its document tag names", "[server][routes][docs]") {
    // The tag is what a reader of the API sees; the owner is where the listener sends the request.
    // openapi.json is served by the REST layer although it is an operator's document.
    const std::map<std::string, RouteOwner> owner_of_tag{
        {"Chat platforms", RouteOwner::chat},  {"Coaches", RouteOwner::coach},       {"Invites", RouteOwner::coach},
        {"Sharing", RouteOwner::coach},        {"Profiles", RouteOwner::profiles},   {"Interviews", RouteOwner::interviews},
        {"Start page", RouteOwner::interviews}, {"Operations", RouteOwner::listener},
    };
    const auto document = source_document();
    for (const auto& spec : api_route_table()) {
        std::string method(spec.method);
        for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto& operation = document.at("paths").at(std::string(spec.path_template)).at(method);
        const auto tag = operation.at("tags").at(0).get<std::string>();
        INFO(spec.method << " " << spec.path_template << " is tagged " << tag);
        REQUIRE(owner_of_tag.count(tag) == 1);
        const auto expected = spec.route == ApiRoute::openapi_document ? RouteOwner::interviews : owner_of_tag.at(tag);
        CHECK(spec.owner == expected);
    }
}

TEST_CASE("docs/openapi.json documents exactly the routes the server dispatches", "[server][routes][docs]") {
    const auto documented = documented_operations(source_document());
    const auto routed = routed_operations();
    for (const auto& operation : routed) {
        INFO("the server routes " << operation << " but docs/openapi.json does not document it");
        CHECK(documented.count(operation) == 1);
    }
    for (const auto& operation : documented) {
        INFO("docs/openapi.json documents " << operation << " but the server has no such route");
        CHECK(routed.count(operation) == 1);
    }
}

TEST_CASE("docs/openapi.json names exactly the server's error codes", "[server][routes][docs]") {
    const auto document = source_document();
    std::set<std::string> documented;
    for (const auto& code : document.at("/components/schemas/ErrorCode/enum"_json_pointer)) {
        documented.insert(code.get<std::string>());
    }
    std::set<std::string> server;
    for (const auto code : all_error_codes) server.insert(std::string(to_string(code)));
    CHECK(documented == server);
}

TEST_CASE("the document built into the binary is docs/openapi.json of this tree", "[server][routes][docs]") {
    CHECK(nlohmann::json::parse(openapi_document()) == source_document());
}
