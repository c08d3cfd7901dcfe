#include "dialogue/interview/interview.hpp"

#include <algorithm>
#include <cctype>

#include "dialogue/interview/checked_task_score.hpp"
#include "dialogue/interview/interview_follow_up.hpp"
#include "dialogue/interview/interview_schedule.hpp"
#include "dialogue/scoring/wording.hpp"

namespace mi::dialogue {
namespace {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view text) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::vector<std::string> texts(const std::vector<content::TextItem>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.text);
    return out;
}

std::vector<std::string> texts(const std::vector<content::CoverageItem>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.text);
    return out;
}

std::string sentence_case_lower(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

// "a startup", "an enterprise", "an agency"
std::string with_article(const std::string& noun) {
    const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + noun;
}

// Before and after of a retry: the key points gained and lost, the red flags raised and cleared.
RetryCompared compare_attempts(const EarlierAttempt& before, const ItemRecord& after, int attempt) {
    RetryCompared compared;
    compared.item_id = after.item.id;
    compared.attempt = attempt;
    compared.before_score = before.score.score;
    compared.after_score = after.score ? after.score->score : 0;
    compared.best_score = std::max(compared.before_score, compared.after_score);
    for (const auto& earlier : after.earlier_attempts) compared.best_score = std::max(compared.best_score, earlier.score.score);
    const auto hit = [](const std::vector<FeedbackItem>& feedback, FeedbackKind kind, const std::string& id) {
        return std::any_of(feedback.begin(), feedback.end(), [&](const FeedbackItem& item) {
            return item.kind == kind && item.subject_id == id && (kind == FeedbackKind::red_flag || item.positive);
        });
    };
    for (const auto& item : after.feedback) {
        if (item.kind == FeedbackKind::coverage && item.positive && !hit(before.feedback, FeedbackKind::coverage, item.subject_id)) {
            compared.gained.push_back(item.text);
        }
        if (item.kind == FeedbackKind::red_flag && !hit(before.feedback, FeedbackKind::red_flag, item.subject_id)) {
            compared.flags_raised.push_back(item.text);
        }
    }
    for (const auto& item : before.feedback) {
        if (item.kind == FeedbackKind::coverage && item.positive && !hit(after.feedback, FeedbackKind::coverage, item.subject_id)) {
            compared.lost.push_back(item.text);
        }
        if (item.kind == FeedbackKind::red_flag && !hit(after.feedback, FeedbackKind::red_flag, item.subject_id)) {
            compared.flags_cleared.push_back(item.text);
        }
    }
    return compared;
}

TaskCard task_card(const content::PracticalTask& task) {
    TaskCard card{task.name, task.summary, task.duration, {}, std::nullopt};
    for (const content::TaskSectionDefinition& section : content::task_sections()) {
        const auto& items = task.*section.items;
        if (section.on_task_card && !items.empty()) {
            card.sections.push_back({std::string(section.id), std::string(section.title), texts(items)});
        }
    }
    return card;
}

std::string task_prompt(const content::PracticalTask& task, const std::optional<TaskMaterial>& material) {
    std::string prompt = "Practical task: " + with_full_stop(task.name) + " " + with_full_stop(task.summary) +
                         " In a real interview you would have " + task.duration + " for it; here, ";
    if (material && !material->instructions.empty()) return prompt + sentence_case_lower(material->instructions);
    return prompt + "describe your solution as text (design notes, schema, queries or code).";
}

EvidenceSpan span_of(const Evidence& evidence) {
    return {evidence.term, static_cast<int>(evidence.message), evidence.span.begin, evidence.span.end};
}

std::vector<EvidenceSpan> spans_of(const std::vector<Evidence>& evidence) {
    std::vector<EvidenceSpan> spans;
    for (const auto& item : evidence) spans.push_back(span_of(item));
    return spans;
}

std::string star_guidance(const content::Question& question, StarPart part) {
    if (!question.star) return {};
    switch (part) {
        case StarPart::situation: return question.star->situation;
        case StarPart::task: return question.star->task;
        case StarPart::action: return question.star->action;
        case StarPart::result: return question.star->result;
    }
    return {};
}

FeedbackItem gate_item(const std::string& item_id, Gate gate, const std::string& reason) {
    FeedbackItem item;
    item.item_id = item_id;
    item.kind = FeedbackKind::gate;
    item.subject_id = std::string(to_string(gate));
    item.detail = reason;
    return item;
}

FeedbackItem coverage_item(const std::string& item_id, const CoverageResult& result, std::string section) {
    FeedbackItem item;
    item.item_id = item_id;
    item.kind = FeedbackKind::coverage;
    item.subject_id = result.item_id;
    item.section = std::move(section);
    item.text = result.text;
    item.positive = result.covered;
    item.confidence = result.confidence;
    item.evidence = spans_of(result.evidence);
    return item;
}

FeedbackItem red_flag_item(const std::string& item_id, const RedFlagResult& flag) {
    FeedbackItem item;
    item.item_id = item_id;
    item.kind = FeedbackKind::red_flag;
    item.subject_id = flag.flag_id;
    item.text = flag.text;
    item.detail = flag.reason;
    item.evidence = spans_of(flag.evidence);
    return item;
}

std::vector<FeedbackItem> feedback_items(const content::Question& question, const AnswerScore& score) {
    std::vector<FeedbackItem> items;
    if (score.gate != Gate::none) items.push_back(gate_item(question.id, score.gate, score.feedback.gate_reason));
    for (const auto& coverage : score.coverage) items.push_back(coverage_item(question.id, coverage, {}));
    if (score.star.applicable) {
        for (auto part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
            FeedbackItem item;
            item.item_id = question.id;
            item.kind = FeedbackKind::star;
            item.subject_id = std::string(to_string(part));
            item.text = star_guidance(question, part);
            item.positive = score.star.has(part);
            for (const auto& sentence : score.star.sentences) {
                if (sentence.part == part) {
                    item.evidence.push_back({item.subject_id, static_cast<int>(sentence.message), sentence.span.begin,
                                             sentence.span.end});
                }
            }
            items.push_back(std::move(item));
        }
    }
    for (const auto& flag : score.red_flags) {
        if (flag.raised) items.push_back(red_flag_item(question.id, flag));
    }
    return items;
}

AnswerScored scored_event(const std::string& item_id, int message_count, const std::string& version, Gate gate,
                          const ScoreBreakdown& breakdown, int score, const Feedback& feedback) {
    AnswerScored scored;
    scored.item_id = item_id;
    scored.score = score;
    scored.coverage_points = breakdown.coverage;
    scored.structure_points = breakdown.structure;
    scored.specificity_points = breakdown.specificity;
    scored.penalty_points = breakdown.penalties;
    for (const auto& penalty : breakdown.penalty_items) scored.penalties.push_back({penalty.reason, penalty.points, spans_of(penalty.evidence)});
    scored.strengths = feedback.strengths;
    scored.missing = feedback.missing;
    scored.tip = feedback.tip;
    scored.gate = std::string(to_string(gate));
    scored.gate_reason = feedback.gate_reason;
    scored.scoring_version = version;
    scored.message_count = message_count;
    return scored;
}

// A task submission may arrive over several messages (the submission, then answers to
// follow-ups); it is scored as one text, and each evidence span is mapped back to its message.
class JoinedMessages {
public:
    explicit JoinedMessages(const std::vector<MessageRecord>& messages) {
        for (const auto& message : messages) {
            if (!text_.empty()) text_ += separator;
            starts_.push_back(text_.size());
            text_ += message.text;
        }
    }
    [[nodiscard]] const std::string& text() const { return text_; }
    void localise(std::vector<EvidenceSpan>& spans) const {
        for (auto& span : spans) {
            const auto after = std::upper_bound(starts_.begin(), starts_.end(), span.begin);
            const auto index = static_cast<std::size_t>(std::distance(starts_.begin(), after)) - 1;
            span.message_index = static_cast<int>(index);
            span.begin -= starts_[index];
            span.end -= starts_[index];
        }
    }

private:
    static constexpr std::string_view separator = "\n\n";
    std::string text_;
    std::vector<std::size_t> starts_;
};

// One sentence built from commands(): 'Commands work when typed as a whole message: type "help" to
// see this list, ..., or "end" to finish now and get your report. Anything else ...'
std::string help_text() {
    std::string text = "Commands work when typed as a whole message: type ";
    const auto all = commands();
    for (std::size_t index = 0; index < all.size(); ++index) {
        if (index > 0) text += index + 1 == all.size() ? ", or " : ", ";
        text += "\"" + std::string(all[index].name) + "\" to " + std::string(all[index].purpose);
    }
    return text + ". Anything else is taken as your answer.";
}

// The report event the engine gives when the interview ends in `state`: the report event closes
// the open question as unanswered, so the report is built as it will stand. Live and when a
// condensed stored report is restored, so both give the same.
ReportReady final_report(const content::RolePack& pack, const InterviewState& state) {
    InterviewState closing = state;
    if (auto* record = closing.current_item(); record != nullptr && record->status == ItemStatus::in_progress) {
        record->status = ItemStatus::unanswered;
    }
    const auto report = build_report(pack, closing);
    return ReportReady{report_to_json(report), report_to_markdown(report)};
}

}  // namespace

