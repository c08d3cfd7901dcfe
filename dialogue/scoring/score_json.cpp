#include "dialogue/scoring/score_json.hpp"

namespace mi::dialogue {
namespace {

nlohmann::json to_json(const ByteSpan& span) { return {{"begin", span.begin}, {"end", span.end}}; }

nlohmann::json to_json(const std::vector<Evidence>& evidence) {
    nlohmann::json list = nlohmann::json::array();
    for (const Evidence& item : evidence) {
        list.push_back({{"term", item.term}, {"span", to_json(item.span)}, {"message", item.message}});
    }
    return list;
}

nlohmann::json to_json(const std::vector<CoverageResult>& coverage) {
    nlohmann::json list = nlohmann::json::array();
    for (const CoverageResult& item : coverage) {
        list.push_back({{"item_id", item.item_id},
                        {"text", item.text},
                        {"covered", item.covered},
                        {"confidence", item.confidence},
                        {"evidence", to_json(item.evidence)},
                        {"negated", to_json(item.negated)},
                        {"wrong", to_json(item.wrong)},
                        {"topic", item.topic}});
    }
    return list;
}

nlohmann::json to_json(const std::vector<RedFlagResult>& flags) {
    nlohmann::json list = nlohmann::json::array();
    for (const RedFlagResult& flag : flags) {
        list.push_back({{"flag_id", flag.flag_id},
                        {"text", flag.text},
                        {"raised", flag.raised},
                        {"reason", flag.reason},
                        {"evidence", to_json(flag.evidence)}});
    }
    return list;
}

nlohmann::json to_json(const StarResult& star) {
    nlohmann::json present = nlohmann::json::object();
    for (StarPart part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
        present[std::string(to_string(part))] = star.has(part);
    }
    nlohmann::json sentences = nlohmann::json::array();
    for (const StarSentence& sentence : star.sentences) {
        sentences.push_back({{"span", to_json(sentence.span)},
                             {"message", sentence.message},
                             {"part", sentence.part ? nlohmann::json(std::string(to_string(*sentence.part))) : nlohmann::json()}});
    }
    return {{"applicable", star.applicable},
            {"present", present},
            {"sentences", sentences},
            {"metrics", to_json(star.metrics)},
            {"ownership", std::string(to_string(star.ownership))}};
}

nlohmann::json to_json(const ScoreBreakdown& breakdown) {
    nlohmann::json penalties = nlohmann::json::array();
    for (const Penalty& penalty : breakdown.penalty_items) {
        penalties.push_back({{"reason", penalty.reason}, {"points", penalty.points}, {"evidence", to_json(penalty.evidence)}});
    }
    return {{"coverage", breakdown.coverage},
            {"structure", breakdown.structure},
            {"specificity", breakdown.specificity},
            {"penalties", breakdown.penalties},
            {"total", breakdown.total},
            {"penalty_items", penalties}};
}

nlohmann::json to_json(const Feedback& feedback) {
    return {{"strengths", feedback.strengths},
            {"missing", feedback.missing},
            {"tip", feedback.tip},
            {"gate_reason", feedback.gate_reason}};
}

}  // namespace

nlohmann::json to_json(const AnswerScore& score) {
    return {{"scoring_version", score.scoring_version},
            {"question_id", score.question_id},
            {"gate", std::string(to_string(score.gate))},
            {"coverage", to_json(score.coverage)},
            {"red_flags", to_json(score.red_flags)},
            {"star", to_json(score.star)},
            {"breakdown", to_json(score.breakdown)},
            {"score", score.score},
            {"feedback", to_json(score.feedback)}};
}

nlohmann::json to_json(const TaskScore& score) {
    nlohmann::json sections = nlohmann::json::array();
    for (const TaskSection& section : score.sections) sections.push_back({{"name", section.name}, {"items", to_json(section.items)}});
    return {{"scoring_version", score.scoring_version},
            {"task_id", score.task_id},
            {"gate", std::string(to_string(score.gate))},
            {"sections", sections},
            {"common_mistakes", to_json(score.common_mistakes)},
            {"breakdown", to_json(score.breakdown)},
            {"score", score.score},
            {"feedback", to_json(score.feedback)}};
}

}  // namespace mi::dialogue
