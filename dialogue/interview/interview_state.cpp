#include "dialogue/interview/interview_state.hpp"

#include <type_traits>

namespace mi::dialogue {
namespace {

class Applier {
public:
    Applier(InterviewState& state, const content::RolePack& pack, const InterviewEvent& event)
        : state_(state), pack_(pack), event_(event) {}

    void operator()(const InterviewStarted& started) {
        require(!state_.started, "the interview has already started");
        auto parsed = plan_from_json(started.plan);
        if (!parsed.plan) fail("its plan is invalid: " + join_problems(parsed.problems));
        auto resolution = resolve_plan(*parsed.plan, pack_);
        if (!resolution.resolved) fail("its plan does not fit role \"" + pack_.id + "\": " + join_problems(resolution.problems));
        require(!started.schedule.empty(), "its schedule is empty");
        state_.plan = resolution.resolved->plan;
        state_.items.clear();
        for (const auto& stage : started.schedule) {
            require(pack_.find_stage(stage.stage_id) != nullptr, "stage \"" + stage.stage_id + "\" is not in the role");
            std::vector<ItemRecord> records;
            for (const auto& item : stage.items) {
                const bool known = item.kind == ItemKind::question ? pack_.find_question(item.id) != nullptr
                                                                   : pack_.find_task(item.id) != nullptr;
                require(known, std::string(to_string(item.kind)) + " \"" + item.id + "\" is not in the role");
                records.push_back({item, stage.stage_id, {}, ItemStatus::not_asked, {}, {}, {}, {}, {}, {}, {}});
            }
            state_.items.push_back(std::move(records));
        }
        state_.stage_completed.assign(started.schedule.size(), false);
        state_.started = started;
        if (state_.history == ItemHistory::current) {
            // Only the report reads these, and it is built from the log; `items` has the schedule.
            state_.started->plan = nullptr;
            state_.started->greeting = {};
            state_.started->role_title = {};
            for (auto& stage : state_.started->schedule) stage.items = {};
        }
    }

    void operator()(const StageStarted& stage) {
        require_running();
        const int expected = state_.stage_index + 1;
        require(stage.stage_index == expected, "expected stage index " + std::to_string(expected));
        require(stage.stage_index < static_cast<int>(state_.items.size()), "the schedule has no such stage");
        require(state_.stage_index < 0 || state_.stage_completed[static_cast<std::size_t>(state_.stage_index)],
                "the previous stage is not completed");
        require(stage.stage_id == state_.started->schedule[static_cast<std::size_t>(stage.stage_index)].stage_id,
                "stage \"" + stage.stage_id + "\" is not the scheduled one");
        state_.stage_index = stage.stage_index;
        state_.item_index = -1;
    }

    void operator()(const QuestionAsked& asked) {
        require_running();
        require(state_.stage_index >= 0, "no stage has started");
        const auto* previous = state_.current_item();
        require(previous == nullptr || previous->status == ItemStatus::answered || previous->status == ItemStatus::skipped,
                "the previous question is still open");
        const int expected = state_.item_index + 1;
        auto& stage_items = state_.items[static_cast<std::size_t>(state_.stage_index)];
        require(asked.question_index == expected && expected < static_cast<int>(stage_items.size()),
                "expected question index " + std::to_string(expected) + " of this stage");
        auto& record = stage_items[static_cast<std::size_t>(expected)];
        require(record.item.id == asked.item_id, "\"" + asked.item_id + "\" is not the scheduled item \"" + record.item.id + "\"");
        if (state_.history == ItemHistory::current) release_items_before_previous(expected);
        state_.item_index = expected;
        record.status = ItemStatus::in_progress;
        record.text = asked.text;
        if (asked.task) record.material = asked.task->material;
        set_prompt(asked.text);
    }

    void operator()(const AnswerReceived& answer) {
        auto& record = open_item(answer.item_id);
        require(answer.message_index == static_cast<int>(record.messages.size()),
                "expected message index " + std::to_string(record.messages.size()));
        record.messages.push_back({answer.text, answer.elapsed_ms, event_.at});
        state_.pending_feedback.clear();
        state_.pending_check.reset();
    }

    void operator()(const TaskChecked& checked) {
        const auto& record = open_item(checked.item_id);
        require(record.item.kind == ItemKind::task, "\"" + checked.item_id + "\" is not a practical task");
        require(!record.messages.empty() && checked.message_index == static_cast<int>(record.messages.size()) - 1,
                "the check is of message " + std::to_string(checked.message_index) + ", the latest is " +
                    std::to_string(static_cast<int>(record.messages.size()) - 1));
        require(!state_.pending_check, "the message was checked already");
        state_.pending_check = checked;
    }

