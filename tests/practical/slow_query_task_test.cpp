// The Performance Optimization task run for real: every given slow query's reference solution
// passes, known wrong solutions fail for the reason a reviewer would give, and the same
// submission gets the same result every time.
#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <string>

#include "content/pack_loader.hpp"
#include "practical/slow_query_task.hpp"

using namespace mi::practical;

namespace {

const std::string pack_file = std::string(MI_SOURCE_DIR) + "/content/tasks/performance-optimization.json";

PerformanceTaskPack load_pack() {
    auto load = load_performance_pack(pack_file);
    for (const auto& problem : load.problems) UNSCOPED_INFO(problem.file << " " << problem.pointer << ": " << problem.message);
    REQUIRE(load.pack);
    return *load.pack;
}

SlowQueryChecker& checker() {
    static SlowQueryChecker shared(load_pack(), SandboxLimits{});
    return shared;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

bool any_finding(const QueryCheck& check, std::string_view part) {
    for (const auto& finding : check.findings) {
        if (contains(finding.text, part)) return true;
    }
    return false;
}

QueryCheck check_reference_with(std::string_view id, std::string ddl, std::string query, std::string explanation = "") {
    return checker().check(id, QuerySubmission{std::move(ddl), std::move(query), std::move(explanation)});
}

}  // namespace

TEST_CASE("The query pack loads, says it is the project's own and serves the guide's task", "[practical][slow-query]") {
    const auto pack = load_pack();
    CHECK(pack.source == "project");
    CHECK(contains(pack.comment, "Not from the interview guide"));
    REQUIRE(pack.queries.size() >= 5);
    for (std::size_t index = 1; index < pack.queries.size(); ++index) {
        CHECK(pack.queries[index - 1].difficulty <= pack.queries[index].difficulty);
    }
    std::set<std::string> kinds;
    for (const auto& query : pack.queries) kinds.insert(query.kind);
    for (const char* kind : {"function-on-indexed-column", "or-across-columns", "select-star-late-filter",
                             "correlated-subquery", "missing-composite-index"}) {
        CHECK(kinds.count(kind) == 1);
    }
    const auto content = mi::content::load_content_library(std::string(MI_SOURCE_DIR) + "/content");
    REQUIRE(content.ok());
    const auto* role = content.library.find_role("backend-developer");
    REQUIRE(role != nullptr);
    const auto* task = role->find_task(pack.task_id);
    REQUIRE(task != nullptr);
    CHECK(task->summary == "Optimize a given slow SQL query");
}

TEST_CASE("Pack problems name the file, the JSON pointer and the reason", "[practical][slow-query]") {
    const auto load = load_performance_pack_text(R"({
        "format_version": 1, "id": "x", "task_id": "perf-optimization", "source": "guide", "comment": "c",
        "dataset": {"generator": "shop", "seed": 1, "seed": 2},
        "queries": [{"id": "Bad Id", "title": "t", "kind": "k", "difficulty": 9, "need": "n", "sql": "SELECT 1",
                     "expected": {"row_count": 1, "digest": "xyz"}, "reference": {"index_ddl": "", "query": "SELECT 1"},
                     "extra": true}]
    })", "queries.json");
    CHECK_FALSE(load.pack);
    std::set<std::string> pointers;
    for (const auto& problem : load.problems) {
        CHECK(problem.file == "queries.json");
        pointers.insert(problem.pointer);
    }
    CHECK(pointers == std::set<std::string>{"/dataset/seed", "/source", "/queries/0/id", "/queries/0/difficulty",
                                            "/queries/0/expected/digest", "/queries/0/reference", "/queries/0/extra"});
}

