// One interview as a coach reviews it, built from its stored events and the audit of overrides:
// the turns (one per `answer_scored` event, its seq the turn's id), each with the answer, the
// scorer's judgements (key points, red flags, STAR parts) with their evidence, the coaches'
// values in effect, and the interview's score before and after overrides. Pure: no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "server/coach/coach_rules.hpp"

namespace mi::server::coach {

struct Evidence {
    std::size_t start = 0, end = 0;         // UTF-8 byte offsets into the turn's `answer`
    std::string text;
};

// A key point (covered), a red flag (raised) or a STAR part (present).
struct JudgedItem {
    std::string id, label;
    bool original = false;                  // what the scorer said
    bool value = false;                     // in effect (a coach may have overridden it)
    std::vector<Evidence> evidence;
    [[nodiscard]] bool overridden() const { return value != original; }
};

struct ReviewTurn {
    std::int64_t turn = 0;                  // seq of its answer_scored event
    std::string stage_id, question_id, question;
    std::string answer;                     // the messages this score covers, joined by a blank line
    int original_score = 0;
    int score = 0;
    std::vector<JudgedItem> key_points, red_flags, star;
    std::vector<std::string> feedback;      // what the candidate was told
    std::string scorer_version;
    int attempt = 1;                        // Try again: 2, 3, ... for the question's later attempts
    [[nodiscard]] bool overridden() const { return score != original_score; }
};

struct InterviewReview {
    std::vector<ReviewTurn> turns;
    std::optional<int> score, original_score;
    std::string scorer_version;
    std::int64_t answers = 0;               // answer messages received
};

// The field names of the audit: "score", "key_point:<id>", "red_flag:<id>", "star:<part>", and
// the words their values take.
[[nodiscard]] std::string field_value_text(const std::string& field, bool value);

// Builds the review. `audit` entries (in id order) set the values in effect: the latest entry of a
// (turn, field) wins. `pack` (may be null) names the red flags the scorer did not raise.
struct AuditValue {
    std::int64_t turn = 0;
    std::string field, to;
};
[[nodiscard]] InterviewReview build_review(const std::vector<nlohmann::json>& events, const std::vector<AuditValue>& audit,
                                           const content::RolePack* pack);

// Every judgement of the review, for calibration.
[[nodiscard]] std::vector<Judgement> judgements_of(const std::string& interview_id, const InterviewReview& review);

}  // namespace mi::server::coach
