#include "practical/sql_sandbox.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <sqlite3.h>

#include "practical/sql_text.hpp"

namespace mi::practical {

// The C callbacks SQLite calls, with access to the sandbox's private state.
struct SandboxCallbacks {
    static int authorize(void* self, int action, const char* third, const char* fourth, const char* database,
                         const char* trigger);
    static int progress(void* self);
};

namespace {

// ---- a VFS that opens no file -------------------------------------------------------------------
// ":memory:", deserialized images and temp_store=MEMORY need no file; anything that still asks for
// one (a path SQLite grows in a later version, VACUUM INTO if it ever got past the checks) fails
// here instead of touching the disk. Registered once per process; stateless, so sharing it is safe.

int refuse_open(sqlite3_vfs*, sqlite3_filename, sqlite3_file* file, int, int*) {
    file->pMethods = nullptr;  // nothing to close
    return SQLITE_CANTOPEN;
}
int refuse_delete(sqlite3_vfs*, const char*, int) { return SQLITE_IOERR_DELETE; }
int report_absent(sqlite3_vfs*, const char*, int, int* exists) {
    *exists = 0;
    return SQLITE_OK;
}
int keep_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    std::snprintf(out, static_cast<std::size_t>(size), "%s", name);
    return SQLITE_OK;
}
void* refuse_library(sqlite3_vfs*, const char*) { return nullptr; }

constexpr const char* no_files_vfs_name = "mi-practical-no-files";

const char* no_files_vfs() {
    static std::once_flag registered;
    static sqlite3_vfs vfs;
    std::call_once(registered, [] {
        sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
        if (base == nullptr) throw SandboxError("SQLite has no default VFS");
        vfs = *base;
        vfs.pNext = nullptr;
        vfs.zName = no_files_vfs_name;
        vfs.xOpen = refuse_open;
        vfs.xDelete = refuse_delete;
        vfs.xAccess = report_absent;
        vfs.xFullPathname = keep_pathname;
        vfs.xDlOpen = refuse_library;
        vfs.xDlSym = nullptr;
        vfs.xDlClose = nullptr;
        if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) throw SandboxError("SQLite refused the sandbox VFS");
    });
    return no_files_vfs_name;
}

SqlError sql_error(SqlErrorKind kind, std::string message) {
    SqlError error;
    error.kind = kind;
    error.message = std::move(message);
    return error;
}

// ---- the policy ----------------------------------------------------------------------------------

template <std::size_t size>
bool one_of(std::string_view name, const std::array<std::string_view, size>& names) {
    return std::any_of(names.begin(), names.end(), [&](std::string_view candidate) {
        return equals_ignoring_case(name, candidate);
    });
}

// Functions whose result depends on the machine, the moment or earlier statements: a check that
// called them would not give the same result twice. load_extension would open a file.
constexpr std::array<std::string_view, 11> refused_functions = {
    "load_extension", "random", "randomblob", "sqlite_version", "sqlite_source_id", "sqlite_compileoption_get",
    "sqlite_compileoption_used", "changes", "total_changes", "last_insert_rowid", "fts3_tokenizer"};