TEST_CASE("Every given query returns its recorded rows on the dataset, on every machine", "[practical][slow-query][determinism]") {
    for (const auto& query : checker().pack().queries) {
        INFO(query.id);
        const auto original = checker().measure_original(query.id);
        CHECK(original.row_count == query.expected_row_count);
        CHECK((original.ordered ? original.ordered_digest : original.unordered_digest) == query.expected_digest);
        CHECK(original.cost.vm_steps > 50'000);     // slow enough for an index to show
        CHECK(original.cost.fullscan_steps > 0);    // every one starts from a full scan
    }
}

TEST_CASE("Every reference solution passes: same rows, far fewer steps, a scan turned into a search",
          "[practical][slow-query]") {
    for (const auto& query : checker().pack().queries) {
        INFO(query.id);
        const auto check = check_reference_with(query.id, query.reference.index_ddl, query.reference.query,
                                                query.reference.explanation);
        for (const auto& finding : check.findings) UNSCOPED_INFO(finding.text);
        CHECK(check.verdict == QueryVerdict::optimized);
        CHECK(check.speedup >= 10);
        CHECK(check.submitted->cost.vm_steps == check.reference_vm_steps);
        bool searched = false;
        for (const auto& change : check.plan_changes) searched = searched || change.scan_to_search();
        CHECK(searched);
        CHECK_FALSE(check.submitted->plan.empty());
        CHECK_FALSE(check.original.plan.empty());
    }
}

TEST_CASE("Indexes alone, with the original query, count as a submission", "[practical][slow-query]") {
    const auto check = check_reference_with("perf-q-recent-orders-composite",
                                            "CREATE INDEX orders_by_user ON orders (user_id);", "");
    CHECK(check.verdict == QueryVerdict::optimized);
    CHECK(check.submitted->cost.vm_steps > check.reference_vm_steps);  // a sort remains
    CHECK(any_finding(check, "still sorted"));
}

TEST_CASE("A rewrite that loses rows fails with the row counts", "[practical][slow-query]") {
    // The classic: <= '2024-03-31' misses every order placed on the 31st after midnight.
    const auto check = check_reference_with("perf-q-orders-in-month", "",
                                            "SELECT count(*), sum(total_cents) FROM orders "
                                            "WHERE created_at BETWEEN '2024-03-01' AND '2024-03-31'");
    CHECK(check.verdict == QueryVerdict::different_rows);
    CHECK(any_finding(check, "like the original, but not the same ones"));
    // Half of an OR dropped with its index in mind: the customer found by email is lost.
    const auto fewer = check_reference_with("perf-q-email-or-name", "CREATE INDEX users_by_name ON users (name);",
                                            "SELECT id, email, country FROM users WHERE name = 'Grace Hopper' ORDER BY id");
    CHECK(fewer.verdict == QueryVerdict::different_rows);
    CHECK(any_finding(fewer, "returns 55 rows; the original returns 56"));
}

TEST_CASE("A rewrite that changes values or order fails and says how", "[practical][slow-query]") {
    const auto counted = check_reference_with("perf-q-units-sold-correlated",
                                              "CREATE INDEX order_items_by_product ON order_items (product_id, quantity);",
                                              "SELECT p.id, p.name, count(i.quantity) FROM products p LEFT JOIN order_items i "
                                              "ON i.product_id = p.id WHERE p.category_id = 12 AND p.price_cents >= 40000 "
                                              "GROUP BY p.id ORDER BY p.id",
                                              "Now 700x faster.");
    CHECK(counted.verdict == QueryVerdict::different_rows);
    CHECK(any_finding(counted, "(36, 'Compact Bamboo Lamp', 36) is not in the original's result"));
    CHECK_FALSE(counted.claim_matches);  // a speed-up of a wrong query is no speed-up
    CHECK_FALSE(any_finding(counted, "still read by a full scan"));  // the reference scans products too
    const auto reordered = check_reference_with("perf-q-recent-orders-composite",
                                                "CREATE INDEX orders_by_user_status_created ON orders (user_id, status, created_at);",
                                                "SELECT id, created_at, total_cents FROM orders WHERE user_id = 42 AND "
                                                "status = 'delivered' ORDER BY created_at, id LIMIT 10");
    CHECK(reordered.verdict == QueryVerdict::different_rows);
    CHECK(any_finding(reordered, "different order"));
    const auto columns = check_reference_with("perf-q-lower-email", "", "SELECT id FROM users WHERE email = 'john.turing.4821@example.com'");
    CHECK(columns.verdict == QueryVerdict::different_rows);
    CHECK(any_finding(columns, "returns 1 column; the original returns 3"));
}

TEST_CASE("An index the query cannot use gives no speed-up", "[practical][slow-query]") {
    const auto check = check_reference_with("perf-q-lower-email", "CREATE INDEX users_by_name ON users (name);", "");
    CHECK(check.verdict == QueryVerdict::not_faster);
    CHECK(check.speedup < 2);
    CHECK(any_finding(check, "Not optimised"));
    CHECK(any_finding(check, "still read by a full scan"));
}

TEST_CASE("Side effects are refused in the query and in the DDL", "[practical][slow-query][escape]") {
    const auto deleting = check_reference_with("perf-q-lower-email", "", "DELETE FROM users WHERE id = 4821 RETURNING id, name, country");
    CHECK(deleting.verdict == QueryVerdict::failed);
    CHECK_FALSE(deleting.ddl_failed);
    CHECK(deleting.error->kind == SqlErrorKind::refused);
    const auto dropping = check_reference_with("perf-q-lower-email", "CREATE INDEX ok ON users (name);\nDROP TABLE orders;", "");
    CHECK(dropping.verdict == QueryVerdict::failed);
    CHECK(dropping.ddl_failed);
    CHECK(dropping.error->statement_index == 2);
    CHECK(any_finding(dropping, "The index DDL did not run: line 2, column 1 (statement 2): DROP TABLE is not allowed here"));
    const auto stats = check_reference_with("perf-q-lower-email", "INSERT INTO sqlite_stat1 VALUES ('users', NULL, '1');", "");
    CHECK(stats.verdict == QueryVerdict::failed);
    // The dataset is untouched for the next check.
    CHECK(checker().check("perf-q-lower-email", {}).verdict == QueryVerdict::not_faster);
}

TEST_CASE("A submission that runs away ends at the step budget", "[practical][slow-query][escape]") {
    // A wall clock no machine reaches first: 200 M steps took over 10 s on a loaded machine, and the
    // wall clock's safety stop came before the budget this test is about (sql_sandbox_test.cpp's
    // step_budget_only does the same).
    SandboxLimits limits;
    limits.max_wall_time = std::chrono::minutes(10);
    SlowQueryChecker patient(load_pack(), limits);
    const auto check = patient.check("perf-q-orders-in-month",
                                     QuerySubmission{"", "SELECT count(*), sum(a.total_cents) FROM orders a, orders b "
                                                         "WHERE date(a.created_at) BETWEEN '2024-03-01' AND '2024-03-31'", ""});
    CHECK(check.verdict == QueryVerdict::failed);
    CHECK(check.error->kind == SqlErrorKind::step_budget);
}

TEST_CASE("Bad SQL gets SQLite's message at its line and column", "[practical][slow-query]") {
    const auto check = check_reference_with("perf-q-lower-email", "", "SELECT id, name, country\nFROM users\nWHERE lower(emial) = 'x'");
    CHECK(check.verdict == QueryVerdict::failed);
    CHECK(check.error->line == 3);
    CHECK(any_finding(check, "no such column: emial"));
}

TEST_CASE("The candidate's claimed speed-up is read and compared with the measurement", "[practical][slow-query]") {
    CHECK(claimed_speedup("about 12x faster") == Approx(12));
    CHECK(claimed_speedup("roughly 25 × cheaper, and 3 times fewer rows") == Approx(25));
    CHECK(claimed_speedup("90% fewer steps") == Approx(10));
    CHECK(claimed_speedup("the query is 150% faster") == Approx(2.5));
    CHECK(claimed_speedup("the plan reads 1,700 rows instead of 60,000") == std::nullopt);
    CHECK(claimed_speedup("") == std::nullopt);

    const auto& query = *checker().pack().find_query("perf-q-orders-in-month");
    const auto honest = check_reference_with(query.id, "", query.reference.query, "Now about 20x fewer steps.");
    CHECK(honest.claim_matches == true);
    const auto boastful = check_reference_with(query.id, "", query.reference.query, "It is 1000x faster now.");
    CHECK(boastful.claim_matches == false);
    CHECK(any_finding(boastful, "the claim is more than the measurement shows"));
}

TEST_CASE("The same submission gets the same result, from a fresh dataset too", "[practical][slow-query][determinism]") {
    const auto& query = checker().pack().queries.back();
    const QuerySubmission submission{query.reference.index_ddl, query.reference.query, "10x faster"};
    const auto first = checker().check(query.id, submission);
    const auto again = checker().check(query.id, submission);
    SlowQueryChecker fresh(load_pack(), SandboxLimits{});
    const auto elsewhere = fresh.check(query.id, submission);
    for (const auto* other : {&again, &elsewhere}) {
        CHECK(other->verdict == first.verdict);
        CHECK(other->findings == first.findings);
        CHECK(other->submitted->cost.vm_steps == first.submitted->cost.vm_steps);
        CHECK(other->submitted->plan == first.submitted->plan);
        CHECK(other->original.cost.vm_steps == first.original.cost.vm_steps);
    }
}
