// The practical tasks wired to the interview, with the real content and the real sandbox: the
// material each task gives, submissions in chat messages checked into the dialogue's typed result
// (items decided, errors placed at their line, evidence into the message), what Run shows, whole
// interviews with each task, and determinism.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "dialogue/interview/interview.hpp"
#include "practical/slow_query_task.hpp"
#include "tests/source_file.hpp"

using namespace mi;
using checkers::TaskCheckers;

namespace {

const content::ContentLibrary& library() {
    static const auto loaded = content::load_content_library(MI_SOURCE_DIR "/content");
    return loaded.library;
}

const content::RolePack& pack() { return *library().find_role("backend-developer"); }

const TaskCheckers& task_checkers() {
    static const auto loaded = TaskCheckers::load(library(), MI_SOURCE_DIR "/content");
    for (const auto& problem : loaded.problems) UNSCOPED_INFO(problem.file << ": " << problem.message);
    REQUIRE(loaded.problems.empty());
    return *loaded.checkers;
}

const dialogue::AnswerScorer& scorer() {
    static const dialogue::AnswerScorer shared(pack());
    return shared;
}

const practical::PerformanceTaskPack& perf_pack() {
    static const auto load = practical::load_performance_pack(MI_SOURCE_DIR "/content/tasks/performance-optimization.json");
    return *load.pack;
}

std::string fenced(std::string_view language, std::string_view code) {
    std::string text = "```" + std::string(language) + "\n" + std::string(code);
    if (!text.ends_with("\n")) text += "\n";
    return text + "```\n";
}

dialogue::TaskSubmission submission(std::string checker, std::string variant, std::string text, int index = 0) {
    const auto task = checker == "slow_query" ? "perf-optimization" : checker == "schema" ? "db-schema-design" : "api-implementation";
    return {task, std::move(checker), std::move(variant), index, std::move(text)};
}

const dialogue::CheckedItem& decided(const dialogue::TaskCheckResult& result, std::string_view id) {
    for (const auto& item : result.items) {
        if (item.item_id == id) return item;
    }
    FAIL("the check did not decide " << id);
    throw std::logic_error("unreachable");
}

std::string findings_of(const dialogue::TaskCheckResult& result) {
    std::string text = result.summary + "\n";
    for (const auto& finding : result.findings) text += (finding.positive ? "+ " : "- ") + finding.text + "\n";
    return text;
}

// The result without its wall times (shown, never scored; the rest must be the same every time).
nlohmann::json without_wall_times(nlohmann::json value) {
    if (value.is_object()) {
        value.erase("wall_ms");
        for (auto& [key, child] : value.items()) child = without_wall_times(child);
    } else if (value.is_array()) {
        for (auto& child : value) child = without_wall_times(child);
    }
    return value;
}

}  // namespace

TEST_CASE("The three practical tasks of the backend pack each get a checker", "[checkers]") {
    const auto names = task_checkers().checkers();
    CHECK(names == std::vector<std::pair<std::string, std::string>>{
                       {"openapi", "api-implementation"}, {"schema", "db-schema-design"}, {"slow_query", "perf-optimization"}});
}

TEST_CASE("A content folder without tasks/ sets up the schema and API checkers and says nothing is wrong", "[checkers]") {
    const auto loaded = TaskCheckers::load(library(), MI_SOURCE_DIR "/tests/data/content/valid");
    CHECK(loaded.problems.empty());
    CHECK_FALSE(loaded.checkers->has_checker("slow_query"));
}