// The introspection the schema checker reads; all of them only read.
constexpr std::array<std::string_view, 6> introspection_pragmas = {
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"};

// Tables SQLite itself writes while it creates or drops an index or analyzes (index DDL only).
constexpr std::array<std::string_view, 4> schema_tables = {"sqlite_master", "sqlite_temp_master",
                                                                    "sqlite_stat1", "sqlite_stat4"};

std::string_view policy_description(StatementPolicy policy) {
    switch (policy) {
        case StatementPolicy::read_only_query: return "the query may only read";
        case StatementPolicy::index_ddl: return "only CREATE INDEX, DROP INDEX and ANALYZE may come with the query";
        case StatementPolicy::schema_script:
            return "a schema may create, alter and drop tables, indexes, views and triggers and insert rows";
        case StatementPolicy::introspection: return "introspection only reads";
    }
    return "";
}

std::string text_or_empty(const char* text) { return text ? std::string(text) : std::string(); }

// Why `action` is refused under `policy`, or nothing when it is allowed.
std::optional<std::string> refusal_for(StatementPolicy policy, int action, const char* third, const char* fourth) {
    const std::string name = text_or_empty(third);
    const std::string detail = text_or_empty(fourth);
    const bool schema = policy == StatementPolicy::schema_script;
    const bool ddl = schema || policy == StatementPolicy::index_ddl;
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_READ:
        case SQLITE_RECURSIVE: return std::nullopt;
        case SQLITE_FUNCTION:
            if (one_of(detail, refused_functions)) {
                if (equals_ignoring_case(detail, "load_extension")) {
                    return std::string("load_extension() is not allowed: a check may not load code");
                }
                return detail + "() is not allowed: its result depends on the machine or the moment, so the check "
                                "would not give the same result twice";
            }
            return std::nullopt;
        case SQLITE_ATTACH: return std::string("ATTACH is not allowed: a check has one in-memory database and opens no file");
        case SQLITE_DETACH: return std::string("DETACH is not allowed: a check has one in-memory database");
        case SQLITE_CREATE_VTABLE:
        case SQLITE_DROP_VTABLE: return std::string("virtual tables are not allowed in a check");
        case SQLITE_PRAGMA:
            if (policy == StatementPolicy::introspection && one_of(name, introspection_pragmas)) return std::nullopt;
            if (schema && equals_ignoring_case(name, "foreign_keys")) return std::nullopt;
            if (!detail.empty()) {
                return "PRAGMA " + name + " = " + detail +
                       " is not allowed: a check may not change the database's settings";
            }
            return "PRAGMA " + name + " is not allowed in a check";
        case SQLITE_CREATE_INDEX:
        case SQLITE_DROP_INDEX:
        case SQLITE_ANALYZE:
        case SQLITE_REINDEX:  // CREATE INDEX asks for it too (the index is filled by a reindex)
            if (ddl) return std::nullopt;
            break;
        case SQLITE_INSERT:
        case SQLITE_UPDATE:
        case SQLITE_DELETE:
            if (schema) return std::nullopt;
            if (policy == StatementPolicy::index_ddl && one_of(name, schema_tables)) return std::nullopt;
            return "writing to " + name + " is not allowed: " + std::string(policy_description(policy));
        case SQLITE_CREATE_TABLE:
            // The first ANALYZE creates sqlite_stat1 itself.
            if (policy == StatementPolicy::index_ddl && one_of(name, schema_tables)) return std::nullopt;
            if (schema) return std::nullopt;
            break;
        case SQLITE_CREATE_TEMP_TABLE:
        case SQLITE_CREATE_TEMP_INDEX:
        case SQLITE_CREATE_VIEW:
        case SQLITE_CREATE_TEMP_VIEW:
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_CREATE_TEMP_TRIGGER:
        case SQLITE_DROP_TABLE:
        case SQLITE_DROP_TEMP_TABLE:
        case SQLITE_DROP_TEMP_INDEX:
        case SQLITE_DROP_VIEW:
        case SQLITE_DROP_TEMP_VIEW:
        case SQLITE_DROP_TRIGGER:
        case SQLITE_DROP_TEMP_TRIGGER:
        case SQLITE_ALTER_TABLE:
        case SQLITE_TRANSACTION:
        case SQLITE_SAVEPOINT:
            if (schema) return std::nullopt;
            break;
        default: break;
    }
    return "this statement is not allowed: " + std::string(policy_description(policy));
}

bool kind_allowed(StatementPolicy policy, StatementKind kind) {
    switch (policy) {
        case StatementPolicy::read_only_query: return kind == StatementKind::query;
        case StatementPolicy::index_ddl:
            return kind == StatementKind::create_index || kind == StatementKind::drop_index ||
                   kind == StatementKind::analyze;
        case StatementPolicy::schema_script:
            return kind == StatementKind::query || kind == StatementKind::create_index ||
                   kind == StatementKind::drop_index || kind == StatementKind::analyze ||
                   kind == StatementKind::create_other || kind == StatementKind::drop_other ||
                   kind == StatementKind::alter || kind == StatementKind::write || kind == StatementKind::transaction ||
                   kind == StatementKind::pragma || kind == StatementKind::reindex;
        case StatementPolicy::introspection: return kind == StatementKind::query || kind == StatementKind::pragma;
    }
    return false;
}

