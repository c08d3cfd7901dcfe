// A candidate's progress over their interviews: overall and per-skill scores over time, every
// attempt at every question, the key points missed and red flags raised most, time spent, the
// streak of practice days, and what changed since the previous interview. Pure: histories and
// the time in, figures out (the server and the web page render them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dialogue/progress/practice_history.hpp"

namespace mi::dialogue::progress {

struct ProgressRules {
    std::size_t most_missed_listed = 5;     // per list: key points missed, red flags raised
    // "missed in 3 of your last 4 answers": how many earlier judgements of a point the change
    // lines look back over. Four is about two interviews' worth for a point of one question.
    std::size_t change_lookback = 4;
    std::size_t max_change_lines = 8;       // a report section, not a second report
};

struct ScorePoint {
    std::string interview_id;
    std::int64_t at_ms = 0;
    int score = 0;
    friend bool operator==(const ScorePoint&, const ScorePoint&) = default;
};

struct SkillSeries {
    std::string skill_id;
    std::string name;
    std::vector<ScorePoint> points;         // one per interview that gave evidence of the skill
};

struct AttemptView {
    std::string interview_id;
    std::int64_t at_ms = 0;
    int score = 0;
    bool retry = false;
    std::vector<std::string> covered;       // key point texts
    std::vector<std::string> missed;
    std::vector<std::string> red_flags;     // raised
};

struct QuestionHistory {
    std::string item_id;
    std::string stage_id;
    std::string text;
    std::vector<AttemptView> attempts;      // oldest first
    int best_score = 0;
};

// How often a key point was missed (or a red flag raised) out of the answers that judged it.
struct PointTally {
    PointKind kind = PointKind::key_point;
    std::string id;
    std::string text;
    std::string item_id;                    // the question it belongs to
    int misses = 0;                         // missed / raised
    int judged = 0;                         // answers that judged it
    std::int64_t last_missed_at_ms = 0;
    friend bool operator==(const PointTally&, const PointTally&) = default;
};

struct ProgressSummary {
    int interviews = 0;
    int finished_interviews = 0;
    int answers = 0;                        // scored attempts, retries included
    std::vector<ScorePoint> overall;        // one per interview with a score, oldest first
    std::vector<SkillSeries> skills;        // in order of first evidence
    std::vector<QuestionHistory> questions; // in order of first attempt
    std::vector<PointTally> most_missed_key_points;   // most misses first
    std::vector<PointTally> most_raised_red_flags;
    std::int64_t time_spent_ms = 0;
    // Practice days are UTC calendar days with at least one scored answer. The current streak
    // counts back from today, or from yesterday while today has no answer yet.
    int practice_days = 0;
    int current_streak_days = 0;
    int longest_streak_days = 0;
};

// `histories` in any order (sorted by start time inside); `now_ms` decides "today" for the streak.
[[nodiscard]] ProgressSummary summarise_progress(std::vector<InterviewHistory> histories, std::int64_t now_ms,
                                                 const ProgressRules& rules = {});

// The lines a finished interview's report adds under "Since your previous interview": score
// changes, key points covered now that were mostly missed before (and the reverse), red flags
// raised or avoided. `earlier`: the candidate's other interviews (any order; later ones ignored).
// Empty when there is no earlier interview.
[[nodiscard]] std::vector<std::string> changes_since_previous(const std::vector<InterviewHistory>& earlier,
                                                              const InterviewHistory& current,
                                                              const ProgressRules& rules = {});

}  // namespace mi::dialogue::progress