std::optional<CommandName> parse_command(std::string_view message) {
    auto text = trim(message);
    if (!text.empty() && text.front() == '/') text.remove_prefix(1);
    // A message longer than every command's name (any real answer) is none of them, and is not
    // lower-cased whole only to find that out: every message is asked twice, and lower-casing a
    // 200-word answer twice was 2 % of the server's instructions.
    const auto longest = std::max_element(commands().begin(), commands().end(), [](const auto& a, const auto& b) {
        return a.name.size() < b.name.size();
    });
    if (text.size() > longest->name.size()) return std::nullopt;
    return parse_command_name(lower_ascii(text));
}

Interview::Interview(const content::RolePack& pack, const AnswerScorer& scorer) : pack_(&pack), scorer_(&scorer) {
    if (&scorer.pack() != &pack) throw InterviewError("the answer scorer was built for a different role pack");
}

Interview Interview::start(const content::RolePack& pack, const AnswerScorer& scorer, const InterviewPlan& plan,
                           TimePoint now, const InterviewLimits& limits, const TaskMaterials* materials,
                           ItemHistory history) {
    Interview interview(pack, scorer);
    interview.materials_ = materials;
    interview.state_.history = history;
    auto resolution = resolve_plan(plan, pack, limits);
    if (!resolution.resolved) {
        std::string message = "invalid interview plan:";
        for (const auto& problem : resolution.problems) message += "\n  - " + problem;
        throw InterviewError(message);
    }
    const auto& resolved = *resolution.resolved;
    auto schedule = schedule_interview(pack, resolved);
    if (!schedule.problems.empty()) {
        std::string message = "cannot schedule this interview:";
        for (const auto& problem : schedule.problems) message += "\n  - " + problem;
        throw InterviewError(message);
    }

    std::vector<std::string> stage_names;
    for (const auto& stage : schedule.stages) stage_names.push_back(pack.find_stage(stage.stage_id)->name);
    std::string greeting = "Welcome to your mock " + pack.title + " interview for a " +
                           std::string(content::to_string(resolved.plan.seniority)) + " candidate";
    const auto* industry = pack.find_industry(resolved.plan.industry);
    if (industry != nullptr) greeting += ", held the way " + with_article(sentence_case_lower(industry->name)) + " would";
    greeting += ". We'll go through " + count_of(stage_names.size(), "stage") + ": " + spoken_list(stage_names) + ".";
    if (industry != nullptr && !industry->interview_emphasis.empty()) {
        greeting += " Interviewers at " + with_article(sentence_case_lower(industry->name)) + " look for " +
                    with_full_stop(sentence_case_lower(spoken_list(texts(industry->interview_emphasis))));
    }
    greeting += " Answer in your own words; type help at any time to see the commands.";

    std::vector<InterviewEvent> opening;
    interview.emit(InterviewStarted{plan_to_json(resolved.plan), resolved.questions_per_stage,
                                    resolved.follow_ups_per_question, std::move(schedule.stages), pack.title,
                                    std::move(greeting)},
                   now, opening);
    interview.start_stage(0, now, opening);
    interview.opening_ = std::move(opening);
    return interview;
}

