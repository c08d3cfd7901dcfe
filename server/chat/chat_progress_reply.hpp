// The profile replies of a chat: `/progress` (overall and per-skill trend, what improved since
// the previous interview, the key points missed and red flags raised most, the streak) and the
// introduction of a `/drill` (which questions, for which points, how long). Short enough for one
// message on every platform: each list is capped and each line is one fact. Pure.
#pragma once

#include <string>
#include <vector>

#include "dialogue/progress/drill_plan.hpp"
#include "dialogue/progress/progress.hpp"
#include "server/chat/chat_reply.hpp"

namespace mi::server::chat {

// `latest_changes`: the "since your previous interview" lines of the newest finished interview.
[[nodiscard]] ChatReply progress_reply(const dialogue::progress::ProgressSummary& summary,
                                       const std::vector<std::string>& latest_changes);

// What a drill about to start will ask and why; `plan` has questions.
[[nodiscard]] ChatReply drill_intro_reply(const dialogue::progress::DrillPlan& plan);

// The report's "Since your previous interview" lines, sent after a chat interview's report.
[[nodiscard]] ChatReply changes_reply(const std::vector<std::string>& changes);

}  // namespace mi::server::chat
