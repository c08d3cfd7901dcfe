#include "server/coach/interview_review.hpp"

#include <algorithm>

namespace mi::server::coach {

namespace {

using nlohmann::json;

constexpr std::string_view message_separator = "\n\n";

std::string text_of(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::int64_t integer_of(const json& object, const char* key, std::int64_t fallback = 0) {
    const auto found = object.find(key);
    return found != object.end() && found->is_number_integer() ? found->get<std::int64_t>() : fallback;
}

// The feedback items of one scored answer, and the messages they point into.
struct Pending {
    std::vector<json> feedback;
};

std::vector<Evidence> evidence_of(const json& item, const std::vector<std::size_t>& message_offsets,
                                  std::size_t first_message, const std::string& answer) {
    std::vector<Evidence> spans;
    const auto found = item.find("evidence");
    if (found == item.end() || !found->is_array()) return spans;
    for (const auto& span : *found) {
        const auto message = static_cast<std::size_t>(integer_of(span, "message"));
        if (message < first_message || message - first_message >= message_offsets.size()) continue;
        const auto base = message_offsets[message - first_message];
        const auto begin = base + static_cast<std::size_t>(integer_of(span, "begin"));
        const auto end = base + static_cast<std::size_t>(integer_of(span, "end"));
        if (end <= begin || end > answer.size()) continue;
        spans.push_back(Evidence{begin, end, answer.substr(begin, end - begin)});
    }
    return spans;
}

}  // namespace

std::string field_value_text(const std::string& field, bool value) {
    if (field.rfind("key_point:", 0) == 0) return value ? "covered" : "not_covered";
    if (field.rfind("red_flag:", 0) == 0) return value ? "raised" : "not_raised";
    return value ? "present" : "absent";
}

InterviewReview build_review(const std::vector<json>& events, const std::vector<AuditValue>& audit,
                             const content::RolePack* pack) {
    InterviewReview review;
    std::map<std::string, std::string> question_text;
    std::map<std::string, std::string> question_stage;
    std::map<std::string, std::vector<std::string>> messages;   // item id -> its answer messages by index
    std::string stage;
    std::map<std::string, int> attempt_of;   // item id -> its current attempt (Try again)
    Pending pending;
    for (const auto& event : events) {
        const std::string type = text_of(event, "type");
        if (type == "retry_started") {
            // The question is answered again from its first message: the earlier attempt's turns stay.
            const auto item = text_of(event, "item_id");
            messages[item].clear();
            attempt_of[item] = static_cast<int>(integer_of(event, "attempt", 2));
        } else if (type == "stage_started") {
            stage = text_of(event, "stage_id");
        } else if (type == "question_asked") {
            const auto item = text_of(event, "item_id");
            question_text[item] = text_of(event, "text");
            question_stage[item] = text_of(event, "stage_id").empty() ? stage : text_of(event, "stage_id");
        } else if (type == "answer_received") {
            ++review.answers;
            auto& list = messages[text_of(event, "item_id")];
            const auto index = static_cast<std::size_t>(std::max<std::int64_t>(0, integer_of(event, "message_index")));
            if (list.size() <= index) list.resize(index + 1);
            list[index] = text_of(event, "text");
            pending.feedback.clear();
        } else if (type == "feedback") {
            pending.feedback.push_back(event);
        } else if (type == "answer_scored") {
            ReviewTurn turn;
            turn.turn = integer_of(event, "seq");
            turn.question_id = text_of(event, "item_id");
            turn.question = question_text[turn.question_id];
            turn.stage_id = question_stage.contains(turn.question_id) ? question_stage[turn.question_id] : stage;
            turn.original_score = turn.score = static_cast<int>(integer_of(event, "score"));
            turn.scorer_version = text_of(event, "scoring_version");
            turn.attempt = attempt_of.contains(turn.question_id) ? attempt_of[turn.question_id] : 1;
            const auto& list = messages[turn.question_id];
            const auto count = static_cast<std::size_t>(std::max<std::int64_t>(1, integer_of(event, "message_count", 1)));
            const std::size_t first = list.size() > count ? list.size() - count : 0;
            std::vector<std::size_t> offsets;
            for (std::size_t i = first; i < list.size(); ++i) {
                if (i > first) turn.answer += message_separator;
                offsets.push_back(turn.answer.size());
                turn.answer += list[i];
            }
            for (const auto& item : pending.feedback) {
                const std::string kind = text_of(item, "kind");
                JudgedItem judged{text_of(item, "subject_id"), text_of(item, "text"), false, false,
                                  evidence_of(item, offsets, first, turn.answer)};
                const bool positive = item.value("positive", false);
                if (kind == "coverage") {
                    judged.original = judged.value = positive;
                    turn.key_points.push_back(std::move(judged));
                } else if (kind == "star") {
                    judged.original = judged.value = positive;
                    turn.star.push_back(std::move(judged));
                } else if (kind == "red_flag") {
                    judged.original = judged.value = true;
                    turn.red_flags.push_back(std::move(judged));
                }
            }
            // The red flags the scorer looked for and did not raise, so a coach can raise one.
            if (pack != nullptr) {
                std::vector<content::RedFlag> flags;
                if (const auto* question = pack->find_question(turn.question_id)) flags = question->red_flags;
                if (const auto* task = pack->find_task(turn.question_id)) flags = task->common_mistakes;
                for (const auto& flag : flags) {
                    const bool raised = std::any_of(turn.red_flags.begin(), turn.red_flags.end(),
                                                    [&](const JudgedItem& item) { return item.id == flag.id; });
                    if (!raised) turn.red_flags.push_back(JudgedItem{flag.id, flag.text, false, false, {}});
                }
            }
            if (const auto found = event.find("feedback"); found != event.end() && found->is_object()) {
                for (const auto& line : found->value("strengths", json::array())) {
                    if (line.is_string()) turn.feedback.push_back(line.get<std::string>());
                }
                for (const auto& line : found->value("missing", json::array())) {
                    if (line.is_string()) turn.feedback.push_back(line.get<std::string>());
                }
                for (const char* key : {"gate_reason", "tip"}) {
                    const auto line = text_of(*found, key);
                    if (!line.empty()) turn.feedback.push_back(line);
                }
            }
            if (review.scorer_version.empty()) review.scorer_version = turn.scorer_version;
            pending.feedback.clear();
            review.turns.push_back(std::move(turn));
        }
    }

    // The coaches' values in effect: the latest entry of each (turn, field).
    for (const auto& entry : audit) {
        const auto turn = std::find_if(review.turns.begin(), review.turns.end(),
                                       [&](const ReviewTurn& candidate) { return candidate.turn == entry.turn; });
        if (turn == review.turns.end()) continue;
        if (entry.field == "score") {
            try {
                turn->score = std::stoi(entry.to);
            } catch (const std::exception&) {
            }
            continue;
        }
        const auto colon = entry.field.find(':');
        if (colon == std::string::npos) continue;
        const auto kind = entry.field.substr(0, colon);
        const auto id = entry.field.substr(colon + 1);
        auto& items = kind == "key_point" ? turn->key_points : kind == "red_flag" ? turn->red_flags : turn->star;
        const auto item = std::find_if(items.begin(), items.end(), [&](const JudgedItem& judged) { return judged.id == id; });
        if (item != items.end()) item->value = entry.to == field_value_text(entry.field, true);
    }

    // The interview's score: the last score of each item, the report's arithmetic; a question
    // answered again counts its best attempt (the last turn of each attempt; the later on a tie).
    std::map<std::string, double> weights;
    for (const auto& event : events) {
        if (text_of(event, "type") != "interview_started") continue;
        for (const auto& scheduled : event.value("schedule", json::array())) {
            weights[text_of(scheduled, "stage_id")] = scheduled.value("weight", 1.0);
        }
    }
    std::map<std::string, std::map<int, const ReviewTurn*>> last_of_attempt;
    std::vector<std::string> item_order;
    for (const auto& turn : review.turns) {
        if (!last_of_attempt.contains(turn.question_id)) item_order.push_back(turn.question_id);
        last_of_attempt[turn.question_id][turn.attempt] = &turn;
    }
    std::map<std::string, const ReviewTurn*> last_of_item;
    for (const auto& [item, attempts] : last_of_attempt) {
        for (const auto& [attempt, turn] : attempts) {
            if (!last_of_item.contains(item) || turn->score >= last_of_item[item]->score) last_of_item[item] = turn;
        }
    }
    std::vector<ScoredItem> effective, original;
    for (const auto& item : item_order) {
        const auto* turn = last_of_item[item];
        const double weight = weights.contains(turn->stage_id) ? weights[turn->stage_id] : 1.0;
        effective.push_back({turn->stage_id, weight, turn->score});
        original.push_back({turn->stage_id, weight, turn->original_score});
    }
    review.score = overall_score(effective);
    review.original_score = overall_score(original);
    return review;
}

std::vector<Judgement> judgements_of(const std::string& interview_id, const InterviewReview& review) {
    std::vector<Judgement> judgements;
    for (const auto& turn : review.turns) {
        auto add = [&](JudgementKind kind, const std::vector<JudgedItem>& items) {
            for (const auto& item : items) {
                judgements.push_back(Judgement{kind, item.id, item.label, item.original, item.value, interview_id, turn.turn});
            }
        };
        add(JudgementKind::key_point, turn.key_points);
        add(JudgementKind::red_flag, turn.red_flags);
        add(JudgementKind::star_part, turn.star);
    }
    return judgements;
}

}  // namespace mi::server::coach
