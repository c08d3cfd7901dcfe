// What one interview contributes to a candidate's practice history: its scores, and for every
// scored answer which key points it covered or missed and which red flags it raised. Plain data,
// so the store can keep it beside the interview and the progress and drill functions can be
// tested over a scripted history without running interviews.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/interview/interview_state.hpp"

namespace mi::dialogue::progress {

enum class PointKind { key_point, red_flag };

[[nodiscard]] std::string_view to_string(PointKind kind);

// One key point or red flag as one answer left it. `hit`: a key point covered, a red flag raised.
struct PointOutcome {
    PointKind kind = PointKind::key_point;
    std::string id;                         // the guide's id, unique in the role
    std::string text;
    bool hit = false;
    friend bool operator==(const PointOutcome&, const PointOutcome&) = default;
};

// One scored answer to a question or task (a retry is an attempt of its own).
struct Attempt {
    std::string item_id;
    ItemKind kind = ItemKind::question;
    std::string stage_id;
    std::string question_text;
    std::int64_t at_ms = 0;                 // when it was scored (epoch ms)
    int score = 0;
    std::int64_t answer_ms = 0;             // time the candidate took over its messages
    bool retry = false;                     // an "again" of an answer scored before
    std::vector<PointOutcome> points;       // every key point of the item, and every red flag it could raise
    friend bool operator==(const Attempt&, const Attempt&) = default;
};

struct SkillScore {
    std::string skill_id;
    std::string name;
    int score = 0;
    friend bool operator==(const SkillScore&, const SkillScore&) = default;
};

struct InterviewHistory {
    std::string interview_id;
    std::int64_t started_at_ms = 0;
    bool finished = false;
    bool drill = false;                     // started from the drill plan
    std::optional<int> overall_score;       // as the report computes it
    std::vector<SkillScore> skills;         // only skills some answer gave evidence of
    std::vector<Attempt> attempts;          // in the order they were scored
    std::int64_t time_spent_ms = 0;         // sum of the attempts' answer times
    friend bool operator==(const InterviewHistory&, const InterviewHistory&) = default;
};

// The history of an interview from its state (live or replayed from its log), started at
// `started_at_ms` (the store's creation time).
[[nodiscard]] InterviewHistory history_of(const content::RolePack& pack, const InterviewState& state,
                                          std::string interview_id, std::int64_t started_at_ms, bool drill);

}  // namespace mi::dialogue::progress
