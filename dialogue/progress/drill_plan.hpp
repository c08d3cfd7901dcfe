// "Drill my weak spots": a short session of the questions whose key points the candidate misses
// and whose red flags they raise, across all their interviews. Spaced like flash cards, counted in
// sessions (the candidate's interviews), not days, so the plan follows from the history alone:
// a point missed in its latest answer is due in the next session; once covered (or, for a red
// flag, avoided) in a row it comes back after more and more sessions. Pure and deterministic.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "dialogue/progress/practice_history.hpp"

namespace mi::dialogue::progress {

struct DrillRules {
    // Sessions to wait before a point comes back, by how many times in a row it was covered at
    // its latest answers: missed last time -> the next session; covered once -> skip one;
    // twice in a row -> skip three; three times or more -> skip six.
    std::array<int, 4> sessions_to_wait{0, 1, 3, 6};
    // A drill question is asked without follow-ups; about two and a half minutes with its feedback.
    int seconds_per_question = 150;
    int min_minutes = 5;                    // a drill is 5 to 10 minutes: 2 to 4 questions
    int max_minutes = 10;
};

// A key point or red flag the candidate has got wrong at least once.
struct DrillTarget {
    PointKind kind = PointKind::key_point;
    std::string id;
    std::string text;
    std::string item_id;
    int misses = 0;                         // missed / raised, over all answers
    int judged = 0;
    int right_in_a_row = 0;                 // covered / avoided at its latest answers
    int last_session = 0;                   // 0-based session of its latest answer
    int due_session = 0;                    // the session it is due in
    friend bool operator==(const DrillTarget&, const DrillTarget&) = default;
};

struct DrillQuestion {
    std::string item_id;
    std::string stage_id;
    std::string text;
    std::vector<DrillTarget> targets;       // why it is in the drill, most urgent first
    friend bool operator==(const DrillQuestion&, const DrillQuestion&) = default;
};

struct DrillPlan {
    int session = 0;                        // the session the drill would be (= sessions so far)
    std::vector<DrillQuestion> questions;   // in the order to ask them; empty: nothing to drill
    int estimated_minutes = 0;
    std::vector<DrillTarget> later;         // points not due yet, soonest first
};

// The drill for the next session, from every interview of the candidate (any order). Only
// questions are drilled (a practical task takes half an hour). Questions with points due come
// first; when fewer than min_minutes' worth are due, the soonest-due others fill the drill.
[[nodiscard]] DrillPlan plan_drill(std::vector<InterviewHistory> histories, const DrillRules& rules = {});

}  // namespace mi::dialogue::progress
