// The loader on small fixture packs (tests/data/content): a valid pack converts completely, and
// each broken pack gives exactly the problem an author needs: the file, the JSON pointer, the reason.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "content/pack_loader.hpp"
#include "content/pack_validator.hpp"

namespace {

using namespace mi::content;

const std::string fixtures_dir = MI_SOURCE_DIR "/tests/data/content";

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

LoadResult load_fixture(const std::string& relative_path) {
    auto text = read_text(fixtures_dir + "/" + relative_path);
    REQUIRE_FALSE(text.empty());
    return load_role_pack_text(text, relative_path);
}

std::string describe(const std::vector<ContentProblem>& problems) {
    std::string all;
    for (const auto& problem : problems) all += problem.file + ": " + problem.pointer + ": " + problem.message + "\n";
    return all;
}

// The one problem a broken fixture is built to have (each differs from the valid pack in one place).
ContentProblem only_problem_of(const std::string& fixture_name) {
    auto result = load_fixture("broken/roles/" + fixture_name + ".json");
    INFO(describe(result.problems));
    REQUIRE(result.problems.size() == 1);
    CHECK(result.library.roles.empty());
    CHECK(result.problems[0].file == "broken/roles/" + fixture_name + ".json");
    return result.problems[0];
}

const RolePack& minimal_pack() {
    static const LoadResult loaded = load_role_pack_text(read_text(fixtures_dir + "/valid/roles/minimal-role.json"),
                                                         "valid/roles/minimal-role.json");
    REQUIRE(loaded.library.roles.size() == 1);
    return loaded.library.roles.front();
}

}  // namespace

TEST_CASE("A valid pack loads with no problems", "[content]") {
    auto result = load_fixture("valid/roles/minimal-role.json");
    INFO(describe(result.problems));
    CHECK(result.ok());
    REQUIRE(result.library.roles.size() == 1);
    CHECK(result.library.roles[0].id == "minimal-role");
    CHECK(result.library.roles[0].title == "Minimal Role");
}

TEST_CASE("A loaded pack keeps stages, questions and tasks in file order", "[content]") {
    const auto& pack = minimal_pack();
    REQUIRE(pack.stages.size() == 3);
    CHECK(pack.stages[0].id == "screen");
    CHECK(pack.stages[1].name == "Coding Challenge");
    CHECK(pack.stages[2].typical_discussion_points.at(0).text == "Long-term vision");
    CHECK(pack.stages[0].question_ids == std::vector<std::string>{"debugging", "challenge"});
    CHECK(pack.stages[1].practical_task_ids == std::vector<std::string>{"todo-api"});
    REQUIRE(pack.questions.size() == 3);
    CHECK(pack.questions[0].text == "What is your approach to debugging issues?");
    CHECK(pack.find_task("todo-api")->tips_for_success.at(0).text == "Test each endpoint thoroughly");
}

TEST_CASE("A question records which guide heading its coverage items came from", "[content]") {
    const auto& pack = minimal_pack();
    CHECK(pack.find_question("debugging")->coverage_kind == CoverageKind::key_points);
    CHECK(pack.find_question("debugging")->coverage.size() == 2);
    CHECK(pack.find_question("challenge")->coverage_kind == CoverageKind::metrics_to_mention);
    CHECK(pack.find_question("startup-pace")->coverage_kind == CoverageKind::expected_knowledge);
}

TEST_CASE("Match rules are loaded as written, with min_cues defaulting to 2", "[content]") {
    const auto& key_points = minimal_pack().find_question("debugging")->coverage;
    CHECK(key_points[0].match.any == std::vector<std::string>{"debugger", "gdb", "profiler"});
    CHECK(key_points[0].match.cues == std::vector<std::string>{"log", "trace", "breakpoint"});
    CHECK(key_points[1].match.min_cues == 2);
    const auto& metric = minimal_pack().find_question("challenge")->coverage[0].match;
    REQUIRE(metric.all.size() == 2);
    CHECK(metric.all[0] == std::vector<std::string>{"latency", "response time"});
    CHECK(metric.all[1] == std::vector<std::string>{"<percent>"});
}

