// The few SQLite helpers every store in this folder uses: a prepared statement that throws
// StoreError with SQLite's reason, running plain SQL, and a transaction that rolls back unless
// committed. Only .cpp files of stores include this (it pulls in sqlite3.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "server/interview_store.hpp"

namespace mi::server {

class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr) != SQLITE_OK) {
            throw StoreError(std::string("SQLite could not prepare a statement: ") + sqlite3_errmsg(db));
        }
    }
    // A statement prepared once and kept (SqliteStatementCache): used, then reset for the next use.
    SqliteStatement(sqlite3* db, sqlite3_stmt* cached) : db_(db), statement_(cached), owned_(false) {}
    ~SqliteStatement() {
        if (owned_) {
            sqlite3_finalize(statement_);
        } else {
            sqlite3_reset(statement_);
            sqlite3_clear_bindings(statement_);
        }
    }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, std::string_view text) {
        check(sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
        return *this;
    }
    // Bytes stored as a BLOB: SQLite keeps them as they are, where TEXT promises UTF-8.
    SqliteStatement& bind_blob(int index, std::string_view bytes) {
        check(sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
        return *this;
    }
    SqliteStatement& bind(int index, std::int64_t value) {
        check(sqlite3_bind_int64(statement_, index, value));
        return *this;
    }
    // True while there is a row to read.
    bool step() {
        const int result = sqlite3_step(statement_);
        if (result == SQLITE_ROW) return true;
        if (result == SQLITE_DONE) return false;
        throw StoreError(std::string("SQLite statement failed: ") + sqlite3_errmsg(db_));
    }
    void run() {
        while (step()) {
        }
    }
    // Ready to run again with new bindings.
    void reset() {
        sqlite3_reset(statement_);
        sqlite3_clear_bindings(statement_);
    }
    [[nodiscard]] std::string text(int column) const {
        const auto* value = sqlite3_column_text(statement_, column);
        return value ? std::string(reinterpret_cast<const char*>(value),
                                   static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                     : std::string();
    }
    [[nodiscard]] std::string blob(int column) const {
        const auto* value = sqlite3_column_blob(statement_, column);
        return value ? std::string(static_cast<const char*>(value),
                                   static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
                     : std::string();
    }
    [[nodiscard]] std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    [[nodiscard]] bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
    [[nodiscard]] bool is_blob(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_BLOB; }
    SqliteStatement& bind_null(int index) {
        check(sqlite3_bind_null(statement_, index));
        return *this;
    }

private:
    void check(int result) const {
        if (result != SQLITE_OK) throw StoreError(std::string("SQLite could not bind a value: ") + sqlite3_errmsg(db_));
    }
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
    bool owned_ = true;
};

// The statements of one connection, each prepared on first use and kept: preparing costs more
// than running the small statements of an append. Not thread-safe: one per connection, used
// under that connection's lock.
class SqliteStatementCache {
public:
    explicit SqliteStatementCache(sqlite3* db) : db_(db) {}
    ~SqliteStatementCache() {
        for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    }
    SqliteStatementCache(const SqliteStatementCache&) = delete;
    SqliteStatementCache& operator=(const SqliteStatementCache&) = delete;

    // A statement ready to bind; reset when the returned object goes. Takes a view so that the
    // literals of the hot path are looked up without building a string each time.
    SqliteStatement get(std::string_view sql) {
        auto found = statements_.find(sql);
        if (found == statements_.end()) {
            sqlite3_stmt* statement = nullptr;
            if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                                   nullptr) != SQLITE_OK) {
                throw StoreError(std::string("SQLite could not prepare a statement: ") + sqlite3_errmsg(db_));
            }
            found = statements_.emplace(std::string(sql), statement).first;
        }
        return SqliteStatement(db_, found->second);
    }

private:
    sqlite3* db_;
    std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

inline void sqlite_execute(sqlite3* db, const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw StoreError(reason + " (while running: " + sql.substr(0, 60) + ")");
    }
}

// BEGIN IMMEDIATE takes the write lock up front so two writers never deadlock mid-transaction;
// rolled back unless commit() was reached.
class SqliteTransaction {
public:
    explicit SqliteTransaction(sqlite3* db) : db_(db) { sqlite_execute(db_, "BEGIN IMMEDIATE"); }
    ~SqliteTransaction() {
        if (!committed_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit() {
        sqlite_execute(db_, "COMMIT");
        committed_ = true;
    }

private:
    sqlite3* db_;
    bool committed_ = false;
};

// The interviews table's columns in InterviewRecord's order; both the interview store and the
// coach store read interview rows, so they read them the same way.
inline constexpr std::string_view interview_record_columns =
    "id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, last_seq";

// Reads interview_record_columns, as the current row's first eight columns.
inline InterviewRecord read_interview_record(const SqliteStatement& row) {
    InterviewRecord record;
    record.id = row.text(0);
    record.token_sha256 = row.text(1);
    record.role_id = row.text(2);
    record.plan_json = row.text(3);
    record.status = parse_interview_status(row.text(4)).value_or(InterviewStatus::in_progress);
    record.created_at_ms = row.integer(5);
    record.updated_at_ms = row.integer(6);
    record.last_seq = row.integer(7);
    return record;
}

// A connection for a store that lives beside the interview store in the same file (chat, coach):
// the file must exist and its schema be at least `min_schema_version`, since the interview store
// runs the migrations. Same durability as the interview store (WAL, synchronous=FULL), foreign
// keys on, and deleted text overwritten (secure_delete), so an erasure leaves no copy in the file.
inline sqlite3* open_side_store_connection(const std::filesystem::path& path, std::int64_t min_schema_version,
                                           std::string_view tables) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StoreError("cannot open the database " + path.string() + ": " + reason);
    }
    try {
        sqlite3_busy_timeout(db, 5000);
        sqlite_execute(db, "PRAGMA journal_mode=WAL");
        sqlite_execute(db, "PRAGMA synchronous=FULL");
        sqlite_execute(db, "PRAGMA foreign_keys=ON");
        sqlite_execute(db, "PRAGMA secure_delete=ON");
        SqliteStatement version(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        version.step();
        if (version.integer(0) < min_schema_version) {
            throw StoreError("its schema is at version " + std::to_string(version.integer(0)) + "; the " +
                             std::string(tables) + " need version " + std::to_string(min_schema_version));
        }
    } catch (const StoreError& failure) {
        sqlite3_close(db);
        throw StoreError("database " + path.string() + ": " + failure.what());
    }
    return db;
}

}  // namespace mi::server