// ---- positions -----------------------------------------------------------------------------------

void place(SqlError& error, std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    error.line = 1;
    std::size_t line_start = 0;
    for (std::size_t index = 0; index < offset; ++index) {
        if (text[index] == '\n') {
            ++error.line;
            line_start = index + 1;
        }
    }
    error.column = offset - line_start + 1;
}

// ---- results -------------------------------------------------------------------------------------

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ULL) {
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::uint64_t mix64(std::uint64_t value) {
    value ^= value >> 30;
    value *= 0xbf58476d1ce4e5b9ULL;
    value ^= value >> 27;
    value *= 0x94d049bb133111ebULL;
    value ^= value >> 31;
    return value;
}

SqlValue read_value(sqlite3_stmt* statement, int column) {
    switch (sqlite3_column_type(statement, column)) {
        case SQLITE_INTEGER: return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
        case SQLITE_FLOAT: return sqlite3_column_double(statement, column);
        case SQLITE_TEXT: {
            const auto* text = sqlite3_column_text(statement, column);
            return std::string(reinterpret_cast<const char*>(text),
                               static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
        }
        case SQLITE_BLOB: {
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(statement, column));
            const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
            return std::vector<unsigned char>(blob, blob + size);
        }
        default: return nullptr;
    }
}

StatementCost read_cost(sqlite3_stmt* statement, double wall_ms) {
    return StatementCost{
        .vm_steps = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0),
        .fullscan_steps = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
        .sort_ops = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_SORT, 0),
        .autoindex_rows = sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_AUTOINDEX, 0),
        .wall_ms = wall_ms,
    };
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

struct StatementCloser {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementCloser>;

void execute_trusted(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw SandboxError("SQLite could not configure the sandbox (" + std::string(sql) + "): " + reason);
    }
}

}  // namespace

// ---- public helpers ------------------------------------------------------------------------------

std::string_view to_string(SqlErrorKind kind) {
    switch (kind) {
        case SqlErrorKind::too_large: return "too_large";
        case SqlErrorKind::invalid_sql: return "invalid_sql";
        case SqlErrorKind::refused: return "refused";
        case SqlErrorKind::step_budget: return "step_budget";
        case SqlErrorKind::time_budget: return "time_budget";
        case SqlErrorKind::out_of_memory: return "out_of_memory";
        case SqlErrorKind::database_full: return "database_full";
    }
    return "invalid_sql";
}

std::string SqlError::describe() const {
    std::string where;
    if (line > 0) {
        where = "line " + std::to_string(line) + ", column " + std::to_string(column);
        if (statement_index > 0) where += " (statement " + std::to_string(statement_index) + ")";
        where += ": ";
    } else if (statement_index > 0) {
        where = "statement " + std::to_string(statement_index) + ": ";
    }
    return where + message;
}

StatementCost& StatementCost::operator+=(const StatementCost& other) {
    vm_steps += other.vm_steps;
    fullscan_steps += other.fullscan_steps;
    sort_ops += other.sort_ops;
    autoindex_rows += other.autoindex_rows;
    wall_ms += other.wall_ms;
    return *this;
}

std::string render_value(const SqlValue& value) {
    struct Renderer {
        std::string operator()(std::nullptr_t) const { return "NULL"; }
        std::string operator()(std::int64_t number) const { return std::to_string(number); }
        std::string operator()(double number) const {
            // 2^53: every integral double below it is an exact integer, so 5.0 and 5 compare equal.
            if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9007199254740992.0) {
                return std::to_string(static_cast<std::int64_t>(number));
            }
            std::array<char, 32> buffer{};
            std::snprintf(buffer.data(), buffer.size(), "%.12g", number);
            return buffer.data();
        }
        std::string operator()(const std::string& text) const {
            std::string quoted = "'";
            for (char c : text) {
                quoted += c;
                if (c == '\'') quoted += '\'';
            }
            return quoted + "'";
        }
        std::string operator()(const std::vector<unsigned char>& blob) const {
            static constexpr char digits[] = "0123456789ABCDEF";
            std::string hex = "X'";
            for (unsigned char byte : blob) {
                hex += digits[byte >> 4];
                hex += digits[byte & 0xF];
            }
            return hex + "'";
        }
    };
    return std::visit(Renderer{}, value);
}

