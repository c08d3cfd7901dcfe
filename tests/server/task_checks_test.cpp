// The server's side of the practical tasks that run, without a network: the run message and its
// frames, the sandbox limits taken from the one limits table, and the service saying what to run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "server/check_limits.hpp"
#include "server/interview_service.hpp"
#include "server/protocol.hpp"
#include "server/sqlite_store.hpp"
#include "tests/server/service_test_support.hpp"

using namespace mi::server;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

protocol::ParseResult parse(std::string_view frame, const ServerLimits& limits = {}) {
    return protocol::parse_client_message(frame, limits);
}

const mi::content::ContentLibrary& library() { return mi::testing::project_content(); }

const mi::checkers::TaskCheckers& task_checkers() {
    static const auto loaded = mi::checkers::TaskCheckers::load(library(), fs::path(MI_SOURCE_DIR) / "content");
    return *loaded.checkers;
}

struct Fixture {
    fs::path dir = fs::temp_directory_path() / ("mi-task-checks-test-" + std::to_string(std::random_device{}()));
    std::unique_ptr<InterviewStore> store = open_sqlite_store(dir / "x.db");
    Metrics metrics;
    InterviewService service{library(), *store, metrics, &task_checkers()};

    ~Fixture() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    std::string start(json plan, ConnectionId connection) {
        auto created = service.create_interview(plan, WallClock::now());
        REQUIRE(std::holds_alternative<CreatedInterview>(created));
        const auto& interview = std::get<CreatedInterview>(created);
        REQUIRE(std::holds_alternative<JoinedInterview>(service.join(interview.interview_id, interview.token, 0, connection)));
        return interview.interview_id;
    }
};

json task_plan(std::string_view task) {
    return {{"role", "backend-developer"}, {"stages", {"coding-challenge"}}, {"questions_per_stage", 1},
            {"follow_ups_per_question", 0}, {"practical_task", task}, {"seed", 5u}};
}

}  // namespace

TEST_CASE("a run message carries the code and its client id", "[server][protocol][run]") {
    const auto parsed = parse(R"({"type":"run","v":1,"code":"SELECT 1","client_id":"r-1"})");
    REQUIRE(std::holds_alternative<protocol::ClientMessage>(parsed));
    const auto& run = std::get<protocol::Run>(std::get<protocol::ClientMessage>(parsed));
    CHECK(run.code == "SELECT 1");
    CHECK(run.client_id == "r-1");
}

TEST_CASE("a run message without code, or with too much, is refused naming the field", "[server][protocol][run]") {
    const auto missing = std::get<protocol::Error>(parse(R"({"type":"run","v":1})"));
    CHECK(missing.code == ErrorCode::missing_field);
    CHECK(missing.field == "code");
    ServerLimits small;
    small.max_answer_chars = 5;
    const auto long_code = std::get<protocol::Error>(parse(R"({"type":"run","v":1,"code":"SELECT 1"})", small));
    CHECK(long_code.code == ErrorCode::answer_too_long);
    CHECK(long_code.field == "code");
    CHECK(long_code.message == "the code has 8 characters; the limit is 5");
    const auto unknown = std::get<protocol::Error>(parse(R"({"type":"rnu","v":1})"));
    CHECK_THAT(unknown.message, Catch::EndsWith("expected join, answer, command, run or ping"));
}

TEST_CASE("a run_result and a run error frame say what they answer and where the code failed", "[server][protocol][run]") {
    const auto result = json::parse(protocol::run_result_frame("r-1", json{{"ok", true}}));
    CHECK(result["type"] == "run_result");
    CHECK(result["v"] == 1);
    CHECK(result["client_id"] == "r-1");
    CHECK(result["result"]["ok"] == true);
    const auto error = json::parse(protocol::run_error_frame({ErrorCode::run_failed, "near \"FORM\"", "code", std::nullopt}, "r-2",
                                                             protocol::CodePosition{2, 11, 20, 1}));
    CHECK(error["type"] == "error");
    CHECK(error["code"] == "run_failed");
    CHECK(error["of"] == "run");
    CHECK(error["client_id"] == "r-2");
    CHECK(error["position"] == json{{"line", 2}, {"column", 11}, {"offset", 20}, {"statement", 1}});
    const auto without = json::parse(protocol::run_error_frame({ErrorCode::nothing_to_run, "no task", "", std::nullopt}, "", std::nullopt));
    CHECK_FALSE(without.contains("position"));
    CHECK_FALSE(without.contains("client_id"));
}

