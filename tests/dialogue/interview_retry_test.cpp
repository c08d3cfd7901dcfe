// "Try again": after a scored answer the candidate re-answers the question (`again`); both
// attempts stay in the log and the state, the comparison says what was gained and lost, the
// report counts the better attempt, and a replay rebuilds all of it.
#include <algorithm>
#include <set>

#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

InterviewPlan two_questions(int follow_ups) {
    auto plan = plan_for({"hr"});
    plan.questions_per_stage = 2;
    plan.follow_ups_per_question = follow_ups;
    return plan;
}

template <typename Payload>
std::vector<Payload> of_type(const std::vector<InterviewEvent>& events) {
    std::vector<Payload> found;
    for (const auto& event : events) {
        if (const auto* payload = std::get_if<Payload>(&event.payload)) found.push_back(*payload);
    }
    return found;
}

std::set<std::string> covered_ids(const std::vector<InterviewEvent>& events) {
    std::set<std::string> ids;
    for (const auto& item : of_type<FeedbackItem>(events)) {
        if (item.kind == FeedbackKind::coverage && item.positive) ids.insert(item.text);
    }
    return ids;
}

}  // namespace

TEST_CASE("again re-asks the question answered last and compares the two attempts", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    const auto first_answer = driver.say(weak_answer(first));
    const auto second_prompt = driver.interview().progress().prompt;
    REQUIRE(driver.interview().progress().item_id != first);

    const auto started = driver.say("again");
    const auto retry = of_type<RetryStarted>(started);
    REQUIRE(retry.size() == 1);
    CHECK(retry[0].item_id == first);
    CHECK(retry[0].attempt == 2);
    CHECK(retry[0].previous_score == of_type<AnswerScored>(first_answer).at(0).score);
    CHECK(driver.interview().progress().item_id == first);
    CHECK(driver.interview().progress().prompt == retry[0].text);

    const auto second_answer = driver.say(strong_answer(first));
    const auto before = of_type<AnswerScored>(first_answer).at(0);
    const auto after = of_type<AnswerScored>(second_answer).at(0);
    const auto compared = of_type<RetryCompared>(second_answer);
    REQUIRE(compared.size() == 1);
    CHECK(compared[0].before_score == before.score);
    CHECK(compared[0].after_score == after.score);
    CHECK(compared[0].best_score == std::max(before.score, after.score));
    CHECK(of_type<FollowUpAsked>(second_answer).empty());
    // Gained: covered by the retry and not before; lost: the reverse.
    const auto was = covered_ids(first_answer);
    const auto now = covered_ids(second_answer);
    std::vector<std::string> gained, lost;
    for (const auto& text : now) if (!was.count(text)) gained.push_back(text);
    for (const auto& text : was) if (!now.count(text)) lost.push_back(text);
    std::sort(gained.begin(), gained.end());
    std::sort(lost.begin(), lost.end());
    auto reported_gained = compared[0].gained;
    auto reported_lost = compared[0].lost;
    std::sort(reported_gained.begin(), reported_gained.end());
    std::sort(reported_lost.begin(), reported_lost.end());
    CHECK(reported_gained == gained);
    CHECK(reported_lost == lost);
    // Back to the question that was waiting.
    CHECK(compared[0].resume_prompt == second_prompt);
    CHECK(driver.interview().progress().prompt == second_prompt);
    CHECK(driver.interview().progress().item_id != first);
    CHECK_FALSE(describe_retry(compared[0]).empty());
}

TEST_CASE("the report counts the better attempt and says it was a retry", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    const auto weak = of_type<AnswerScored>(driver.say(weak_answer(first))).at(0).score;
    (void)driver.say("again");
    const auto strong = of_type<AnswerScored>(driver.say(strong_answer(first))).at(0).score;
    REQUIRE(strong > weak);
    driver.answer_all(strong_answer);
    const auto report = driver.interview().report();
    const auto& question = report.questions.front();
    CHECK(question.item_id == first);
    CHECK(question.score == strong);
    CHECK(question.attempts == 2);
    CHECK(question.best_attempt == 2);
    CHECK(question.answers == std::vector<std::string>{strong_answer(first)});
    const auto json = report_to_json(report);
    CHECK(json["questions"][0]["attempts"] == 2);
    CHECK(json["questions"][0]["best_attempt"] == 2);
    CHECK(report_to_markdown(report).find("Answered 2 times (Try again); attempt 2, a retry, counts as the best.") !=
          std::string::npos);
}

