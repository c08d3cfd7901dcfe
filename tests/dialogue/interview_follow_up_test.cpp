// Follow-ups target the gaps of the answer they follow; complete answers draw none.
#include <algorithm>
#include <set>

#include "dialogue/interview/interview_follow_up.hpp"
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

// Ids of what the scored answer lacks, as the feedback events reported them.
std::set<std::string> gaps_in(const std::vector<InterviewEvent>& events) {
    std::set<std::string> gaps;
    for (const auto& event : events) {
        const auto* item = std::get_if<FeedbackItem>(&event.payload);
        if (item == nullptr) continue;
        if (item->kind == FeedbackKind::coverage && !item->positive) gaps.insert(item->subject_id);
        if (item->kind == FeedbackKind::star && !item->positive) gaps.insert("star:" + item->subject_id);
        if (item->kind == FeedbackKind::red_flag) gaps.insert(item->subject_id);
        if (item->kind == FeedbackKind::gate) gaps.insert("gate:" + item->subject_id);
    }
    // "We"-only actions are told in the score's list of what is missing, not as a feedback item.
    if (const auto* scored = find_event<AnswerScored>(events)) {
        for (const auto& line : scored->missing) {
            if (line.find("told only as \"we\"") != std::string::npos) gaps.insert("ownership");
        }
    }
    return gaps;
}

InterviewPlan one_question_plan() {
    auto plan = plan_for({"technical"});
    plan.questions_per_stage = 4;  // the whole stage, so the debugging question is always asked
    plan.follow_ups_per_question = 2;
    return plan;
}

// Skips forward to the given question.
void skip_to(InterviewDriver& driver, const std::string& question_id) {
    for (int guard = 0; guard < 10 && driver.interview().progress().item_id != question_id; ++guard) (void)driver.say("skip");
    REQUIRE(driver.interview().progress().item_id == question_id);
}

}  // namespace

TEST_CASE("a weak answer draws a follow-up that targets a gap of that answer", "[interview][follow-up]") {
    InterviewDriver driver(one_question_plan());
    skip_to(driver, "debugging-approach");
    const auto events = driver.say("I usually just restart the server or the application if something doesn't work.");
    const auto* follow_up = find_event<FollowUpAsked>(events);
    REQUIRE(follow_up != nullptr);
    const auto gaps = gaps_in(events);
    REQUIRE_FALSE(follow_up->targets.empty());
    for (const auto& target : follow_up->targets) CHECK(gaps.count(target) == 1);
    CHECK(events.back().type() == "follow_up");
    if (follow_up->source == FollowUpSource::guide) {
        const auto& guide = backend_pack().find_question("debugging-approach")->follow_ups;
        const auto found = std::find_if(guide.begin(), guide.end(), [&](const auto& f) { return f.id == follow_up->follow_up_id; });
        REQUIRE(found != guide.end());
        CHECK(found->text == follow_up->text);
    }
}

TEST_CASE("a gap no guide follow-up probes draws a probe naming the missing point", "[interview][follow-up]") {
    InterviewDriver driver(one_question_plan());
    skip_to(driver, "rest-vs-soap");
    // Principles and formats, but nothing on how they communicate or when to use which.
    const auto events = driver.say("REST is an architectural style built on resources, while SOAP is a strict protocol. "
                                   "REST usually sends JSON, SOAP always uses XML envelopes.");
    const auto* follow_up = find_event<FollowUpAsked>(events);
    REQUIRE(follow_up != nullptr);
    const auto gaps = gaps_in(events);
    for (const auto& target : follow_up->targets) CHECK(gaps.count(target) == 1);
    if (follow_up->source == FollowUpSource::probe) {
        const auto* question = backend_pack().find_question("rest-vs-soap");
        const auto item = std::find_if(question->coverage.begin(), question->coverage.end(),
                                       [&](const auto& c) { return c.id == follow_up->targets.front(); });
        REQUIRE(item != question->coverage.end());
        CHECK_THAT(follow_up->text, Catch::Contains("You haven't mentioned") &&
                                        Catch::Contains(item->text.substr(1), Catch::CaseSensitive::No));
    }
}

TEST_CASE("a complete answer draws no follow-up", "[interview][follow-up]") {
    InterviewDriver driver(one_question_plan());
    skip_to(driver, "version-control");
    const auto events = driver.say(
        "I have used Git every day for over five years in a team of eight developers. We follow Git Flow: every task gets "
        "its own feature branch off develop, and releases get release branches. Changes are merged through pull requests "
        "after a code review, and I rebase my branch on develop before merging to keep history clean. When a merge "
        "conflict comes up I resolve it locally, talk to the colleague who changed the same code, and rerun the tests "
        "before I push.");
    CHECK(gaps_in(events).empty());
    CHECK(find_event<FollowUpAsked>(events) == nullptr);
    CHECK(driver.interview().progress().item_id != "version-control");
}

