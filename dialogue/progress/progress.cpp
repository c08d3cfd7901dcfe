#include "dialogue/progress/progress.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mi::dialogue::progress {

namespace {

constexpr std::int64_t ms_per_day = 86'400'000;

// Days since the Unix epoch, UTC (floor, so times before 1970 land on the right day too).
std::int64_t utc_day(std::int64_t epoch_ms) {
    return epoch_ms >= 0 ? epoch_ms / ms_per_day : -((-epoch_ms + ms_per_day - 1) / ms_per_day);
}

void sort_by_start(std::vector<InterviewHistory>& histories) {
    std::stable_sort(histories.begin(), histories.end(), [](const InterviewHistory& a, const InterviewHistory& b) {
        return a.started_at_ms != b.started_at_ms ? a.started_at_ms < b.started_at_ms : a.interview_id < b.interview_id;
    });
}

// A key point is missed when not covered; a red flag when raised.
bool missed(const PointOutcome& point) { return point.kind == PointKind::key_point ? !point.hit : point.hit; }

std::vector<PointTally> top_tallies(std::vector<PointTally> tallies, std::size_t count) {
    std::erase_if(tallies, [](const PointTally& tally) { return tally.misses == 0; });
    std::stable_sort(tallies.begin(), tallies.end(), [](const PointTally& a, const PointTally& b) {
        if (a.misses != b.misses) return a.misses > b.misses;
        if (a.last_missed_at_ms != b.last_missed_at_ms) return a.last_missed_at_ms > b.last_missed_at_ms;
        return a.id < b.id;
    });
    if (tallies.size() > count) tallies.resize(count);
    return tallies;
}

void count_streaks(const std::set<std::int64_t>& days, std::int64_t today, ProgressSummary& summary) {
    summary.practice_days = static_cast<int>(days.size());
    int run = 0;
    std::int64_t previous = 0;
    for (const auto day : days) {
        run = (run > 0 && day == previous + 1) ? run + 1 : 1;
        previous = day;
        summary.longest_streak_days = std::max(summary.longest_streak_days, run);
    }
    // `run` is the streak ending on the last practice day; it is current while that day is today
    // or yesterday.
    if (!days.empty() && (previous == today || previous == today - 1)) summary.current_streak_days = run;
}

// "3 of your last 4 answers"; "your last answer" when there was one.
std::string of_last(std::size_t count, std::size_t judged) {
    if (judged == 1) return "your last answer";
    return std::to_string(count) + " of your last " + std::to_string(judged) + " answers";
}

std::string signed_number(int value) { return (value > 0 ? "+" : "") + std::to_string(value); }

std::string score_change(const std::string& what, int before, int after) {
    std::string line = what;
    line += ": ";
    line += std::to_string(before);
    line += " -> ";
    line += std::to_string(after);
    line += " (";
    line += after == before ? std::string("no change") : signed_number(after - before);
    line += ")";
    return line;
}

}  // namespace

ProgressSummary summarise_progress(std::vector<InterviewHistory> histories, std::int64_t now_ms,
                                   const ProgressRules& rules) {
    sort_by_start(histories);
    ProgressSummary summary;
    std::map<std::string, std::size_t> skill_index, question_index;
    std::map<std::pair<PointKind, std::string>, PointTally> tallies;
    std::set<std::int64_t> days;
    for (const auto& history : histories) {
        ++summary.interviews;
        if (history.finished) ++summary.finished_interviews;
        const auto at = history.attempts.empty() ? history.started_at_ms : history.attempts.back().at_ms;
        if (history.overall_score) summary.overall.push_back({history.interview_id, at, *history.overall_score});
        for (const auto& skill : history.skills) {
            auto [found, inserted] = skill_index.try_emplace(skill.skill_id, summary.skills.size());
            if (inserted) summary.skills.push_back({skill.skill_id, skill.name, {}});
            summary.skills[found->second].points.push_back({history.interview_id, at, skill.score});
        }
        summary.time_spent_ms += history.time_spent_ms;
        for (const auto& attempt : history.attempts) {
            ++summary.answers;
            days.insert(utc_day(attempt.at_ms));
            auto [found, inserted] = question_index.try_emplace(attempt.item_id, summary.questions.size());
            if (inserted) summary.questions.push_back({attempt.item_id, attempt.stage_id, attempt.question_text, {}, 0});
            auto& question = summary.questions[found->second];
            AttemptView view{history.interview_id, attempt.at_ms, attempt.score, attempt.retry, {}, {}, {}};
            for (const auto& point : attempt.points) {
                if (point.kind == PointKind::key_point) {
                    (point.hit ? view.covered : view.missed).push_back(point.text);
                } else if (point.hit) {
                    view.red_flags.push_back(point.text);
                }
                auto& tally = tallies[{point.kind, point.id}];
                if (tally.judged == 0) tally = {point.kind, point.id, point.text, attempt.item_id, 0, 0, 0};
                ++tally.judged;
                if (missed(point)) {
                    ++tally.misses;
                    tally.last_missed_at_ms = std::max(tally.last_missed_at_ms, attempt.at_ms);
                }
            }
            question.best_score = question.attempts.empty() ? attempt.score : std::max(question.best_score, attempt.score);
            question.attempts.push_back(std::move(view));
        }
    }
    std::vector<PointTally> key_points, red_flags;
    for (auto& [key, tally] : tallies) (key.first == PointKind::key_point ? key_points : red_flags).push_back(tally);
    summary.most_missed_key_points = top_tallies(std::move(key_points), rules.most_missed_listed);
    summary.most_raised_red_flags = top_tallies(std::move(red_flags), rules.most_missed_listed);
    count_streaks(days, utc_day(now_ms), summary);
    return summary;
}

