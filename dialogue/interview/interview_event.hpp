// The events an interview is made of. Every step of the state machine is one event; the log of
// events is the interview's durable form (the server stores it, streams each event as a frame and
// rebuilds an interview by replaying it). Each event serialises to JSON with a `type` and a `seq`
// and reads back to an equal event.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace mi::dialogue {

// Time is passed in by the caller (the engine never reads a clock); millisecond resolution.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// What was scheduled in one stage: its questions and, for the Coding Challenge, one practical task.
enum class ItemKind { question, task };

struct ScheduledItem {
    ItemKind kind = ItemKind::question;
    std::string id;     // question id or practical-task id
    friend bool operator==(const ScheduledItem&, const ScheduledItem&) = default;
};

struct ScheduledStage {
    std::string stage_id;
    std::vector<ScheduledItem> items;
    double weight = 1.0;    // share of the overall score (seniority dependent)
    friend bool operator==(const ScheduledStage&, const ScheduledStage&) = default;
};

struct InterviewStarted {
    nlohmann::json plan;                    // the plan as given (plan_to_json)
    int questions_per_stage = 0;            // resolved
    int follow_ups_per_question = 0;        // resolved
    std::vector<ScheduledStage> schedule;   // fixed at the start so replay never re-draws questions
    std::string role_title;
    std::string greeting;
    friend bool operator==(const InterviewStarted&, const InterviewStarted&) = default;
};

struct StageStarted {
    std::string stage_id;
    std::string stage_name;
    int stage_index = 0;
    int stage_count = 0;
    std::vector<std::string> participants;  // who the candidate talks to now
    std::string focus_areas;
    std::string introduction;
    friend bool operator==(const StageStarted&, const StageStarted&) = default;
};

struct TaskSectionCard {
    std::string name;                       // a content::task_sections() id, e.g. "areas_to_analyze"
    std::string title;                      // its title as the guide spells it, e.g. "Areas to Analyze"
    std::vector<std::string> items;
    friend bool operator==(const TaskSectionCard&, const TaskSectionCard&) = default;
};

// What a practical task that runs gives the candidate beyond the guide's card (the slow query to
// optimise, the dataset's schema, how to submit): supplied by the host through TaskMaterials
// (task_check.hpp) when the task is asked, and stored in the event, so replay shows the same.
struct LabelledBlock {
    std::string label;                      // "The slow query", "Plan after"
    std::string text;
    std::string language;                   // "" prose; else code shown as written: "sql", "text", "mermaid"
    friend bool operator==(const LabelledBlock&, const LabelledBlock&) = default;
};

struct TaskMaterial {
    std::string checker;                    // the host's checker: "slow_query", "schema", "openapi"
    std::string variant_id;                 // which one of several (the slow query's id); else empty
    std::string title;                      // "Revenue of one month"
    std::string instructions;               // what to submit and how
    std::string language;                   // the editor's: "sql" or "openapi"
    bool runnable = false;                  // the candidate may Run their code before submitting
    std::vector<LabelledBlock> blocks;
    nlohmann::json facts = nlohmann::json::object();  // for clients: e.g. the slow query's measured cost
    friend bool operator==(const TaskMaterial&, const TaskMaterial&) = default;
};

struct TaskCard {
    std::string name;
    std::string summary;
    std::string duration;
    std::vector<TaskSectionCard> sections;
    std::optional<TaskMaterial> material;   // tasks that run only
    friend bool operator==(const TaskCard&, const TaskCard&) = default;
};

enum class QuestionKind { main, task };

struct QuestionAsked {
    std::string item_id;
    QuestionKind kind = QuestionKind::main;
    std::string stage_id;
    int question_index = 0;                 // within the stage
    int question_count = 0;                 // scheduled in the stage
    std::string text;
    std::optional<TaskCard> task;           // kind == task
    friend bool operator==(const QuestionAsked&, const QuestionAsked&) = default;
};

struct AnswerReceived {
    std::string item_id;
    std::string text;
    int message_index = 0;                  // 0 = the answer, 1.. = answers to follow-ups
    std::int64_t elapsed_ms = 0;            // since the question or follow-up was put
    friend bool operator==(const AnswerReceived&, const AnswerReceived&) = default;
};

struct EvidenceSpan {
    std::string term;
    int message_index = 0;
    std::size_t begin = 0;                  // byte offsets into that message
    std::size_t end = 0;
    friend bool operator==(const EvidenceSpan&, const EvidenceSpan&) = default;
};

// One item of feedback, streamed as it is produced. `check`: a finding of running the submission.
enum class FeedbackKind { coverage, star, red_flag, gate, check };