TEST_CASE("The slow query given suits the seniority, and the same plan always gets the same material", "[checkers][material]") {
    const auto& task = *pack().find_task("perf-optimization");
    for (const auto seniority : {content::Seniority::junior, content::Seniority::mid, content::Seniority::senior}) {
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            dialogue::InterviewPlan plan;
            plan.seniority = seniority;
            plan.seed = seed;
            const auto material = task_checkers().material_for(task, plan);
            REQUIRE(material);
            CHECK(material == task_checkers().material_for(task, plan));
            const int difficulty = material->facts["difficulty"];
            const int lowest = seniority == content::Seniority::junior ? 1 : seniority == content::Seniority::mid ? 2 : 3;
            CHECK(difficulty >= lowest);
            CHECK(difficulty <= lowest + 2);
            CHECK(material->blocks.at(1).text == perf_pack().find_query(material->variant_id)->sql);
            CHECK_FALSE(material->facts.dump().find("wall_ms") != std::string::npos);
        }
    }
    CHECK(task_checkers().material_for(*pack().find_task("db-schema-design"), {})->checker == "schema");
    CHECK(task_checkers().material_for(*pack().find_task("api-implementation"), {})->language == "openapi");
}

TEST_CASE("Every given query's reference solution, submitted in a message, is optimised", "[checkers][slow-query]") {
    for (const auto& query : perf_pack().queries) {
        const std::string message = "My change:\n" + fenced("sql", query.reference.index_ddl + "\n" + query.reference.query) +
                                    query.reference.explanation;
        const auto result = task_checkers().check(submission("slow_query", query.id, message));
        REQUIRE(result);
        INFO(query.id << "\n" << findings_of(*result));
        CHECK(result->outcome == dialogue::CheckOutcome::passed);
        CHECK(decided(*result, "perf-optimization-deliv-optimized-query").covered);
        CHECK(result->details["verdict"] == "optimized");
        CHECK(result->exhibits.size() == 3);
        // The rows finding points at the query in the message.
        REQUIRE_FALSE(result->findings.front().evidence.empty());
        const auto& span = result->findings.front().evidence.front();
        CHECK(message.substr(span.begin).starts_with(query.reference.query.substr(0, 6)));
    }
}

TEST_CASE("A comparison counts when the explanation's figure is borne out, and the plan when it is said", "[checkers][slow-query]") {
    const auto* query = perf_pack().find_query("perf-q-orders-in-month");
    const std::string code = fenced("sql", query->reference.query);
    const auto claimed = task_checkers().check(submission(
        "slow_query", query->id, code + "The range on the bare column lets SQLite search orders_by_created_at: 25x fewer steps."));
    REQUIRE(claimed);
    INFO(findings_of(*claimed));
    CHECK(decided(*claimed, "perf-optimization-deliv-comparison").covered);
    CHECK(decided(*claimed, "perf-optimization-deliv-new-plan").covered);
    const auto& plan_evidence = decided(*claimed, "perf-optimization-deliv-new-plan").evidence;
    REQUIRE_FALSE(plan_evidence.empty());

    const auto overclaimed = task_checkers().check(submission("slow_query", query->id, code + "It is 500x faster."));
    CHECK_FALSE(decided(*overclaimed, "perf-optimization-deliv-comparison").covered);
    CHECK_THAT(decided(*overclaimed, "perf-optimization-deliv-comparison").reason, Catch::Contains("claims 500x; measured 26x"));
    const auto silent = task_checkers().check(submission("slow_query", query->id, code));
    CHECK_THAT(decided(*silent, "perf-optimization-deliv-comparison").reason, Catch::Contains("gives no figure"));
    CHECK_FALSE(decided(*silent, "perf-optimization-deliv-new-plan").covered);
}

TEST_CASE("A wrong rewrite is not optimised, and says why", "[checkers][slow-query]") {
    const auto* query = perf_pack().find_query("perf-q-orders-in-month");
    const auto result = task_checkers().check(submission(
        "slow_query", query->id,
        fenced("sql", "SELECT count(*) AS orders, sum(total_cents) AS revenue_cents FROM orders WHERE created_at >= '2024-03-02' AND created_at < '2024-04-01'")));
    REQUIRE(result);
    CHECK(result->outcome == dialogue::CheckOutcome::failed);
    CHECK_FALSE(decided(*result, "perf-optimization-deliv-optimized-query").covered);
    CHECK_THAT(findings_of(*result), Catch::Contains("Not the original's result"));
}

