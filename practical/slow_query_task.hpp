// The Performance Optimization task, run for real: given slow queries over the shop dataset, the
// candidate's index DDL and rewritten query executed in a fresh sandbox, and the measured answer
// to what the guide's deliverables ask (docs/practical-tasks.md):
//   optimized query        same rows as the original, and cheaper in SQLite's own counters (by how much)
//   performance comparison the measured costs before and after, and whether the candidate's claim fits
//   new execution plan     EXPLAIN QUERY PLAN before and after, and which tables went from SCAN to SEARCH
// The explanation's wording is the text scorer's job (dialogue/), fed with these findings.
//
// The queries are the project's own (the guide names the task and gives no query): they live in
// content/tasks/performance-optimization.json with "source": "project".
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "content/content_problem.hpp"
#include "content/role_pack.hpp"
#include "practical/shop_dataset.hpp"
#include "practical/sql_sandbox.hpp"

namespace mi::practical {

struct ReferenceSolution {
    std::string index_ddl;    // CREATE INDEX ... (may be empty)
    std::string query;
    std::string explanation;  // for the coach, and the hint
};

struct SlowQuery {
    std::string id;
    std::string title;
    std::string kind;         // "function-on-indexed-column", "or-across-columns", ...
    int difficulty = 1;       // 1 (easiest) .. 5
    std::string need;         // what the application needs, as the task card says it
    std::string sql;          // the slow query
    std::int64_t expected_row_count = 0;
    std::uint64_t expected_digest = 0;  // QueryResult's ordered digest when the query orders, else unordered
    ReferenceSolution reference;
};

struct PerformanceTaskPack {
    std::string id;
    std::string task_id;      // the role pack's practical task this pack serves ("perf-optimization")
    std::string source;       // always "project": not from the guide
    std::string comment;
    std::uint64_t dataset_seed = 0;
    std::vector<SlowQuery> queries;  // in increasing difficulty

