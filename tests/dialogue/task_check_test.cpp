// Practical tasks that run, in the engine: the host's material on the task card, the typed check
// it hands in stored as task_checked and streamed as feedback, the score added up over what the
// check decided, a standing check for follow-ups, replay that never needs the host, and the report.
// The host here is a fake: the engine must work with any TaskMaterials and any check result.
#include <catch2/catch.hpp>

#include "dialogue/interview/checked_task_score.hpp"
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

class FakeMaterials final : public TaskMaterials {
public:
    std::optional<TaskMaterial> material_for(const mi::content::PracticalTask& task, const InterviewPlan& plan) const override {
        if (task.id != "perf-optimization") return std::nullopt;
        TaskMaterial material;
        material.checker = "slow_query";
        material.variant_id = "q-" + std::to_string(plan.seed % 3);
        material.title = "A slow query";
        material.instructions = "put your SQL in a ```sql block and explain it.";
        material.language = "sql";
        material.runnable = true;
        material.blocks.push_back({"The slow query", "SELECT * FROM orders", "sql"});
        material.facts = {{"original", {{"vm_steps", 1000}}}};
        return material;
    }
};

const FakeMaterials materials;

InterviewPlan perf_plan(std::uint64_t seed = 7) {
    auto plan = plan_for({"coding-challenge"}, "none", mi::content::Seniority::mid, seed);
    plan.questions_per_stage = 1;
    plan.follow_ups_per_question = 1;
    plan.practical_task = "perf-optimization";
    return plan;
}

const std::string submission =
    "I rewrote the query with a sargable range and added an index.\n```sql\nCREATE INDEX i ON orders (created_at);\n"
    "SELECT count(*) FROM orders WHERE created_at >= '2024-03-01'\n```\nThe plan now searches i: 26x fewer steps.";

TaskCheckResult check_for(const TaskSubmission& asked, bool optimized) {
    TaskCheckResult check;
    check.item_id = asked.task_id;
    check.checker = asked.checker;
    check.variant_id = asked.variant_id;
    check.message_index = asked.message_index;
    check.outcome = optimized ? CheckOutcome::passed : CheckOutcome::failed;
    check.summary = optimized ? "Optimised: 26x fewer steps." : "Not the original's rows.";
    check.findings.push_back({"slow_query.rows", optimized ? "Same result as the original (1 row)." : "Not the original's result.",
                              optimized, {{"query", asked.message_index, 110, 150}}});
    check.items.push_back({"perf-optimization-deliv-optimized-query", optimized, optimized ? "the same row, 26x fewer steps" : "other rows",
                           {{"query", asked.message_index, 110, 150}}});
    check.items.push_back({"perf-optimization-deliv-comparison", optimized, "claims 26x; measured 26x", {}});
    check.items.push_back({"perf-optimization-deliv-new-plan", false, "does not say what the plan shows", {}});
    check.exhibits.push_back({"The plan before", "SCAN orders", "text"});
    check.details = {{"speedup", 26.0}};
    return check;
}

Interview start_perf(std::uint64_t seed = 7) {
    return Interview::start(backend_pack(), backend_scorer(), perf_plan(seed), interview_start, {}, &materials);
}

std::vector<std::string> types_of(const std::vector<InterviewEvent>& events) {
    std::vector<std::string> types;
    for (const auto& event : events) types.emplace_back(event.type());
    return types;
}

}  // namespace

TEST_CASE("A task that runs is asked with the host's material and says how to submit", "[interview][task-check]") {
    auto interview = start_perf();
    const auto* asked = find_event<QuestionAsked>(interview.opening_events());
    REQUIRE(asked != nullptr);
    REQUIRE(asked->task);
    REQUIRE(asked->task->material);
    CHECK(asked->task->material->variant_id == "q-1");
    CHECK_THAT(asked->text, Catch::EndsWith("here, put your SQL in a ```sql block and explain it."));
    // Without a host, the same task is answered in words.
    auto plain = Interview::start(backend_pack(), backend_scorer(), perf_plan(), interview_start);
    CHECK_FALSE(find_event<QuestionAsked>(plain.opening_events())->task->material);
    CHECK_FALSE(plain.task_submission(submission));
}

TEST_CASE("The engine says what to run, and never for a command", "[interview][task-check]") {
    auto interview = start_perf();
    const auto asked = interview.task_submission(submission);
    REQUIRE(asked);
    CHECK(asked->task_id == "perf-optimization");
    CHECK(asked->checker == "slow_query");
    CHECK(asked->variant_id == "q-1");
    CHECK(asked->message_index == 0);
    CHECK(asked->text == submission);
    CHECK_FALSE(interview.task_submission("hint"));
    CHECK_FALSE(interview.task_submission(" /SKIP "));
}

