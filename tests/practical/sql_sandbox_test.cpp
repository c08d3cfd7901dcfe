// The sandbox a candidate's SQL runs in: what it runs, what it refuses, and how every escape
// attempt ends — within its budget, with a message that says why. Budgets are VM steps, so no
// test here depends on the machine's speed.
#include <catch2/catch.hpp>

#include <chrono>

#include <filesystem>
#include <string>
#include <variant>

#include "practical/shop_dataset.hpp"
#include "practical/sql_sandbox.hpp"
#include "practical/sql_text.hpp"

using namespace mi::practical;

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

SqlError query_error(SqlSandbox& sandbox, std::string_view sql,
                     StatementPolicy policy = StatementPolicy::read_only_query) {
    auto outcome = sandbox.run_query(sql, policy);
    REQUIRE(std::holds_alternative<SqlError>(outcome));
    return std::get<SqlError>(outcome);
}

SqlError script_error(SqlSandbox& sandbox, std::string_view sql, StatementPolicy policy) {
    auto outcome = sandbox.run_script(sql, policy);
    REQUIRE(std::holds_alternative<SqlError>(outcome));
    return std::get<SqlError>(outcome);
}

QueryResult query_rows(SqlSandbox& sandbox, std::string_view sql,
                       StatementPolicy policy = StatementPolicy::read_only_query) {
    auto outcome = sandbox.run_query(sql, policy);
    if (auto* error = std::get_if<SqlError>(&outcome)) FAIL(error->describe());
    return std::get<QueryResult>(outcome);
}

const ShopDataset& small_dataset() {
    static const ShopDataset dataset = build_shop_dataset(7, ShopDatasetShape{.users = 2000, .products = 400, .orders = 6000});
    return dataset;
}

// The default limits with a wall clock no machine reaches first: these tests are about the step
// budget, and 200 M steps take seconds on a loaded machine (the wall clock has its own test).
SandboxLimits step_budget_only() {
    SandboxLimits limits;
    limits.max_wall_time = std::chrono::minutes(10);
    return limits;
}

}  // namespace

TEST_CASE("A query returns its rows, its columns and SQLite's own counters", "[practical][sandbox]") {
    SqlSandbox sandbox(SandboxLimits{});
    const auto result = query_rows(sandbox, "SELECT 1 AS one, 'it''s' AS text, 2.5, NULL, x'00ff' ORDER BY 1");
    CHECK(result.columns == std::vector<std::string>{"one", "text", "2.5", "NULL", "x'00ff'"});
    REQUIRE(result.rows.size() == 1);
    CHECK(render_value(result.rows[0][0]) == "1");
    CHECK(render_value(result.rows[0][1]) == "'it''s'");
    CHECK(render_value(result.rows[0][2]) == "2.5");
    CHECK(render_value(result.rows[0][3]) == "NULL");
    CHECK(render_value(result.rows[0][4]) == "X'00FF'");
    CHECK(result.ordered);
    CHECK(result.cost.vm_steps > 0);
    CHECK(sandbox.steps_used() == result.cost.vm_steps);
}

TEST_CASE("An integral real and an integer compare equal, other reals to 12 digits", "[practical][sandbox]") {
    CHECK(render_value(SqlValue{5.0}) == render_value(SqlValue{std::int64_t{5}}));
    CHECK(render_value(SqlValue{0.1 + 0.2}) == render_value(SqlValue{0.3}));
}

TEST_CASE("SQL that does not compile gets SQLite's message and its line and column in the candidate's text",
          "[practical][sandbox]") {
    SqlSandbox sandbox(SandboxLimits{});
    const auto script = script_error(sandbox, "CREATE TABLE t (x INTEGER);\nCREATE INDEX t_x ON t (x);\nCREATE TABLE u (\n  y TEXT,, z\n);",
                                     StatementPolicy::schema_script);
    CHECK(script.kind == SqlErrorKind::invalid_sql);
    CHECK(script.statement_index == 3);
    CHECK(script.line == 4);
    CHECK(script.column == 10);
    CHECK(contains(script.describe(), "line 4, column 10 (statement 3): near \",\": syntax error"));

    const auto query = query_error(sandbox, "SELECT x\nFROM t\nWHERE nope = 1");
    CHECK(query.kind == SqlErrorKind::invalid_sql);
    CHECK(contains(query.message, "no such column: nope"));
    CHECK(query.line == 3);
    CHECK(query.column == 7);
}

