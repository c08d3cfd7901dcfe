#include "dialogue/interview/checked_task_score.hpp"

#include <algorithm>
#include <cmath>

namespace mi::dialogue {
namespace {

bool names(const std::string& line, const std::string& text) { return line.find("\"" + text + "\"") != std::string::npos; }

}  // namespace

TaskScore apply_task_check(TaskScore score, const TaskChecked& check, const ScoringConfig& config) {
    const bool gated = score.gate != Gate::none;
    std::vector<std::string> decided_texts;
    std::vector<std::string> check_strengths;
    std::vector<std::string> check_missing;
    std::size_t items = 0;
    std::size_t covered = 0;
    for (auto& section : score.sections) {
        for (auto& item : section.items) {
            ++items;
            const auto decided = std::find_if(check.items.begin(), check.items.end(),
                                              [&](const CheckedItem& entry) { return entry.item_id == item.item_id; });
            if (decided != check.items.end()) {
                item.covered = decided->covered && !gated;
                item.confidence = item.covered ? 1.0 : 0.0;
                if (!item.covered) item.evidence.clear();
                item.negated.clear();
                decided_texts.push_back(item.text);
                (decided->covered ? check_strengths : check_missing)
                    .push_back((decided->covered ? "Met \"" : "Not met: \"") + item.text + "\" (checked by running it: " +
                               decided->reason + ")");
            }
            covered += item.covered ? 1 : 0;
        }
    }
    std::vector<Penalty> penalties;
    for (auto& mistake : score.common_mistakes) {
        const auto decided = std::find_if(check.mistakes.begin(), check.mistakes.end(),
                                          [&](const CheckedMistake& entry) { return entry.mistake_id == mistake.flag_id; });
        if (decided != check.mistakes.end()) {
            mistake.raised = decided->raised;
            mistake.reason = decided->reason;
            if (!decided->raised) mistake.evidence.clear();
            decided_texts.push_back(mistake.text);
            if (decided->raised) check_missing.push_back("Red flag \"" + mistake.text + "\": " + decided->reason);
        }
        if (mistake.raised) penalties.push_back({"common mistake: " + mistake.text, config.red_flag_penalty_points, {}});
    }

    // The scorer's rule for tasks, over the decided coverage (see the header).
    ScoreBreakdown& breakdown = score.breakdown;
    const double share = items == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(items);
    breakdown.coverage = gated ? 0 : static_cast<int>(std::lround(config.max_coverage_points * share));
    const int earned = breakdown.coverage + breakdown.structure + breakdown.specificity;
    int penalty_sum = 0;
    for (const auto& penalty : penalties) penalty_sum += penalty.points;
    if (gated) {
        const int over_cap = earned - penalty_sum - config.gated_score_cap;
        if (over_cap > 0) {
            penalties.push_back({"gate: " + std::string(to_string(score.gate)), over_cap, {}});
            penalty_sum += over_cap;
        }
    }
    breakdown.penalties = std::min(penalty_sum, earned);
    breakdown.total = earned - breakdown.penalties;
    breakdown.penalty_items = std::move(penalties);
    score.score = breakdown.total;

    // The feedback lines about what the check decided say what the check found.
    auto undecided = [&](const std::string& line) {
        return std::none_of(decided_texts.begin(), decided_texts.end(), [&](const std::string& text) { return names(line, text); });
    };
    std::vector<std::string> strengths;
    std::vector<std::string> missing;
    std::copy_if(score.feedback.strengths.begin(), score.feedback.strengths.end(), std::back_inserter(strengths), undecided);
    std::copy_if(score.feedback.missing.begin(), score.feedback.missing.end(), std::back_inserter(missing), undecided);
    if (!gated) {
        strengths.insert(strengths.begin(), check_strengths.begin(), check_strengths.end());
        missing.insert(missing.begin(), check_missing.begin(), check_missing.end());
    }
    score.feedback.strengths = std::move(strengths);
    score.feedback.missing = std::move(missing);
    return score;
}

}  // namespace mi::dialogue
