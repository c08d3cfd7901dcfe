#include "server/postgres/database_copy.hpp"

#include <cstdio>
#include <filesystem>
#include <optional>

#include "server/event_segment.hpp"
#include "server/postgres/pg_schema.hpp"
#include "server/postgres/pg_stores.hpp"
#include "server/secret_token.hpp"
#include "server/sqlite_statement.hpp"
#include "server/sqlite_store.hpp"

namespace mi::server::postgres {

namespace {

// Rows per INSERT: one round trip each, and far below PostgreSQL's 65 535 parameters.
constexpr std::size_t rows_per_insert = 200;
// Rows per FETCH when the target is read back for its checksum.
constexpr int rows_per_fetch = 1000;

class RowChecksum {
public:
    void add_row(const std::vector<std::optional<std::string>>& values) {
        std::string encoded;
        for (const auto& value : values) {
            if (!value) {
                encoded += "\x01N";
                continue;
            }
            encoded += "\x02";
            encoded += std::to_string(value->size());
            encoded += ':';
            encoded += *value;
        }
        sum_ += std::stoull(sha256_hex(encoded).substr(0, 16), nullptr, 16);
        ++rows_;
    }
    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::string hex() const {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(sum_));
        return text;
    }

private:
    std::uint64_t sum_ = 0;
    std::int64_t rows_ = 0;
};

// The read-only source; its schema must be this build's (an older one is migrated first).
class SqliteSource {
public:
    explicit SqliteSource(const std::string& path) : path_(path) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(path, error)) {
            throw StoreError("no SQLite database at " + path + " (--from names the server's .db file)");
        }
        open(SQLITE_OPEN_READONLY);
        try {
            const int version = schema_version();
            if (version > latest_schema_version()) {
                throw StoreError(path + " is at schema version " + std::to_string(version) +
                                 " but this build knows only up to " + std::to_string(latest_schema_version()) +
                                 "; run a newer mock-interviewer");
            }
            if (version < latest_schema_version()) {
                sqlite3_close(db_);
                db_ = nullptr;
                (void)open_sqlite_store(path);        // brings it up to date, as every command does
                open(SQLITE_OPEN_READONLY);
            }
            // One read transaction: every table as of the same moment.
            sqlite_execute(db_, "BEGIN");
        } catch (...) {
            sqlite3_close(db_);     // no destructor runs for a constructor that throws
            db_ = nullptr;
            throw;
        }
    }
    ~SqliteSource() {
        if (db_ != nullptr) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db_);
    }
    SqliteSource(const SqliteSource&) = delete;
    SqliteSource& operator=(const SqliteSource&) = delete;

    [[nodiscard]] sqlite3* db() const { return db_; }
    [[nodiscard]] const std::string& path() const { return path_; }

private:
    void open(int flags) {
        if (sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
            sqlite3_close(db_);
            db_ = nullptr;
            throw StoreError("cannot open " + path_ + ": " + reason);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    int schema_version() {
        try {
            SqliteStatement select(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            select.step();
            return static_cast<int>(select.integer(0));
        } catch (const StoreError& failure) {
            throw StoreError(path_ + " is not a mock-interviewer database (" + failure.what() + ")");
        }
    }

    std::string path_;
    sqlite3* db_ = nullptr;
};

// The columns a table has on the target, in order; generated ones (the search document) excluded.
std::vector<std::string> target_columns(PgConnection& target, std::string_view table) {
    const auto rows = target.exec("SELECT column_name FROM information_schema.columns "
                                  "WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' "
                                  "ORDER BY ordinal_position",
                                  {table});
    std::vector<std::string> columns;
    for (int row = 0; row < rows.rows(); ++row) columns.push_back(rows.text(row, 0));
    if (columns.empty()) throw StoreError("the target has no table " + std::string(table));
    return columns;
}

std::string joined(const std::vector<std::string>& columns) {
    std::string list;
    for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
    return list;
}

std::string insert_sql(std::string_view table, const std::vector<std::string>& columns, std::size_t rows) {
    std::string sql = "INSERT INTO " + std::string(table) + " (" + joined(columns) + ") VALUES ";
    int parameter = 0;
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < columns.size(); ++column) {
            if (column > 0) sql += ", ";
            sql += '$';
            sql += std::to_string(++parameter);
        }
        sql += ')';
    }
    return sql;
}

std::int64_t count_rows(PgConnection& target, std::string_view table) {
    return target.exec("SELECT COUNT(*) FROM " + std::string(table)).integer(0, 0);
}

void refuse_unless_empty(PgConnection& target, const std::string& address) {
    std::string holding;
    for (const auto table : schema_tables()) {
        if (const auto rows = count_rows(target, table); rows > 0) {
            holding += (holding.empty() ? "" : ", ") + std::string(table) + " (" + std::to_string(rows) + " rows)";
        }
    }
    if (!holding.empty()) {
        throw StoreError("the target " + address + " is not empty: " + holding +
                         ". Pass --replace to delete what it holds first");
    }
}