TEST_CASE("SQL that does not run is placed at its line and column in the message", "[checkers][slow-query]") {
    const std::string message = "First my index.\n\n```sql\nCREATE INDEX i ON users (name);\nSELECT id, email FORM users\n```";
    const auto result = task_checkers().check(submission("slow_query", "perf-q-email-or-name", message));
    REQUIRE(result);
    CHECK(result->outcome == dialogue::CheckOutcome::not_run);
    CHECK_THAT(result->summary, Catch::StartsWith("The query did not run: line 5, column "));
    CHECK_THAT(result->summary, Catch::Contains("syntax error"));
    REQUIRE(result->findings.size() == 1);
    REQUIRE(result->findings[0].evidence.size() == 1);
    CHECK(message.substr(result->findings[0].evidence[0].begin).starts_with("users"));
    for (const auto& item : result->items) CHECK_FALSE(item.covered);
    CHECK(result->details["error"]["line"] == 5);

    const auto refused = task_checkers().check(submission("slow_query", "perf-q-email-or-name", fenced("sql", "DELETE FROM users")));
    CHECK_THAT(refused->summary, Catch::Contains("DELETE is not a query"));
    const auto ddl = task_checkers().check(submission("slow_query", "perf-q-email-or-name", fenced("sql", "CREATE INDEX i ON nowhere (x);\nSELECT 1")));
    CHECK_THAT(ddl->summary, Catch::StartsWith("The index DDL did not run: line 2, column "));
}

TEST_CASE("No code: the first submission is not run and says how to submit; a later message keeps the check", "[checkers]") {
    for (const char* checker : {"slow_query", "schema", "openapi"}) {
        const auto first = task_checkers().check(submission(checker, "perf-q-email-or-name", "I would add an index.", 0));
        REQUIRE(first);
        CHECK(first->outcome == dialogue::CheckOutcome::not_run);
        CHECK_THAT(first->summary, Catch::StartsWith("No "));
        CHECK_FALSE(task_checkers().check(submission(checker, "perf-q-email-or-name", "Also, I would cache it.", 1)));
    }
}

TEST_CASE("A good schema meets every item the schema decides, a bad one names its defects with their line", "[checkers][schema]") {
    const std::string good = mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-schema.sql");
    const auto result = task_checkers().check(submission("schema", "", fenced("sql", good) + "Money is DECIMAL, never FLOAT."));
    REQUIRE(result);
    INFO(findings_of(*result));
    CHECK(result->outcome == dialogue::CheckOutcome::passed);
    for (const auto& item : result->items) {
        INFO(item.item_id << ": " << item.reason);
        CHECK(item.covered);
    }
    CHECK(result->details["schema"]["tables"].size() == 5);
    CHECK_THAT(result->exhibits.at(0).text, Catch::StartsWith("erDiagram"));

    auto bad = good;
    bad.replace(bad.find("total DECIMAL(12,2)"), 19, "total REAL");
    const std::string message = "Notes.\n" + fenced("sql", bad);
    const auto flawed = task_checkers().check(submission("schema", "", message));
    CHECK(flawed->outcome == dialogue::CheckOutcome::failed);
    CHECK_FALSE(decided(*flawed, "db-schema-design-eval-data-types").covered);
    const auto money = std::find_if(flawed->findings.begin(), flawed->findings.end(),
                                    [](const auto& finding) { return finding.text.find("orders.total is REAL") != std::string::npos; });
    REQUIRE(money != flawed->findings.end());
    const auto line = 3 + std::count(bad.begin(), bad.begin() + static_cast<long>(bad.find("total REAL")), '\n');
    CHECK_THAT(money->text, Catch::EndsWith("(line " + std::to_string(line) + ")"));
    REQUIRE(money->evidence.size() == 1);
    CHECK(message.substr(money->evidence[0].begin).starts_with("total REAL"));

    const auto broken = task_checkers().check(submission("schema", "", fenced("sql", "CREATE TABLE users (id INTEGER PRIMARY KEY,);")));
    CHECK(broken->outcome == dialogue::CheckOutcome::not_run);
    CHECK_THAT(broken->summary, Catch::StartsWith("The DDL did not run: line 2, column "));
}

