#include "dialogue/interview/interview_schedule.hpp"

#include <algorithm>

namespace mi::dialogue {
namespace {

bool allowed_at(const content::Question& question, content::Seniority seniority) {
    return question.seniority.empty() ||
           std::find(question.seniority.begin(), question.seniority.end(), seniority) != question.seniority.end();
}

// Questions for particular industries are only asked in interviews for those industries.
bool allowed_for(const content::Question& question, std::string_view industry) {
    return question.industries.empty() ||
           std::find(question.industries.begin(), question.industries.end(), industry) != question.industries.end();
}

int tier_of(const content::Question& question, const InterviewPlan& plan) {
    if (!question.industries.empty()) return 0;  // allowed_for already matched the plan's industry
    const bool advanced = question.category == content::QuestionCategory::advanced_technical;
    const bool basic = question.category == content::QuestionCategory::basic_technical;
    switch (plan.seniority) {
        case content::Seniority::senior: return advanced ? 1 : 2;
        case content::Seniority::junior: return basic ? 1 : advanced ? 3 : 2;
        case content::Seniority::mid: return 2;
    }
    return 2;
}

template <typename T>
void shuffle(std::vector<T>& values, SeededRandom& random) {
    for (std::size_t i = values.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(random.below(i));
        std::swap(values[i - 1], values[j]);
    }
}

}  // namespace

std::uint64_t SeededRandom::next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
}

std::uint64_t SeededRandom::below(std::uint64_t bound) {
    // Reject the top partial bucket so every value in [0, bound) is equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    std::uint64_t value = next();
    while (value >= limit) value = next();
    return value % bound;
}

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t hash = 0xCBF29CE484222325ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001B3ULL;
    }
    return hash;
}

double stage_weight(const content::RolePack& pack, const ScheduledStage& stage, content::Seniority seniority) {
    const bool has_design = std::any_of(stage.items.begin(), stage.items.end(), [&](const ScheduledItem& item) {
        const auto* question = item.kind == ItemKind::question ? pack.find_question(item.id) : nullptr;
        return question != nullptr && question->category == content::QuestionCategory::advanced_technical;
    });
    if (!has_design) return 1.0;
    switch (seniority) {
        case content::Seniority::senior: return 2.0;
        case content::Seniority::junior: return 0.5;
        case content::Seniority::mid: return 1.0;
    }
    return 1.0;
}

ScheduleResult schedule_interview(const content::RolePack& pack, const ResolvedPlan& resolved) {
    ScheduleResult result;
    const auto& plan = resolved.plan;
    std::vector<std::string> used;
    for (const auto& stage_id : plan.stages) {
        const auto* stage = pack.find_stage(stage_id);
        if (stage == nullptr) {
            result.problems.push_back("stage \"" + stage_id + "\" is not in role \"" + pack.id + "\"");
            continue;
        }
        // One stream per stage, so choosing a different subset of stages leaves each stage's draw unchanged.
        SeededRandom random(plan.seed ^ stable_hash(stage->id));

        if (!plan.questions.empty()) {
            // A drill asks the questions it lists, in the guide's order; a stage without one is left out.
            ScheduledStage listed{stage->id, {}, 1.0};
            for (const auto& question_id : stage->question_ids) {
                if (std::find(plan.questions.begin(), plan.questions.end(), question_id) != plan.questions.end()) {
                    listed.items.push_back({ItemKind::question, question_id});
                }
            }
            if (listed.items.empty()) continue;
            listed.weight = stage_weight(pack, listed, plan.seniority);
            result.stages.push_back(std::move(listed));
            continue;
        }
        std::vector<std::vector<std::string>> tiers(4);
        for (const auto& question_id : stage->question_ids) {
            const auto* question = pack.find_question(question_id);
            if (question == nullptr || std::find(used.begin(), used.end(), question_id) != used.end()) continue;
            if (!allowed_at(*question, plan.seniority) || !allowed_for(*question, plan.industry)) continue;
            tiers[static_cast<std::size_t>(tier_of(*question, plan))].push_back(question_id);
        }
        std::vector<std::string> ranked;
        for (auto& tier : tiers) {
            shuffle(tier, random);
            ranked.insert(ranked.end(), tier.begin(), tier.end());
        }
        if (ranked.size() > static_cast<std::size_t>(resolved.questions_per_stage)) {
            ranked.resize(static_cast<std::size_t>(resolved.questions_per_stage));
        }
        ScheduledStage scheduled{stage->id, {}, 1.0};
        for (const auto& question_id : stage->question_ids) {
            if (std::find(ranked.begin(), ranked.end(), question_id) != ranked.end()) {
                scheduled.items.push_back({ItemKind::question, question_id});
                used.push_back(question_id);
            }
        }
        if (!stage->practical_task_ids.empty()) {
            // The draw is made even when the plan names the task, so the stream stays the same.
            const auto pick = random.below(stage->practical_task_ids.size());
            const auto& tasks = stage->practical_task_ids;
            const bool named = std::find(tasks.begin(), tasks.end(), plan.practical_task) != tasks.end();
            scheduled.items.push_back({ItemKind::task, named ? plan.practical_task : tasks[pick]});
        }
        if (scheduled.items.empty()) {
            result.problems.push_back("stage \"" + stage->id + "\" has no question left to ask a " +
                                      std::string(content::to_string(plan.seniority)) + " candidate" +
                                      (plan.industry == no_industry ? std::string() : " in " + plan.industry) +
                                      "; choose other stages");
            continue;
        }
        scheduled.weight = stage_weight(pack, scheduled, plan.seniority);
        result.stages.push_back(std::move(scheduled));
    }
    return result;
}

}  // namespace mi::dialogue