TEST_CASE("a worse retry leaves the earlier attempt counting", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    const auto strong = of_type<AnswerScored>(driver.say(strong_answer(first))).at(0).score;
    (void)driver.say("again");
    const auto retried = driver.say(weak_answer(first));
    const auto weak = of_type<AnswerScored>(retried).at(0).score;
    REQUIRE(weak < strong);
    CHECK(of_type<RetryCompared>(retried).at(0).best_score == strong);
    const auto report = driver.interview().report();
    CHECK(report.questions.front().score == strong);
    CHECK(report.questions.front().best_attempt == 1);
}

TEST_CASE("both attempts stay in the log and a replay rebuilds them", "[interview][retry][replay]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    (void)driver.say(weak_answer(first));
    (void)driver.say("again");
    (void)driver.say(strong_answer(first));
    const auto through_json = event_log_from_json(nlohmann::json::parse(event_log_to_json(driver.log()).dump()));
    CHECK(through_json == driver.log());
    const auto replayed = Interview::replay(backend_pack(), backend_scorer(), through_json);
    const auto& record = replayed.state().items[0][0];
    REQUIRE(record.earlier_attempts.size() == 1);
    CHECK(record.earlier_attempts[0].messages.at(0).text == weak_answer(first));
    CHECK(record.messages.at(0).text == strong_answer(first));
    CHECK(report_to_json(replayed.report()) == report_to_json(driver.interview().report()));
    CHECK(replayed.progress().prompt == driver.interview().progress().prompt);
}

TEST_CASE("again during a follow-up re-answers that question, then the interview moves on", "[interview][retry]") {
    InterviewDriver driver(two_questions(1));
    const auto first = driver.interview().progress().item_id;
    (void)driver.say(weak_answer(first));
    REQUIRE(driver.interview().progress().awaiting_follow_up);
    (void)driver.say("again");
    CHECK_FALSE(driver.interview().progress().awaiting_follow_up);
    const auto events = driver.say(strong_answer(first));
    const auto compared = of_type<RetryCompared>(events);
    REQUIRE(compared.size() == 1);
    CHECK(compared[0].resume_prompt.empty());
    const auto asked = of_type<QuestionAsked>(events);
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].item_id != first);
    CHECK(driver.interview().state().items[0][0].follow_ups.empty());
    CHECK(driver.interview().state().items[0][0].earlier_attempts.at(0).follow_ups.size() == 1);
}

TEST_CASE("skip during a retry keeps the earlier answer", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    const auto score = of_type<AnswerScored>(driver.say(weak_answer(first))).at(0).score;
    const auto waiting = driver.interview().progress().prompt;
    (void)driver.say("again");
    const auto skipped = driver.say("skip");
    REQUIRE(of_type<CommandHandled>(skipped).size() == 1);
    CHECK(of_type<CommandHandled>(skipped)[0].response == "Keeping your earlier answer. Back to: " + waiting);
    CHECK(driver.interview().progress().prompt == waiting);
    const auto& record = driver.interview().state().items[0][0];
    CHECK(record.earlier_attempts.empty());
    CHECK(record.score->score == score);
    CHECK(driver.interview().report().questions.front().attempts == 1);
    // The replay agrees.
    const auto replayed = Interview::replay(backend_pack(), backend_scorer(), driver.log());
    CHECK(report_to_json(replayed.report()) == report_to_json(driver.interview().report()));
}

TEST_CASE("again before any scored answer, or twice, says why nothing is re-asked", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto nothing = driver.say("again");
    CHECK(of_type<RetryStarted>(nothing).empty());
    CHECK(of_type<CommandHandled>(nothing).at(0).response.find("no scored answer") != std::string::npos);
    const auto first = driver.interview().progress().item_id;
    (void)driver.say(weak_answer(first));
    (void)driver.say("again");
    const auto twice = driver.say("again");
    CHECK(of_type<RetryStarted>(twice).empty());
    CHECK(of_type<CommandHandled>(twice).at(0).response.find("already") != std::string::npos);
    // After a skipped question there is nothing to try again.
    (void)driver.say("skip");   // leaves the retry
    (void)driver.say("skip");   // skips the second question
    CHECK(driver.interview().finished());
}

TEST_CASE("a second retry is attempt 3 and every attempt is kept", "[interview][retry]") {
    InterviewDriver driver(two_questions(0));
    const auto first = driver.interview().progress().item_id;
    (void)driver.say(weak_answer(first));
    (void)driver.say("again");
    (void)driver.say(weak_answer(first));
    const auto third = of_type<RetryStarted>(driver.say("again"));
    REQUIRE(third.size() == 1);
    CHECK(third[0].attempt == 3);
    (void)driver.say(strong_answer(first));
    CHECK(driver.interview().state().items[0][0].earlier_attempts.size() == 2);
    CHECK(driver.interview().report().questions.front().attempts == 3);
}