struct FeedbackItem {
    std::string item_id;                    // the question or task this is about
    FeedbackKind kind = FeedbackKind::coverage;
    std::string subject_id;                 // coverage item id, STAR part, red flag id, gate name
    std::string section;                    // tasks: the list the item comes from; else empty
    std::string text;                       // the item's text, STAR guidance, flag text
    bool positive = false;                  // covered / STAR part present; false for flags and gates
    double confidence = 0.0;                // coverage only
    std::string detail;                     // red flag reason, gate reason; a coverage item's when a check decided it
    std::vector<EvidenceSpan> evidence;
    friend bool operator==(const FeedbackItem&, const FeedbackItem&) = default;
};

// A practical task's submission was run (task_check.hpp). The event carries the check's whole typed
// result, so the state can apply it again when a follow-up answer is scored with the earlier
// messages; its findings are also streamed as `feedback` items of kind `check`.
enum class CheckOutcome {
    passed,     // it ran and met the task's bar (same rows and faster; no schema or API finding)
    failed,     // it ran, and the findings say what falls short
    not_run,    // it could not be run (no code found, a syntax error, refused); the summary says why
};

// One finding, a sentence a reviewer would write.
struct CheckFinding {
    std::string id;                         // what it is about: "slow_query.rows", "openapi.status_codes", "schema.data_types"
    std::string text;
    bool positive = false;                  // something done right (same rows, 26x fewer steps)
    std::vector<EvidenceSpan> evidence;     // into the checked message (the line of an error, an index name)
    friend bool operator==(const CheckFinding&, const CheckFinding&) = default;
};

// A coverage item of the task (requirement, deliverable, criterion, scenario element) the check decides.
struct CheckedItem {
    std::string item_id;
    bool covered = false;
    std::string reason;                     // why, one sentence ("same rows, 26x fewer steps")
    std::vector<EvidenceSpan> evidence;     // into the checked message
    friend bool operator==(const CheckedItem&, const CheckedItem&) = default;
};

// A common mistake of the task the check decides.
struct CheckedMistake {
    std::string mistake_id;
    bool raised = false;
    std::string reason;
    std::vector<EvidenceSpan> evidence;
    friend bool operator==(const CheckedMistake&, const CheckedMistake&) = default;
};

struct TaskChecked {
    std::string item_id;                    // the task
    std::string checker;                    // "slow_query", "schema", "openapi"
    std::string variant_id;                 // the slow query's id; else empty
    int message_index = 0;                  // the message that was run
    CheckOutcome outcome = CheckOutcome::not_run;
    std::string summary;                    // one sentence
    std::vector<CheckFinding> findings;     // in the order a reviewer reads them
    std::vector<CheckedItem> items;         // decided by the check; the rest stay with the text scorer
    std::vector<CheckedMistake> mistakes;
    std::vector<LabelledBlock> exhibits;    // what the report shows: the plans before and after, the diagram
    nlohmann::json details = nlohmann::json::object();  // costs, plans, speed-up, the schema and its diagram, the endpoints
    friend bool operator==(const TaskChecked&, const TaskChecked&) = default;
};

struct PenaltyLine {
    std::string reason;
    int points = 0;
    std::vector<EvidenceSpan> evidence;     // what it was given for (a wrong statement, a risky practice)
    friend bool operator==(const PenaltyLine&, const PenaltyLine&) = default;
};

struct AnswerScored {
    std::string item_id;
    int score = 0;
    int coverage_points = 0;
    int structure_points = 0;
    int specificity_points = 0;
    int penalty_points = 0;
    std::vector<PenaltyLine> penalties;
    std::vector<std::string> strengths;
    std::vector<std::string> missing;
    std::string tip;
    std::string gate;                       // "none" unless the answer was gated
    std::string gate_reason;
    std::string scoring_version;
    int message_count = 0;                  // how many messages this score covers
    std::vector<EvidenceSpan> metrics;      // the measurable results the answer states, one span each
    // The guide's whole good answer, sent once the question is done (no follow-up is coming); empty
    // while it is still open, for tasks, and where the guide has none.
    std::string strong_answer;
    friend bool operator==(const AnswerScored&, const AnswerScored&) = default;
};

enum class FollowUpSource { guide, probe };

struct FollowUpAsked {
    std::string item_id;
    FollowUpSource source = FollowUpSource::guide;
    std::string follow_up_id;               // the guide follow-up's id; empty for a probe
    std::vector<std::string> targets;       // the gaps it probes (coverage/flag ids, "star:<part>", "gate:<name>")
    std::string text;
    int follow_up_index = 0;                // 0-based among this question's follow-ups
    friend bool operator==(const FollowUpAsked&, const FollowUpAsked&) = default;
};

// Add a command here and in the table behind commands() (interview_event.cpp), nowhere else.
enum class CommandName { help, repeat, skip, hint, again, end };

struct CommandDefinition {
    CommandName command;
    std::string_view name;                  // what the candidate types; the `command` event's "name"
    std::string_view purpose;               // completes "type <name> to ..." in the help text
};

