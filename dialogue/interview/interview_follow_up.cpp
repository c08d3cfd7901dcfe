#include "dialogue/interview/interview_follow_up.hpp"

#include <algorithm>
#include <cctype>

namespace mi::dialogue {
namespace {

bool contains(const std::vector<std::string>& values, std::string_view wanted) {
    return std::find(values.begin(), values.end(), wanted) != values.end();
}

// "Specific technologies/frameworks used" -> "specific technologies/frameworks used", so the item
// reads naturally inside a sentence; acronyms ("API documentation") keep their capitals.
std::string in_sentence(std::string text) {
    if (text.size() >= 2 && std::isupper(static_cast<unsigned char>(text[0])) &&
        !std::isupper(static_cast<unsigned char>(text[1]))) {
        text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    }
    return text;
}

std::string star_probe(std::string_view part) {
    if (part == "situation") return "Can you set the scene first: what was the situation?";
    if (part == "task") return "What was your role there: what were you responsible for?";
    if (part == "action") return "What exactly did you do yourself, step by step?";
    return "How did it turn out: what was the result, and what did you learn?";
}

std::string red_flag_probe(const AnswerGap& gap) {
    using content::AnswerSignal;
    if (gap.signal) {
        switch (*gap.signal) {
            case AnswerSignal::lack_of_specifics:
                return "Can you be more specific: which technologies, numbers or concrete example?";
            case AnswerSignal::generic_without_context:
                return "Can you tie that to a specific project or place you worked?";
            case AnswerSignal::no_real_world_experience:
                return "Can you give an example from your own experience?";
            case AnswerSignal::no_teamwork: return "How did you work with your team on that?";
            case AnswerSignal::restart_as_fix:
                return "Suppose restarting doesn't make the problem go away. What do you do next?";
            case AnswerSignal::no_testing: return "How did you test it, and how do you know it stays fixed?";
            case AnswerSignal::no_tools: return "Which tools did you use for that?";
            case AnswerSignal::no_structure: return "Can you walk me through your steps in order?";
        }
    }
    return "One concern from your answer: \"" + gap.text + "\". How would you address that?";
}

std::string probe_text(const AnswerGap& gap, bool is_task) {
    switch (gap.kind) {
        case GapKind::gate: return gap.text + " Could you answer the question in a few full sentences?";
        case GapKind::coverage:
            return is_task ? "Your submission doesn't cover " + in_sentence(gap.text) + " yet. How would you handle it?"
                           : "You haven't mentioned " + in_sentence(gap.text) + ". Can you tell me about it?";
        case GapKind::star: return star_probe(gap.id.substr(gap.id.find(':') + 1));
        case GapKind::ownership:
            return "You've told me what the team did. What was your own part: what did you do yourself?";
        case GapKind::red_flag: return red_flag_probe(gap);
        case GapKind::measurable_result:
            return "How did you know it worked: what was the measurable result, in numbers or before and after?";
    }
    return gap.text;
}

std::optional<content::AnswerSignal> signal_of(const std::vector<content::RedFlag>& flags, std::string_view id) {
    for (const auto& flag : flags) {
        if (flag.id == id) return flag.detect.signal;
    }
    return std::nullopt;
}

void add_gate_gap(Gate gate, const std::string& reason, std::vector<AnswerGap>& gaps) {
    if (gate == Gate::none) return;
    gaps.push_back({GapKind::gate, "gate:" + std::string(to_string(gate)),
                    reason.empty() ? std::string("That didn't answer the question.") : reason, std::nullopt});
}

std::string star_guidance(const content::StarGuidance& guidance, StarPart part) {
    switch (part) {
        case StarPart::situation: return guidance.situation;
        case StarPart::task: return guidance.task;
        case StarPart::action: return guidance.action;
        case StarPart::result: return guidance.result;
    }
    return {};
}

}  // namespace

std::vector<AnswerGap> answer_gaps(const content::Question& question, const AnswerScore& score) {
    std::vector<AnswerGap> gaps;
    add_gate_gap(score.gate, score.feedback.gate_reason, gaps);
    // Metrics to mention are examples of a measurable result: a story that states one is not asked for
    // another, and one that states none is asked for a result, naming a guide metric only when the
    // story is about it (its topic is there, as latency is in a story about slow pages).
    const bool metrics = question.coverage_kind == content::CoverageKind::metrics_to_mention;
    bool measurable_asked = false;
    for (const auto& item : score.coverage) {
        if (item.covered) continue;
        if (metrics && (!score.star.metrics.empty() || !item.topic)) {
            if (score.star.metrics.empty() && !measurable_asked) {
                gaps.push_back({GapKind::measurable_result, "metric:any", "A measurable result", std::nullopt});
                measurable_asked = true;
            }
            continue;
        }
        gaps.push_back({GapKind::coverage, item.item_id, item.text, std::nullopt});
    }
    if (score.star.applicable) {
        for (auto part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
            if (score.star.has(part)) continue;
            gaps.push_back({GapKind::star, "star:" + std::string(to_string(part)),
                            question.star ? star_guidance(*question.star, part) : std::string(), std::nullopt});
        }
        // Interviewers want to tell the candidate's own part from the team's: "we" alone hides it.
        if (score.star.ownership == Ownership::team_only) {
            gaps.push_back({GapKind::ownership, "ownership", "The actions are told only as \"we\"", std::nullopt});
        }
    }
    for (const auto& flag : score.red_flags) {
        if (flag.raised) {
            gaps.push_back({GapKind::red_flag, flag.flag_id, flag.text, signal_of(question.red_flags, flag.flag_id)});
        }
    }
    return gaps;
}

std::vector<AnswerGap> task_gaps(const content::PracticalTask& task, const TaskScore& score) {
    std::vector<AnswerGap> gaps;
    add_gate_gap(score.gate, score.feedback.gate_reason, gaps);
    for (const auto& section : score.sections) {
        for (const auto& item : section.items) {
            if (!item.covered) gaps.push_back({GapKind::coverage, item.item_id, item.text, std::nullopt});
        }
    }
    for (const auto& mistake : score.common_mistakes) {
        if (mistake.raised) {
            gaps.push_back({GapKind::red_flag, mistake.flag_id, mistake.text,
                            signal_of(task.common_mistakes, mistake.flag_id)});
        }
    }
    return gaps;
}

std::optional<FollowUpAsked> choose_follow_up(const std::string& item_id, const content::Question* question,
                                              const std::vector<AnswerGap>& gaps,
                                              const std::vector<FollowUpAsked>& already_asked) {
    std::vector<const AnswerGap*> open;
    for (const auto& gap : gaps) {
        const bool probed = std::any_of(already_asked.begin(), already_asked.end(),
                                        [&](const FollowUpAsked& asked) { return contains(asked.targets, gap.id); });
        if (!probed) open.push_back(&gap);
    }
    if (open.empty()) return std::nullopt;

    FollowUpAsked follow_up;
    follow_up.item_id = item_id;
    follow_up.follow_up_index = static_cast<int>(already_asked.size());

    if (open.front()->kind != GapKind::gate && question != nullptr) {
        const content::FollowUp* best = nullptr;
        std::vector<std::string> best_targets;
        for (const auto& candidate : question->follow_ups) {
            const bool asked = std::any_of(already_asked.begin(), already_asked.end(),
                                           [&](const FollowUpAsked& a) { return a.follow_up_id == candidate.id; });
            if (asked) continue;
            std::vector<std::string> targets;
            for (const auto* gap : open) {
                if (contains(candidate.probes, gap->id)) targets.push_back(gap->id);
            }
            if (targets.size() > best_targets.size()) {
                best = &candidate;
                best_targets = std::move(targets);
            }
        }
        if (best != nullptr) {
            follow_up.source = FollowUpSource::guide;
            follow_up.follow_up_id = best->id;
            follow_up.targets = std::move(best_targets);
            follow_up.text = best->text;
            return follow_up;
        }
    }
    const auto& gap = *open.front();
    follow_up.source = FollowUpSource::probe;
    follow_up.targets = {gap.id};
    follow_up.text = probe_text(gap, question == nullptr);
    return follow_up;
}

}  // namespace mi::dialogue