TEST_CASE("A good OpenAPI document meets its items; a flawed one raises its mistakes", "[checkers][openapi]") {
    const std::string good = mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-api.yaml");
    const auto result = task_checkers().check(submission("openapi", "", "My API:\n" + fenced("yaml", good) + "Tested with Jest."));
    REQUIRE(result);
    INFO(findings_of(*result));
    CHECK(result->outcome == dialogue::CheckOutcome::passed);
    for (const auto& item : result->items) CHECK(item.covered);
    for (const auto& mistake : result->mistakes) CHECK_FALSE(mistake.raised);
    CHECK(result->details["operations"].size() == 5);

    auto flawed = good;
    flawed.replace(flawed.find("https://api.example.com/v1"), 26, "http://localhost:3000/v1");
    const std::string message = "```yaml\n" + flawed + "```";
    const auto hardcoded = task_checkers().check(submission("openapi", "", message));
    const auto mistake = std::find_if(hardcoded->mistakes.begin(), hardcoded->mistakes.end(),
                                      [](const auto& entry) { return entry.mistake_id == "api-implementation-mistake-hardcoding"; });
    REQUIRE(mistake != hardcoded->mistakes.end());
    CHECK(mistake->raised);
    REQUIRE(mistake->evidence.size() == 1);
    CHECK(message.substr(mistake->evidence[0].begin).starts_with("http://localhost:3000/v1"));

    const auto unreadable = task_checkers().check(submission("openapi", "", "```json\n{\"openapi\": \"3.0.3\",}\n```"));
    CHECK(unreadable->outcome == dialogue::CheckOutcome::not_run);
    CHECK_THAT(unreadable->summary, Catch::StartsWith("The document could not be read: line 2, column "));
}