Interview Interview::replay(const content::RolePack& pack, const AnswerScorer& scorer, const EventLog& log,
                            const TaskMaterials* materials, ItemHistory history) {
    Interview interview(pack, scorer);
    interview.materials_ = materials;
    interview.state_.history = history;
    if (log.events.empty()) throw InterviewError("cannot replay an empty event log");
    for (const auto& event : log.events) apply_event(interview.state_, pack, event);
    return interview;
}

void restore_reports(const content::RolePack& pack, EventLog& log) {
    InterviewState state;
    for (auto& event : log.events) {
        if (auto* ready = std::get_if<ReportReady>(&event.payload); ready && ready->condensed()) {
            *ready = final_report(pack, state);
        }
        apply_event(state, pack, event);
    }
}

void Interview::emit(EventPayload payload, TimePoint now, std::vector<InterviewEvent>& out) {
    InterviewEvent event{state_.last_seq + 1, now, std::move(payload)};
    apply_event(state_, *pack_, event);
    out.push_back(std::move(event));
}

void Interview::start_stage(int stage_index, TimePoint now, std::vector<InterviewEvent>& out) {
    const auto& scheduled = state_.started->schedule[static_cast<std::size_t>(stage_index)];
    const auto& stage = *pack_->find_stage(scheduled.stage_id);
    StageStarted started;
    started.stage_id = stage.id;
    started.stage_name = stage.name;
    started.stage_index = stage_index;
    started.stage_count = static_cast<int>(state_.started->schedule.size());
    started.participants = texts(stage.participants);
    started.focus_areas = stage.focus_areas;
    started.introduction = "You're now in the " + stage.name;
    if (!started.participants.empty()) started.introduction += ", talking to " + spoken_list(started.participants, "the ");
    started.introduction += ". " + std::string(started.participants.empty() ? "The focus" : "They focus on") + ": " +
                            with_full_stop(sentence_case_lower(stage.focus_areas));
    emit(std::move(started), now, out);
    ask_current_item(now, out);
}

