// Interview plans: validation against the pack with the valid values named, and JSON round-trip.
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
namespace content = mi::content;

TEST_CASE("a plan reads back from its JSON unchanged", "[interview][plan]") {
    auto plan = plan_for({"hr", "final"}, "agency", content::Seniority::senior, 18446744073709551615ULL);
    plan.questions_per_stage = 2;
    plan.follow_ups_per_question = 0;
    const auto parsed = plan_from_json(nlohmann::json::parse(plan_to_json(plan).dump()));
    REQUIRE(parsed.plan.has_value());
    CHECK(plan_to_json(*parsed.plan) == plan_to_json(plan));
}

TEST_CASE("a plan with only a role takes the seniority's defaults and every stage", "[interview][plan]") {
    const auto parsed = plan_from_json(nlohmann::json{{"role", "backend-developer"}});
    REQUIRE(parsed.plan.has_value());
    const auto resolution = resolve_plan(*parsed.plan, backend_pack());
    REQUIRE(resolution.resolved.has_value());
    CHECK(resolution.resolved->plan.stages.size() == backend_pack().stages.size());
    CHECK(resolution.resolved->questions_per_stage == default_questions_per_stage(content::Seniority::mid));
    CHECK(resolution.resolved->plan.industry == "none");
}

TEST_CASE("malformed plan JSON names every bad field", "[interview][plan]") {
    const auto parsed = plan_from_json(nlohmann::json{
        {"role", 3}, {"seniority", "lead"}, {"seed", -1}, {"stages", "hr"}, {"colour", "blue"}});
    CHECK_FALSE(parsed.plan.has_value());
    const auto all = join_quoted(parsed.problems);
    CHECK_THAT(all, Catch::Contains("\\\"role\\\"") || Catch::Contains("\"role\""));
    CHECK(parsed.problems.size() == 5);
}

TEST_CASE("plan validation lists the valid stages, industries and ranges", "[interview][plan]") {
    auto plan = plan_for({"hr", "hr", "lunch"}, "bank");
    plan.role = "frontend-developer";
    plan.follow_ups_per_question = 9;
    const auto problems = validate_plan(plan, backend_pack());
    REQUIRE(problems.size() == 5);
    CHECK_THAT(problems[0], Catch::Contains("\"backend-developer\""));
    CHECK_THAT(problems[1], Catch::Contains("listed twice"));
    CHECK_THAT(problems[2], Catch::Contains("\"hr\", \"technical\", \"system-design\", \"coding-challenge\", \"final\""));
    CHECK_THAT(problems[3], Catch::Contains("\"none\", \"startup\", \"enterprise\", \"agency\""));
    CHECK_THAT(problems[4], Catch::Contains("0 to 3"));
}