TEST_CASE("Run shows the first rows, the cost and the plan, and places a failure in the code", "[checkers][run]") {
    const auto run = task_checkers().run("slow_query", "perf-q-email-or-name",
                                         "CREATE INDEX users_by_name ON users (name);\nSELECT id, email FROM users WHERE name = 'Grace Hopper'");
    REQUIRE_FALSE(run.failure);
    REQUIRE(run.table);
    CHECK(run.table->rows.size() <= task_checkers().limits().max_run_rows);
    CHECK(run.table->row_count == 55);
    CHECK(run.table->truncated);
    CHECK(run.cost->vm_steps > 0);
    CHECK(run.index_build_cost->vm_steps > 0);
    CHECK(run.plan == std::vector<std::string>{"SEARCH users USING INDEX users_by_name (name=?)"});
    CHECK(run.original_plan == std::vector<std::string>{"SCAN users"});
    const auto json = checkers::run_to_json(run);
    CHECK(json["ok"] == true);
    CHECK(json["rows"].size() == run.table->rows.size());

    const auto failed = task_checkers().run("slow_query", "perf-q-email-or-name", "SELECT id\nFROM users\nWHERE name = = 'x'");
    REQUIRE(failed.failure);
    CHECK(failed.failure->line == 3);
    CHECK(failed.failure->kind == "invalid_sql");
    CHECK(failed.failure->column == 14);
    CHECK_THAT(failed.failure->message, Catch::Contains("near \"=\": syntax error"));
    const auto unknown = task_checkers().run("slow_query", "perf-q-email-or-name", "SELECT id FROM userz");
    REQUIRE(unknown.failure);
    CHECK_THAT(unknown.failure->message, Catch::Contains("no such table: userz"));
    const auto attach = task_checkers().run("slow_query", "perf-q-email-or-name", "ATTACH DATABASE '/tmp/x' AS x");
    REQUIRE(attach.failure);
    CHECK(attach.failure->kind == "refused");

    const auto schema = task_checkers().run("schema", "", mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-schema.sql"));
    REQUIRE_FALSE(schema.failure);
    CHECK(schema.schema["tables"].size() == 5);
    CHECK_THAT(schema.mermaid, Catch::StartsWith("erDiagram"));

    const auto api = task_checkers().run("openapi", "", mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-api.yaml"));
    REQUIRE_FALSE(api.failure);
    CHECK(api.operations.size() == 5);
    CHECK(api.document_problems.empty());
    CHECK_THAT(checkers::run_to_text(api), Catch::Contains("DELETE /todos/{id} — Delete a todo"));
}

TEST_CASE("The same submission gives the same result every time", "[checkers][determinism]") {
    const auto* query = perf_pack().find_query("perf-q-units-sold-correlated");
    const std::string message = fenced("sql", query->reference.index_ddl + "\n" + query->reference.query) + query->reference.explanation;
    const auto first = task_checkers().check(submission("slow_query", query->id, message));
    const auto second = task_checkers().check(submission("slow_query", query->id, message));
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->findings == second->findings);
    CHECK(first->items == second->items);
    CHECK(without_wall_times(first->details) == without_wall_times(second->details));
}

TEST_CASE("Each practical task runs through a whole interview with the real checkers", "[checkers][interview]") {
    const std::map<std::string, std::string> submissions{
        {"api-implementation", "Here is the API.\n" + fenced("yaml", mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-api.yaml")) +
                                   "I validate input with a JSON schema, return 404 for a missing todo and test every endpoint with Jest."},
        {"db-schema-design", fenced("sql", mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-schema.sql")) +
                                 "The schema is in third normal form; money is DECIMAL; every foreign key has an index."},
    };
    for (const auto* task_id : {"api-implementation", "db-schema-design", "perf-optimization"}) {
        dialogue::InterviewPlan plan;
        plan.role = "backend-developer";
        plan.stages = {"coding-challenge"};
        plan.questions_per_stage = 1;
        plan.follow_ups_per_question = 0;
        plan.practical_task = task_id;
        plan.seed = 11;
        const auto now = dialogue::TimePoint(std::chrono::milliseconds(1'750'000'000'000));
        auto interview = dialogue::Interview::start(pack(), scorer(), plan, now, {}, &task_checkers());
        // The stage's questions come first, if it has any.
        for (int guard = 0; guard < 10 && interview.progress().item_id != task_id; ++guard) (void)interview.handle_message("skip", now);
        REQUIRE(interview.progress().item_id == task_id);
        const auto* material = &*interview.state().current_item()->material;
        std::string text;
        if (material->checker == "slow_query") {
            const auto* query = perf_pack().find_query(material->variant_id);
            text = fenced("sql", query->reference.index_ddl + "\n" + query->reference.query) + query->reference.explanation;
        } else {
            text = submissions.at(task_id);
        }
        const auto asked = interview.task_submission(text);
        REQUIRE(asked);
        auto check = task_checkers().check(*asked);
        REQUIRE(check);
        INFO(task_id << "\n" << findings_of(*check));
        CHECK(check->outcome == dialogue::CheckOutcome::passed);
        const auto events = interview.handle_message(text, now + std::chrono::minutes(30), std::move(*check));
        const auto scored = std::find_if(events.begin(), events.end(),
                                         [](const auto& event) { return std::holds_alternative<dialogue::AnswerScored>(event.payload); });
        REQUIRE(scored != events.end());
        const auto& score = std::get<dialogue::AnswerScored>(scored->payload);
        const auto text_only = scorer().score_task_submission(*pack().find_task(task_id), text);
        CHECK(score.score >= text_only.score);
        CHECK(interview.finished());
        REQUIRE(interview.report().questions.back().check);
    }
}