void Interview::ask_current_item(TimePoint now, std::vector<InterviewEvent>& out) {
    const auto stage = static_cast<std::size_t>(state_.stage_index);
    const int index = state_.item_index + 1;
    const auto& record = state_.items[stage][static_cast<std::size_t>(index)];
    QuestionAsked asked;
    asked.item_id = record.item.id;
    asked.stage_id = record.stage_id;
    asked.question_index = index;
    asked.question_count = static_cast<int>(state_.items[stage].size());
    if (record.item.kind == ItemKind::task) {
        const auto& task = *pack_->find_task(record.item.id);
        asked.kind = QuestionKind::task;
        asked.task = task_card(task);
        if (materials_ != nullptr) asked.task->material = materials_->material_for(task, state_.plan);
        asked.text = task_prompt(task, asked.task->material);
    } else {
        asked.kind = QuestionKind::main;
        asked.text = pack_->find_question(record.item.id)->text;
    }
    emit(std::move(asked), now, out);
}

void Interview::advance(TimePoint now, std::vector<InterviewEvent>& out) {
    const auto stage = static_cast<std::size_t>(state_.stage_index);
    if (state_.item_index + 1 < static_cast<int>(state_.items[stage].size())) {
        ask_current_item(now, out);
        return;
    }
    const auto& records = state_.items[stage];
    const auto count = [&](ItemStatus status) {
        return std::count_if(records.begin(), records.end(), [&](const ItemRecord& r) { return r.status == status; });
    };
    const bool last = stage + 1 == state_.items.size();
    const auto& name = pack_->find_stage(records.front().stage_id)->name;
    std::string transition = "That concludes the " + name + ": " + std::to_string(count(ItemStatus::answered)) +
                             " answered, " + std::to_string(count(ItemStatus::skipped)) + " skipped.";
    transition += last ? " That was the last stage; here is your report."
                       : " Next: the " + pack_->find_stage(state_.started->schedule[stage + 1].stage_id)->name + ".";
    emit(StageCompleted{records.front().stage_id, std::move(transition)}, now, out);
    if (last) {
        conclude(now, out);
    } else {
        start_stage(state_.stage_index + 1, now, out);
    }
}