TEST_CASE("Red flag detectors keep their signal and their present/absent rules", "[content]") {
    const auto& flags = minimal_pack().find_question("debugging")->red_flags;
    REQUIRE(flags.size() == 2);
    CHECK(flags[0].detect.signal == AnswerSignal::restart_as_fix);
    REQUIRE(flags[0].detect.when_present.has_value());
    CHECK(flags[0].detect.when_present->any == std::vector<std::string>{"restart the server", "reboot"});
    CHECK_FALSE(flags[0].detect.when_absent.has_value());
    CHECK_FALSE(flags[1].detect.signal.has_value());
    REQUIRE(flags[1].detect.when_absent.has_value());
    CHECK(flags[1].detect.when_absent->any == std::vector<std::string>{"test", "unit test"});
}

TEST_CASE("Behavioural questions keep STAR guidance and follow-ups keep their probes", "[content]") {
    const auto* challenge = minimal_pack().find_question("challenge");
    REQUIRE(challenge->star.has_value());
    CHECK(challenge->star->action == "Describe the actions you took");
    CHECK(challenge->follow_ups.at(0).probes == std::vector<std::string>{"star:action"});
    const auto* debugging = minimal_pack().find_question("debugging");
    CHECK_FALSE(debugging->star.has_value());
    CHECK(debugging->follow_ups.at(2).probes.empty());
}

TEST_CASE("Absent optional fields load as empty, derived questions keep their origin and audience", "[content]") {
    const auto& pack = minimal_pack();
    const auto* derived = pack.find_question("startup-pace");
    CHECK(derived->interviewer_wants.empty());
    CHECK(derived->good_answer_example.empty());
    CHECK(derived->follow_ups.empty());
    CHECK(derived->derived_from == "startup-challenge-pace");
    CHECK(derived->industries == std::vector<std::string>{"startup"});
    CHECK(derived->seniority == std::vector<Seniority>{Seniority::junior, Seniority::mid});
    CHECK(pack.find_question("debugging")->derived_from.empty());
    CHECK(pack.skills[0].minimum_requirement == "2 years experience in backend development");
    CHECK(pack.skills[1].minimum_requirement.empty());
    CHECK(pack.skills[1].level == SkillLevel::good_to_verify);
    CHECK(pack.synonyms == std::vector<std::vector<std::string>>{{"db", "database"}});
}

TEST_CASE("Malformed JSON is reported with its line and column", "[content]") {
    auto problem = only_problem_of("syntax-trailing-comma");
    CHECK(problem.pointer == "");
    CHECK_THAT(problem.message, Catch::StartsWith("invalid JSON at line 5, column 1: "));
    CHECK_THAT(problem.message, Catch::Contains("unexpected '}'"));
}

TEST_CASE("Malformed JSON on a later column of the first line names that column", "[content]") {
    auto result = load_role_pack_text(R"({"id": tru})", "inline.json");
    REQUIRE(result.problems.size() == 1);
    CHECK_THAT(result.problems[0].message, Catch::StartsWith("invalid JSON at line 1, column "));
    CHECK(result.problems[0].message.find("column 1:") == std::string::npos);
}

TEST_CASE("Empty text is malformed JSON, not a crash", "[content]") {
    auto result = load_role_pack_text("", "empty.json");
    REQUIRE(result.problems.size() == 1);
    CHECK_THAT(result.problems[0].message, Catch::StartsWith("invalid JSON at line 1, column 1"));
}

TEST_CASE("A pack that is not a JSON object is rejected at the root", "[content]") {
    auto result = load_role_pack_text("[1, 2]", "array.json");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].pointer == "");
    CHECK(result.problems[0].message == "expected an object, found an array");
}

