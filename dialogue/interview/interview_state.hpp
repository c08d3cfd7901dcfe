// The state of an interview is a fold over its events: apply_event() is the only function that
// changes it, both when the engine decides something live and when a stored log is replayed.
// That is what makes a replayed interview exactly the interview that was stored.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/interview/heap_optional.hpp"
#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"

namespace mi::dialogue {

// An event that does not fit the interview so far (replaying a corrupt or foreign log, a message
// after the end, an invalid plan). The message names the event and what was expected.
class InterviewError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MessageRecord {
    std::string text;
    std::int64_t elapsed_ms = 0;
    TimePoint at{};
};

enum class ItemStatus {
    not_asked,      // the interview ended before it
    unanswered,     // asked, then the interview ended
    in_progress,    // asked and awaiting an answer (or an answer to a follow-up)
    answered,
    skipped,        // skipped before any answer: counts as 0 in the report
};

// An answer the candidate answered again (`again`): what it was, kept beside the retry.
struct EarlierAttempt {
    std::vector<MessageRecord> messages;
    std::vector<FollowUpAsked> follow_ups;
    AnswerScored score;
    std::vector<FeedbackItem> feedback;
};

struct ItemRecord {
    ScheduledItem item;
    std::string stage_id;
    std::string text;                           // as asked
    ItemStatus status = ItemStatus::not_asked;
    std::vector<MessageRecord> messages;
    std::vector<FollowUpAsked> follow_ups;
    HeapOptional<AnswerScored> score;           // the latest score, over all messages
    std::vector<FeedbackItem> feedback;         // the feedback items of the latest score
    HeapOptional<TaskMaterial> material;        // a task that runs: what it gave the candidate
    HeapOptional<TaskChecked> check;            // the check the latest score used (the newest one run)
    std::vector<EarlierAttempt> earlier_attempts;   // answered again: the attempts before the latest, oldest first
};

// How much of the items already behind the interview the state keeps.
//   whole:   everything (each answer, its feedback, follow-ups and earlier attempts), so
//            build_report() can build the report from the state: the terminal, restore_reports,
//            the profiles' fold over stored logs.
//   current: only what the next decisions need: the item being answered and the one before it
//            (which `again` may re-answer), in full; of every earlier item its id, stage and
//            status. The log keeps the rest, and the report is built from the log
//            (restore_reports), so an open interview's memory does not grow with its answers.
//            The server's live interviews run so.
enum class ItemHistory { whole, current };

// A question being answered again: where it is, and what was awaiting an answer before.
struct RetryInProgress {
    int stage_index = 0;
    int item_index = 0;
    int attempt = 2;
    std::string resume_prompt;                  // the prompt the retry interrupted
    TimePoint resume_prompt_at{};
};

struct InterviewState {
    ItemHistory history = ItemHistory::whole;   // set before the first event
    std::optional<InterviewStarted> started;    // ItemHistory::current: without greeting, plan and item lists
    InterviewPlan plan;                         // resolved: stages filled in
    std::vector<std::vector<ItemRecord>> items; // per scheduled stage
    int stage_index = -1;                       // -1 before the first stage_started
    int item_index = -1;                        // within the stage; -1 before its first question
    std::vector<bool> stage_completed;
    std::string current_prompt;                 // the question or follow-up awaiting an answer
    TimePoint prompt_at{};
    std::vector<FeedbackItem> pending_feedback; // feedback items of the score being produced
    std::optional<TaskChecked> pending_check;   // the check of the score being produced
    std::optional<RetryInProgress> retry;       // between retry_started and retry_compared
    bool ended_early = false;                   // the candidate typed `end` (or input ran out)
    bool finished = false;                      // the report was given
    std::int64_t last_seq = 0;

    [[nodiscard]] const ItemRecord* current_item() const;
    [[nodiscard]] ItemRecord* current_item();
    // The item the next answer is for: the one answered again during a retry, else current_item().
    [[nodiscard]] const ItemRecord* answering_item() const;
    [[nodiscard]] ItemRecord* answering_item();
};

// Applies one event; throws InterviewError when the event does not follow from the state.
void apply_event(InterviewState& state, const content::RolePack& pack, const InterviewEvent& event);

[[nodiscard]] std::string_view to_string(ItemStatus status);

}  // namespace mi::dialogue