TEST_CASE("ATTACH and DETACH are refused, and no file is created", "[practical][sandbox][escape]") {
    const auto path = std::filesystem::temp_directory_path() / "mi-practical-attach-test.db";
    std::filesystem::remove(path);
    SqlSandbox sandbox(SandboxLimits{});
    const auto attach = script_error(sandbox, "ATTACH DATABASE '" + path.string() + "' AS other", StatementPolicy::schema_script);
    CHECK(attach.kind == SqlErrorKind::refused);
    CHECK(contains(attach.message, "ATTACH is not allowed"));
    CHECK(query_error(sandbox, "SELECT file FROM pragma_database_list").kind == SqlErrorKind::refused);
    CHECK(script_error(sandbox, "DETACH DATABASE main", StatementPolicy::schema_script).kind == SqlErrorKind::refused);
    // Even past the keyword check, SQLite's own limit allows no attached database.
    CHECK(script_error(sandbox, "/* hidden */ ATTACH ':memory:' AS m", StatementPolicy::schema_script).kind ==
          SqlErrorKind::refused);
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("VACUUM INTO, which would write a file, is refused and writes none", "[practical][sandbox][escape]") {
    const auto path = std::filesystem::temp_directory_path() / "mi-practical-vacuum-test.db";
    std::filesystem::remove(path);
    SqlSandbox sandbox(SandboxLimits{});
    const auto error = script_error(sandbox, "CREATE TABLE t (x);\nVACUUM INTO '" + path.string() + "'",
                                    StatementPolicy::schema_script);
    CHECK(error.kind == SqlErrorKind::refused);
    CHECK(error.statement_index == 2);
    CHECK(contains(error.message, "VACUUM is not allowed"));
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("load_extension is refused in a query and in a schema", "[practical][sandbox][escape]") {
    SqlSandbox sandbox(SandboxLimits{});
    const auto in_query = query_error(sandbox, "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libc.so.6')");
    CHECK(in_query.kind == SqlErrorKind::refused);
    CHECK(contains(in_query.message, "load_extension() is not allowed"));
    CHECK(script_error(sandbox, "CREATE TABLE t (x); INSERT INTO t SELECT load_extension('x')", StatementPolicy::schema_script)
              .kind == SqlErrorKind::refused);
}

TEST_CASE("PRAGMAs that write are refused, introspection reads only where the checker asks",
          "[practical][sandbox][escape]") {
    SqlSandbox sandbox(SandboxLimits{});
    REQUIRE(std::holds_alternative<ScriptResult>(sandbox.run_script("CREATE TABLE t (x INTEGER PRIMARY KEY)",
                                                                    StatementPolicy::schema_script)));
    for (const char* pragma : {"PRAGMA writable_schema = ON", "PRAGMA journal_mode = OFF", "PRAGMA temp_store = FILE",
                               "PRAGMA max_page_count = 1000000000", "PRAGMA trusted_schema = ON", "PRAGMA optimize",
                               "PRAGMA main.cache_size = -1000000"}) {
        INFO(pragma);
        const auto error = script_error(sandbox, pragma, StatementPolicy::schema_script);
        CHECK(error.kind == SqlErrorKind::refused);
        CHECK(contains(error.message, "PRAGMA"));
    }
    // A schema may turn foreign keys on, as most schemas written for SQLite do.
    CHECK(std::holds_alternative<ScriptResult>(sandbox.run_script("PRAGMA foreign_keys = ON;", StatementPolicy::schema_script)));
    // The candidate's query may not read pragmas; the checker's introspection may.
    CHECK(query_error(sandbox, "PRAGMA table_info(t)").kind == SqlErrorKind::refused);
    CHECK(query_rows(sandbox, "PRAGMA table_info(t)", StatementPolicy::introspection).row_count == 1);
    CHECK(query_error(sandbox, "PRAGMA journal_mode = OFF", StatementPolicy::introspection).kind == SqlErrorKind::refused);
}

TEST_CASE("A query that changes anything, or is more than one statement, is refused", "[practical][sandbox][escape]") {
    SqlSandbox sandbox(SandboxLimits{}, *small_dataset().image);
    for (const char* sql : {"DELETE FROM users", "INSERT INTO categories (name) VALUES ('x') RETURNING id",
                            "WITH doomed AS (SELECT id FROM users) DELETE FROM users WHERE id IN doomed",
                            "UPDATE products SET price_cents = 1 RETURNING id", "CREATE TABLE t AS SELECT 1",
                            "SELECT 1; DELETE FROM users", "BEGIN"}) {
        INFO(sql);
        const auto error = query_error(sandbox, sql);
        CHECK(error.kind == SqlErrorKind::refused);
    }
    CHECK(query_rows(sandbox, "SELECT count(*) FROM users").rows[0][0] == SqlValue{std::int64_t{2000}});
    CHECK(contains(query_error(sandbox, "SELECT 1;\n  DELETE FROM users").message, "one statement"));
}

TEST_CASE("Functions whose result depends on the machine or the moment are refused", "[practical][sandbox]") {
    SqlSandbox sandbox(SandboxLimits{});
    for (const char* sql : {"SELECT random()", "SELECT randomblob(8)", "SELECT sqlite_version()", "SELECT changes()"}) {
        INFO(sql);
        const auto error = query_error(sandbox, sql);
        CHECK(error.kind == SqlErrorKind::refused);
        CHECK(contains(error.message, "the same result twice"));
    }
}

TEST_CASE("Index DDL allows CREATE INDEX, DROP INDEX and ANALYZE and nothing else", "[practical][sandbox]") {
    SqlSandbox sandbox(SandboxLimits{}, *small_dataset().image);
    auto done = sandbox.run_script("CREATE INDEX users_by_name ON users (name);\nANALYZE;\nDROP INDEX users_by_name;\n"
                                   "CREATE UNIQUE INDEX IF NOT EXISTS products_by_sku ON products (sku);",
                                   StatementPolicy::index_ddl);
    REQUIRE(std::holds_alternative<ScriptResult>(done));
    CHECK(std::get<ScriptResult>(done).statement_count == 4);
    for (const char* sql : {"DELETE FROM users", "INSERT INTO sqlite_stat1 VALUES ('users', NULL, '1')",
                            "DROP TABLE users", "CREATE TABLE t (x)", "UPDATE orders SET status = 'x'",
                            "CREATE TRIGGER t AFTER INSERT ON users BEGIN DELETE FROM orders; END",
                            "CREATE VIEW v AS SELECT 1", "PRAGMA analysis_limit = 1"}) {
        INFO(sql);
        const auto error = script_error(sandbox, std::string("CREATE INDEX ok ON orders (status);\n") + sql,
                                        StatementPolicy::index_ddl);
        CHECK(error.kind == SqlErrorKind::refused);
        CHECK(error.statement_index == 2);
        CHECK(error.line == 2);
        (void)sandbox.run_script("DROP INDEX IF EXISTS ok", StatementPolicy::index_ddl);
    }
}

TEST_CASE("A recursive CTE bomb ends at the step budget with a message", "[practical][sandbox][escape]") {
    const SandboxLimits limits = step_budget_only();
    SqlSandbox sandbox(limits);
    const auto error = query_error(sandbox, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r");
    CHECK(error.kind == SqlErrorKind::step_budget);
    CHECK(contains(error.message, "virtual-machine steps"));
    CHECK(sandbox.steps_used() >= limits.max_vm_steps);
    // SQLite calls the progress handler at branch instructions, so it may run a few steps past the interval.
    CHECK(sandbox.steps_used() <= limits.max_vm_steps + 2 * limits.progress_interval_steps);
    // The budget is the check's: a second statement in the same sandbox stops at once.
    CHECK(query_error(sandbox, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 10000) "
                               "SELECT count(*) FROM r")
              .kind == SqlErrorKind::step_budget);
}

TEST_CASE("A huge cross join on the dataset ends at the step budget", "[practical][sandbox][escape]") {
    const SandboxLimits limits = step_budget_only();
    SqlSandbox sandbox(limits, *small_dataset().image);
    const auto error = query_error(sandbox, "SELECT count(*) FROM order_items a, order_items b, users c");
    CHECK(error.kind == SqlErrorKind::step_budget);
    CHECK(sandbox.steps_used() <= limits.max_vm_steps + 2 * limits.progress_interval_steps);
}

TEST_CASE("The same runaway query stops at the same step every time", "[practical][sandbox][determinism]") {
    SandboxLimits limits;
    limits.max_vm_steps = 1'000'000;
    const char* bomb = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT sum(x) FROM r";
    SqlSandbox first(limits);
    SqlSandbox second(limits);
    CHECK(query_error(first, bomb).kind == SqlErrorKind::step_budget);
    CHECK(query_error(second, bomb).kind == SqlErrorKind::step_budget);
    CHECK(first.steps_used() == second.steps_used());
}

TEST_CASE("A 10 MB submission is refused before SQLite reads it", "[practical][sandbox][escape]") {
    SqlSandbox sandbox(SandboxLimits{});
    const std::string huge = "SELECT '" + std::string(10 * 1024 * 1024, 'x') + "'";
    const auto as_query = query_error(sandbox, huge);
    CHECK(as_query.kind == SqlErrorKind::too_large);
    CHECK(contains(as_query.message, "10485769 bytes"));
    CHECK(script_error(sandbox, huge, StatementPolicy::schema_script).kind == SqlErrorKind::too_large);
    CHECK(sandbox.steps_used() == 0);
}

TEST_CASE("Too many statements are refused at the first one over the limit", "[practical][sandbox][escape]") {
    SandboxLimits limits;
    limits.max_statements = 3;
    SqlSandbox sandbox(limits);
    const auto error = script_error(sandbox, "CREATE TABLE a (x); CREATE TABLE b (x);\nCREATE TABLE c (x); CREATE TABLE d (x);",
                                    StatementPolicy::schema_script);
    CHECK(error.kind == SqlErrorKind::too_large);
    CHECK(error.statement_index == 4);
    CHECK(error.line == 2);
}

TEST_CASE("A value over the length limit ends the statement with a clear message", "[practical][sandbox][escape]") {
    SqlSandbox sandbox(SandboxLimits{});
    const auto error = query_error(sandbox, "SELECT length(zeroblob(2000000))");
    CHECK(error.kind == SqlErrorKind::out_of_memory);
    CHECK(contains(error.message, "1048576 bytes"));
    const auto grown = query_error(sandbox,
                                   "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 100000) "
                                   "SELECT length(group_concat(printf('%080d', x))) FROM r");
    CHECK(grown.kind == SqlErrorKind::out_of_memory);
}

TEST_CASE("Sorting more than the process heap limit ends with out of memory", "[practical][sandbox][escape]") {
    struct HeapLimit {
        std::int64_t previous = install_process_heap_limit(128LL * 1024 * 1024);
        ~HeapLimit() { install_process_heap_limit(previous); }
    } heap_limit;
    SqlSandbox sandbox(SandboxLimits{});
    const auto error = query_error(sandbox,
                                   "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000) "
                                   "SELECT x FROM r ORDER BY zeroblob(1000000) || x");
    CHECK(error.kind == SqlErrorKind::out_of_memory);
    CHECK(contains(error.message, "out of memory"));
    // The sandbox is still usable afterwards.
    CHECK(query_rows(sandbox, "SELECT 1").row_count == 1);
}

TEST_CASE("A schema that grows the database past its limit ends with database full", "[practical][sandbox][escape]") {
    SandboxLimits limits;
    limits.max_database_growth_bytes = 4 * 1024 * 1024;
    SqlSandbox sandbox(limits);
    const auto error = script_error(sandbox,
                                    "CREATE TABLE t (b BLOB);\n"
                                    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 100) "
                                    "INSERT INTO t SELECT zeroblob(100000) FROM r;",
                                    StatementPolicy::schema_script);
    CHECK(error.kind == SqlErrorKind::database_full);
    CHECK(error.statement_index == 2);
}

TEST_CASE("The wall-clock safety stop ends a statement the step budget has not", "[practical][sandbox]") {
    SandboxLimits limits;
    limits.max_wall_time = std::chrono::milliseconds(0);
    SqlSandbox sandbox(limits);
    const auto error = query_error(sandbox, "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r");
    CHECK(error.kind == SqlErrorKind::time_budget);
}

TEST_CASE("Results are capped by rows and bytes, but every row is counted and digested", "[practical][sandbox]") {
    SandboxLimits limits;
    limits.max_result_rows = 10;
    SqlSandbox sandbox(limits);
    const char* numbers = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 5000) SELECT x FROM r";
    const auto capped = query_rows(sandbox, numbers);
    CHECK(capped.rows.size() == 10);
    CHECK(capped.row_count == 5000);
    CHECK(capped.truncated);
    SqlSandbox uncapped(SandboxLimits{});
    const auto full = query_rows(uncapped, numbers);
    CHECK(full.unordered_digest == capped.unordered_digest);
    CHECK(full.ordered_digest == capped.ordered_digest);
    const auto reversed = query_rows(uncapped, std::string(numbers) + " ORDER BY x DESC");
    CHECK(reversed.unordered_digest == full.unordered_digest);
    CHECK(reversed.ordered_digest != full.ordered_digest);
}