void Interview::conclude(TimePoint now, std::vector<InterviewEvent>& out) {
    // Without the items behind it, the state cannot build the report: the event goes condensed,
    // as the store keeps it, and the host fills it from the log (restore_reports).
    emit(state_.history == ItemHistory::whole ? final_report(*pack_, state_) : ReportReady{}, now, out);
}

std::optional<TaskSubmission> Interview::task_submission(std::string_view text) const {
    if (state_.finished || state_.retry || parse_command(text)) return std::nullopt;
    const auto* record = state_.current_item();
    if (record == nullptr || record->item.kind != ItemKind::task || !record->material) return std::nullopt;
    return TaskSubmission{record->item.id, record->material->checker, record->material->variant_id,
                          static_cast<int>(record->messages.size()), std::string(text)};
}

std::vector<InterviewEvent> Interview::handle_message(std::string_view text, TimePoint now,
                                                      std::optional<TaskCheckResult> check) {
    if (state_.finished) throw InterviewError("the interview has finished; start a new one to practise again");
    if (check) {
        const auto expected = task_submission(text);
        if (!expected || expected->task_id != check->item_id || expected->message_index != check->message_index) {
            throw InterviewError("the check of \"" + check->item_id + "\" (message " + std::to_string(check->message_index) +
                                 ") is not for this message: " +
                                 (expected ? "it answers \"" + expected->task_id + "\" as message " +
                                                 std::to_string(expected->message_index)
                                           : std::string("it is not a submission to a task that runs")));
        }
    }
    std::vector<InterviewEvent> out;
    if (const auto command = parse_command(text)) {
        handle_command(*command, now, out);
    } else {
        handle_answer(text, now, std::move(check), out);
    }
    return out;
}

std::vector<InterviewEvent> Interview::finish(TimePoint now) {
    std::vector<InterviewEvent> out;
    if (!state_.finished) conclude(now, out);
    return out;
}