std::vector<std::string> changes_since_previous(const std::vector<InterviewHistory>& earlier,
                                                const InterviewHistory& current, const ProgressRules& rules) {
    std::vector<InterviewHistory> before;
    for (const auto& history : earlier) {
        if (history.interview_id == current.interview_id) continue;
        if (history.started_at_ms > current.started_at_ms) continue;
        if (history.started_at_ms == current.started_at_ms && history.interview_id > current.interview_id) continue;
        before.push_back(history);
    }
    if (before.empty()) return {};
    sort_by_start(before);
    std::vector<std::string> lines;
    // Scores against the newest earlier interview that has one.
    for (auto previous = before.rbegin(); previous != before.rend(); ++previous) {
        if (!previous->overall_score || !current.overall_score) continue;
        lines.push_back(score_change("Overall score", *previous->overall_score, *current.overall_score) +
                        " since your previous interview");
        break;
    }
    for (const auto& skill : current.skills) {
        for (auto previous = before.rbegin(); previous != before.rend(); ++previous) {
            const auto found = std::find_if(previous->skills.begin(), previous->skills.end(),
                                            [&](const SkillScore& s) { return s.skill_id == skill.skill_id; });
            if (found == previous->skills.end()) continue;
            if (found->score != skill.score) lines.push_back(score_change(skill.name, found->score, skill.score));
            break;
        }
    }
    // Each point judged today, against its last `change_lookback` judgements before today (newest first).
    std::vector<std::string> gained, lost, flags;
    std::set<std::pair<PointKind, std::string>> seen;
    for (const auto& attempt : current.attempts) {
        for (const auto& point : attempt.points) {
            if (!seen.insert({point.kind, point.id}).second) continue;
            // Today's outcome: the best of today's attempts (a retry that covers it counts).
            bool missed_today = true;
            for (const auto& other : current.attempts) {
                for (const auto& same : other.points) {
                    if (same.kind == point.kind && same.id == point.id && !missed(same)) missed_today = false;
                }
            }
            std::size_t judged = 0, misses = 0;
            for (auto history = before.rbegin(); history != before.rend() && judged < rules.change_lookback; ++history) {
                for (auto other = history->attempts.rbegin(); other != history->attempts.rend() && judged < rules.change_lookback;
                     ++other) {
                    for (const auto& same : other->points) {
                        if (same.kind != point.kind || same.id != point.id) continue;
                        ++judged;
                        if (missed(same)) ++misses;
                    }
                }
            }
            if (judged == 0) continue;
            const auto tally = of_last(misses, judged);
            const auto kept = of_last(judged - misses, judged);
            if (point.kind == PointKind::key_point) {
                if (!missed_today && misses * 2 > judged) gained.push_back(point.text + ": missed in " + tally + "; covered today");
                if (missed_today && misses * 2 < judged) lost.push_back(point.text + ": covered in " + kept + "; missed today");
            } else {
                if (!missed_today && misses * 2 > judged) {
                    flags.push_back("Red flag \"" + point.text + "\": raised in " + tally + "; avoided today");
                }
                if (missed_today && misses * 2 < judged) {
                    flags.push_back("Red flag \"" + point.text + "\": avoided in " + kept + "; raised today");
                }
            }
        }
    }
    for (auto* group : {&gained, &lost, &flags}) lines.insert(lines.end(), group->begin(), group->end());
    if (lines.size() > rules.max_change_lines) lines.resize(rules.max_change_lines);
    return lines;
}

}  // namespace mi::dialogue::progress
