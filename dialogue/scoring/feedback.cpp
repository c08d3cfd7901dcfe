#include "dialogue/scoring/feedback.hpp"

#include <array>
#include <string>
#include <string_view>

#include "dialogue/scoring/wording.hpp"

namespace mi::dialogue {
namespace {

// Quotes longer than this are cut at a word boundary: feedback should be glanceable.
constexpr std::size_t max_quote_bytes = 80;

constexpr std::array<std::string_view, 4> star_names{"Situation", "Task", "Action", "Result"};

// One string from its parts, allocated once: feedback lines are built for every scored answer.
template <typename... Parts>
std::string concat(const Parts&... parts) {
    std::string line;
    line.reserve((std::string_view(parts).size() + ...));
    (line.append(std::string_view(parts)), ...);
    return line;
}

// The text itself when it is short, otherwise its start up to a word boundary (then "..." follows).
std::string_view shortened(std::string_view text) {
    if (text.size() <= max_quote_bytes) return text;
    std::size_t cut = text.rfind(' ', max_quote_bytes);
    if (cut == std::string_view::npos || cut == 0) {
        cut = max_quote_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
    }
    return text.substr(0, cut);
}

std::string_view ellipsis_after(std::string_view text) { return shortened(text).size() < text.size() ? "..." : ""; }

std::string shorten(std::string_view text) { return concat(shortened(text), ellipsis_after(text)); }

std::string quote(const MatchedText& answer, const Evidence& evidence) {
    const std::string_view said = answer.quote(evidence.message, evidence.span);
    return concat("\"", shortened(said), ellipsis_after(said), "\"");
}

void describe_coverage(const std::vector<CoverageResult>& coverage, const MatchedText& answer, Feedback& feedback) {
    for (const CoverageResult& item : coverage) {
        if (item.covered && item.evidence.empty()) {
            feedback.strengths.push_back(concat("Covered \"", item.text, "\""));
        } else if (item.covered) {
            feedback.strengths.push_back(concat("Covered \"", item.text, "\" (you said ", quote(answer, item.evidence.front()), ")"));
        } else if (!item.negated.empty()) {
            feedback.missing.push_back(concat("\"", item.text, "\": you said you don't (", quote(answer, item.negated.front()), ")"));
        } else {
            feedback.missing.push_back(concat("Not covered: \"", item.text, "\""));
        }
    }
}

void describe_red_flags(const std::vector<RedFlagResult>& flags, Feedback& feedback) {
    for (const RedFlagResult& flag : flags) {
        if (flag.raised) feedback.missing.push_back(concat("Red flag \"", flag.text, "\": ", flag.reason));
    }
}

std::string_view guidance_for(const content::StarGuidance& guidance, std::size_t part) {
    switch (part) {
        case 0: return guidance.situation;
        case 1: return guidance.task;
        case 2: return guidance.action;
        default: return guidance.result;
    }
}

// The first tip that shares a content word with `text` ("Poor documentation" -> "Write clear
// documentation ..."), compared on a crude stem (the word without its last two letters).
const content::TextItem* tip_sharing_a_word(const std::vector<content::TextItem>& tips, const std::string& text) {
    for (const content::TextItem& tip : tips) {
        for (std::size_t start = 0; start < text.size();) {
            std::size_t end = text.find(' ', start);
            if (end == std::string::npos) end = text.size();
            const std::string_view word = std::string_view(text).substr(start, end - start);
            if (word.size() > 5 && tip.text.find(word.substr(0, word.size() - 2)) != std::string::npos) return &tip;
            start = end + 1;
        }
    }
    return nullptr;
}

}  // namespace

Feedback build_answer_feedback(const content::Question& question, const ItemExamples& item_examples,
                               const AnswerScore& score, const MatchedText& answer, const std::string& gate_reason) {
    Feedback feedback;
    feedback.gate_reason = gate_reason;
    if (score.gate == Gate::none) {
        describe_coverage(score.coverage, answer, feedback);
        if (score.star.applicable) {
            for (std::size_t part = 0; part < 4; ++part) {
                if (score.star.present[part]) {
                    feedback.strengths.push_back("STAR " + std::string(star_names[part]) + " is there");
                } else if (question.star) {
                    feedback.missing.push_back("STAR " + std::string(star_names[part]) + ": " +
                                               std::string(guidance_for(*question.star, part)));
                }
            }
            if (score.star.ownership == Ownership::team_only) {
                feedback.missing.push_back("Your own part: the actions are told only as \"we\"; say what you did yourself");
            }
        }
        if (!score.star.metrics.empty() && score.star.applicable) {
            feedback.strengths.push_back("Quantified with " + quote(answer, score.star.metrics.front()));
        }
    } else {
        feedback.missing.push_back(gate_reason);
    }
    describe_red_flags(score.red_flags, feedback);

    // One tip: the first gap, with the guide's own wording of how a strong answer fills it.
    for (std::size_t i = 0; i < score.coverage.size() && feedback.tip.empty(); ++i) {
        if (score.coverage[i].covered || score.gate != Gate::none) continue;
        if (i < item_examples.size() && !item_examples[i].empty()) {
            feedback.tip = "To cover \"" + score.coverage[i].text + "\", a strong answer says something like: \"" +
                           item_examples[i] + "\"";
        }
    }
    if (feedback.tip.empty() && score.star.applicable && question.star && score.gate == Gate::none) {
        for (std::size_t part = 0; part < 4 && feedback.tip.empty(); ++part) {
            if (!score.star.present[part]) {
                feedback.tip = "Add the " + std::string(star_names[part]) + ": " + with_full_stop(std::string(guidance_for(*question.star, part)));
            }
        }
    }
    if (feedback.tip.empty() && !question.interviewer_wants.empty()) {
        feedback.tip = "The interviewer is looking for: " + with_full_stop(question.interviewer_wants);
        if (score.gate != Gate::none && !question.good_answer_example.empty()) {
            feedback.tip += " A strong answer starts like: \"" + shorten(question.good_answer_example) + "\"";
        }
    }
    if (feedback.tip.empty() && !question.good_answer_example.empty()) {
        feedback.tip = "Compare with a strong answer: \"" + shorten(question.good_answer_example) + "\"";
    }
    return feedback;
}

Feedback build_task_feedback(const content::PracticalTask& task, const TaskScore& score, const MatchedText& answer,
                             const std::string& gate_reason) {
    Feedback feedback;
    feedback.gate_reason = gate_reason;
    if (score.gate == Gate::none) {
        for (const TaskSection& section : score.sections) describe_coverage(section.items, answer, feedback);
    } else {
        feedback.missing.push_back(gate_reason);
    }
    describe_red_flags(score.common_mistakes, feedback);
    // Tips for success are written as advice already; prefer one that speaks to a raised mistake.
    if (!task.tips_for_success.empty()) {
        const content::TextItem* chosen = &task.tips_for_success.front();
        for (const RedFlagResult& mistake : score.common_mistakes) {
            if (!mistake.raised) continue;
            if (const content::TextItem* tip = tip_sharing_a_word(task.tips_for_success, mistake.text)) {
                chosen = tip;
                break;
            }
        }
        feedback.tip = with_full_stop(chosen->text);
    } else if (!task.summary.empty()) {
        feedback.tip = "The task asks: " + with_full_stop(task.summary);
    }
    return feedback;
}

}  // namespace mi::dialogue
