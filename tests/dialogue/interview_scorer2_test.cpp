// What scorer-2's evidence changes in the interview: follow-ups ask for a measurable result rather
// than for the guide's example metrics, the whole good answer is shown once a question is done, the
// hint names the gaps so far, and scores carry their metrics and the evidence of their penalties.
#include <algorithm>

#include "dialogue/interview/interview_follow_up.hpp"
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

std::vector<std::string> gap_ids(std::string_view question_id, std::string_view answer) {
    const auto& question = *backend_pack().find_question(question_id);
    std::vector<std::string> ids;
    for (const auto& gap : answer_gaps(question, backend_scorer().score_answer(question, answer))) ids.push_back(gap.id);
    return ids;
}

bool contains(const std::vector<std::string>& ids, std::string_view id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

}  // namespace

TEST_CASE("a story with a measurable result is not asked for the guide's example metrics", "[interview][scorer-2]") {
    const auto ids = gap_ids("technical-challenge",
        "We were losing webhook events from our payment provider. I owned the integration, so I changed the endpoint to "
        "store the raw event and acknowledge at once, then process it from a queue with retries. Lost events went from "
        "about 40 a week to 0.");
    CHECK_FALSE(contains(ids, "technical-challenge-latency"));
    CHECK_FALSE(contains(ids, "metric:any"));
}

TEST_CASE("a story without any measurable result is asked for one, not for latency", "[interview][scorer-2]") {
    const auto ids = gap_ids("technical-challenge",
        "We were losing webhook events from our payment provider. I owned the integration, so I changed the endpoint to "
        "store the raw event and acknowledge at once, then process it from a queue with retries. The merchants stopped "
        "complaining.");
    CHECK(contains(ids, "metric:any"));
    CHECK_FALSE(contains(ids, "technical-challenge-latency"));
}

TEST_CASE("a story about slowness without numbers is asked about the latency it names", "[interview][scorer-2]") {
    const auto ids = gap_ids("technical-challenge",
        "Our search pages had terrible latency for big shops. I owned the catalogue service, so I profiled the query, "
        "split it into a materialised view and a small live query, and the pages felt much quicker afterwards.");
    CHECK(contains(ids, "technical-challenge-latency"));
}

TEST_CASE("the guide's whole good answer comes with the score once the question is done, not while follow-ups remain", "[interview][scorer-2]") {
    InterviewDriver driver(plan_for({"hr"}));
    const std::string first = driver.interview().progress().item_id;
    const auto* question = backend_pack().find_question(first);
    REQUIRE(question != nullptr);
    const auto weak = driver.say("I am not sure.");
    const auto* open = find_event<AnswerScored>(weak);
    REQUIRE(open != nullptr);
    if (find_event<FollowUpAsked>(weak) != nullptr) CHECK(open->strong_answer.empty());
    (void)driver.say("skip");
    InterviewDriver complete(plan_for({"hr"}));
    const auto done = complete.say(strong_answer(first));
    const auto* scored = find_event<AnswerScored>(done);
    REQUIRE(scored != nullptr);
    if (find_event<FollowUpAsked>(done) == nullptr) {
        CHECK(scored->strong_answer == question->good_answer_example);   // whole, never cut
    }
}

TEST_CASE("the hint names what the answer has not covered yet", "[interview][scorer-2]") {
    InterviewDriver driver(plan_for({"technical"}));
    for (int guard = 0; guard < 10 && driver.interview().progress().item_id != "db-indexing"; ++guard) (void)driver.say("skip");
    REQUIRE(driver.interview().progress().item_id == "db-indexing");
    (void)driver.say("Indexes let the database find rows without scanning the whole table.");
    const auto response = std::get<CommandHandled>(driver.say("hint").front().payload).response;
    CHECK_THAT(response, Catch::Contains("Not covered yet:"));
    CHECK_THAT(response, Catch::Contains("trade-offs"));
    CHECK_THAT(response, Catch::Contains("What the interviewer wants:"));
}

TEST_CASE("a score's metrics and its penalties' evidence survive the event log round trip", "[interview][scorer-2]") {
    InterviewDriver driver(plan_for({"technical"}));
    for (int guard = 0; guard < 10 && driver.interview().progress().item_id != "db-indexing"; ++guard) (void)driver.say("skip");
    const auto events = driver.say("Indexes make writes faster, so I add one on every column. Reads went from 900 ms to 20 ms.");
    const auto* scored = find_event<AnswerScored>(events);
    REQUIRE(scored != nullptr);
    const auto wrong = std::find_if(scored->penalties.begin(), scored->penalties.end(),
                                    [](const PenaltyLine& line) { return line.reason.rfind("wrong statement", 0) == 0; });
    REQUIRE(wrong != scored->penalties.end());
    CHECK_FALSE(wrong->evidence.empty());
    REQUIRE(scored->metrics.size() == 1);
    for (const auto& event : events) CHECK(event_from_json(event_to_json(event)) == event);
}