TEST_CASE("the follow-up's answer adds to the same question's coverage", "[interview][follow-up]") {
    InterviewDriver driver(one_question_plan());
    skip_to(driver, "debugging-approach");
    const auto first = driver.say("I usually just restart the server or the application if something doesn't work.");
    REQUIRE(find_event<FollowUpAsked>(first) != nullptr);
    const auto first_score = find_event<AnswerScored>(first)->score;
    const auto second = driver.say(
        "For a challenging bug I first reproduce it, then read the logs and step through the code in the debugger with "
        "breakpoints. Last year I found a memory leak that way with a profiler and fixed the loop causing it; I also "
        "paired with a colleague and added a unit test so it cannot come back.");
    const auto* rescored = find_event<AnswerScored>(second);
    REQUIRE(rescored != nullptr);
    CHECK(rescored->item_id == "debugging-approach");
    CHECK(rescored->message_count == 2);
    CHECK(rescored->score > first_score);
    const std::string_view messages[] = {"I usually just restart the server or the application if something doesn't work.",
                                         std::get<AnswerReceived>(second.front().payload).text};
    CHECK(rescored->score ==
          backend_scorer().score_answers(*backend_pack().find_question("debugging-approach"), messages).score);
    bool evidence_in_second_message = false;
    for (const auto& event : second) {
        if (const auto* item = std::get_if<FeedbackItem>(&event.payload)) {
            for (const auto& span : item->evidence) evidence_in_second_message |= span.message_index == 1;
        }
    }
    CHECK(evidence_in_second_message);
}

TEST_CASE("follow-ups stop at the plan's limit per question", "[interview][follow-up]") {
    auto plan = one_question_plan();
    plan.follow_ups_per_question = 1;
    InterviewDriver driver(plan);
    skip_to(driver, "debugging-approach");
    REQUIRE(find_event<FollowUpAsked>(driver.say("I just restart the server.")) != nullptr);
    const auto events = driver.say("Not sure.");
    CHECK(find_event<FollowUpAsked>(events) == nullptr);
    CHECK(driver.interview().progress().item_id != "debugging-approach");
}

TEST_CASE("a behavioural answer without a result draws a follow-up about the result", "[interview][follow-up]") {
    auto plan = plan_for({"final"});
    plan.questions_per_stage = 2;
    plan.follow_ups_per_question = 1;
    InterviewDriver driver(plan);
    skip_to(driver, "technical-challenge");
    const auto events = driver.say(
        "While working on a distributed microservices system we had severe latency issues in checkout. As the backend "
        "developer I was responsible for finding the cause. I profiled the services, traced the requests and found a "
        "bottleneck in our message queue, so I proposed moving to RabbitMQ and implemented the switch.");
    const auto gaps = gaps_in(events);
    const auto* follow_up = find_event<FollowUpAsked>(events);
    REQUIRE(follow_up != nullptr);
    if (gaps.count("star:result") == 1 && gaps.size() == 1) {
        CHECK(follow_up->targets == std::vector<std::string>{"star:result"});
    }
    for (const auto& target : follow_up->targets) CHECK(gaps.count(target) == 1);
}

TEST_CASE("a behavioural answer told only as \"we\" has an ownership gap, after STAR and before red flags", "[interview][follow-up]") {
    const auto& question = *backend_pack().find_question("technical-challenge");
    const auto ours = backend_scorer().score_answer(
        question, "Our checkout API was timing out at peak. We profiled the service and we found an N+1 query. "
                  "We rewrote it as one join and latency dropped by 60%.");
    REQUIRE(ours.star.ownership == Ownership::team_only);
    const auto gaps = answer_gaps(question, ours);
    const auto ownership = std::find_if(gaps.begin(), gaps.end(), [](const AnswerGap& gap) { return gap.id == "ownership"; });
    REQUIRE(ownership != gaps.end());
    CHECK(ownership->kind == GapKind::ownership);
    CHECK(std::none_of(ownership, gaps.end(), [](const AnswerGap& gap) { return gap.kind == GapKind::star || gap.kind == GapKind::coverage; }));
    CHECK(std::none_of(gaps.begin(), ownership, [](const AnswerGap& gap) { return gap.kind == GapKind::red_flag; }));

    const auto mine = backend_scorer().score_answer(
        question, "Our checkout API was timing out at peak. I profiled the service and I found an N+1 query. "
                  "I rewrote it as one join and latency dropped by 60%.");
    const auto my_gaps = answer_gaps(question, mine);
    CHECK(std::none_of(my_gaps.begin(), my_gaps.end(), [](const AnswerGap& gap) { return gap.id == "ownership"; }));
}

TEST_CASE("the ownership gap draws a question about the candidate's own part, once", "[interview][follow-up]") {
    const auto& question = *backend_pack().find_question("technical-challenge");
    const std::vector<AnswerGap> gaps{{GapKind::ownership, "ownership", "The actions are told only as \"we\"", std::nullopt}};
    const auto follow_up = choose_follow_up(question.id, &question, gaps, {});
    REQUIRE(follow_up.has_value());
    CHECK(follow_up->source == FollowUpSource::probe);
    CHECK(follow_up->targets == std::vector<std::string>{"ownership"});
    CHECK_THAT(follow_up->text, Catch::Contains("What was your own part"));
    CHECK_FALSE(choose_follow_up(question.id, &question, gaps, {*follow_up}).has_value());
}