TEST_CASE("the sandbox limits are the limits table's rows", "[server][config][run]") {
    ServerLimits limits;
    limits.max_check_steps = 5'000'000;
    limits.check_timeout = std::chrono::milliseconds(1500);
    limits.max_run_rows = 7;
    limits.max_concurrent_checks = 3;
    const auto converted = checker_limits(limits);
    CHECK(converted.sandbox.max_vm_steps == 5'000'000);
    CHECK(converted.sandbox.max_wall_time == std::chrono::milliseconds(1500));
    CHECK(converted.sandbox.max_concurrent_checks == 3);
    CHECK(converted.max_run_rows == 7);
    // The defaults are SandboxLimits' own: one value, stated twice only here.
    const auto defaults = checker_limits(ServerLimits{});
    const mi::practical::SandboxLimits sandbox;
    CHECK(defaults.sandbox.max_submission_bytes == sandbox.max_submission_bytes);
    CHECK(defaults.sandbox.max_statements == sandbox.max_statements);
    CHECK(defaults.sandbox.max_vm_steps == sandbox.max_vm_steps);
    CHECK(defaults.sandbox.max_wall_time == sandbox.max_wall_time);
    CHECK(defaults.sandbox.max_value_bytes == sandbox.max_value_bytes);
    CHECK(defaults.sandbox.max_database_growth_bytes == sandbox.max_database_growth_bytes);
    CHECK(defaults.sandbox.process_heap_limit_bytes == sandbox.process_heap_limit_bytes);
    CHECK(defaults.sandbox.max_concurrent_checks == sandbox.max_concurrent_checks);
    CHECK(defaults.sandbox.max_result_rows == sandbox.max_result_rows);
    CHECK(defaults.sandbox.max_result_bytes == sandbox.max_result_bytes);
    CHECK(defaults.max_run_rows == mi::checkers::CheckerLimits{}.max_run_rows);
}

TEST_CASE("a Run may not show more rows than a check keeps", "[server][config][run]") {
    ServerLimits limits;
    limits.max_run_rows = 500;
    limits.max_check_result_rows = 100;
    const auto problems = limit_problems(limits);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Contains("--max-run-rows must not exceed --max-check-result-rows"));
}

TEST_CASE("the service says what to run for a task that runs, and nothing for a question or a command", "[server][service][run]") {
    Fixture fixture;
    const auto id = fixture.start(task_plan("db-schema-design"), 1);
    const auto target = fixture.service.run_target(id, 1);
    REQUIRE(std::holds_alternative<RunTarget>(target));
    CHECK(std::get<RunTarget>(target).checker == "schema");
    const auto submission = fixture.service.task_submission(id, 1, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    REQUIRE(submission);
    CHECK(submission->task_id == "db-schema-design");
    CHECK_FALSE(fixture.service.task_submission(id, 1, "hint"));
    // Another connection is told nothing, and may not run.
    CHECK_FALSE(fixture.service.task_submission(id, 2, "CREATE TABLE t (id INTEGER)"));
    CHECK(std::get<ServiceError>(fixture.service.run_target(id, 2)).code == ErrorCode::superseded);

    const auto questions = fixture.start({{"role", "backend-developer"}, {"stages", {"hr"}}, {"seed", 5u}}, 3);
    CHECK(std::get<ServiceError>(fixture.service.run_target(questions, 3)).code == ErrorCode::nothing_to_run);
}

TEST_CASE("a submission is scored with its check, and a resent one is neither checked nor handled again", "[server][service][run]") {
    Fixture fixture;
    const auto id = fixture.start(task_plan("db-schema-design"), 1);
    const std::string text = "```sql\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)\n```";
    const auto submission = fixture.service.task_submission(id, 1, text, "m1");
    REQUIRE(submission);
    auto check = task_checkers().check(*submission);
    REQUIRE(check);
    const auto produced = fixture.service.handle_message(id, 1, text, WallClock::now(), "m1", std::move(check));
    REQUIRE(std::holds_alternative<ProducedEvents>(produced));
    auto events = std::get<ProducedEvents>(produced).events;
    with_event_trees(events);
    REQUIRE(events.size() > 2);
    CHECK(events[1].event["type"] == "task_checked");
    CHECK(events[1].event["outcome"] == "failed");
    CHECK_FALSE(fixture.service.task_submission(id, 1, text, "m1"));
    CHECK(std::get<ServiceError>(fixture.service.run_target(id, 1)).code == ErrorCode::interview_finished);
}

TEST_CASE("a check for another message is refused as message_refused, and nothing is stored", "[server][service][run]") {
    Fixture fixture;
    const auto id = fixture.start(task_plan("db-schema-design"), 1);
    auto submission = *fixture.service.task_submission(id, 1, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    submission.message_index = 3;
    auto check = task_checkers().check(submission);
    const auto refused = fixture.service.handle_message(id, 1, submission.text, WallClock::now(), "", std::move(check));
    REQUIRE(std::holds_alternative<ServiceError>(refused));
    CHECK(std::get<ServiceError>(refused).code == ErrorCode::message_refused);
    CHECK(fixture.store->find_interview(id)->last_seq == 3);
}