void Interview::handle_command(CommandName command, TimePoint now, std::vector<InterviewEvent>& out) {
    const auto* record = state_.current_item();
    switch (command) {
        case CommandName::help: emit(CommandHandled{command, help_text()}, now, out); return;
        case CommandName::repeat: emit(CommandHandled{command, state_.current_prompt}, now, out); return;
        case CommandName::hint: emit(CommandHandled{command, hint_text()}, now, out); return;
        case CommandName::skip: {
            if (state_.retry) {
                // Leaving a retry keeps the earlier answer; the interview goes back to what was
                // waiting, or on when the retried question was the open one.
                const bool was_open =
                    state_.retry->stage_index == state_.stage_index && state_.retry->item_index == state_.item_index;
                const auto resume = state_.retry->resume_prompt;
                emit(CommandHandled{command, was_open ? std::string("Keeping your earlier answer. Moving on.")
                                                      : "Keeping your earlier answer. Back to: " + resume},
                     now, out);
                if (was_open) advance(now, out);
                return;
            }
            const bool answered = record->status == ItemStatus::answered;
            emit(CommandHandled{command, answered ? "Skipping the follow-up; your answer so far stands. Moving on."
                                                  : "Skipped. This question counts as unanswered (0) in the report."},
                 now, out);
            advance(now, out);
            return;
        }
        case CommandName::again: {
            if (state_.retry) {
                emit(CommandHandled{command, "You are answering that question again already: type your new answer, or "
                                             "skip to keep the earlier one."},
                     now, out);
                return;
            }
            const auto* target = retry_target();
            if (target == nullptr) {
                emit(CommandHandled{command, "There is no scored answer to a question to try again just now: `again` "
                                             "re-answers the question you answered last."},
                     now, out);
                return;
            }
            const int attempt = static_cast<int>(target->earlier_attempts.size()) + 2;
            emit(CommandHandled{command, "Answer it again. Your earlier answer (score " + std::to_string(target->score->score) +
                                             ") is kept, and the better of the two counts in the report."},
                 now, out);
            emit(RetryStarted{target->item.id, attempt, target->score->score, target->text}, now, out);
            return;
        }
        case CommandName::end:
            emit(CommandHandled{command, "Ending the interview here. Here is your report."}, now, out);
            conclude(now, out);
            return;
    }
}

const ItemRecord* Interview::retry_target() const {
    // The question answered last: walking back from the current item, the first one that was
    // answered or skipped (the open question, not answered yet, is passed over).
    int stage = state_.stage_index;
    int index = state_.item_index;
    while (stage >= 0) {
        const auto& records = state_.items[static_cast<std::size_t>(stage)];
        for (; index >= 0; --index) {
            const auto& record = records[static_cast<std::size_t>(index)];
            if (record.status == ItemStatus::not_asked) continue;
            if (record.status == ItemStatus::in_progress && record.messages.empty()) continue;
            const bool scored_question =
                record.status == ItemStatus::answered && record.score && record.item.kind == ItemKind::question;
            return scored_question ? &record : nullptr;
        }
        --stage;
        if (stage >= 0) index = static_cast<int>(state_.items[static_cast<std::size_t>(stage)].size()) - 1;
    }
    return nullptr;
}