TEST_CASE("Deeply nested JSON is rejected without a crash", "[content]") {
    const std::size_t depth = 20000;
    auto result = load_role_pack_text(std::string(depth, '[') + std::string(depth, ']'), "deep.json");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].message == "expected an object, found an array");
}

TEST_CASE("A missing required field is reported at the object that lacks it", "[content]") {
    auto problem = only_problem_of("schema-missing-field");
    CHECK(problem.pointer == "/questions/0");
    CHECK(problem.message == "missing required field \"text\"");
}

TEST_CASE("A value of the wrong type names the expected and the found type", "[content]") {
    auto problem = only_problem_of("schema-wrong-type");
    CHECK(problem.pointer == "/questions/0/key_points/0/match/min_cues");
    CHECK(problem.message == "expected an integer, found a string");
}

TEST_CASE("An unknown field is rejected and the allowed fields are listed", "[content]") {
    auto problem = only_problem_of("schema-unknown-field");
    CHECK(problem.pointer == "/questions/0/colour");
    CHECK_THAT(problem.message, Catch::StartsWith("unknown field \"colour\"; allowed here: id, category, text,"));
}

TEST_CASE("An id that is not lower-case kebab-case is rejected", "[content]") {
    auto problem = only_problem_of("schema-bad-id");
    CHECK(problem.pointer == "/stages/0/participants/0/id");
    CHECK_THAT(problem.message, Catch::StartsWith("\"Screen_Recruiter\" is not a valid id"));
}

TEST_CASE("An unknown question category lists the known ones", "[content]") {
    auto problem = only_problem_of("schema-bad-category");
    CHECK(problem.pointer == "/questions/0/category");
    CHECK_THAT(problem.message, Catch::StartsWith("\"hr\" is not a question category"));
    CHECK_THAT(problem.message, Catch::Contains("common_hr"));
}

TEST_CASE("A question with two coverage lists is rejected at the second one", "[content]") {
    auto problem = only_problem_of("schema-two-coverage-lists");
    CHECK(problem.pointer == "/questions/2/expected_knowledge");
    CHECK_THAT(problem.message, Catch::StartsWith("a question has at most one of key_points, expected_knowledge"));
}

TEST_CASE("A match rule with no terms at all is rejected", "[content]") {
    auto problem = only_problem_of("schema-empty-match");
    CHECK(problem.pointer == "/questions/0/key_points/1/match");
    CHECK_THAT(problem.message, Catch::StartsWith("matches nothing"));
}

TEST_CASE("min_cues below 1 is rejected", "[content]") {
    auto problem = only_problem_of("schema-min-cues-zero");
    CHECK(problem.pointer == "/questions/0/key_points/0/match/min_cues");
    CHECK(problem.message == "must be at least 1");
}

TEST_CASE("A red flag detector with no part is rejected", "[content]") {
    auto problem = only_problem_of("schema-empty-detect");
    CHECK(problem.pointer == "/questions/0/red_flags/0/detect");
    CHECK_THAT(problem.message, Catch::StartsWith("detects nothing"));
}

TEST_CASE("An unknown answer signal lists the known ones", "[content]") {
    auto problem = only_problem_of("schema-unknown-signal");
    CHECK(problem.pointer == "/questions/0/red_flags/0/detect/signal");
    CHECK_THAT(problem.message, Catch::StartsWith("\"panic\" is not a known signal"));
    CHECK_THAT(problem.message, Catch::Contains("restart_as_fix"));
}

TEST_CASE("An empty text is rejected", "[content]") {
    auto problem = only_problem_of("schema-empty-text");
    CHECK(problem.pointer == "/title");
    CHECK(problem.message == "must not be empty");
}

TEST_CASE("A scorer term in upper case is rejected", "[content]") {
    auto problem = only_problem_of("schema-upper-case-term");
    CHECK(problem.pointer == "/questions/0/key_points/0/match/any/1");
    CHECK(problem.message == "term \"GDB\" must be lower case");
}