TEST_CASE("Each sandbox is a private copy of the image", "[practical][sandbox]") {
    const auto& image = *small_dataset().image;
    SqlSandbox first(SandboxLimits{}, image);
    REQUIRE(std::holds_alternative<ScriptResult>(
        first.run_script("CREATE INDEX users_by_country ON users (country)", StatementPolicy::index_ddl)));
    SqlSandbox second(SandboxLimits{}, image);
    CHECK(query_rows(first, "SELECT count(*) FROM sqlite_schema WHERE name = 'users_by_country'").rows[0][0] ==
          SqlValue{std::int64_t{1}});
    CHECK(query_rows(second, "SELECT count(*) FROM sqlite_schema WHERE name = 'users_by_country'").rows[0][0] ==
          SqlValue{std::int64_t{0}});
}

TEST_CASE("Statements are classified by their leading keywords, past comments", "[practical][sql-text]") {
    CHECK(classify_statement("SELECT 1").kind == StatementKind::query);
    CHECK(classify_statement("with x as (select 1) select * from x").kind == StatementKind::query);
    CHECK(classify_statement("create unique index i on t (x)").kind == StatementKind::create_index);
    CHECK(classify_statement("DROP INDEX i").kind == StatementKind::drop_index);
    CHECK(classify_statement("CREATE TEMP TABLE t (x)").kind == StatementKind::create_other);
    CHECK(classify_statement("CREATE VIRTUAL TABLE t USING fts5(x)").keyword == "CREATE VIRTUAL");
    CHECK(classify_statement("vacuum").keyword == "VACUUM");
    CHECK(skip_blank("  -- a comment\n /* another */ SELECT") == 30);
}

TEST_CASE("Only an ORDER BY outside parentheses, strings and comments orders the result", "[practical][sql-text]") {
    CHECK(has_top_level_order_by("SELECT x FROM t ORDER BY x"));
    CHECK(has_top_level_order_by("SELECT x FROM t\norder\n  by x DESC"));
    CHECK_FALSE(has_top_level_order_by("SELECT x FROM (SELECT x FROM t ORDER BY x)"));
    CHECK_FALSE(has_top_level_order_by("SELECT row_number() OVER (ORDER BY x) FROM t"));
    CHECK_FALSE(has_top_level_order_by("SELECT 'ORDER BY' FROM t -- ORDER BY x"));
    CHECK_FALSE(has_top_level_order_by("SELECT \"order\" FROM t /* ORDER BY */ WHERE by = 1"));
}