void Interview::handle_answer(std::string_view text, TimePoint now, std::optional<TaskCheckResult> check,
                              std::vector<InterviewEvent>& out) {
    const auto& record = *state_.answering_item();
    const auto elapsed = std::max<std::int64_t>(0, (now - state_.prompt_at).count());
    emit(AnswerReceived{record.item.id, std::string(text), static_cast<int>(record.messages.size()), elapsed}, now, out);

    std::vector<FeedbackItem> items;
    std::optional<AnswerScored> scored;
    std::vector<AnswerGap> gaps;
    const content::Question* question = nullptr;
    const auto message_count = static_cast<int>(record.messages.size());
    if (record.item.kind == ItemKind::question) {
        question = pack_->find_question(record.item.id);
        std::vector<std::string_view> messages;
        for (const auto& message : record.messages) messages.push_back(message.text);
        const auto score = scorer_->score_answers(*question, messages);
        items = feedback_items(*question, score);
        scored = scored_event(record.item.id, message_count, score.scoring_version, score.gate, score.breakdown,
                              score.score, score.feedback);
        scored->metrics = spans_of(score.star.metrics);
        gaps = answer_gaps(*question, score);
    } else {
        const auto& task = *pack_->find_task(record.item.id);
        const JoinedMessages joined(record.messages);
        // A new check is recorded first; without one, the check of an earlier message stands.
        const std::optional<TaskChecked> standing = check ? check : record.check.to_optional();
        if (check) emit(std::move(*check), now, out);
        auto score = scorer_->score_task_submission(task, joined.text());
        if (standing) score = apply_task_check(std::move(score), *standing, scorer_->config());
        if (score.gate != Gate::none) items.push_back(gate_item(task.id, score.gate, score.feedback.gate_reason));
        for (const auto& section : score.sections) {
            for (const auto& coverage : section.items) items.push_back(coverage_item(task.id, coverage, section.name));
        }
        for (const auto& mistake : score.common_mistakes) {
            if (mistake.raised) items.push_back(red_flag_item(task.id, mistake));
        }
        for (auto& item : items) joined.localise(item.evidence);
        if (standing) {
            // What the check decided carries its reason and its own evidence (already per message).
            for (auto& item : items) {
                if (item.kind == FeedbackKind::coverage) {
                    for (const auto& decided : standing->items) {
                        if (decided.item_id != item.subject_id) continue;
                        item.detail = decided.reason;
                        if (!decided.evidence.empty()) item.evidence = decided.evidence;
                    }
                } else if (item.kind == FeedbackKind::red_flag) {
                    for (const auto& decided : standing->mistakes) {
                        if (decided.mistake_id == item.subject_id && !decided.evidence.empty()) item.evidence = decided.evidence;
                    }
                }
            }
            std::vector<FeedbackItem> findings;
            for (const auto& finding : standing->findings) {
                FeedbackItem item;
                item.item_id = task.id;
                item.kind = FeedbackKind::check;
                item.subject_id = finding.id;
                item.text = finding.text;
                item.positive = finding.positive;
                item.confidence = 1.0;
                item.evidence = finding.evidence;
                findings.push_back(std::move(item));
            }
            // Findings come first (after a gate): they are what running it showed.
            const auto after_gate = items.begin() + (score.gate != Gate::none ? 1 : 0);
            items.insert(after_gate, findings.begin(), findings.end());
        }
        scored = scored_event(task.id, message_count, score.scoring_version, score.gate, score.breakdown, score.score,
                              score.feedback);
        gaps = task_gaps(task, score);
    }
    for (auto& item : items) emit(std::move(item), now, out);

    if (state_.retry) {
        // A retry has no follow-ups: it is scored, compared with the attempt before, and the
        // interview goes back to what was waiting (or on, when the retried question was the open one).
        if (question != nullptr) scored->strong_answer = question->good_answer_example;
        emit(std::move(*scored), now, out);
        const auto& retried = *state_.answering_item();
        const bool was_open = state_.retry->stage_index == state_.stage_index && state_.retry->item_index == state_.item_index;
        auto compared = compare_attempts(retried.earlier_attempts.back(), retried, state_.retry->attempt);
        if (!was_open) compared.resume_prompt = state_.retry->resume_prompt;
        emit(std::move(compared), now, out);
        if (was_open) advance(now, out);
        return;
    }
    const auto& current = *state_.current_item();
    std::optional<FollowUpAsked> follow_up;
    if (static_cast<int>(current.follow_ups.size()) < state_.started->follow_ups_per_question) {
        follow_up = choose_follow_up(current.item.id, question, gaps, current.follow_ups);
    }
    // The question is done: now the candidate may see the guide's whole good answer beside their own.
    if (!follow_up && question != nullptr) scored->strong_answer = question->good_answer_example;
    emit(std::move(*scored), now, out);
    if (follow_up) {
        emit(std::move(*follow_up), now, out);
        return;
    }
    advance(now, out);
}