TEST_CASE("A check is recorded, streamed as feedback first, and decides its items", "[interview][task-check]") {
    auto interview = start_perf();
    const auto check = check_for(*interview.task_submission(submission), true);
    const auto events = interview.handle_message(submission, interview_start + std::chrono::minutes(20), check);
    const auto types = types_of(events);
    REQUIRE(types.size() >= 4);
    CHECK(types[0] == "answer_received");
    CHECK(types[1] == "task_checked");
    CHECK(types[2] == "feedback");
    const auto* checked = find_event<TaskChecked>(events);
    REQUIRE(checked != nullptr);
    CHECK(*checked == check);
    const auto& first_feedback = std::get<FeedbackItem>(events[2].payload);
    CHECK(first_feedback.kind == FeedbackKind::check);
    CHECK(first_feedback.subject_id == "slow_query.rows");
    CHECK(first_feedback.positive);
    CHECK(first_feedback.evidence == check.findings[0].evidence);

    std::map<std::string, FeedbackItem> coverage;
    for (const auto& event : events) {
        if (const auto* item = std::get_if<FeedbackItem>(&event.payload); item && item->kind == FeedbackKind::coverage) {
            coverage[item->subject_id] = *item;
        }
    }
    CHECK(coverage.at("perf-optimization-deliv-optimized-query").positive);
    CHECK(coverage.at("perf-optimization-deliv-optimized-query").detail == "the same row, 26x fewer steps");
    CHECK(coverage.at("perf-optimization-deliv-optimized-query").evidence == check.items[0].evidence);
    // The text scorer finds "new plan" words; the check says the plan was not explained, and the check decides.
    CHECK_FALSE(coverage.at("perf-optimization-deliv-new-plan").positive);
    CHECK(coverage.at("perf-optimization-deliv-new-plan").detail == "does not say what the plan shows");
}

TEST_CASE("The score is the text scorer's, with the decided items counted as the check says", "[interview][task-check]") {
    const auto& task = *backend_pack().find_task("perf-optimization");
    const auto text_score = backend_scorer().score_task_submission(task, submission);
    TaskChecked nothing_decided;
    const auto same = apply_task_check(text_score, nothing_decided, backend_scorer().config());
    CHECK(same.score == text_score.score);
    CHECK(same.breakdown.coverage == text_score.breakdown.coverage);
    CHECK(same.breakdown.penalties == text_score.breakdown.penalties);

    auto interview = start_perf();
    const auto failed = check_for(*interview.task_submission(submission), false);
    const auto worse = apply_task_check(text_score, failed, backend_scorer().config());
    CHECK(worse.score < text_score.score);
    CHECK(worse.breakdown.structure == text_score.breakdown.structure);
    CHECK(worse.breakdown.specificity == text_score.breakdown.specificity);
    CHECK_THAT(worse.feedback.missing.front(), Catch::StartsWith("Not met: \"Optimized query\" (checked by running it: other rows)"));
}

TEST_CASE("Taking out the check's decisions gives exactly the scorer's score, for many submissions", "[interview][task-check]") {
    // The adding-up in apply_task_check repeats the scorer's task rule: they must agree.
    for (const auto& task : backend_pack().practical_tasks) {
        for (const std::string& text : {strong_answer(task.id), weak_answer(task.id), std::string(""), std::string("asdf qwer zxcv"),
                                        submission}) {
            const auto score = backend_scorer().score_task_submission(task, text);
            TaskChecked agreeing;
            for (const auto& section : score.sections) {
                for (const auto& item : section.items) agreeing.items.push_back({item.item_id, item.covered, "as the text says", {}});
            }
            for (const auto& mistake : score.common_mistakes) agreeing.mistakes.push_back({mistake.flag_id, mistake.raised, mistake.reason, {}});
            const auto combined = apply_task_check(score, agreeing, backend_scorer().config());
            INFO(task.id << ": " << text);
            CHECK(combined.score == score.score);
            CHECK(combined.breakdown.coverage == score.breakdown.coverage);
            CHECK(combined.breakdown.penalties == score.breakdown.penalties);
            CHECK(combined.breakdown.penalty_items.size() == score.breakdown.penalty_items.size());
        }
    }
}

TEST_CASE("A check that is not for this message is refused, and nothing happens", "[interview][task-check]") {
    auto interview = start_perf();
    auto check = check_for(*interview.task_submission(submission), true);
    check.message_index = 1;
    CHECK_THROWS_WITH(interview.handle_message(submission, interview_start, check), Catch::Contains("is not for this message"));
    check.message_index = 0;
    CHECK_THROWS_AS(interview.handle_message("hint", interview_start, check), InterviewError);
    CHECK(interview.state().last_seq == 3);
}

TEST_CASE("A follow-up answer without code is scored with the check that stands", "[interview][task-check]") {
    auto interview = start_perf();
    const auto check = check_for(*interview.task_submission(submission), true);
    (void)interview.handle_message(submission, interview_start + std::chrono::minutes(20), check);
    REQUIRE(interview.progress().awaiting_follow_up);
    const std::string follow_up = "I compared the plans before and after with EXPLAIN QUERY PLAN.";
    REQUIRE(interview.task_submission(follow_up));
    CHECK(interview.task_submission(follow_up)->message_index == 1);
    const auto events = interview.handle_message(follow_up, interview_start + std::chrono::minutes(22));
    CHECK(find_event<TaskChecked>(events) == nullptr);
    bool decided = false;
    for (const auto& event : events) {
        const auto* item = std::get_if<FeedbackItem>(&event.payload);
        if (item && item->subject_id == "perf-optimization-deliv-optimized-query") decided = item->positive && !item->detail.empty();
    }
    CHECK(decided);
    REQUIRE(interview.state().items[0][0].check);
    CHECK(*interview.state().items[0][0].check == check);
}