// Every command, in the order the help text lists them.
[[nodiscard]] std::span<const CommandDefinition> commands();
// The names of commands(), in the same order: what a client may send.
[[nodiscard]] const std::vector<std::string>& command_names();

struct CommandHandled {
    CommandName name = CommandName::help;
    std::string response;
    friend bool operator==(const CommandHandled&, const CommandHandled&) = default;
};

struct StageCompleted {
    std::string stage_id;
    std::string text;                       // short transition
    friend bool operator==(const StageCompleted&, const StageCompleted&) = default;
};

// The candidate asked to answer the last scored question again (`again`). The earlier attempt
// is kept (the report counts the better of them) and the question is put again, without follow-ups.
struct RetryStarted {
    std::string item_id;
    int attempt = 2;                        // this attempt's number: 2 for the first retry
    int previous_score = 0;
    std::string text;                       // the question, put again
    friend bool operator==(const RetryStarted&, const RetryStarted&) = default;
};

// The retry was scored (its answer_scored came first): before and after side by side.
struct RetryCompared {
    std::string item_id;
    int attempt = 2;
    int before_score = 0;
    int after_score = 0;
    int best_score = 0;                     // what the report counts for the question
    std::vector<std::string> gained;        // key points covered now, missed before (their texts)
    std::vector<std::string> lost;          // covered before, missed now
    std::vector<std::string> flags_raised;  // red flags raised now, not before
    std::vector<std::string> flags_cleared; // raised before, not now
    std::string resume_prompt;              // what the candidate answers next; empty when the interview moves on
    friend bool operator==(const RetryCompared&, const RetryCompared&) = default;
};

struct ReportReady {
    nlohmann::json report;                  // report_to_json; null while condensed
    std::string markdown;                   // report_to_markdown
    // As read back from the store, which keeps a report without its body (event_to_stored_json):
    // restore_reports() rebuilds it from the events before it.
    [[nodiscard]] bool condensed() const { return report.is_null(); }
    friend bool operator==(const ReportReady&, const ReportReady&) = default;
};

using EventPayload = std::variant<InterviewStarted, StageStarted, QuestionAsked, AnswerReceived, FeedbackItem,
                                  AnswerScored, FollowUpAsked, CommandHandled, StageCompleted, ReportReady, TaskChecked,
                                  RetryStarted, RetryCompared>;

struct InterviewEvent {
    std::int64_t seq = 0;                   // 1, 2, 3 ... in log order
    TimePoint at{};
    EventPayload payload;

    // The JSON `type`: interview_started, stage_started, question_asked, answer_received, task_checked,
    // feedback, answer_scored, follow_up, command, stage_completed, report, retry_started, retry_compared.
    [[nodiscard]] std::string_view type() const;
    friend bool operator==(const InterviewEvent&, const InterviewEvent&) = default;
};

struct EventLog {
    std::vector<InterviewEvent> events;
    friend bool operator==(const EventLog&, const EventLog&) = default;
};

[[nodiscard]] std::string_view to_string(ItemKind kind);
[[nodiscard]] std::string_view to_string(QuestionKind kind);
[[nodiscard]] std::string_view to_string(FeedbackKind kind);
[[nodiscard]] std::string_view to_string(CheckOutcome outcome);
[[nodiscard]] std::string_view to_string(FollowUpSource source);
[[nodiscard]] std::string_view to_string(CommandName name);
[[nodiscard]] std::optional<CommandName> parse_command_name(std::string_view text);

// A retry's before and after in lines a person reads (the terminal and the chat replies show
// these): the score change, the key points gained and lost, red flags raised and cleared.
[[nodiscard]] std::vector<std::string> describe_retry(const RetryCompared& compared);

[[nodiscard]] nlohmann::json event_to_json(const InterviewEvent& event);
[[nodiscard]] nlohmann::json event_log_to_json(const EventLog& log);   // {"events": [...]}

// event_to_json(event).dump(), byte for byte, written without building the tree for the events
// every answer gives (the answer, feedback, score, follow-up, next question, stage changes,
// commands). Throws what dump() throws (a text that is not UTF-8).
[[nodiscard]] std::string event_to_json_text(const InterviewEvent& event);

// The event as the store keeps it: event_to_json, except that a report goes without its body
// (report and markdown). The events before it rebuild that body exactly (restore_reports in
// interview.hpp), and it was a third of a finished interview's bytes.
[[nodiscard]] nlohmann::json event_to_stored_json(const InterviewEvent& event);

// Reading back throws EventFormatError naming the event (by seq when known) and the field.
class EventFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
[[nodiscard]] InterviewEvent event_from_json(const nlohmann::json& json);
[[nodiscard]] EventLog event_log_from_json(const nlohmann::json& json);

}  // namespace mi::dialogue