    void operator()(const FeedbackItem& item) {
        const auto& record = open_item(item.item_id);
        require(!record.messages.empty(), "feedback came before any answer");
        state_.pending_feedback.push_back(item);
    }

    void operator()(const AnswerScored& scored) {
        auto& record = open_item(scored.item_id);
        require(scored.message_count == static_cast<int>(record.messages.size()),
                "the score covers " + std::to_string(scored.message_count) + " messages, the question has " +
                    std::to_string(record.messages.size()));
        record.score = scored;
        record.feedback = std::move(state_.pending_feedback);
        state_.pending_feedback.clear();
        if (state_.pending_check) record.check = std::move(state_.pending_check);
        state_.pending_check.reset();
        record.status = ItemStatus::answered;  // stays answered; a follow-up reopens the prompt, not the status
    }

    void operator()(const RetryStarted& retry) {
        require_running();
        require(!state_.retry, "a retry is already in progress");
        int stage_index = -1, item_index = -1;
        for (std::size_t s = 0; s < state_.items.size(); ++s) {
            for (std::size_t i = 0; i < state_.items[s].size(); ++i) {
                if (state_.items[s][i].item.id == retry.item_id) {
                    stage_index = static_cast<int>(s);
                    item_index = static_cast<int>(i);
                }
            }
        }
        require(stage_index >= 0, "\"" + retry.item_id + "\" is not in the schedule");
        auto& record = state_.items[static_cast<std::size_t>(stage_index)][static_cast<std::size_t>(item_index)];
        require(record.status == ItemStatus::answered && record.score && record.item.kind == ItemKind::question,
                "\"" + retry.item_id + "\" is not a scored question");
        require(retry.attempt == static_cast<int>(record.earlier_attempts.size()) + 2,
                "expected attempt " + std::to_string(record.earlier_attempts.size() + 2));
        record.earlier_attempts.push_back({std::move(record.messages), std::move(record.follow_ups), *record.score,
                                           std::move(record.feedback)});
        record.messages.clear();
        record.follow_ups.clear();
        record.feedback.clear();
        state_.retry = RetryInProgress{stage_index, item_index, retry.attempt, state_.current_prompt, state_.prompt_at};
        set_prompt(retry.text);
    }

    void operator()(const RetryCompared& compared) {
        require_running();
        require(state_.retry.has_value(), "no retry is in progress");
        const auto* record = state_.answering_item();
        require(record->item.id == compared.item_id, "\"" + compared.item_id + "\" is not the question answered again");
        require(!record->messages.empty() && record->score && record->score->message_count ==
                                                                  static_cast<int>(record->messages.size()),
                "the retry has no score yet");
        state_.current_prompt = state_.retry->resume_prompt;
        state_.prompt_at = state_.retry->resume_prompt_at;
        if (!compared.resume_prompt.empty()) set_prompt(compared.resume_prompt);
        state_.retry.reset();
    }

    void operator()(const FollowUpAsked& follow_up) {
        require_running();
        require(!state_.retry, "a retry has no follow-ups");
        auto* record = state_.current_item();
        require(record != nullptr && record->item.id == follow_up.item_id && record->score,
                "a follow-up needs a scored answer to \"" + follow_up.item_id + "\"");
        require(follow_up.follow_up_index == static_cast<int>(record->follow_ups.size()),
                "expected follow-up index " + std::to_string(record->follow_ups.size()));
        record->follow_ups.push_back(follow_up);
        set_prompt(follow_up.text);
    }

    void operator()(const CommandHandled& command) {
        require_running();
        if (state_.retry && (command.name == CommandName::skip || command.name == CommandName::end)) {
            abandon_retry();
            if (command.name == CommandName::skip) return;   // skipping a retry keeps the earlier answer, nothing more
        }
        auto* record = state_.current_item();
        if (command.name == CommandName::skip) {
            require(record != nullptr, "there is no question to skip");
            if (record->status == ItemStatus::in_progress) record->status = ItemStatus::skipped;
        } else if (command.name == CommandName::end) {
            state_.ended_early = true;
            if (record != nullptr && record->status == ItemStatus::in_progress) record->status = ItemStatus::unanswered;
        }
    }

    void operator()(const StageCompleted& completed) {
        require_running();
        require(state_.stage_index >= 0 &&
                    state_.started->schedule[static_cast<std::size_t>(state_.stage_index)].stage_id == completed.stage_id,
                "stage \"" + completed.stage_id + "\" is not the current stage");
        state_.stage_completed[static_cast<std::size_t>(state_.stage_index)] = true;
    }

