// Progress figures and the drill plan over a scripted history of three interviews whose every
// figure is worked out by hand in the comments; and the history an interview's state gives.
#include <catch2/catch.hpp>

#include "dialogue/progress/drill_plan.hpp"
#include "dialogue/progress/progress.hpp"
#include "interview_test_support.hpp"

namespace mi::dialogue::progress {
namespace {

constexpr std::int64_t day = 86'400'000;
constexpr std::int64_t minute = 60'000;
// 2026-11-28 00:00 UTC.
constexpr std::int64_t day0 = 1'795'824'000'000;

PointOutcome key_point(std::string id, bool covered) { return {PointKind::key_point, id, "text of " + id, covered}; }
PointOutcome red_flag(std::string id, bool raised) { return {PointKind::red_flag, id, "text of " + id, raised}; }

Attempt attempt(std::string item, std::int64_t at_ms, int score, std::int64_t answer_ms, std::vector<PointOutcome> points) {
    Attempt result;
    result.item_id = item;
    result.stage_id = "technical";
    result.question_text = "question " + item;
    result.at_ms = at_ms;
    result.score = score;
    result.answer_ms = answer_ms;
    result.points = std::move(points);
    return result;
}

InterviewHistory interview(std::string id, std::int64_t start, int overall, int skill, std::vector<Attempt> attempts) {
    InterviewHistory history;
    history.interview_id = id;
    history.started_at_ms = start;
    history.finished = true;
    history.overall_score = overall;
    history.skills = {{"skill-backend", "Backend development", skill}};
    for (const auto& a : attempts) history.time_spent_ms += a.answer_ms;
    history.attempts = std::move(attempts);
    return history;
}

// Three interviews on three consecutive UTC days (10:00 each):
//   A: q1 40 (kp1 missed, kp2 covered, rf1 raised, 60 s), q2 60 (kp3 covered, kp4 missed, rf2 avoided, 90 s)
//   B: q1 55 (kp1 missed, kp2 covered, rf1 avoided, 50 s), q2 70 (kp3 covered, kp4 missed, rf2 avoided, 80 s)
//   C: q1 80 (kp1 covered, kp2 covered, rf1 avoided, 40 s), q3 30 (kp5 missed, 70 s)
std::vector<InterviewHistory> scripted_history() {
    const auto a = day0 + 10 * 60 * minute;
    const auto b = a + day;
    const auto c = b + day;
    return {
        interview("C", c, 71, 70,
                  {attempt("q1", c + 1 * minute, 80, 40'000, {key_point("kp1", true), key_point("kp2", true), red_flag("rf1", false)}),
                   attempt("q3", c + 3 * minute, 30, 70'000, {key_point("kp5", false)})}),
        interview("A", a, 50, 40,
                  {attempt("q1", a + 1 * minute, 40, 60'000, {key_point("kp1", false), key_point("kp2", true), red_flag("rf1", true)}),
                   attempt("q2", a + 3 * minute, 60, 90'000, {key_point("kp3", true), key_point("kp4", false), red_flag("rf2", false)})}),
        interview("B", b, 62, 55,
                  {attempt("q1", b + 1 * minute, 55, 50'000, {key_point("kp1", false), key_point("kp2", true), red_flag("rf1", false)}),
                   attempt("q2", b + 3 * minute, 70, 80'000, {key_point("kp3", true), key_point("kp4", false), red_flag("rf2", false)})}),
    };
}

TEST_CASE("progress counts interviews, answers and time over the scripted history", "[progress]") {
    const auto summary = summarise_progress(scripted_history(), day0 + 2 * day + 12 * 60 * minute);
    CHECK(summary.interviews == 3);
    CHECK(summary.finished_interviews == 3);
    CHECK(summary.answers == 6);
    CHECK(summary.time_spent_ms == 60'000 + 90'000 + 50'000 + 80'000 + 40'000 + 70'000);
}

TEST_CASE("progress lists the overall and skill scores oldest first whatever the input order", "[progress]") {
    const auto summary = summarise_progress(scripted_history(), day0 + 2 * day);
    REQUIRE(summary.overall.size() == 3);
    CHECK(summary.overall[0].interview_id == "A");
    CHECK(summary.overall[0].score == 50);
    CHECK(summary.overall[1].score == 62);
    CHECK(summary.overall[2].score == 71);
    // A point is placed at the interview's last answer: C's q3 at 10:03 on day 2.
    CHECK(summary.overall[2].at_ms == day0 + 2 * day + 10 * 60 * minute + 3 * minute);
    REQUIRE(summary.skills.size() == 1);
    REQUIRE(summary.skills[0].points.size() == 3);
    CHECK(summary.skills[0].points[0].score == 40);
    CHECK(summary.skills[0].points[2].score == 70);
}

TEST_CASE("progress keeps every attempt of a question with its covered and missed points", "[progress]") {
    const auto summary = summarise_progress(scripted_history(), day0 + 2 * day);
    REQUIRE(summary.questions.size() == 3);
    const auto& q1 = summary.questions[0];
    CHECK(q1.item_id == "q1");
    REQUIRE(q1.attempts.size() == 3);
    CHECK(q1.attempts[0].score == 40);
    CHECK(q1.attempts[0].missed == std::vector<std::string>{"text of kp1"});
    CHECK(q1.attempts[0].covered == std::vector<std::string>{"text of kp2"});
    CHECK(q1.attempts[0].red_flags == std::vector<std::string>{"text of rf1"});
    CHECK(q1.attempts[2].covered == std::vector<std::string>{"text of kp1", "text of kp2"});
    CHECK(q1.best_score == 80);
    CHECK(summary.questions[1].item_id == "q2");
    CHECK(summary.questions[1].best_score == 70);
    CHECK(summary.questions[2].item_id == "q3");
}

TEST_CASE("progress ranks the most missed key points and the red flags raised", "[progress]") {
    const auto summary = summarise_progress(scripted_history(), day0 + 2 * day);
    // kp4: missed 2 of 2 (last on day 1 at 10:03); kp1: 2 of 3 (last day 1 at 10:01); kp5: 1 of 1.
    REQUIRE(summary.most_missed_key_points.size() == 3);
    CHECK(summary.most_missed_key_points[0].id == "kp4");
    CHECK(summary.most_missed_key_points[0].misses == 2);
    CHECK(summary.most_missed_key_points[0].judged == 2);
    CHECK(summary.most_missed_key_points[1].id == "kp1");
    CHECK(summary.most_missed_key_points[1].misses == 2);
    CHECK(summary.most_missed_key_points[1].judged == 3);
    CHECK(summary.most_missed_key_points[2].id == "kp5");
    // rf1 raised once in three answers; rf2 never (not listed).
    REQUIRE(summary.most_raised_red_flags.size() == 1);
    CHECK(summary.most_raised_red_flags[0].id == "rf1");
    CHECK(summary.most_raised_red_flags[0].misses == 1);
    CHECK(summary.most_raised_red_flags[0].judged == 3);
}

TEST_CASE("the practice streak counts UTC days and stays current until the day after", "[progress]") {
    const auto on_day_2 = summarise_progress(scripted_history(), day0 + 2 * day + 23 * 60 * minute);
    CHECK(on_day_2.practice_days == 3);
    CHECK(on_day_2.current_streak_days == 3);
    CHECK(on_day_2.longest_streak_days == 3);
    // Day 3, nothing yet today: still 3. Day 4: broken.
    CHECK(summarise_progress(scripted_history(), day0 + 3 * day + minute).current_streak_days == 3);
    const auto on_day_4 = summarise_progress(scripted_history(), day0 + 4 * day);
    CHECK(on_day_4.current_streak_days == 0);
    CHECK(on_day_4.longest_streak_days == 3);
}

TEST_CASE("a streak is broken by a day without practice, even across midnight UTC", "[progress]") {
    // 23:59 on day 0 and 00:01 on day 1 are two days in a row; then day 3 alone.
    auto histories = std::vector<InterviewHistory>{
        interview("late", day0 + day - minute, 50, 50, {attempt("q1", day0 + day - minute, 50, 1000, {})}),
        interview("early", day0 + day + minute, 50, 50, {attempt("q1", day0 + day + minute, 50, 1000, {})}),
        interview("later", day0 + 3 * day, 50, 50, {attempt("q1", day0 + 3 * day, 50, 1000, {})}),
    };
    const auto summary = summarise_progress(histories, day0 + 3 * day + minute);
    CHECK(summary.practice_days == 3);
    CHECK(summary.longest_streak_days == 2);
    CHECK(summary.current_streak_days == 1);
}

TEST_CASE("the report's change lines compare with the earlier interviews", "[progress]") {
    auto histories = scripted_history();
    const auto current = histories[0];   // C
    const auto lines = changes_since_previous(histories, current);
    // Scores against B; kp1 was missed in both earlier judgements (B, A) and is covered today;
    // kp2 (always covered), rf1 (raised once in two) and kp5 (new) say nothing.
    CHECK(lines == std::vector<std::string>{
                       "Overall score: 62 -> 71 (+9) since your previous interview",
                       "Backend development: 55 -> 70 (+15)",
                       "text of kp1: missed in 2 of your last 2 answers; covered today",
                   });
}

TEST_CASE("change lines say what was lost and which red flags came back", "[progress]") {
    const auto a = day0;
    std::vector<InterviewHistory> histories{
        interview("A", a, 70, 70, {attempt("q1", a, 70, 1, {key_point("kp1", true), red_flag("rf1", false)})}),
        interview("B", a + day, 75, 70, {attempt("q1", a + day, 75, 1, {key_point("kp1", true), red_flag("rf1", false)})}),
        interview("C", a + 2 * day, 60, 70, {attempt("q1", a + 2 * day, 60, 1, {key_point("kp1", false), red_flag("rf1", true)})}),
    };
    CHECK(changes_since_previous(histories, histories[2]) ==
          std::vector<std::string>{
              "Overall score: 75 -> 60 (-15) since your previous interview",
              "text of kp1: covered in 2 of your last 2 answers; missed today",
              "Red flag \"text of rf1\": avoided in 2 of your last 2 answers; raised today",
          });
    // The first interview has nothing to compare with.
    CHECK(changes_since_previous(histories, histories[0]).empty());
}

TEST_CASE("the drill takes the due points' questions, most urgent first", "[progress][drill]") {
    const auto plan = plan_drill(scripted_history());
    // Sessions A=0, B=1, C=2; the drill is session 3.
    //   kp4 missed at session 1 (right 0): due 1+1+0 = 2     -> due
    //   kp5 missed at session 2 (right 0): due 2+1+0 = 3     -> due
    //   kp1 missed twice, covered at session 2 (right 1): due 2+1+1 = 4
    //   rf1 raised at 0, avoided at 1 and 2 (right 2): due 2+1+3 = 6
    CHECK(plan.session == 3);
    REQUIRE(plan.questions.size() == 2);
    CHECK(plan.questions[0].item_id == "q2");
    REQUIRE(plan.questions[0].targets.size() == 1);
    CHECK(plan.questions[0].targets[0].id == "kp4");
    CHECK(plan.questions[0].targets[0].due_session == 2);
    CHECK(plan.questions[1].item_id == "q3");
    CHECK(plan.questions[1].targets[0].id == "kp5");
    CHECK(plan.estimated_minutes == 5);
    REQUIRE(plan.later.size() == 2);
    CHECK(plan.later[0].id == "kp1");
    CHECK(plan.later[0].due_session == 4);
    CHECK(plan.later[1].id == "rf1");
    CHECK(plan.later[1].due_session == 6);
}

TEST_CASE("a point covered twice in a row comes back later than one covered once", "[progress][drill]") {
    auto histories = scripted_history();
    const auto plan = plan_drill(histories);
    const auto due_of = [&](const std::string& id) {
        for (const auto& target : plan.later) {
            if (target.id == id) return target.due_session;
        }
        FAIL("no later target " << id);
        return 0;
    };
    CHECK(due_of("kp1") < due_of("rf1"));
    // The plan depends on the history alone: the same history in another order, the same plan.
    std::reverse(histories.begin(), histories.end());
    const auto again = plan_drill(histories);
    REQUIRE(again.questions.size() == plan.questions.size());
    for (std::size_t i = 0; i < plan.questions.size(); ++i) CHECK(again.questions[i] == plan.questions[i]);
    CHECK(again.later == plan.later);
}

TEST_CASE("a drill holds at most ten minutes of questions and fills up to five with points not due", "[progress][drill]") {
    std::vector<Attempt> misses;
    for (int i = 0; i < 6; ++i) {
        misses.push_back(attempt("q" + std::to_string(i), day0 + i, 20, 1, {key_point("kp" + std::to_string(i), false)}));
    }
    const auto crowded = plan_drill({interview("A", day0, 20, 20, misses)});
    CHECK(crowded.questions.size() == 4);
    CHECK(crowded.estimated_minutes == 10);
    CHECK(crowded.later.size() == 2);   // due, but for the next drill

    // One point covered once after its miss (due next-but-one session): still drilled, to make five minutes.
    const auto quiet = plan_drill({interview("A", day0, 20, 20, {attempt("q1", day0, 20, 1, {key_point("kp1", false)})}),
                                   interview("B", day0 + day, 80, 80, {attempt("q1", day0 + day, 80, 1, {key_point("kp1", true)})})});
    REQUIRE(quiet.questions.size() == 1);
    CHECK(quiet.questions[0].targets[0].due_session == 3);
    CHECK(quiet.session == 2);
    CHECK(plan_drill({}).questions.empty());
}

TEST_CASE("practical tasks are never drilled", "[progress][drill]") {
    auto task = attempt("slow-query", day0, 10, 1, {key_point("kp-task", false)});
    task.kind = ItemKind::task;
    CHECK(plan_drill({interview("A", day0, 10, 10, {task})}).questions.empty());
}

TEST_CASE("an interview's history has each scored answer with all its key points", "[progress]") {
    using namespace mi::dialogue::testing;
    InterviewDriver driver(plan_for({"hr"}));
    const auto first = driver.interview().progress().item_id;
    (void)driver.say(weak_answer(first));
    (void)driver.say("skip");   // any follow-up
    const auto& state = driver.interview().state();
    const auto history = history_of(backend_pack(), state, "i-1", 1'000, false);
    CHECK(history.interview_id == "i-1");
    CHECK(history.started_at_ms == 1'000);
    REQUIRE_FALSE(history.attempts.empty());
    const auto& scored = history.attempts.front();
    CHECK(scored.item_id == first);
    const auto* record = &state.items[0][0];
    CHECK(scored.score == record->score->score);
    const auto* question = backend_pack().find_question(first);
    std::size_t key_points = 0;
    for (const auto& point : scored.points) key_points += point.kind == PointKind::key_point ? 1 : 0;
    CHECK(key_points == question->coverage.size());
    std::size_t flags = 0;
    for (const auto& point : scored.points) flags += point.kind == PointKind::red_flag ? 1 : 0;
    CHECK(flags >= question->red_flags.size());
    CHECK(scored.answer_ms == 30'000);
}

}  // namespace
}  // namespace mi::dialogue::progress