TEST_CASE("A duplicate id names where it was first used", "[content]") {
    auto problem = only_problem_of("xref-duplicate-id");
    CHECK(problem.pointer == "/questions/1/follow_ups/0/id");
    CHECK(problem.message == "duplicate id \"debugging-fu-tools\"; first used at /questions/0/follow_ups/0/id");
}

TEST_CASE("A follow-up probing another question's item is rejected and says where that item is", "[content]") {
    auto problem = only_problem_of("xref-probe-of-other-question");
    CHECK(problem.pointer == "/questions/0/follow_ups/0/probes/0");
    CHECK(problem.message == "probe \"challenge-latency\" is not a coverage item or red flag of this question "
                             "(it is defined at /questions/1/metrics_to_mention/0/id)");
}

TEST_CASE("A STAR probe on a question without STAR guidance is rejected", "[content]") {
    auto problem = only_problem_of("xref-star-probe-without-star");
    CHECK(problem.pointer == "/questions/0/follow_ups/2/probes/0");
    CHECK_THAT(problem.message, Catch::StartsWith("probe \"star:result\" needs STAR guidance"));
}

TEST_CASE("A stage listing an unknown question is rejected", "[content]") {
    auto problem = only_problem_of("xref-unknown-stage-question");
    CHECK(problem.pointer == "/stages/0/questions/2");
    CHECK(problem.message == "\"no-such-question\" is not the id of a question in this pack");
}

TEST_CASE("A skill evidenced by an unknown question or task is rejected", "[content]") {
    auto problem = only_problem_of("xref-unknown-evidence");
    CHECK(problem.pointer == "/skills/0/evidenced_by/1");
    CHECK(problem.message == "\"todo-app\" is not the id of a question or practical task in this pack");
}

TEST_CASE("A question asked in no stage is rejected", "[content]") {
    auto problem = only_problem_of("xref-question-in-no-stage");
    CHECK(problem.pointer == "/questions/2");
    CHECK_THAT(problem.message, Catch::StartsWith("question \"startup-pace\" is not asked in any stage"));
}

TEST_CASE("A practical task presented in no stage is rejected", "[content]") {
    auto problem = only_problem_of("xref-task-in-no-stage");
    CHECK(problem.pointer == "/practical_tasks/0");
    CHECK_THAT(problem.message, Catch::StartsWith("practical task \"todo-api\" is not presented in any stage"));
}

TEST_CASE("derived_from naming no id in the pack is rejected", "[content]") {
    auto problem = only_problem_of("xref-unknown-derived-from");
    CHECK(problem.pointer == "/questions/2/derived_from");
    CHECK(problem.message == "derived_from \"startup-challenge-speed\" is not an id in this pack");
}

TEST_CASE("A question limited to an unknown industry is rejected", "[content]") {
    auto problem = only_problem_of("xref-unknown-industry");
    CHECK(problem.pointer == "/questions/2/industries/0");
    CHECK(problem.message == "\"enterprise\" is not the id of an industry in this pack");
}

TEST_CASE("Every problem in a pack is reported, not just the first", "[content]") {
    auto result = load_fixture("broken/roles/schema-several-problems.json");
    INFO(describe(result.problems));
    REQUIRE(result.problems.size() == 3);
    CHECK(result.problems[0].pointer == "");
    CHECK(result.problems[0].message == "missing required field \"title\"");
    CHECK(result.problems[1].pointer == "/questions/1/mood");
    CHECK(result.problems[2].pointer == "/stages/0/questions/2");
}

TEST_CASE("A content directory loads every pack and reports problems file by file", "[content]") {
    auto result = load_content_library(fixtures_dir + "/broken");
    CHECK(result.library.roles.empty());
    CHECK(result.problems.size() == 25);
    CHECK(result.problems.front().file == fixtures_dir + "/broken/roles/schema-bad-category.json");
    CHECK(result.problems.back().file == fixtures_dir + "/broken/roles/xref-unknown-stage-question.json");
}

