// Whole interviews driven by scripted answers: stages, question choice, industry, seniority.
#include <algorithm>
#include <set>

#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
namespace content = mi::content;

namespace {

std::vector<std::string> stage_ids(const InterviewDriver& driver) {
    std::vector<std::string> ids;
    for (const auto& stage : driver.all<StageStarted>()) ids.push_back(stage.stage_id);
    return ids;
}

std::vector<std::string> asked_ids(const InterviewDriver& driver) {
    std::vector<std::string> ids;
    for (const auto& asked : driver.all<QuestionAsked>()) ids.push_back(asked.item_id);
    return ids;
}

bool asks_any_for_other_industries(const InterviewDriver& driver, const std::string& industry) {
    for (const auto& id : asked_ids(driver)) {
        const auto* question = backend_pack().find_question(id);
        if (question == nullptr || question->industries.empty()) continue;
        if (std::find(question->industries.begin(), question->industries.end(), industry) == question->industries.end()) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("an interview opens with a greeting, the first stage's participants and its first question", "[interview]") {
    InterviewDriver driver(plan_for({"hr", "technical"}));
    const auto& opening = driver.events();
    REQUIRE(opening.size() == 3);
    CHECK(opening[0].type() == "interview_started");
    const auto& stage = std::get<StageStarted>(opening[1].payload);
    CHECK(stage.stage_id == "hr");
    CHECK(stage.participants == std::vector<std::string>{"HR Manager", "Recruiter"});
    CHECK_THAT(stage.introduction, Catch::Contains("HR Manager") && Catch::Contains("background, motivation"));
    const auto& asked = std::get<QuestionAsked>(opening[2].payload);
    CHECK(asked.stage_id == "hr");
    CHECK(asked.question_index == 0);
    CHECK(asked.text == backend_pack().find_question(asked.item_id)->text);
}

TEST_CASE("the planned stages are held in the plan's order with the planned number of questions each", "[interview]") {
    auto plan = plan_for({"technical", "hr"});
    plan.questions_per_stage = 2;
    plan.follow_ups_per_question = 0;
    InterviewDriver driver(plan);
    driver.answer_all(strong_answer);

    CHECK(stage_ids(driver) == std::vector<std::string>{"technical", "hr"});
    const auto asked = driver.all<QuestionAsked>();
    REQUIRE(asked.size() == 4);
    CHECK(asked[0].stage_id == "technical");
    CHECK(asked[1].stage_id == "technical");
    CHECK(asked[2].stage_id == "hr");
    CHECK(asked[3].stage_id == "hr");
    for (const auto& question : asked) CHECK(question.question_count == 2);
    CHECK(driver.all<StageCompleted>().size() == 2);
    CHECK(driver.events().back().type() == "report");
}

TEST_CASE("a default plan goes through every stage of the guide in guide order without repeating a question", "[interview]") {
    InterviewPlan plan = plan_for({});
    InterviewDriver driver(plan);
    driver.answer_all(strong_answer);

    std::vector<std::string> guide_order;
    for (const auto& stage : backend_pack().stages) guide_order.push_back(stage.id);
    CHECK(stage_ids(driver) == guide_order);
    const auto ids = asked_ids(driver);
    CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
}

TEST_CASE("the coding challenge presents one practical task with its card and scores the submission", "[interview]") {
    InterviewDriver driver(plan_for({"coding-challenge"}));
    const auto asked = driver.all<QuestionAsked>();
    REQUIRE(asked.size() == 1);
    REQUIRE(asked[0].kind == QuestionKind::task);
    REQUIRE(asked[0].task.has_value());
    const auto* task = backend_pack().find_task(asked[0].item_id);
    REQUIRE(task != nullptr);
    CHECK(asked[0].task->duration == task->duration);
    CHECK_FALSE(asked[0].task->sections.empty());
    CHECK_THAT(asked[0].text, Catch::Contains(task->summary));

    const auto submission = strong_answer(task->id);
    const auto events = driver.say(submission);
    const auto* scored = find_event<AnswerScored>(events);
    REQUIRE(scored != nullptr);
    CHECK(scored->score == backend_scorer().score_task_submission(*task, submission).score);
    bool has_section_item = false;
    for (const auto& event : events) {
        if (const auto* item = std::get_if<FeedbackItem>(&event.payload); item && item->kind == FeedbackKind::coverage) {
            CHECK_FALSE(item->section.empty());
            has_section_item = true;
            for (const auto& span : item->evidence) {
                CHECK(span.message_index == 0);
                CHECK(span.end <= submission.size());
                CHECK(span.begin < span.end);
            }
        }
    }
    CHECK(has_section_item);
}

TEST_CASE("a task card lists the task's sections by id and the guide's title, in guide order, without the evaluation criteria",
          "[interview][task_sections]") {
    std::set<std::string> shown;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        InterviewDriver driver(plan_for({"coding-challenge"}, "none", content::Seniority::mid, seed));
        const auto asked = driver.all<QuestionAsked>();
        REQUIRE(asked.size() == 1);
        REQUIRE(asked[0].task.has_value());
        const auto* task = backend_pack().find_task(asked[0].item_id);
        REQUIRE(task != nullptr);
        INFO(task->id);
        std::vector<TaskSectionCard> expected;
        for (const auto& section : content::task_sections()) {
            const auto& items = task->*section.items;
            if (items.empty() || section.id == "evaluation_criteria") continue;
            std::vector<std::string> texts;
            for (const auto& item : items) texts.push_back(item.text);
            expected.push_back({std::string(section.id), std::string(section.title), texts});
        }
        CHECK(asked[0].task->sections == expected);
        shown.insert(task->id);
    }
    CHECK(shown.size() == backend_pack().practical_tasks.size());
}

TEST_CASE("different coding-challenge seeds present different tasks, and one seed always the same", "[interview]") {
    std::set<std::string> tasks;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        InterviewDriver first(plan_for({"coding-challenge"}, "none", content::Seniority::mid, seed));
        InterviewDriver again(plan_for({"coding-challenge"}, "none", content::Seniority::mid, seed));
        CHECK(asked_ids(first) == asked_ids(again));
        tasks.insert(asked_ids(first).front());
    }
    CHECK(tasks.size() > 1);
}

TEST_CASE("an industry interview asks that industry's derived questions and no other industry's", "[interview]") {
    for (const std::string industry : {"startup", "enterprise", "agency"}) {
        InterviewDriver driver(plan_for({"hr", "final"}, industry));
        driver.answer_all(strong_answer);
        const auto ids = asked_ids(driver);
        int derived_for_industry = 0;
        for (const auto& id : ids) {
            const auto* question = backend_pack().find_question(id);
            if (!question->derived_from.empty() &&
                std::find(question->industries.begin(), question->industries.end(), industry) != question->industries.end()) {
                ++derived_for_industry;
            }
        }
        INFO(industry);
        CHECK(derived_for_industry == 2);  // the pack has one for HR and one for the final interview
        CHECK_FALSE(asks_any_for_other_industries(driver, industry));
        CHECK_THAT(std::get<InterviewStarted>(driver.events().front().payload).greeting,
                   Catch::Contains(backend_pack().find_industry(industry)->interview_emphasis.front().text,
                                   Catch::CaseSensitive::No));
    }
}

TEST_CASE("an interview without an industry asks no industry-derived question", "[interview]") {
    InterviewDriver driver(plan_for({"hr", "final"}));
    driver.answer_all(strong_answer);
    for (const auto& id : asked_ids(driver)) CHECK(backend_pack().find_question(id)->industries.empty());
}

TEST_CASE("a senior interview asks more questions and follow-ups than a junior one and weighs system design double",
          "[interview]") {
    InterviewDriver junior(plan_for({"hr", "technical", "system-design"}, "none", content::Seniority::junior));
    InterviewDriver senior(plan_for({"hr", "technical", "system-design"}, "none", content::Seniority::senior));
    const auto& junior_start = std::get<InterviewStarted>(junior.events().front().payload);
    const auto& senior_start = std::get<InterviewStarted>(senior.events().front().payload);
    CHECK(junior_start.questions_per_stage < senior_start.questions_per_stage);
    CHECK(junior_start.follow_ups_per_question < senior_start.follow_ups_per_question);
    CHECK(senior_start.schedule[2].weight == 2.0);
    CHECK(junior_start.schedule[2].weight == 0.5);
    CHECK(senior_start.schedule[0].weight == 1.0);

    junior.answer_all(weak_answer);
    senior.answer_all(weak_answer);
    CHECK(junior.all<QuestionAsked>().size() < senior.all<QuestionAsked>().size());
    CHECK(junior.all<FollowUpAsked>().size() < senior.all<FollowUpAsked>().size());
    CHECK(junior.interview().report().pass_mark < senior.interview().report().pass_mark);
}

TEST_CASE("a junior technical stage prefers basic questions and a senior one advanced ones", "[interview]") {
    auto junior_plan = plan_for({"technical", "system-design"}, "none", content::Seniority::junior);
    junior_plan.questions_per_stage = 2;
    InterviewDriver junior(junior_plan);
    const auto& schedule = std::get<InterviewStarted>(junior.events().front().payload).schedule;
    for (const auto& item : schedule[0].items) {
        CHECK(backend_pack().find_question(item.id)->category == content::QuestionCategory::basic_technical);
    }
}

TEST_CASE("every answer's feedback is streamed item by item before its score", "[interview]") {
    InterviewDriver driver(plan_for({"technical"}));
    const auto question_id = driver.interview().progress().item_id;
    const auto answer = strong_answer(question_id);
    const auto events = driver.say(answer);
    REQUIRE(events.size() >= 3);
    CHECK(events[0].type() == "answer_received");
    std::size_t i = 1;
    while (i < events.size() && events[i].type() == "feedback") ++i;
    CHECK(i > 1);
    REQUIRE(i < events.size());
    CHECK(events[i].type() == "answer_scored");
    const auto& scored = std::get<AnswerScored>(events[i].payload);
    CHECK(scored.score == backend_scorer().score_answer(*backend_pack().find_question(question_id), answer).score);
    CHECK(scored.coverage_points + scored.structure_points + scored.specificity_points - scored.penalty_points == scored.score);
    for (std::size_t f = 1; f < i; ++f) {
        for (const auto& span : std::get<FeedbackItem>(events[f].payload).evidence) {
            CHECK(span.end <= answer.size());
            CHECK(span.begin < span.end);
        }
    }
}

TEST_CASE("an answer's elapsed time is measured from the question it answers", "[interview]") {
    InterviewDriver driver(plan_for({"hr"}));
    const auto events = driver.say("help");
    (void)events;
    const auto answered = driver.say(strong_answer(driver.interview().progress().item_id));
    CHECK(std::get<AnswerReceived>(answered.front().payload).elapsed_ms == 60'000);
}

TEST_CASE("an invalid plan is refused with every problem and the valid values", "[interview]") {
    auto plan = plan_for({"hr", "lunch"}, "bank");
    plan.questions_per_stage = 0;
    try {
        (void)Interview::start(backend_pack(), backend_scorer(), plan, interview_start);
        FAIL("the plan was accepted");
    } catch (const InterviewError& error) {
        const std::string message = error.what();
        CHECK_THAT(message, Catch::Contains("stage \"lunch\"") && Catch::Contains("\"system-design\""));
        CHECK_THAT(message, Catch::Contains("industry \"bank\"") && Catch::Contains("\"startup\"") &&
                                Catch::Contains("\"none\""));
        CHECK_THAT(message, Catch::Contains("questions_per_stage 0"));
    }
}

TEST_CASE("a message after the report is refused", "[interview]") {
    InterviewDriver driver(plan_for({"hr"}));
    (void)driver.say("end");
    REQUIRE(driver.interview().finished());
    CHECK_THROWS_AS(driver.say("one more thing"), InterviewError);
}
