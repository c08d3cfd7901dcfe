// An in-memory SQLite connection locked down for running a candidate's SQL (docs/practical-tasks.md).
//
// - No file, ever: the connection is ":memory:" (or a deserialized image) on a VFS that refuses to
//   open, delete or probe any file; temp_store is MEMORY; ATTACH, DETACH, VACUUM and
//   load_extension are refused; SQLITE_LIMIT_ATTACHED is 0.
// - Only what the task needs: an authorizer checks every action of every statement against the
//   policy the checker names (a read-only query, index DDL, a schema script); statements are also
//   classified by their leading keyword, so a refusal names the statement kind. PRAGMAs are
//   refused except the introspection ones the checker reads (and `foreign_keys` in a schema).
// - Bounded work: a progress handler counts VM steps against SandboxLimits::max_vm_steps
//   (deterministic: the same SQL stops at the same step on every machine) and holds a wall-clock
//   safety stop; results are capped by rows and bytes; the database may grow by a fixed amount.
// - Every failure is an SqlError with SQLite's own message and, for SQL that does not compile,
//   the line and column in the candidate's text.
//
// One sandbox is one check: its step budget is spent across every call on it. Not thread-safe;
// separate sandboxes may run on separate threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "practical/sandbox_limits.hpp"

struct sqlite3;

namespace mi::practical {

// A serialized database (sqlite3_serialize). Immutable; each sandbox copies it.
class DatabaseImage {
public:
    explicit DatabaseImage(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
    [[nodiscard]] const std::vector<unsigned char>& bytes() const { return bytes_; }
    [[nodiscard]] std::size_t size() const { return bytes_.size(); }

private:
    std::vector<unsigned char> bytes_;
};

// What a statement may do. The checker picks the policy; the candidate's text never does.
enum class StatementPolicy {
    read_only_query,  // one SELECT (WITH ... SELECT, VALUES); no PRAGMA, no writes
    index_ddl,        // CREATE [UNIQUE] INDEX, DROP INDEX, ANALYZE
    schema_script,    // CREATE/DROP/ALTER of tables, indexes, views, triggers; INSERT/UPDATE/DELETE;
                      // transactions; PRAGMA foreign_keys
    introspection,    // the checker's own reads: PRAGMA table_info/index_list/... and sqlite_schema
};

enum class SqlErrorKind {
    too_large,        // submission over max_submission_bytes or max_statements
    invalid_sql,      // SQLite could not compile or run it (syntax, unknown column, constraint)
    refused,          // compiled, but the policy does not allow it (ATTACH, a writing PRAGMA, ...)
    step_budget,      // ran past max_vm_steps
    time_budget,      // ran past max_wall_time
    out_of_memory,    // the process heap limit or the value length limit
    database_full,    // the database grew past max_database_growth_bytes
};

[[nodiscard]] std::string_view to_string(SqlErrorKind kind);

struct SqlError {
    SqlErrorKind kind = SqlErrorKind::invalid_sql;
    std::string message;                   // SQLite's message, or the sandbox's reason
    std::size_t statement_index = 0;       // 1-based statement of the submission; 0 = the whole text
    std::optional<std::size_t> byte_offset;  // into the submitted text, when known
    std::size_t line = 0;                  // 1-based, with byte_offset (else the statement's start)
    std::size_t column = 0;                // 1-based, in bytes

    // "line 3, column 8: near \"FORM\": syntax error" — what the candidate reads.
    [[nodiscard]] std::string describe() const;
};

// One value as SQLite returned it.
using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string, std::vector<unsigned char>>;
using SqlRow = std::vector<SqlValue>;

// SQLite's own counters for one statement (sqlite3_stmt_status), deterministic for the same
// database and SQL; wall time is shown to people and never scored.
struct StatementCost {
    std::int64_t vm_steps = 0;        // SQLITE_STMTSTATUS_VM_STEP
    std::int64_t fullscan_steps = 0;  // SQLITE_STMTSTATUS_FULLSCAN_STEP: rows stepped in full-table scans
    std::int64_t sort_ops = 0;        // SQLITE_STMTSTATUS_SORT
    std::int64_t autoindex_rows = 0;  // SQLITE_STMTSTATUS_AUTOINDEX: rows put into automatic indexes
    double wall_ms = 0;

    StatementCost& operator+=(const StatementCost& other);
};

struct QueryResult {
    std::vector<std::string> columns;
    std::vector<SqlRow> rows;             // at most max_result_rows / max_result_bytes of them
    std::size_t row_count = 0;            // every row, kept or not
    bool truncated = false;               // rows holds fewer than row_count
    bool ordered = false;                 // the statement has an ORDER BY at its top level
    std::uint64_t ordered_digest = 0;     // over every row in order
    std::uint64_t unordered_digest = 0;   // over every row, order-insensitive (multiset)
    StatementCost cost;
};

struct ScriptResult {
    std::size_t statement_count = 0;
    StatementCost cost;                   // summed over the statements
};

using QueryOutcome = std::variant<QueryResult, SqlError>;
using ScriptOutcome = std::variant<ScriptResult, SqlError>;

// A value as the checker compares and shows it: integers and integral reals alike ("5"), other
// reals to 12 significant digits, text quoted, blobs as X'..', NULL.
[[nodiscard]] std::string render_value(const SqlValue& value);

// Sets SQLite's heap ceiling for the whole process (sqlite3_hard_heap_limit64). Process-wide by
// SQLite's design, so the host calls it once at start, not each sandbox. Returns the previous limit.
std::int64_t install_process_heap_limit(std::int64_t bytes);

// A failure of the sandbox itself (SQLite could not open or configure a connection): an operator's
// problem, never the candidate's.
class SandboxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SqlSandbox {
public:
    // An empty in-memory database.
    explicit SqlSandbox(const SandboxLimits& limits);
    // A fresh private copy of `image` (the image is not changed and may be shared).
    SqlSandbox(const SandboxLimits& limits, const DatabaseImage& image);
    ~SqlSandbox();
    SqlSandbox(const SqlSandbox&) = delete;
    SqlSandbox& operator=(const SqlSandbox&) = delete;

    // Runs every statement of `script` under `policy`, stopping at the first error.
    [[nodiscard]] ScriptOutcome run_script(std::string_view script, StatementPolicy policy);
    // Runs exactly one statement that returns rows and changes nothing.
    [[nodiscard]] QueryOutcome run_query(std::string_view sql,
                                         StatementPolicy policy = StatementPolicy::read_only_query);
    // EXPLAIN QUERY PLAN of one read-only statement, one line per plan node, children indented
    // by two spaces ("SCAN orders", "  SEARCH users USING INTEGER PRIMARY KEY (rowid=?)").
    [[nodiscard]] std::variant<std::vector<std::string>, SqlError> explain_query_plan(std::string_view sql);

    // VM steps spent so far in this sandbox, as the budget counts them.
    [[nodiscard]] std::int64_t steps_used() const { return steps_used_; }
    [[nodiscard]] const SandboxLimits& limits() const { return limits_; }

private:
    friend struct SandboxCallbacks;

    void open();
    void lock_down();
    [[nodiscard]] std::optional<SqlError> check_submission_size(std::string_view text) const;

    SandboxLimits limits_;
    sqlite3* db_ = nullptr;
    StatementPolicy policy_ = StatementPolicy::read_only_query;
    std::string refusal_;                 // why the authorizer denied the last action
    std::optional<SqlErrorKind> stop_;    // why the progress handler stopped the statement
    std::int64_t steps_used_ = 0;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace mi::practical