// Copies one table, returning the source's count and checksum.
RowChecksum copy_table(SqliteSource& source, PgConnection& target, std::string_view table,
                       const std::vector<std::string>& columns) {
    RowChecksum checksum;
    SqliteStatement select(source.db(), "SELECT " + joined(columns) + " FROM " + std::string(table) + " ORDER BY rowid");
    PgParams batch;
    std::size_t batch_rows = 0;
    const auto flush = [&] {
        if (batch_rows == 0) return;
        (void)target.exec(insert_sql(table, columns, batch_rows), batch);
        batch.clear();
        batch_rows = 0;
    };
    std::vector<std::optional<std::string>> values(columns.size());
    while (select.step()) {
        for (std::size_t column = 0; column < columns.size(); ++column) {
            const int index = static_cast<int>(column);
            // A BLOB (an event segment) travels, and is summed, as the hex text bytea reads back as.
            if (select.is_null(index)) {
                values[column] = std::nullopt;
            } else if (select.is_blob(index)) {
                values[column] = bytea_hex_literal(select.blob(index));
            } else {
                values[column] = select.text(index);
            }
            batch.push_back(values[column] ? PgParam(*values[column]) : PgParam(std::nullopt));
        }
        checksum.add_row(values);
        if (++batch_rows == rows_per_insert) flush();
    }
    flush();
    return checksum;
}

RowChecksum checksum_target(PgConnection& target, std::string_view table, const std::vector<std::string>& columns) {
    RowChecksum checksum;
    target.execute("DECLARE mi_copy_check NO SCROLL CURSOR FOR SELECT " + joined(columns) + " FROM " + std::string(table));
    std::vector<std::optional<std::string>> values(columns.size());
    for (;;) {
        const auto rows = target.execute("FETCH " + std::to_string(rows_per_fetch) + " FROM mi_copy_check");
        for (int row = 0; row < rows.rows(); ++row) {
            for (std::size_t column = 0; column < columns.size(); ++column) {
                const int index = static_cast<int>(column);
                values[column] = rows.is_null(row, index) ? std::nullopt : std::optional<std::string>(rows.text(row, index));
            }
            checksum.add_row(values);
        }
        if (rows.rows() < rows_per_fetch) break;
    }
    target.execute("CLOSE mi_copy_check");
    return checksum;
}

// Identity columns continue after the copied ids, so the next coach or outbox message gets a new one.
void continue_identities(PgConnection& target) {
    const auto identities = target.exec("SELECT table_name, column_name FROM information_schema.columns "
                                        "WHERE table_schema = current_schema() AND is_identity = 'YES'");
    for (int row = 0; row < identities.rows(); ++row) {
        const auto table = identities.text(row, 0);
        const auto column = identities.text(row, 1);
        target.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), MAX(" + column +
                       ")) FROM " + table + " HAVING MAX(" + column + ") IS NOT NULL");
    }
}

// The target's trigger indexes the answers of the interview_events rows it is given; those inside
// event segments (schema 8) are indexed here. Returns how many answers the segments hold.
std::int64_t index_segment_answers(SqliteSource& source, PgConnection& target) {
    SqliteStatement select(source.db(), "SELECT interview_id, first_seq, last_seq, events FROM interview_event_segments "
                                        "ORDER BY rowid");
    std::int64_t answers = 0;
    PgParams batch;
    std::size_t batch_rows = 0;
    const auto flush = [&] {
        if (batch_rows == 0) return;
        (void)target.exec(insert_sql("answer_search", {"interview_id", "seq", "text"}, batch_rows), batch);
        batch.clear();
        batch_rows = 0;
    };
    while (select.step()) {
        const auto interview_id = select.text(0);
        for (const auto& event :
             decode_event_segment(select.blob(3), interview_id, select.integer(1), select.integer(2))) {
            if (event.type != "answer_received") continue;
            ++answers;
            batch.emplace_back(interview_id);
            batch.emplace_back(event.seq);
            batch.emplace_back(searchable_answer_text(event.type, event.payload_json).value_or(""));
            if (++batch_rows == rows_per_insert) flush();
        }
    }
    flush();
    return answers;
}

}  // namespace

bool CopyReport::verified() const {
    for (const auto& table : tables) {
        if (!table.matches()) return false;
    }
    return source_answers == target_search_rows;
}

CopyReport copy_sqlite_to_postgres(const CopyOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    SqliteSource source(options.from_sqlite_path);
    auto pool = open_postgres_database(options.to_url, 1);
    auto target = pool->acquire();
    CopyReport report;
    report.schema_version = current_schema_version(*target);
    try {
        PgTransaction transaction(*target);
        target->execute("SET LOCAL bytea_output = 'hex'");
        if (options.replace_target) {
            std::string tables = "answer_search";
            for (const auto table : schema_tables()) tables += ", " + std::string(table);
            target->execute("TRUNCATE " + tables + " RESTART IDENTITY");
        } else {
            refuse_unless_empty(*target, pool->address());
        }
        for (const auto table : schema_tables()) {
            const auto columns = target_columns(*target, table);
            const auto copied = copy_table(source, *target, table, columns);
            const auto check = checksum_target(*target, table, columns);
            report.tables.push_back(TableCopy{std::string(table), copied.rows(), check.rows(), copied.hex(), check.hex()});
        }
        continue_identities(*target);
        {
            SqliteStatement answers(source.db(), "SELECT COUNT(*) FROM interview_events WHERE type = 'answer_received'");
            answers.step();
            report.source_answers = answers.integer(0) + index_segment_answers(source, *target);
        }
        report.target_search_rows = count_rows(*target, "answer_search");
        if (report.verified()) {
            transaction.commit();
            report.committed = true;
        }
    } catch (const StoreError& failure) {
        throw StoreError("copying " + options.from_sqlite_path + " to " + pool->address() + " failed, nothing was copied: " +
                         failure.what());
    }
    report.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return report;
}

}  // namespace mi::server::postgres
