// The copies of the protocol's facts that people read — docs/protocol.md and the web client's
// table of error texts — name exactly what the server sends: its error codes, its close codes and
// its limits, from the one table each lives in.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "server/error_code.hpp"
#include "server/protocol.hpp"
#include "server/server_limits.hpp"

using namespace mi::server;

namespace {

std::string read_source_file(const std::string& relative) {
    const std::string path = std::string(MI_SOURCE_DIR) + "/" + relative;
    std::ifstream in(path);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The text of a Markdown section: from its "## Title" line to the next "## ".
std::string section(const std::string& document, const std::string& title) {
    const auto start = document.find("\n## " + title + "\n");
    REQUIRE(start != std::string::npos);
    const auto end = document.find("\n## ", start + 4);
    return document.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The first cell of every table row: "| `code` | ..." gives "code", "| 1009 | ..." gives "1009".
std::set<std::string> first_cells(const std::string& text) {
    std::set<std::string> cells;
    const std::regex row(R"(\n\| `?([a-z_0-9]+)`? \|)");
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it) cells.insert((*it)[1]);
    return cells;
}

std::set<std::string> server_error_codes() {
    std::set<std::string> codes;
    for (const auto code : all_error_codes) codes.insert(std::string(to_string(code)));
    return codes;
}

}  // namespace

TEST_CASE("error code names are unique and parse back", "[server][protocol][docs]") {
    CHECK(server_error_codes().size() == all_error_codes.size());
    for (const auto code : all_error_codes) CHECK(parse_error_code(to_string(code)) == code);
    CHECK_FALSE(parse_error_code("taken_over"));
}

TEST_CASE("docs/protocol.md lists exactly the error codes the server sends", "[server][protocol][docs]") {
    const auto documented = first_cells(section(read_source_file("docs/protocol.md"), "Errors"));
    CHECK(documented == server_error_codes());
}

TEST_CASE("docs/protocol.md lists exactly the close codes the server sends", "[server][protocol][docs]") {
    const auto document = read_source_file("docs/protocol.md");
    const auto documented = first_cells(section(document, "Close codes"));
    std::set<std::string> sent;
    for (const auto code : protocol::all_close_codes) sent.insert(std::to_string(static_cast<int>(code)));
    CHECK(documented == sent);
}

TEST_CASE("the limits table in docs/protocol.md is the one the server's limit table renders", "[server][config][docs]") {
    const auto document = read_source_file("docs/protocol.md");
    const std::string begin = "<!-- limits table: generated from server/server_limits.hpp -->\n";
    const auto start = document.find(begin);
    REQUIRE(start != std::string::npos);
    const auto table_start = start + begin.size();
    const auto end = document.find("\n\n", table_start);
    const auto table = document.substr(table_start, end - table_start + 1);
    if (table != render_limits_markdown()) {
        // Written out whole, for pasting: Catch wraps long lines.
        std::ofstream("limits-table.md") << render_limits_markdown();
        FAIL_CHECK("docs/protocol.md's limits table differs; the generated one is in limits-table.md in the working folder");
    }
}

TEST_CASE("the web client has a text for exactly the error codes the server sends", "[server][protocol][web]") {
    const auto script = read_source_file("web/js/messages.js");
    const auto start = script.find("const BY_CODE = {\n");
    REQUIRE(start != std::string::npos);
    const auto end = script.find("\n};", start);
    const std::string table = script.substr(start, end - start);
    std::set<std::string> keys;
    const std::regex entry(R"(\n  ([a-z0-9_]+):)");
    for (std::sregex_iterator it(table.begin(), table.end(), entry), stop; it != stop; ++it) keys.insert((*it)[1]);
    CHECK(keys == server_error_codes());
}

TEST_CASE("every limit has a flag and an environment variable of its own, and a default within its range",
          "[server][config]") {
    std::set<std::string> flags, envs;
    for (const auto& spec : limit_specs) {
        CHECK(flags.insert(std::string(spec.flag)).second);
        CHECK(envs.insert(std::string(spec.env)).second);
        CHECK(spec.default_value >= spec.minimum);
        CHECK(spec.default_value <= spec.maximum);
        ServerLimits limits;
        CHECK(limit_value(limits, spec.id) == spec.default_value);
        set_limit_value(limits, spec.id, spec.minimum);
        CHECK(limit_value(limits, spec.id) == spec.minimum);
    }
    CHECK(limit_problems(ServerLimits{}).empty());
}
