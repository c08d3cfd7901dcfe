// Every limit a practical-task check runs under, in one place (docs/practical-tasks.md renders
// them for coaches). A check is one candidate submission run in one fresh SqlSandbox; the
// server's limits table takes these rows over when the checks are wired into interviews.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace mi::practical {

struct SandboxLimits {
    // --- what the candidate may send ---
    // A schema for five tables with comments is 3-6 KB; a rewritten query with its indexes under
    // 2 KB. 64 KiB leaves room for generous comments and refuses pasted dumps before SQLite
    // parses a byte (SQLITE_LIMIT_SQL_LENGTH is set to the same value as a second wall).
    std::size_t max_submission_bytes = 64 * 1024;
    // A full e-commerce schema is 5-10 tables plus their indexes (~30 statements); 100 leaves
    // room for seed rows and triggers without letting a script of a million INSERTs in.
    std::size_t max_statements = 100;

    // --- work, measured in SQLite's own deterministic counter ---
    // Virtual-machine steps for the whole check (every statement of the submission, the checker's
    // own EXPLAIN and introspection included). The slowest given query costs 15.6 M steps and the
    // costliest reference index 1.5 M (docs/practical-tasks.md); 200 M is ~12x both together,
    // 1-2 s of one core, and stops a recursive CTE or a cross join cold. Counted by the progress
    // handler, so the same submission stops at the same step on every machine.
    std::int64_t max_vm_steps = 200'000'000;
    // How often the progress handler runs: every this many VM steps. Small enough that the budget
    // is overshot by at most this much, large enough to cost nothing measurable.
    int progress_interval_steps = 1000;
    // Wall-clock safety stop, never scored: only a machine far slower than expected (or a
    // pathological statement whose steps are each very slow) reaches it before the step budget.
    std::chrono::milliseconds max_wall_time{10'000};

    // --- memory ---
    // Largest string or blob a value may hold (SQLITE_LIMIT_LENGTH). The dataset's longest value is
    // under 100 bytes; 1 MiB stops randomblob(1e9)-style allocations in one step.
    int max_value_bytes = 1024 * 1024;
    // How much the database may grow during a check, beyond the dataset image (indexes the
    // candidate builds: an index over all 150 000 order lines is ~2 MB; a schema task's seed
    // rows a few KB). Enforced by SQLITE_FCNTL_SIZE_LIMIT on a deserialized image and max_page_count
    // on an empty database; reaching it ends the statement with "database or disk is full".
    std::int64_t max_database_growth_bytes = 64 * 1024 * 1024;
    // Ceiling on all of SQLite's heap in the process (sqlite3_hard_heap_limit64). It is
    // process-wide, so the host sets it once at start (install_process_heap_limit) sized for
    // max_concurrent_checks sandboxes (each a 12 MB image + its growth + sorts) plus the store.
    std::int64_t process_heap_limit_bytes = 512LL * 1024 * 1024;
    // Checks run at once (off the I/O threads; the host enforces it). Two matches the 2-core
    // machine the service is sized for; each check is CPU-bound for at most max_vm_steps.
    int max_concurrent_checks = 2;

    // --- parser limits (sqlite3_limit), far above any honest query, far below SQLite's defaults ---
    int max_columns = 200;             // SQLITE_LIMIT_COLUMN: a wide table has ~30
    int max_expression_depth = 200;    // SQLITE_LIMIT_EXPR_DEPTH: stops deeply nested expression bombs
    int max_compound_selects = 50;     // SQLITE_LIMIT_COMPOUND_SELECT: UNION chains
    int max_vdbe_ops = 100'000;        // SQLITE_LIMIT_VDBE_OP: the biggest reference program has ~300
    int max_function_args = 32;        // SQLITE_LIMIT_FUNCTION_ARG
    int max_like_pattern_bytes = 200;  // SQLITE_LIMIT_LIKE_PATTERN_LENGTH: LIKE is O(pattern x text)
    int max_trigger_depth = 10;        // SQLITE_LIMIT_TRIGGER_DEPTH: a schema's triggers may not recurse far
    // SQLITE_LIMIT_ATTACHED is always 0 and SQLITE_LIMIT_VARIABLE_NUMBER 0: nothing is attached and
    // nothing is bound, so these are not settings.

    // --- results ---
    // Rows and bytes of a result kept for showing and comparing in full; every row is still read
    // (its cost counts) and folded into the result's digest, so equality holds past the cap.
    std::size_t max_result_rows = 1000;
    std::size_t max_result_bytes = 256 * 1024;
    // EXPLAIN QUERY PLAN lines kept (a plan for a five-table join has ~10).
    std::size_t max_plan_lines = 200;
};

}  // namespace mi::practical