    void operator()(const ReportReady&) {
        require_running();
        if (state_.retry) abandon_retry();
        if (auto* record = state_.current_item(); record != nullptr && record->status == ItemStatus::in_progress) {
            record->status = ItemStatus::unanswered;
        }
        state_.finished = true;
        state_.current_prompt.clear();
    }

private:
    // With ItemHistory::current, the item about to be asked (at `next_index` of the current
    // stage) and the one asked before it stay whole (`again` re-answers the question answered
    // last); every earlier one keeps only its id, stage and status, which the stage summaries
    // count. Their answers, feedback and attempts are in the log.
    void release_items_before_previous(int next_index) {
        bool previous_seen = false;
        for (int stage = state_.stage_index; stage >= 0; --stage) {
            auto& records = state_.items[static_cast<std::size_t>(stage)];
            int index = stage == state_.stage_index ? next_index - 1 : static_cast<int>(records.size()) - 1;
            for (; index >= 0; --index) {
                auto& record = records[static_cast<std::size_t>(index)];
                if (record.status == ItemStatus::not_asked) continue;
                if (!previous_seen) {
                    previous_seen = true;
                    continue;
                }
                release(record);
            }
        }
    }

    static void release(ItemRecord& record) {
        record.text = {};
        record.messages = {};
        record.follow_ups = {};
        record.score.reset();
        record.feedback = {};
        record.material.reset();
        record.check.reset();
        record.earlier_attempts = {};
    }

    // A retry left before its answer was scored: the earlier attempt stands as it was.
    void abandon_retry() {
        auto* record = state_.answering_item();
        if (record->messages.empty() || !record->score ||
            record->score->message_count != static_cast<int>(record->messages.size())) {
            auto earlier = std::move(record->earlier_attempts.back());
            record->earlier_attempts.pop_back();
            record->messages = std::move(earlier.messages);
            record->follow_ups = std::move(earlier.follow_ups);
            record->score = std::move(earlier.score);
            record->feedback = std::move(earlier.feedback);
        }
        state_.current_prompt = state_.retry->resume_prompt;
        state_.prompt_at = state_.retry->resume_prompt_at;
        state_.retry.reset();
    }

    void set_prompt(const std::string& text) {
        state_.current_prompt = text;
        state_.prompt_at = event_.at;
    }

    ItemRecord& open_item(const std::string& item_id) {
        require_running();
        auto* record = state_.answering_item();
        require(record != nullptr && record->item.id == item_id,
                "\"" + item_id + "\" is not the question being asked");
        return *record;
    }

    void require_running() const {
        require(state_.started.has_value(), "the interview has not started");
        require(!state_.finished, "the interview has already finished");
    }

    void require(bool condition, const std::string& what) const {
        if (!condition) fail(what);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw InterviewError("event " + std::to_string(event_.seq) + " (" + std::string(event_.type()) +
                             ") does not fit the interview: " + what);
    }

    static std::string join_problems(const std::vector<std::string>& problems) {
        std::string joined;
        for (const auto& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
        return joined;
    }

    InterviewState& state_;
    const content::RolePack& pack_;
    const InterviewEvent& event_;
};

}  // namespace

const ItemRecord* InterviewState::current_item() const {
    if (stage_index < 0 || item_index < 0) return nullptr;
    return &items[static_cast<std::size_t>(stage_index)][static_cast<std::size_t>(item_index)];
}

ItemRecord* InterviewState::current_item() {
    return const_cast<ItemRecord*>(static_cast<const InterviewState&>(*this).current_item());
}

const ItemRecord* InterviewState::answering_item() const {
    if (!retry) return current_item();
    return &items[static_cast<std::size_t>(retry->stage_index)][static_cast<std::size_t>(retry->item_index)];
}

ItemRecord* InterviewState::answering_item() {
    return const_cast<ItemRecord*>(static_cast<const InterviewState&>(*this).answering_item());
}

void apply_event(InterviewState& state, const content::RolePack& pack, const InterviewEvent& event) {
    if (event.seq != state.last_seq + 1) {
        throw InterviewError("event " + std::to_string(event.seq) + " (" + std::string(event.type()) +
                             ") is out of order: expected seq " + std::to_string(state.last_seq + 1));
    }
    std::visit(Applier(state, pack, event), event.payload);
    state.last_seq = event.seq;
}

std::string_view to_string(ItemStatus status) {
    switch (status) {
        case ItemStatus::not_asked: return "not_asked";
        case ItemStatus::unanswered: return "unanswered";
        case ItemStatus::in_progress: return "in_progress";
        case ItemStatus::answered: return "answered";
        case ItemStatus::skipped: return "skipped";
    }
    return "unknown";
}

}  // namespace mi::dialogue
