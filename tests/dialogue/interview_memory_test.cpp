// An engine that keeps only its current item (ItemHistory::current, as the server's live
// interviews) decides exactly as one that keeps everything, and the report its log restores is
// the report the whole state builds.
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
namespace content = mi::content;

namespace {

// A long interview's messages, the same for every engine it is given to: strong and weak answers,
// `again` (twice in a row on one question, too), hints, repeats, skips and a skip of a retry.
std::string message_at(int step, const std::string& item_id) {
    if (step % 9 == 4) return "again";
    if (step % 9 == 5) return weak_answer(item_id);        // the retry's answer
    if (step % 17 == 6) return "again";                     // again after a retry: attempt 3
    if (step % 13 == 7) return "hint";
    if (step % 19 == 10) return "skip";
    if (step % 23 == 11) return "repeat";
    return step % 3 == 0 ? weak_answer(item_id) : strong_answer(item_id);
}

// How many items still hold an answer, feedback, a score or an earlier attempt.
int items_holding_answers(const InterviewState& state) {
    int holding = 0;
    for (const auto& stage : state.items) {
        for (const auto& record : stage) {
            if (!record.messages.empty() || !record.feedback.empty() || record.score || !record.earlier_attempts.empty() ||
                !record.follow_ups.empty() || !record.text.empty()) {
                ++holding;
            }
        }
    }
    return holding;
}

}  // namespace

TEST_CASE("a long interview decided by an engine keeping only its current item gives the same events and report",
          "[interview][memory]") {
    auto plan = plan_for({}, "startup", content::Seniority::senior, 11);
    plan.questions_per_stage = 6;
    auto whole = Interview::start(backend_pack(), backend_scorer(), plan, interview_start);
    auto current = Interview::start(backend_pack(), backend_scorer(), plan, interview_start, {}, nullptr,
                                    ItemHistory::current);
    EventLog whole_log{whole.opening_events()};
    EventLog current_log{current.opening_events()};
    REQUIRE(current_log == whole_log);

    auto clock = interview_start;
    int answers = 0;
    int most_held = 0;
    for (int step = 0; step < 400 && !whole.finished(); ++step) {
        clock += std::chrono::seconds(20 + step % 7);
        const auto message = message_at(step, whole.progress().item_id);
        INFO("step " << step << ": " << message.substr(0, 40));
        const auto expected = whole.handle_message(message, clock);
        const auto actual = current.handle_message(message, clock);
        whole_log.events.insert(whole_log.events.end(), expected.begin(), expected.end());
        current_log.events.insert(current_log.events.end(), actual.begin(), actual.end());
        if (!parse_command(message)) ++answers;
        if (whole.finished()) break;
        REQUIRE(actual == expected);
        CHECK(current.progress().prompt == whole.progress().prompt);
        most_held = std::max(most_held, items_holding_answers(current.state()));
    }
    REQUIRE(whole.finished());
    REQUIRE(current.finished());
    CHECK(answers >= 25);
    // However many answers were given, the state holds the texts of the open item and the one
    // `again` may re-answer, no more.
    CHECK(most_held <= 2);
    CHECK(items_holding_answers(whole.state()) > 10);

    // Everything up to the report is the same; the report comes condensed, and the log restores it.
    REQUIRE(current_log.events.size() == whole_log.events.size());
    const auto& condensed = std::get<ReportReady>(current_log.events.back().payload);
    CHECK(condensed.condensed());
    current_log.events.back().payload = ReportReady{};
    restore_reports(backend_pack(), current_log);
    CHECK(current_log == whole_log);
    const auto& restored = std::get<ReportReady>(current_log.events.back().payload);
    const auto& built = std::get<ReportReady>(whole_log.events.back().payload);
    CHECK(restored.report == built.report);
    CHECK(restored.markdown == built.markdown);
    CHECK(restored.report["questions"].size() >= 12);
    CHECK_THROWS_AS(current.report(), InterviewError);
}

TEST_CASE("an engine replayed keeping only its current item continues as the whole one", "[interview][memory]") {
    const auto plan = plan_for({"hr", "technical", "coding-challenge"}, "agency", content::Seniority::mid, 4);
    auto whole = Interview::start(backend_pack(), backend_scorer(), plan, interview_start);
    EventLog log{whole.opening_events()};
    auto clock = interview_start;
    int step = 0;
    for (; step < 14; ++step) {
        clock += std::chrono::seconds(30);
        const auto events = whole.handle_message(message_at(step, whole.progress().item_id), clock);
        log.events.insert(log.events.end(), events.begin(), events.end());
    }
    REQUIRE_FALSE(whole.finished());
    auto resumed = Interview::replay(backend_pack(), backend_scorer(), log, nullptr, ItemHistory::current);
    CHECK(items_holding_answers(resumed.state()) <= 2);
    CHECK(resumed.state().current_prompt == whole.state().current_prompt);
    for (; step < 400 && !whole.finished(); ++step) {
        clock += std::chrono::seconds(30);
        const auto message = message_at(step, whole.progress().item_id);
        INFO("step " << step << ": " << message.substr(0, 40));
        const auto expected = whole.handle_message(message, clock);
        auto actual = resumed.handle_message(message, clock);
        if (whole.finished()) {
            REQUIRE(std::get<ReportReady>(actual.back().payload).condensed());
            actual.back().payload = expected.back().payload;
        }
        CHECK(actual == expected);
    }
    CHECK(resumed.finished());
}
