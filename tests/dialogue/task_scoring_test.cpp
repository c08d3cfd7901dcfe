#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "scorer_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

const mi::content::PracticalTask& api_task() { return *backend_pack().find_task("api-implementation"); }

const CoverageResult* task_item(const TaskScore& score, std::string_view text) {
    for (const TaskSection& section : score.sections) {
        for (const CoverageResult& item : section.items) {
            if (item.text == text) return &item;
        }
    }
    return nullptr;
}

const std::string good_submission =
    "Design notes for the todo API.\n"
    "Endpoints: GET /todos, POST /todos, GET /todos/{id}, PUT /todos/{id} and DELETE /todos/{id}, plural nouns "
    "and standard HTTP verbs, so all CRUD operations are covered.\n"
    "Input validation: every request body is validated against a JSON schema; invalid input returns 400 with a "
    "clear error message, a missing todo returns 404. Inputs are sanitized before they reach the database.\n"
    "Error handling is centralised in one middleware so every error has the same format.\n"
    "Configuration such as the port and the database URL comes from environment variables, nothing is hardcoded.\n"
    "The endpoints are documented with OpenAPI (Swagger) and a README with example requests.\n"
    "Each endpoint has integration tests with Jest and supertest.";

}  // namespace

TEST_CASE("a thorough task submission covers the requirements and avoids the common mistakes", "[answer_scorer][task]") {
    const TaskScore score = backend_scorer().score_task_submission(api_task(), good_submission);
    CHECK(score.gate == Gate::none);
    CHECK(score.task_id == "api-implementation");
    CHECK(score.scoring_version == scoring_version());
    const CoverageResult* validation = task_item(score, "Input validation");
    REQUIRE(validation != nullptr);
    CHECK(validation->covered);
    REQUIRE_FALSE(validation->evidence.empty());
    CHECK(at(good_submission, validation->evidence[0].span).size() > 0);
    for (const RedFlagResult& mistake : score.common_mistakes) {
        INFO(mistake.text);
        CHECK_FALSE(mistake.raised);
    }
    CHECK(score.score >= 60);
}

TEST_CASE("a thin task submission raises common mistakes and scores lower", "[answer_scorer][task]") {
    const std::string thin = "I made an endpoint that returns all the todos from the database as JSON.";
    const TaskScore score = backend_scorer().score_task_submission(api_task(), thin);
    bool poor_documentation = false;
    for (const RedFlagResult& mistake : score.common_mistakes) poor_documentation = poor_documentation || (mistake.raised && mistake.text == "Poor documentation");
    CHECK(poor_documentation);
    CHECK(score.score < backend_scorer().score_task_submission(api_task(), good_submission).score);
    CHECK_FALSE(score.feedback.tip.empty());
}

TEST_CASE("an empty task submission is gated and scores 0", "[answer_scorer][task]") {
    const TaskScore score = backend_scorer().score_task_submission(api_task(), "");
    CHECK(score.gate == Gate::empty);
    CHECK(score.score == 0);
    CHECK(score.breakdown.coverage + score.breakdown.structure + score.breakdown.specificity - score.breakdown.penalties == score.score);
}

TEST_CASE("every practical task has its sections scored in guide order", "[answer_scorer][task]") {
    for (const auto& task : backend_pack().practical_tasks) {
        INFO(task.id);
        const TaskScore score = backend_scorer().score_task_submission(task, good_submission);
        REQUIRE_FALSE(score.sections.empty());
        // Every list the task has, named and ordered as content::task_sections() gives them.
        std::vector<std::pair<std::string, std::size_t>> expected;
        for (const auto& section : mi::content::task_sections()) {
            const auto& items = task.*section.items;
            if (!items.empty()) expected.emplace_back(section.id, items.size());
        }
        std::vector<std::pair<std::string, std::size_t>> scored;
        for (const TaskSection& section : score.sections) scored.emplace_back(section.name, section.items.size());
        CHECK(scored == expected);
    }
}