std::int64_t install_process_heap_limit(std::int64_t bytes) { return sqlite3_hard_heap_limit64(bytes); }

// ---- callbacks -----------------------------------------------------------------------------------

int SandboxCallbacks::authorize(void* self, int action, const char* third, const char* fourth, const char*,
                                const char*) {
    auto& sandbox = *static_cast<SqlSandbox*>(self);
    auto refusal = refusal_for(sandbox.policy_, action, third, fourth);
    if (!refusal) return SQLITE_OK;
    if (sandbox.refusal_.empty()) sandbox.refusal_ = std::move(*refusal);
    return SQLITE_DENY;
}

int SandboxCallbacks::progress(void* self) {
    auto& sandbox = *static_cast<SqlSandbox*>(self);
    sandbox.steps_used_ += sandbox.limits_.progress_interval_steps;
    if (sandbox.steps_used_ > sandbox.limits_.max_vm_steps) {
        sandbox.stop_ = SqlErrorKind::step_budget;
        return 1;
    }
    if (std::chrono::steady_clock::now() - sandbox.started_ > sandbox.limits_.max_wall_time) {
        sandbox.stop_ = SqlErrorKind::time_budget;
        return 1;
    }
    return 0;
}

// ---- the sandbox ---------------------------------------------------------------------------------

SqlSandbox::SqlSandbox(const SandboxLimits& limits) : limits_(limits), started_(std::chrono::steady_clock::now()) {
    open();
    // An empty database grows page by page; max_page_count is its ceiling (4096-byte pages).
    const auto pages = std::max<std::int64_t>(1, limits_.max_database_growth_bytes / 4096);
    execute_trusted(db_, ("PRAGMA main.max_page_count = " + std::to_string(pages)).c_str());
    lock_down();
}

SqlSandbox::SqlSandbox(const SandboxLimits& limits, const DatabaseImage& image)
    : limits_(limits), started_(std::chrono::steady_clock::now()) {
    open();
    const auto size = static_cast<sqlite3_int64>(image.size());
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(static_cast<sqlite3_uint64>(size)));
    if (copy == nullptr) {
        sqlite3_close_v2(db_);
        throw SandboxError("SQLite has no memory for a copy of the dataset");
    }
    std::memcpy(copy, image.bytes().data(), image.size());
    // FREEONCLOSE: SQLite owns the copy (and frees it even when this call fails); RESIZEABLE: the
    // candidate's indexes may grow it, up to the size limit below.
    if (sqlite3_deserialize(db_, "main", copy, size, size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK) {
        std::string reason = sqlite3_errmsg(db_);
        sqlite3_close_v2(db_);
        throw SandboxError("SQLite could not load the dataset image: " + reason);
    }
    sqlite3_int64 size_limit = size + limits_.max_database_growth_bytes;
    sqlite3_file_control(db_, "main", SQLITE_FCNTL_SIZE_LIMIT, &size_limit);
    lock_down();
}

SqlSandbox::~SqlSandbox() { sqlite3_close_v2(db_); }

void SqlSandbox::open() {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX |
                      SQLITE_OPEN_PRIVATECACHE;
    if (sqlite3_open_v2(":memory:", &db_, flags, no_files_vfs()) != SQLITE_OK) {
        std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SandboxError("SQLite could not open an in-memory database: " + reason);
    }
}

