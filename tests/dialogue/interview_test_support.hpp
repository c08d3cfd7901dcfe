// Shared by the interview tests: the real content pack, a scorer for it, scripted answers and
// a driver that feeds messages with a test clock.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/interview/interview.hpp"

namespace mi::dialogue::testing {

// Loaded once per test executable; read-only afterwards.
inline const content::RolePack& backend_pack() {
    static const content::ContentLibrary library = [] {
        auto loaded = content::load_content_library(MI_SOURCE_DIR "/content");
        if (!loaded.ok()) {
            std::string problems;
            for (const auto& problem : loaded.problems) problems += problem.file + problem.pointer + ": " + problem.message + "\n";
            FAIL("the content pack does not load:\n" << problems);
        }
        return std::move(loaded.library);
    }();
    return *library.find_role("backend-developer");
}

inline const AnswerScorer& backend_scorer() {
    static const AnswerScorer scorer(backend_pack());
    return scorer;
}

inline InterviewPlan plan_for(std::vector<std::string> stages, std::string industry = "none",
                              content::Seniority seniority = content::Seniority::mid, std::uint64_t seed = 7) {
    InterviewPlan plan;
    plan.role = "backend-developer";
    plan.stages = std::move(stages);
    plan.industry = std::move(industry);
    plan.seniority = seniority;
    plan.seed = seed;
    return plan;
}

inline const TimePoint interview_start = TimePoint(std::chrono::milliseconds(1'750'000'000'000));

// A strong answer a candidate could give to each question or task (the guide's good example
// where it has one), a weak one otherwise.
inline std::string strong_answer(const std::string& item_id) {
    const auto& pack = backend_pack();
    if (const auto* task = pack.find_task(item_id)) {
        if (task->id == "api-implementation") {
            return "I would build the todo API in Node.js with Express: GET /todos, POST /todos, GET /todos/:id, "
                   "PUT /todos/:id and DELETE /todos/:id for full CRUD, returning 201 on create and 404 when a todo "
                   "does not exist. Input validation with a JSON schema rejects bad payloads with 400 and a clear error "
                   "message; a central error handler turns exceptions into consistent JSON errors. Configuration such "
                   "as the port and database URL comes from environment variables, nothing hardcoded. Every endpoint is "
                   "documented with OpenAPI, and I test each endpoint with Jest and supertest.";
        }
        if (task->id == "db-schema-design") {
            return "Tables: users (id bigint primary key, email varchar unique, created_at timestamp), categories "
                   "(id, name, parent_id foreign key to categories), products (id, name varchar, price numeric(10,2), "
                   "category_id foreign key), orders (id, user_id foreign key to users, status, total numeric, "
                   "created_at) and order_items (order_id, product_id, quantity int, unit_price numeric). The "
                   "entity-relationship diagram has one-to-many relationships from users to orders and categories to "
                   "products, and many-to-many between orders and products through order_items. The schema is in "
                   "third normal form. I add indexes on orders.user_id, products.category_id and users.email to "
                   "speed up the common queries.";
        }
        return "I ran EXPLAIN ANALYZE to read the execution plan and saw a sequential scan on orders. I rewrote the "
               "query to replace the correlated subquery with a join, added a composite index on (customer_id, "
               "created_at), and raised work_mem in the database configuration. The new execution plan uses an index "
               "scan; the query went from 4.2 seconds to 80 ms, which I compared over ten runs before and after.";
    }
    const auto* question = pack.find_question(item_id);
    if (question != nullptr && !question->good_answer_example.empty()) return question->good_answer_example;
    return "At my last job at a fintech startup I handled this by first talking with the team and the product owner "
           "to agree what mattered most, then I planned the work in Jira, shipped a small prototype in two weeks, "
           "and measured the result: response times dropped by 40% and the client signed off.";
}

inline std::string weak_answer(const std::string& item_id) {
    const auto* question = backend_pack().find_question(item_id);
    if (question != nullptr && !question->bad_answer_example.empty()) return question->bad_answer_example;
    return "I would just do it the normal way, it usually works out fine.";
}

// Feeds messages to an interview with a clock that moves 30 seconds per message.
class InterviewDriver {
public:
    explicit InterviewDriver(const InterviewPlan& plan)
        : interview_(Interview::start(backend_pack(), backend_scorer(), plan, interview_start)) {
        log_.events = interview_.opening_events();
    }

    std::vector<InterviewEvent> say(const std::string& text) {
        clock_ += std::chrono::seconds(30);
        return keep(interview_.handle_message(text, clock_));
    }

    // Events produced by calling interview() directly, kept in log() like say()'s.
    std::vector<InterviewEvent> keep(std::vector<InterviewEvent> events) {
        log_.events.insert(log_.events.end(), events.begin(), events.end());
        return events;
    }

    // Answers every question and follow-up with `answer(item_id)` until the report.
    template <typename AnswerFor>
    void answer_all(AnswerFor answer) {
        for (int guard = 0; guard < 200 && !interview_.finished(); ++guard) {
            (void)say(answer(interview_.progress().item_id));
        }
        REQUIRE(interview_.finished());
    }

    [[nodiscard]] Interview& interview() { return interview_; }
    // Every event so far, as a host keeps them (the engine keeps none).
    [[nodiscard]] const EventLog& log() const { return log_; }
    [[nodiscard]] const std::vector<InterviewEvent>& events() const { return log_.events; }

    template <typename Payload>
    [[nodiscard]] std::vector<Payload> all() const {
        std::vector<Payload> found;
        for (const auto& event : events()) {
            if (const auto* payload = std::get_if<Payload>(&event.payload)) found.push_back(*payload);
        }
        return found;
    }

private:
    Interview interview_;
    EventLog log_;
    TimePoint clock_ = interview_start;
};

template <typename Payload>
const Payload* find_event(const std::vector<InterviewEvent>& events) {
    for (const auto& event : events) {
        if (const auto* payload = std::get_if<Payload>(&event.payload)) return payload;
    }
    return nullptr;
}

}  // namespace mi::dialogue::testing