    [[nodiscard]] const SlowQuery* find_query(std::string_view query_id) const;
};

struct PerformancePackLoad {
    std::optional<PerformanceTaskPack> pack;    // present when problems is empty
    std::vector<content::ContentProblem> problems;
};

// Reads a pack with the project's JSON rules (a repeated key is a problem; every problem names
// the file, a JSON pointer and the reason).
[[nodiscard]] PerformancePackLoad load_performance_pack_text(std::string_view json_text, const std::string& file_label);
[[nodiscard]] PerformancePackLoad load_performance_pack(const std::filesystem::path& file);

// Tuning of the verdict, with why.
struct QueryCheckConfig {
    // A rewrite must at least halve the VM steps to count as optimised: below that the difference is
    // within what a different but equally good plan costs, and no interviewer calls it a speed-up.
    double min_speedup = 2.0;
    // A claimed speed-up "matches" when the measured one is at least claimed / this: candidates
    // round, and a 10x claim for a measured 8x is honest; a 100x claim for 8x is not.
    double claim_tolerance = 1.5;
};

// One run of a query in a sandbox.
struct QueryMeasurement {
    StatementCost cost;                 // the query alone
    StatementCost index_build_cost;     // the DDL before it (not part of the query's cost)
    std::int64_t row_count = 0;
    bool ordered = false;               // the query orders its result (top-level ORDER BY)
    std::uint64_t ordered_digest = 0;   // QueryResult's digests, over every row
    std::uint64_t unordered_digest = 0;
    bool truncated = false;             // rows holds fewer than row_count
    std::vector<SqlRow> rows;           // capped like every result
    std::vector<std::string> columns;
    std::vector<std::string> plan;      // EXPLAIN QUERY PLAN lines
};

// How one table is read before and after ("SCAN orders" -> "SEARCH orders USING INDEX ...").
struct PlanChange {
    std::string table;
    std::string before;                 // "" when the table is not in the original plan
    std::string after;                  // "" when the rewrite no longer reads it
    [[nodiscard]] bool scan_to_search() const;
};

enum class QueryVerdict {
    optimized,        // same rows, at least min_speedup fewer VM steps
    not_faster,       // same rows, not cheaper enough
    different_rows,   // ran, but not the original's result
    failed,           // refused or did not run (error says why)
};
[[nodiscard]] std::string_view to_string(QueryVerdict verdict);

struct QuerySubmission {
    std::string index_ddl;     // may be empty
    std::string query;         // may be empty: the original query with the new indexes
    std::string explanation;   // may be empty
};

// What a finding is about, so a reader (the interview, the terminal) can group and mark it.
enum class QueryAspect { rows, cost, plan, claim, error };
[[nodiscard]] std::string_view to_string(QueryAspect aspect);

struct QueryFinding {
    QueryAspect aspect = QueryAspect::error;
    bool positive = false;     // good news: the same rows, cheaper, a SCAN that became a SEARCH, a claim that holds
    std::string text;
    friend bool operator==(const QueryFinding&, const QueryFinding&) = default;
};

struct QueryCheck {
    std::string query_id;
    QueryVerdict verdict = QueryVerdict::failed;
    std::optional<SqlError> error;               // failed: which statement and why
    bool ddl_failed = false;                     // the error is in index_ddl, not in the query
    QueryMeasurement original;
    std::optional<QueryMeasurement> submitted;
    std::int64_t reference_vm_steps = 0;         // what the reference solution costs
    double speedup = 0;                          // original VM steps / submitted VM steps
    std::vector<PlanChange> plan_changes;
    std::optional<double> claimed_speedup;       // read from the explanation ("12x", "90% fewer steps")
    std::optional<bool> claim_matches;           // with claimed_speedup, when the rows are the same
    std::vector<QueryFinding> findings;          // sentences, in the order a reviewer reads them
};

// One SQL text split into what QuerySubmission holds: the last statement is the query, every
// statement before it the index DDL (CREATE [UNIQUE] INDEX, DROP INDEX, ANALYZE: the DDL's policy
// refuses anything else, naming it). When the last statement is index DDL too, all of it is DDL
// and there is no query (the original runs). Comments between the parts belong to neither.
// Offsets are into `sql`.
struct QuerySubmissionParts {
    std::string_view index_ddl;
    std::size_t index_ddl_begin = 0;
    std::string_view query;
    std::size_t query_begin = 0;
};
[[nodiscard]] QuerySubmissionParts split_query_submission(std::string_view sql);

// The names of the indexes `index_ddl` creates, in order ("CREATE INDEX IF NOT EXISTS x ON ..." -> "x").
[[nodiscard]] std::vector<std::string> created_index_names(std::string_view index_ddl);

// Which given query a candidate gets: one whose difficulty suits the seniority (junior 1-2, mid
// 2-4, senior 3-5), drawn with `seed` (splitmix64, so every machine draws the same one). The pack
// must have one in range; else the first query.
[[nodiscard]] const SlowQuery& choose_query(const PerformanceTaskPack& pack, content::Seniority seniority,
                                            std::uint64_t seed);

// Numbers as the findings write them: "261 698" (thousands grouped by a space), "26" or "2.5" (a ratio).
[[nodiscard]] std::string with_thousands(std::int64_t number);
[[nodiscard]] std::string format_ratio(double ratio);

// Parses a claimed speed-up from text: "12x", "12×", "12 times faster" -> 12; "90% fewer/less/
// faster" -> 10 (a 90 % reduction); "150% faster" -> 2.5; "from 4.9 ms to 1.3 ms" -> 3.8. The largest
// claim wins; none -> nullopt.
[[nodiscard]] std::optional<double> claimed_speedup(std::string_view explanation);

// The measured plan changes between two EXPLAIN QUERY PLAN listings, one per table in plan order.
[[nodiscard]] std::vector<PlanChange> compare_plans(const std::vector<std::string>& before,
                                                    const std::vector<std::string>& after);

// Checks submissions for one pack. Builds the dataset once (SandboxLimits apply to every check);
// each original query is measured once, on first use, and kept. Thread-safe: concurrent checks
// each get their own sandbox.
class SlowQueryChecker {
public:
    SlowQueryChecker(PerformanceTaskPack pack, SandboxLimits limits, QueryCheckConfig config = {});

    [[nodiscard]] const PerformanceTaskPack& pack() const { return pack_; }
    [[nodiscard]] const ShopDataset& dataset() const { return dataset_; }

    // The original query measured (what the task card shows). Throws std::out_of_range for an
    // unknown id, SandboxError when the pack's own query does not run (a content bug).
    [[nodiscard]] QueryMeasurement measure_original(std::string_view query_id);
    // The reference solution measured the same way.
    [[nodiscard]] QueryMeasurement measure_reference(std::string_view query_id);
    [[nodiscard]] QueryCheck check(std::string_view query_id, const QuerySubmission& submission);

    // Runs `index_ddl` then `sql` in a fresh copy of the dataset, as a check would, without judging
    // it: what the candidate's Run button shows. The error's bool is true when the DDL failed.
    [[nodiscard]] std::variant<QueryMeasurement, std::pair<SqlError, bool>> try_query(std::string_view index_ddl,
                                                                                      std::string_view sql) const {
        return run(index_ddl, sql);
    }

private:
    struct Measured {
        std::optional<QueryMeasurement> original;
        std::optional<QueryMeasurement> reference;
    };
    [[nodiscard]] const SlowQuery& query(std::string_view query_id) const;
    // Runs `ddl` then `sql` in a fresh copy; an error names which part failed.
    [[nodiscard]] std::variant<QueryMeasurement, std::pair<SqlError, bool>> run(std::string_view ddl,
                                                                                std::string_view sql) const;

    PerformanceTaskPack pack_;
    SandboxLimits limits_;
    QueryCheckConfig config_;
    ShopDataset dataset_;
    std::mutex measured_mutex_;
    std::vector<Measured> measured_;  // parallel to pack_.queries
};

}  // namespace mi::practical