// Settings first (some are PRAGMAs the authorizer would refuse), then the authorizer and limits.
void SqlSandbox::lock_down() {
    try {
        int unused = 0;
        sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &unused);
        sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, &unused);       // no writable_schema, no shadow-table writes
        sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &unused);  // schema code runs no risky function
        sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &unused);     // a schema's foreign keys hold
        sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, 0, &unused);         // "x" is an identifier, as in SQL
        sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, 0, &unused);
        // Sorts, temp tables and materialised views stay in memory: no temp file is ever needed.
        execute_trusted(db_, "PRAGMA temp_store = MEMORY");
        const auto pages = std::max<std::int64_t>(1, limits_.max_database_growth_bytes / 4096);
        execute_trusted(db_, ("PRAGMA temp.max_page_count = " + std::to_string(pages)).c_str());

        const auto submission_limit = static_cast<int>(std::min<std::size_t>(limits_.max_submission_bytes, 1 << 30));
        sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, limits_.max_value_bytes);
        // + the "EXPLAIN QUERY PLAN " prefix the checker adds.
        sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, submission_limit + 64);
        sqlite3_limit(db_, SQLITE_LIMIT_COLUMN, limits_.max_columns);
        sqlite3_limit(db_, SQLITE_LIMIT_EXPR_DEPTH, limits_.max_expression_depth);
        sqlite3_limit(db_, SQLITE_LIMIT_COMPOUND_SELECT, limits_.max_compound_selects);
        sqlite3_limit(db_, SQLITE_LIMIT_VDBE_OP, limits_.max_vdbe_ops);
        sqlite3_limit(db_, SQLITE_LIMIT_FUNCTION_ARG, limits_.max_function_args);
        sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
        sqlite3_limit(db_, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, limits_.max_like_pattern_bytes);
        sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, 0);
        sqlite3_limit(db_, SQLITE_LIMIT_TRIGGER_DEPTH, limits_.max_trigger_depth);
        sqlite3_limit(db_, SQLITE_LIMIT_WORKER_THREADS, 0);

        sqlite3_set_authorizer(db_, &SandboxCallbacks::authorize, this);
        sqlite3_progress_handler(db_, std::max(1, limits_.progress_interval_steps), &SandboxCallbacks::progress,
                                 this);
    } catch (...) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

std::optional<SqlError> SqlSandbox::check_submission_size(std::string_view text) const {
    if (text.size() <= limits_.max_submission_bytes) return std::nullopt;
    return sql_error(SqlErrorKind::too_large, "the submission is " + std::to_string(text.size()) + " bytes; a check takes at most " +
                               std::to_string(limits_.max_submission_bytes));
}

namespace {

// What ended a statement that did not finish, as the candidate should read it.
SqlError describe_failure(sqlite3* db, int result, std::optional<SqlErrorKind> stop, const SandboxLimits& limits) {
    if (stop == SqlErrorKind::step_budget) {
        return sql_error(SqlErrorKind::step_budget, "stopped after " + std::to_string(limits.max_vm_steps) +
                                   " virtual-machine steps, the work a check may do (SQLite's own count, the same "
                                   "on every machine): the statement does far more work than the task needs");
    }
    if (stop == SqlErrorKind::time_budget) {
        return sql_error(SqlErrorKind::time_budget, "stopped after " + std::to_string(limits.max_wall_time.count()) +
                                   " ms, the time a check may take");
    }
    const int primary = result & 0xFF;
    if (primary == SQLITE_NOMEM) {
        return sql_error(SqlErrorKind::out_of_memory, "out of memory: the statement needs more memory than a check may use");
    }
    if (primary == SQLITE_TOOBIG) {
        return sql_error(SqlErrorKind::out_of_memory, std::string(sqlite3_errmsg(db)) + ": a value may hold at most " +
                                   std::to_string(limits.max_value_bytes) + " bytes");
    }
    if (primary == SQLITE_FULL) {
        return sql_error(SqlErrorKind::database_full, std::string(sqlite3_errmsg(db)) + ": the database may grow by at most " +
                                   std::to_string(limits.max_database_growth_bytes / (1024 * 1024)) + " MiB in a check");
    }
    return sql_error(SqlErrorKind::invalid_sql, sqlite3_errmsg(db));
}

}  // namespace