std::string Interview::hint_text() const {
    const auto* record = state_.answering_item();
    const auto& stage = *pack_->find_stage(record->stage_id);
    std::vector<std::string> tips = texts(stage.preparation_tips);
    std::string wants;
    if (record->item.kind == ItemKind::task) {
        const auto& task = *pack_->find_task(record->item.id);
        if (tips.empty()) tips = texts(task.tips_for_success);
        const auto& judged = task.evaluation_criteria.empty() ? task.deliverables : task.evaluation_criteria;
        if (!judged.empty()) wants = "a submission judged on " + sentence_case_lower(spoken_list(texts(judged)));
    } else {
        const auto& question = *pack_->find_question(record->item.id);
        wants = sentence_case_lower(question.interviewer_wants);
        if (wants.empty() && question.coverage_kind != content::CoverageKind::none) {
            wants = "an answer that covers " + sentence_case_lower(spoken_list(texts(question.coverage)));
        }
    }
    if (tips.empty()) {
        for (const auto& group : pack_->preparation_tips) {
            if (!group.tips.empty()) tips.push_back(group.tips.front().text);
        }
    }
    std::string hint;
    if (!wants.empty()) hint += "What the interviewer wants: " + with_full_stop(wants);
    // The gaps so far: what the latest score of this question did not find yet.
    std::vector<std::string> not_yet;
    std::vector<std::string> story_parts;
    for (const FeedbackItem& item : record->feedback) {
        if (item.kind == FeedbackKind::coverage && !item.positive) not_yet.push_back(sentence_case_lower(item.text));
        if (item.kind == FeedbackKind::star && !item.positive) story_parts.push_back(item.subject_id);
    }
    if (!not_yet.empty()) hint += std::string(hint.empty() ? "" : "\n") + "Not covered yet: " + with_full_stop(spoken_list(not_yet));
    if (!story_parts.empty()) {
        hint += std::string(hint.empty() ? "" : "\n") + "Your story still needs its " + with_full_stop(spoken_list(story_parts));
    }
    hint += std::string(hint.empty() ? "" : "\n") + "Preparation tips for the " + stage.name + ":";
    for (const auto& tip : tips) hint += "\n- " + tip;
    return hint;
}

std::string_view to_string(AwaitingKind kind) {
    switch (kind) {
        case AwaitingKind::question: return "question";
        case AwaitingKind::task: return "task";
        case AwaitingKind::follow_up: return "follow_up";
    }
    return "question";
}

InterviewProgress Interview::progress() const {
    InterviewProgress progress;
    progress.stage_count = static_cast<int>(state_.items.size());
    progress.finished = state_.finished;
    progress.stage_index = std::max(0, state_.stage_index);
    progress.last_seq = state_.last_seq;
    if (state_.stage_index >= 0 && static_cast<std::size_t>(state_.stage_index) < state_.plan.stages.size()) {
        progress.stage_id = state_.plan.stages[static_cast<std::size_t>(state_.stage_index)];
        if (const auto* stage = pack_->find_stage(progress.stage_id)) progress.stage_name = stage->name;
    }
    if (state_.finished) return progress;
    if (const auto* record = state_.answering_item()) {
        progress.stage_id = record->stage_id;
        progress.item_id = record->item.id;
        progress.question_index = state_.retry ? state_.retry->item_index : state_.item_index;
        progress.question_count = static_cast<int>(
            state_.items[static_cast<std::size_t>(state_.retry ? state_.retry->stage_index : state_.stage_index)].size());
        progress.awaiting_follow_up = !state_.retry && record->status == ItemStatus::answered;
        progress.prompt = state_.current_prompt;
        progress.awaiting = progress.awaiting_follow_up ? AwaitingKind::follow_up
                            : record->item.kind == ItemKind::task ? AwaitingKind::task
                                                                  : AwaitingKind::question;
    }
    return progress;
}

InterviewReport Interview::report() const {
    if (state_.history != ItemHistory::whole) {
        throw InterviewError("this interview keeps only its current item (ItemHistory::current): its report is built "
                             "from the event log (restore_reports)");
    }
    return build_report(*pack_, state_);
}

}  // namespace mi::dialogue
