// What an interview will be: role, stages, industry, seniority, depth and the seed that makes
// question choice reproducible. Plain data plus validation against a role pack and JSON round-trip.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "content/role_pack.hpp"

namespace mi::dialogue {

// Every bound a plan is checked against, in one place.
struct InterviewLimits {
    int max_questions_per_stage = 6;
    int max_follow_ups_per_question = 3;
    int max_listed_questions = 10;      // a drill's questions
};

inline constexpr std::string_view no_industry = "none";

struct InterviewPlan {
    std::string role;
    std::vector<std::string> stages;               // empty = every stage of the pack, in guide order
    std::string industry{no_industry};              // a pack industry id, or "none"
    content::Seniority seniority = content::Seniority::mid;
    std::optional<int> questions_per_stage;         // absent = the seniority's default
    std::optional<int> follow_ups_per_question;     // absent = the seniority's default
    std::uint64_t seed = 1;
    // The practical task a stage with tasks presents (the Coding Challenge has three); empty = drawn
    // with the seed. Lets a candidate practise the one they want.
    std::string practical_task;
    // A drill (dialogue/progress/drill_plan.hpp): exactly these questions, each in its stage of
    // the plan and in the guide's order, and no practical task. Empty: questions are drawn.
    std::vector<std::string> questions;
};

// Depth a seniority level brings when the plan does not say otherwise.
[[nodiscard]] int default_questions_per_stage(content::Seniority level);
[[nodiscard]] int default_follow_ups_per_question(content::Seniority level);

// The plan with every optional resolved against the pack: stages filled in, counts set.
struct ResolvedPlan {
    InterviewPlan plan;
    int questions_per_stage = 0;
    int follow_ups_per_question = 0;
};

// Checks the plan against the pack; each problem names the field, the bad value and the valid ones.
[[nodiscard]] std::vector<std::string> validate_plan(const InterviewPlan& plan, const content::RolePack& pack,
                                                     const InterviewLimits& limits = {});

// Validated and resolved plan, or the problems that prevent it.
struct PlanResolution {
    std::optional<ResolvedPlan> resolved;
    std::vector<std::string> problems;
};
[[nodiscard]] PlanResolution resolve_plan(const InterviewPlan& plan, const content::RolePack& pack,
                                          const InterviewLimits& limits = {});

[[nodiscard]] nlohmann::json plan_to_json(const InterviewPlan& plan);

// Reads a plan written by plan_to_json (or by a client); absent fields keep their defaults.
struct PlanParseResult {
    std::optional<InterviewPlan> plan;      // set when there is no problem
    InterviewPlan partial;                  // every field that could be read, so validate_plan can
                                            // report its problems beside the type problems
    std::vector<std::string> problems;
};
[[nodiscard]] PlanParseResult plan_from_json(const nlohmann::json& json);

// "a, b and c" style list used in error messages.
[[nodiscard]] std::string join_quoted(const std::vector<std::string>& values);

}  // namespace mi::dialogue