ScriptOutcome SqlSandbox::run_script(std::string_view script, StatementPolicy policy) {
    if (auto error = check_submission_size(script)) return *error;
    policy_ = policy;
    ScriptResult result;
    std::size_t offset = 0;
    std::size_t statement_index = 0;
    while (offset < script.size()) {
        const std::size_t start = offset + skip_blank(script.substr(offset));
        if (start >= script.size()) break;
        if (script[start] == ';') {  // an empty statement
            offset = start + 1;
            continue;
        }
        ++statement_index;
        if (statement_index > limits_.max_statements) {
            SqlError error = sql_error(SqlErrorKind::too_large, "a check runs at most " +
                                                                    std::to_string(limits_.max_statements) + " statements");
            error.statement_index = statement_index;
            error.byte_offset = start;
            place(error, script, start);
            return error;
        }
        const auto kind = classify_statement(script.substr(start));
        if (!kind_allowed(policy, kind.kind)) {
            SqlError error = sql_error(SqlErrorKind::refused,
                                       kind.keyword + " is not allowed here: " + std::string(policy_description(policy)));
            error.statement_index = statement_index;
            error.byte_offset = start;
            place(error, script, start);
            return error;
        }

        refusal_.clear();
        stop_.reset();
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        const auto started = std::chrono::steady_clock::now();
        const int prepared = sqlite3_prepare_v3(db_, script.data() + start, static_cast<int>(script.size() - start), 0,
                                                &raw, &tail);
        StatementHandle statement(raw);
        if (prepared != SQLITE_OK) {
            SqlError error;
            if (!refusal_.empty()) {
                error = sql_error(SqlErrorKind::refused, refusal_);
                error.byte_offset = start;
            } else {
                error = describe_failure(db_, prepared, stop_, limits_);
                const int at = sqlite3_error_offset(db_);
                error.byte_offset = start + (at >= 0 ? static_cast<std::size_t>(at) : 0);
            }
            error.statement_index = statement_index;
            place(error, script, *error.byte_offset);
            return error;
        }
        offset = tail ? static_cast<std::size_t>(tail - script.data()) : script.size();
        if (!statement) continue;  // only comments

        const std::int64_t steps_before = steps_used_;
        int stepped = SQLITE_ROW;
        while (stepped == SQLITE_ROW) stepped = sqlite3_step(statement.get());
        const StatementCost cost = read_cost(statement.get(), elapsed_ms(started));
        steps_used_ = steps_before + cost.vm_steps;  // exact, now that the statement is done
        result.cost += cost;
        if (stepped != SQLITE_DONE) {
            SqlError error = describe_failure(db_, stepped, stop_, limits_);
            error.statement_index = statement_index;
            error.byte_offset = start;
            place(error, script, start);
            return error;
        }
        result.statement_count = statement_index;
    }
    return result;
}

QueryOutcome SqlSandbox::run_query(std::string_view sql, StatementPolicy policy) {
    if (auto error = check_submission_size(sql)) return *error;
    policy_ = policy;
    const std::size_t start = skip_blank(sql);
    auto fail_at = [&](SqlError error, std::size_t offset) {
        error.byte_offset = offset;
        place(error, sql, offset);
        return error;
    };
    if (start >= sql.size()) return fail_at(sql_error(SqlErrorKind::invalid_sql, "the query is empty"), 0);
    const auto kind = classify_statement(sql.substr(start));
    if (!kind_allowed(policy, kind.kind)) {
        return fail_at(sql_error(SqlErrorKind::refused, kind.keyword + " is not a query: " + std::string(policy_description(policy))),
                       start);
    }

    refusal_.clear();
    stop_.reset();
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const auto started = std::chrono::steady_clock::now();
    const int prepared =
        sqlite3_prepare_v3(db_, sql.data() + start, static_cast<int>(sql.size() - start), 0, &raw, &tail);
    StatementHandle statement(raw);
    if (prepared != SQLITE_OK) {
        if (!refusal_.empty()) return fail_at(sql_error(SqlErrorKind::refused, refusal_), start);
        const int at = sqlite3_error_offset(db_);
        return fail_at(describe_failure(db_, prepared, stop_, limits_),
                       start + (at >= 0 ? static_cast<std::size_t>(at) : 0));
    }
    const std::size_t end = tail ? static_cast<std::size_t>(tail - sql.data()) : sql.size();
    if (const std::size_t next = end + skip_blank_and_semicolons(sql.substr(end)); next < sql.size()) {
        return fail_at(sql_error(SqlErrorKind::refused, "a query is one statement; another one starts here"),
                       next);
    }
    if (policy == StatementPolicy::read_only_query &&
        (sqlite3_stmt_readonly(statement.get()) == 0 || sqlite3_column_count(statement.get()) == 0)) {
        return fail_at(sql_error(SqlErrorKind::refused, "the query must be a single SELECT that changes nothing"),
                       start);
    }

    QueryResult result;
    result.ordered = has_top_level_order_by(sql.substr(start, end - start));
    const int columns = sqlite3_column_count(statement.get());
    for (int column = 0; column < columns; ++column) {
        const char* name = sqlite3_column_name(statement.get(), column);
        result.columns.emplace_back(name ? name : "");
    }
    const std::int64_t steps_before = steps_used_;
    std::size_t kept_bytes = 0;
    int stepped = SQLITE_ROW;
    while ((stepped = sqlite3_step(statement.get())) == SQLITE_ROW) {
        SqlRow row;
        row.reserve(static_cast<std::size_t>(columns));
        std::uint64_t row_hash = 0xcbf29ce484222325ULL;
        std::size_t row_bytes = 0;
        for (int column = 0; column < columns; ++column) {
            row.push_back(read_value(statement.get(), column));
            const std::string rendered = render_value(row.back());
            row_hash = fnv1a(rendered, row_hash);
            row_hash = fnv1a("\x1f", row_hash);
            row_bytes += rendered.size();
        }
        const std::uint64_t mixed = mix64(row_hash);
        result.unordered_digest += mixed;
        result.ordered_digest = mix64(result.ordered_digest * 0x100000001b3ULL + mixed);
        ++result.row_count;
        if (!result.truncated && result.rows.size() < limits_.max_result_rows &&
            kept_bytes + row_bytes <= limits_.max_result_bytes) {
            kept_bytes += row_bytes;
            result.rows.push_back(std::move(row));
        } else {
            result.truncated = true;
        }
    }
    result.cost = read_cost(statement.get(), elapsed_ms(started));
    steps_used_ = steps_before + result.cost.vm_steps;
    if (stepped != SQLITE_DONE) return fail_at(describe_failure(db_, stepped, stop_, limits_), start);
    return result;
}

