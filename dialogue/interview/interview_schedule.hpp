// Which questions and which practical task an interview asks, fixed once at the start from the
// plan: by stage, industry and seniority, never repeating a question, drawn with a seeded PRNG
// whose algorithm is ours so that every platform draws the same interview from the same seed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"

namespace mi::dialogue {

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and fully specified here, unlike
// std::uniform_int_distribution whose output differs between standard libraries.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    // Uniform in [0, bound), bound > 0; rejection sampling keeps it unbiased.
    std::uint64_t below(std::uint64_t bound);

private:
    std::uint64_t state_;
};

// FNV-1a: a portable hash for deriving one stream per stage from the plan's seed.
[[nodiscard]] std::uint64_t stable_hash(std::string_view text);

struct ScheduleResult {
    std::vector<ScheduledStage> stages;
    std::vector<std::string> problems;   // e.g. a stage with nothing left to ask at this level
};

// Rules, per stage of the plan, in the plan's order:
//  - a question is eligible when it is listed in the stage, not already scheduled in an earlier
//    stage, allowed at the plan's seniority, and either for every industry or for the plan's;
//  - eligible questions are ranked in tiers: derived for the plan's industry first, then the
//    seniority's preferred category (senior: advanced technical; junior: basic technical), then
//    the rest, with junior candidates meeting advanced technical questions last; each tier is
//    shuffled with the stage's seeded stream and the first `questions_per_stage` are taken;
//  - the chosen questions are asked in the stage's listed order (the guide's preferred order);
//  - a stage with practical tasks presents exactly one, drawn from the same stream.
[[nodiscard]] ScheduleResult schedule_interview(const content::RolePack& pack, const ResolvedPlan& plan);

// Share of the overall score: a senior's stages with advanced technical (system design)
// questions count double; a junior's count half. Every other stage counts once.
[[nodiscard]] double stage_weight(const content::RolePack& pack, const ScheduledStage& stage,
                                  content::Seniority seniority);

}  // namespace mi::dialogue