TEST_CASE("Replay restores the check without the host, and the events read back equal", "[interview][task-check]") {
    auto interview = start_perf();
    const auto check = check_for(*interview.task_submission(submission), true);
    EventLog log{interview.opening_events()};
    for (auto& event : interview.handle_message(submission, interview_start + std::chrono::minutes(20), check)) {
        log.events.push_back(std::move(event));
    }
    for (auto& event : interview.handle_message("end", interview_start + std::chrono::minutes(21))) {
        log.events.push_back(std::move(event));
    }
    const auto stored = event_log_to_json(log);
    const auto read_back = event_log_from_json(nlohmann::json::parse(stored.dump()));
    CHECK(read_back == log);
    const auto replayed = Interview::replay(backend_pack(), backend_scorer(), read_back);
    REQUIRE(replayed.state().items[0][0].check);
    CHECK(*replayed.state().items[0][0].check == check);
    CHECK(replayed.state().items[0][0].material == interview.state().items[0][0].material);
}

TEST_CASE("A check out of order is refused on replay with the event named", "[interview][task-check]") {
    auto interview = start_perf();
    EventLog log{interview.opening_events()};
    InterviewEvent stray{log.events.back().seq + 1, interview_start, check_for(*interview.task_submission(submission), true)};
    log.events.push_back(stray);
    CHECK_THROWS_WITH(Interview::replay(backend_pack(), backend_scorer(), log), Catch::Contains("event 4 (task_checked)"));
}

TEST_CASE("The report shows what running the task showed", "[interview][task-check][report]") {
    auto interview = start_perf();
    const auto check = check_for(*interview.task_submission(submission), true);
    (void)interview.handle_message(submission, interview_start + std::chrono::minutes(20), check);
    (void)interview.handle_message("end", interview_start + std::chrono::minutes(21));
    const auto report = interview.report();
    REQUIRE(report.questions.size() == 1);
    REQUIRE(report.questions[0].check);
    CHECK(report.questions[0].check->summary == check.summary);
    // Named by the guide, not by the prompt (which says how to submit).
    CHECK(report.questions[0].text == "Practical task: Performance Optimization. Optimize a given slow SQL query.");
    const auto json = report_to_json(report);
    CHECK(json["questions"][0]["check"]["outcome"] == "passed");
    CHECK(json["questions"][0]["check"]["details"]["speedup"] == 26.0);
    CHECK(json["questions"][0]["check"]["findings"][0]["text"] == "Same result as the original (1 row).");
    const auto markdown = report_to_markdown(report);
    CHECK_THAT(markdown, Catch::Contains("#### Checked by running it\n\nOptimised: 26x fewer steps."));
    CHECK_THAT(markdown, Catch::Contains("- ✓ Same result as the original (1 row)."));
    CHECK_THAT(markdown, Catch::Contains("The plan before:\n\n```text\nSCAN orders\n```"));
}

TEST_CASE("The plan may choose the practical task, which must be in a chosen stage", "[interview][plan]") {
    for (const auto* task : {"api-implementation", "db-schema-design", "perf-optimization"}) {
        auto plan = perf_plan();
        plan.practical_task = task;
        const auto interview = Interview::start(backend_pack(), backend_scorer(), plan, interview_start);
        CHECK(find_event<QuestionAsked>(interview.opening_events())->item_id == task);
        CHECK(plan_from_json(plan_to_json(plan)).plan->practical_task == task);
    }
    auto unknown = perf_plan();
    unknown.practical_task = "lunch";
    CHECK_THAT(validate_plan(unknown, backend_pack()).at(0), Catch::Contains("practical_task \"lunch\" is unknown; valid tasks:"));
    auto elsewhere = perf_plan();
    elsewhere.stages = {"hr"};
    CHECK_THAT(validate_plan(elsewhere, backend_pack()).at(0), Catch::Contains("belongs to a stage the plan leaves out"));
    CHECK_THAT(plan_from_json({{"role", "backend-developer"}, {"practical_task", 3}}).problems.at(0), Catch::Contains("must be a task id"));
}

TEST_CASE("Choosing the task leaves the rest of the draw as it was", "[interview][plan]") {
    auto drawn = plan_for({"coding-challenge", "final"});
    auto chosen = drawn;
    chosen.practical_task = "db-schema-design";
    const auto a = Interview::start(backend_pack(), backend_scorer(), drawn, interview_start);
    const auto b = Interview::start(backend_pack(), backend_scorer(), chosen, interview_start);
    const auto& schedule_a = find_event<InterviewStarted>(a.opening_events())->schedule;
    const auto& schedule_b = find_event<InterviewStarted>(b.opening_events())->schedule;
    REQUIRE(schedule_a.size() == schedule_b.size());
    CHECK(schedule_a[1] == schedule_b[1]);
    CHECK(schedule_b[0].items.back().id == "db-schema-design");
}
