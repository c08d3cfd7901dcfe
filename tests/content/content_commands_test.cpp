// `mock-interviewer content validate|list` run as a user runs them: output and exit code.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/content/command_runner.hpp"

namespace {

using mi::test::quoted_path;
using mi::test::run_command;
using mi::test::run_mock_interviewer;

const std::string fixtures_dir = MI_SOURCE_DIR "/tests/data/content";

}  // namespace

TEST_CASE("`content validate` on clean content prints a summary and exits 0", "[content][cli]") {
    auto result = run_mock_interviewer("content validate " + quoted_path(fixtures_dir + "/valid"));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output == "content OK: 1 role, 3 stages, 3 questions, 1 practical task, 1 industry, 2 skills (" +
                               fixtures_dir + "/valid)\n");
}

TEST_CASE("`content validate` prints every problem as FILE: POINTER: MESSAGE and exits 1", "[content][cli]") {
    auto result = run_mock_interviewer("content validate " + quoted_path(fixtures_dir + "/broken"));
    INFO(result.output);
    CHECK(result.exit_code == 1);
    const std::string roles = fixtures_dir + "/broken/roles/";
    CHECK_THAT(result.output, Catch::Contains(roles + "schema-missing-field.json: /questions/0: missing required field "
                                                      "\"text\"\n"));
    CHECK_THAT(result.output, Catch::Contains(roles + "xref-unknown-evidence.json: /skills/0/evidenced_by/1: "
                                                      "\"todo-app\" is not the id of a question or practical task"));
    CHECK_THAT(result.output, Catch::EndsWith("content has 25 problems (" + fixtures_dir + "/broken)\n"));
}

TEST_CASE("`content validate` prints a whole-file problem with pointer /", "[content][cli]") {
    auto result = run_mock_interviewer("content validate " + quoted_path(fixtures_dir + "/broken"));
    CHECK_THAT(result.output,
               Catch::Contains(fixtures_dir + "/broken/roles/syntax-trailing-comma.json: /: invalid JSON at line 5, "
                                              "column 1: "));
}

TEST_CASE("`content validate` on a missing directory says so and exits 1", "[content][cli]") {
    auto result = run_mock_interviewer("content validate " + quoted_path(fixtures_dir + "/no-such-dir"));
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::StartsWith(fixtures_dir + "/no-such-dir: /: content directory does not exist\n"));
}

TEST_CASE("`content validate` without DIR uses $MI_CONTENT_DIR", "[content][cli]") {
    auto result = run_command("MI_CONTENT_DIR=" + quoted_path(fixtures_dir + "/duplicate-role") + " " +
                              quoted_path(MI_BINARY) + " content validate 2>&1");
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("role id \"minimal-role\" is already used by"));
}

TEST_CASE("`content` without a subcommand exits 2 and lists the subcommands to choose from", "[content][cli]") {
    auto result = run_mock_interviewer("content");
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("A subcommand is required"));
    CHECK_THAT(result.output, Catch::Contains("validate") && Catch::Contains("list"));
}

TEST_CASE("a mistyped option value is a usage error: exit 2 naming the option", "[content][cli]") {
    auto result = run_mock_interviewer("serve --port abc");
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("--port"));
}

TEST_CASE("`content list` shows roles, stages in order with their questions, tasks, industries and skills",
          "[content][cli]") {
    auto result = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/valid"));
    INFO(result.output);
    CHECK(result.exit_code == 0);
    const auto& out = result.output;
    auto position = [&](const std::string& text) { return out.find(text); };
    CHECK(position("Minimal Role [minimal-role]") == 0);
    CHECK(position("1. Screening Interview [screen]") < position("2. Coding Challenge [practice]"));
    CHECK(position("2. Coding Challenge [practice]") < position("3. Final Interview [wrap-up]"));
    CHECK(position("Q [debugging] (common_hr) What is your approach to debugging issues?") <
          position("2. Coding Challenge"));
    CHECK(position("Task [todo-api] API Implementation Task") < position("3. Final Interview"));
    CHECK_THAT(out, Catch::Contains("(derived from startup-challenge-pace)"));
    CHECK_THAT(out, Catch::Contains("API Implementation Task [todo-api], 3-5 hours: Create a simple RESTful API"));
    CHECK_THAT(out, Catch::Contains("Startup [startup]"));
    CHECK_THAT(out, Catch::Contains("Backend development [skill-backend]: Portfolio assessment and coding challenge"));
    CHECK_THAT(out, Catch::Contains("Team collaboration [skill-teamwork]"));
}

