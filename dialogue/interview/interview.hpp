// The interview state machine every front end drives (terminal, WebSocket, chat webhooks).
//
//   auto interview = Interview::start(pack, scorer, plan, now);   // opening_events(): the first ones
//   auto events = interview.handle_message("I start by reproducing the bug ...", now);
//   ... until interview.state().finished
//   auto resumed = Interview::replay(pack, scorer, stored_log);    // same state, no re-scoring
//
// Pure: no I/O, no clock (time comes in as `now`), no randomness except the plan's seed.
// Every decision is recorded as an event and applied with apply_event(); replay applies the
// stored events without deciding anything again, so a resumed interview is exactly the stored
// one even if the scoring rules changed in between (each score records its scoring_version).
// The engine keeps no event log: it returns each event once and the caller keeps the log (the
// server's store, the terminal's transcript), so an open interview does not hold it twice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"
#include "dialogue/interview/interview_report.hpp"
#include "dialogue/interview/interview_state.hpp"
#include "dialogue/interview/task_check.hpp"

namespace mi::dialogue {

// Where the interview stands, for progress displays and the server's `state` object.
enum class AwaitingKind { question, task, follow_up };

struct InterviewProgress {
    std::string stage_id;           // empty before the first stage
    std::string stage_name;
    int stage_index = 0;            // 0-based
    int stage_count = 0;
    std::string item_id;            // the question or task awaiting an answer; empty once finished
    AwaitingKind awaiting = AwaitingKind::question;
    std::string prompt;             // the question, task or follow-up text the candidate answers
    int question_index = 0;         // 0-based within the stage
    int question_count = 0;         // scheduled in the stage
    bool awaiting_follow_up = false;
    bool finished = false;
    std::int64_t last_seq = 0;      // seq of the newest event
};

[[nodiscard]] std::string_view to_string(AwaitingKind kind);

// How a whole message is read: one of the commands, or an answer.
[[nodiscard]] std::optional<CommandName> parse_command(std::string_view message);

// Fills in every condensed report of a stored log (event_to_stored_json) with the body the engine
// gave it when the interview ended: the report of the state the events before it fold to, so the
// same as the one sent then while the role pack is the same. Throws InterviewError naming the
// first event that does not fit.
void restore_reports(const content::RolePack& pack, EventLog& log);

class Interview {
public:
    // Validates the plan against the pack (InterviewError listing every problem and the valid
    // values), fixes the schedule and returns the interview; its opening events are
    // opening_events(): interview_started, stage_started, question_asked. `scorer` must score `pack`; both must
    // outlive the interview. `materials` (may be null: every task is answered in words) gives the
    // practical tasks that run their material when they are asked; it must outlive the interview.
    // `history` (interview_state.hpp): with ItemHistory::current the state keeps only what the
    // next decisions need, and the `report` event comes condensed (ReportReady::condensed()): the
    // host fills it from its log with restore_reports, which gives the body a whole history gives.
    [[nodiscard]] static Interview start(const content::RolePack& pack, const AnswerScorer& scorer,
                                         const InterviewPlan& plan, TimePoint now,
                                         const InterviewLimits& limits = {}, const TaskMaterials* materials = nullptr,
                                         ItemHistory history = ItemHistory::whole);

    // Rebuilds an interview from its stored events (InterviewError naming the first event that
    // does not fit). Nothing is re-scored and nothing re-run: scores and checks are restored from
    // the log. `materials` serves the tasks asked from here on.
    [[nodiscard]] static Interview replay(const content::RolePack& pack, const AnswerScorer& scorer,
                                          const EventLog& log, const TaskMaterials* materials = nullptr,
                                          ItemHistory history = ItemHistory::whole);

    // Whether `text`, sent now, would be a submission to a practical task that runs, and what to
    // run: the host runs it (off the interview thread) and passes the result to handle_message.
    // nullopt for commands, for questions and for tasks answered in words.
    [[nodiscard]] std::optional<TaskSubmission> task_submission(std::string_view text) const;

    // One candidate message: a command (help, repeat, skip, hint, again, end; whole message, any case,
    // optional leading "/") or an answer. Returns the new events in order. Throws InterviewError
    // once the interview has finished. `check`: the result of
    // running task_submission(text) (InterviewError when it is not for this message). A task that
    // runs, answered without one (the host ran nothing: a follow-up answer without code), is
    // scored with the check that stands from its earlier messages.
    std::vector<InterviewEvent> handle_message(std::string_view text, TimePoint now,
                                               std::optional<TaskCheckResult> check = std::nullopt);

    // Ends the interview now (input ran out, the session expired): the report, as after `end`
    // but without a command event. Returns no events if it had already finished.
    std::vector<InterviewEvent> finish(TimePoint now);

    [[nodiscard]] const InterviewState& state() const { return state_; }
    // The events start() gave (empty for a replayed interview).
    [[nodiscard]] const std::vector<InterviewEvent>& opening_events() const { return opening_; }
    [[nodiscard]] InterviewProgress progress() const;
    [[nodiscard]] bool finished() const { return state_.finished; }
    // The report as it stands (partial before the end); the `report` event carries the final one.
    // ItemHistory::whole only (InterviewError otherwise: the log has what the state let go).
    [[nodiscard]] InterviewReport report() const;

private:
    Interview(const content::RolePack& pack, const AnswerScorer& scorer);

    void emit(EventPayload payload, TimePoint now, std::vector<InterviewEvent>& out);
    void ask_current_item(TimePoint now, std::vector<InterviewEvent>& out);
    void start_stage(int stage_index, TimePoint now, std::vector<InterviewEvent>& out);
    void advance(TimePoint now, std::vector<InterviewEvent>& out);
    void conclude(TimePoint now, std::vector<InterviewEvent>& out);
    void handle_command(CommandName command, TimePoint now, std::vector<InterviewEvent>& out);
    void handle_answer(std::string_view text, TimePoint now, std::optional<TaskCheckResult> check,
                       std::vector<InterviewEvent>& out);
    [[nodiscard]] std::string hint_text() const;
    // The question `again` re-answers: the one answered last, if it was a scored question.
    [[nodiscard]] const ItemRecord* retry_target() const;

    const content::RolePack* pack_;
    const AnswerScorer* scorer_;
    const TaskMaterials* materials_ = nullptr;
    InterviewState state_;
    std::vector<InterviewEvent> opening_;
};

}  // namespace mi::dialogue