TEST_CASE("A clean content directory loads with no problems", "[content]") {
    auto result = load_content_library(fixtures_dir + "/valid");
    INFO(describe(result.problems));
    CHECK(result.ok());
    REQUIRE(result.library.find_role("minimal-role") != nullptr);
}

TEST_CASE("Two packs with the same role id: the first loads, the second is a problem", "[content]") {
    auto result = load_content_library(fixtures_dir + "/duplicate-role");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].file == fixtures_dir + "/duplicate-role/roles/second.json");
    CHECK(result.problems[0].pointer == "/id");
    CHECK(result.problems[0].message ==
          "role id \"minimal-role\" is already used by " + fixtures_dir + "/duplicate-role/roles/first.json");
    CHECK(result.library.roles.size() == 1);
}

TEST_CASE("A missing content directory is a clear problem", "[content]") {
    auto result = load_content_library(fixtures_dir + "/no-such-dir");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].file == fixtures_dir + "/no-such-dir");
    CHECK(result.problems[0].message == "content directory does not exist");
}

TEST_CASE("A content directory without a roles folder is a clear problem", "[content]") {
    auto result = load_content_library(fixtures_dir + "/valid/roles");
    REQUIRE(result.problems.size() == 1);
    CHECK_THAT(result.problems[0].message, Catch::StartsWith("no roles folder"));
}

TEST_CASE("A file given as the content directory is a clear problem", "[content]") {
    auto result = load_content_library(fixtures_dir + "/valid/roles/minimal-role.json");
    REQUIRE(result.problems.size() == 1);
    CHECK_THAT(result.problems[0].message, Catch::StartsWith("is not a directory"));
}

TEST_CASE("A roles folder with no packs is a clear problem", "[content]") {
    auto result = load_content_library(fixtures_dir + "/no-packs");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].file == fixtures_dir + "/no-packs/roles");
    CHECK(result.problems[0].message == "no role packs (*.json files) found");
}

TEST_CASE("Packs built in code can be checked for cross-references too", "[content]") {
    RolePack pack = minimal_pack();
    pack.stages[0].question_ids.push_back("nowhere");
    auto problems = check_cross_references(pack, "built-in-code");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == "built-in-code");
    CHECK(problems[0].pointer == "/stages/0/questions/2");
}

TEST_CASE("Ids must be lower-case kebab-case", "[content]") {
    CHECK(is_valid_id("debugging-approach"));
    CHECK(is_valid_id("q1"));
    CHECK_FALSE(is_valid_id(""));
    CHECK_FALSE(is_valid_id("-lead"));
    CHECK_FALSE(is_valid_id("trail-"));
    CHECK_FALSE(is_valid_id("double--dash"));
    CHECK_FALSE(is_valid_id("Upper"));
    CHECK_FALSE(is_valid_id("snake_case"));
}

TEST_CASE("A key written twice in a pack is a problem at its pointer, not a silently dropped value", "[content]") {
    std::string text = read_text(fixtures_dir + "/valid/roles/minimal-role.json");
    const std::size_t brace = text.find('{');
    REQUIRE(brace != std::string::npos);
    text.insert(brace + 1, R"("id": "a-first-id-that-would-be-dropped",)");
    auto result = load_role_pack_text(text, "repeated.json");
    INFO(describe(result.problems));
    REQUIRE(result.problems.size() == 1);
    CHECK_FALSE(result.ok());
    CHECK(result.library.roles.empty());
    CHECK(result.problems[0].file == "repeated.json");
    CHECK(result.problems[0].pointer == "/id");
    CHECK_THAT(result.problems[0].message, Catch::Contains("\"id\" appears more than once"));
}