std::variant<std::vector<std::string>, SqlError> SqlSandbox::explain_query_plan(std::string_view sql) {
    if (auto error = check_submission_size(sql)) return *error;
    // The statement is checked as a query first, so EXPLAIN never runs what a query may not be.
    policy_ = StatementPolicy::read_only_query;
    const std::size_t start = skip_blank(sql);
    const auto kind = classify_statement(sql.substr(start));
    if (!kind_allowed(policy_, kind.kind)) {
        SqlError error = sql_error(SqlErrorKind::refused, kind.keyword + " is not a query");
        place(error, sql, start);
        return error;
    }
    const std::string explain = "EXPLAIN QUERY PLAN " + std::string(sql.substr(start));
    refusal_.clear();
    stop_.reset();
    sqlite3_stmt* raw = nullptr;
    const int prepared = sqlite3_prepare_v3(db_, explain.data(), static_cast<int>(explain.size()), 0, &raw, nullptr);
    StatementHandle statement(raw);
    if (prepared != SQLITE_OK || !statement) {
        SqlError error = refusal_.empty() ? describe_failure(db_, prepared, stop_, limits_)
                                          : sql_error(SqlErrorKind::refused, refusal_);
        place(error, sql, start);
        return error;
    }
    // Rows are (id, parent, notused, detail) in tree order; a node's depth is its parent's + 1.
    std::vector<std::pair<int, std::size_t>> depth_of;  // node id -> depth
    std::vector<std::string> lines;
    int stepped = SQLITE_ROW;
    while ((stepped = sqlite3_step(statement.get())) == SQLITE_ROW) {
        const int id = sqlite3_column_int(statement.get(), 0);
        const int parent = sqlite3_column_int(statement.get(), 1);
        std::size_t depth = 0;
        for (const auto& [node, node_depth] : depth_of) {
            if (node == parent) depth = node_depth + 1;
        }
        depth_of.emplace_back(id, depth);
        const auto* detail = sqlite3_column_text(statement.get(), 3);
        if (lines.size() < limits_.max_plan_lines) {
            lines.push_back(std::string(2 * depth, ' ') + (detail ? reinterpret_cast<const char*>(detail) : ""));
        }
    }
    steps_used_ += sqlite3_stmt_status(statement.get(), SQLITE_STMTSTATUS_VM_STEP, 0);
    if (stepped != SQLITE_DONE) {
        SqlError error = describe_failure(db_, stepped, stop_, limits_);
        place(error, sql, start);
        return error;
    }
    return lines;
}

}  // namespace mi::practical