TEST_CASE("`content list --json` gives one object per role with the whole guide", "[content][cli]") {
    auto result = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/valid") + " --json", false);
    REQUIRE(result.exit_code == 0);
    auto roles = nlohmann::json::parse(result.output);
    REQUIRE(roles.is_array());
    REQUIRE(roles.size() == 1);
    const auto& role = roles[0];
    CHECK(role["id"] == "minimal-role");
    REQUIRE(role["stages"].size() == 3);
    CHECK(role["stages"][0]["id"] == "screen");
    CHECK(role["stages"][0]["questions"] == nlohmann::json::array({"debugging", "challenge"}));
    CHECK(role["stages"][1]["practical_tasks"] == nlohmann::json::array({"todo-api"}));
    REQUIRE(role["questions"].size() == 3);
    CHECK(role["questions"][0]["category"] == "common_hr");
    CHECK(role["questions"][0]["stages"] == nlohmann::json::array({"screen"}));
    CHECK(role["questions"][0]["key_points"][0]["text"] == "Debugging tools used");
    CHECK(role["questions"][0]["red_flags"][0]["text"] == "Over-reliance on restarting tools");
    CHECK_FALSE(role["questions"][0].contains("derived_from"));
    CHECK(role["questions"][2]["derived_from"] == "startup-challenge-pace");
    CHECK(role["questions"][1]["star"]["result"] == "Explain the outcome and what you learned");
    CHECK(role["practical_tasks"][0]["duration"] == "3-5 hours");
    CHECK(role["industries"][0]["common_challenges"][0]["text"] == "Fast-paced environment");
    CHECK(role["skills"].size() == 2);
    CHECK(role["preparation_tips"][0]["tips"][0]["text"] == "Company technology stack");
}

TEST_CASE("`content list --json` leaves the scorer vocabularies out", "[content][cli]") {
    auto result = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/valid") + " --json", false);
    REQUIRE(result.exit_code == 0);
    CHECK(result.output.find("\"match\"") == std::string::npos);
    CHECK(result.output.find("\"detect\"") == std::string::npos);
}

TEST_CASE("`content list` on broken content reports on stderr, keeps stdout valid JSON, exits 1", "[content][cli]") {
    auto result = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/broken") + " --json", false);
    CHECK(result.exit_code == 1);
    CHECK(nlohmann::json::parse(result.output) == nlohmann::json::array());
    auto with_errors = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/broken") + " --json");
    CHECK_THAT(with_errors.output, Catch::Contains("run `mock-interviewer content validate"));
}

TEST_CASE("`content list` on a missing directory says so and exits 1", "[content][cli]") {
    auto result = run_mock_interviewer("content list " + quoted_path(fixtures_dir + "/no-such-dir"));
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.output, Catch::Contains("content directory does not exist"));
}

TEST_CASE("`content list --json` on the real content shows the whole guide", "[content][cli][guide]") {
    auto result = run_mock_interviewer("content list " + quoted_path(MI_SOURCE_DIR "/content") + " --json", false);
    REQUIRE(result.exit_code == 0);
    auto roles = nlohmann::json::parse(result.output);
    REQUIRE(roles.size() == 1);
    const auto& role = roles[0];
    CHECK(role["id"] == "backend-developer");
    CHECK(role["stages"].size() == 5);
    CHECK(role["questions"].size() >= 11);
    CHECK(role["practical_tasks"].size() == 3);
    CHECK(role["industries"].size() == 3);
    CHECK(role["skills"].size() == 6);
    CHECK(role["preparation_tips"].size() == 4);
    for (const auto& question : role["questions"]) {
        INFO(question["id"]);
        CHECK_FALSE(question["stages"].empty());
    }
}
