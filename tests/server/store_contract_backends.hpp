// The backends the store contract suite runs every test against (TEMPLATE_TEST_CASE over
// SqliteBackend and PostgresBackend). Each fixture is a fresh, empty database: an SQLite file in
// a temporary folder, or a new database on the test cluster that CTest starts (the `postgres`
// fixture, scripts/pg-test-cluster.sh), dropped afterwards. open() may be called again to
// reopen the same database, as a restarted server does.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

#include "server/postgres/pg_connection.hpp"
#include "server/store_backend.hpp"

namespace mi::test {

// A fresh folder per test case, removed afterwards.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("mi-store-test-" + std::to_string(std::random_device{}()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Connections per pool in the tests: small, so waiting for a free connection is exercised too.
inline constexpr std::size_t test_pool_size = 4;

class SqliteBackend {
public:
    static constexpr const char* name = "SQLite";
    SqliteBackend() : location_((dir_.path() / "store.db").string()) {}
    [[nodiscard]] const std::string& location() const { return location_; }
    [[nodiscard]] server::Stores open() const { return server::open_stores(location_, test_pool_size); }
    // Plain SQL on the database, beside the stores (a test's way to set up what no method does).
    void run_sql(const std::string& sql) const {
        sqlite3* db = nullptr;
        if (sqlite3_open(location_.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + location_);
        char* message = nullptr;
        const int result = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
        const std::string reason = message ? message : "";
        sqlite3_free(message);
        sqlite3_close(db);
        if (result != SQLITE_OK) throw std::runtime_error("SQL failed: " + reason);
    }
    // The one number `sql` gives (a test's look at how the rows are laid out).
    [[nodiscard]] std::int64_t count(const std::string& sql) const {
        sqlite3* db = nullptr;
        if (sqlite3_open(location_.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + location_);
        sqlite3_stmt* statement = nullptr;
        const bool read = sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
                          sqlite3_step(statement) == SQLITE_ROW;
        const std::string reason = sqlite3_errmsg(db);
        const auto value = read ? sqlite3_column_int64(statement, 0) : 0;
        sqlite3_finalize(statement);
        sqlite3_close(db);
        if (!read) throw std::runtime_error("SQL gave no number: " + reason);
        return value;
    }

private:
    TempDir dir_;
    std::string location_;
};

// The URL of the test cluster's maintenance database. The test cluster is started by CTest,
// never assumed: without it, every PostgreSQL test fails saying how to get one.
inline std::string test_cluster_url() {
    if (const char* url = std::getenv("MI_TEST_PG_URL"); url != nullptr && *url != '\0') return url;
    const char* file = std::getenv("MI_TEST_PG_URL_FILE");
    if (file == nullptr || *file == '\0') {
        throw std::runtime_error("no PostgreSQL for the tests: run them through ctest (which starts one, fixture "
                                 "'postgres'), or start one with scripts/pg-test-cluster.sh start DIR and set "
                                 "MI_TEST_PG_URL_FILE=DIR/url");
    }
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    if (url.empty()) throw std::runtime_error(std::string("the test cluster's URL file ") + file + " is missing or empty");
    return url;
}

// `url` (of the form postgresql://user@host:port/db) with another database name.
inline std::string with_database(const std::string& url, const std::string& database) {
    const auto slash = url.rfind('/');
    return url.substr(0, slash + 1) + database;
}

// A database of its own on the test cluster, created empty and dropped at the end.
class TestDatabase {
public:
    TestDatabase() {
        static std::atomic<int> counter{0};
        const auto admin_url = test_cluster_url();
        name_ = "mi_test_" + std::to_string(std::random_device{}()) + "_" + std::to_string(counter++);
        server::postgres::PgConnection admin(admin_url);
        admin.execute("CREATE DATABASE " + name_);
        admin_url_ = admin_url;
        url_ = with_database(admin_url, name_);
    }
    ~TestDatabase() {
        try {
            server::postgres::PgConnection admin(admin_url_);
            admin.execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (const std::exception&) {
            // The cluster is thrown away at the end of the run anyway.
        }
    }
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;
    [[nodiscard]] const std::string& url() const { return url_; }

private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
};

class PostgresBackend {
public:
    static constexpr const char* name = "PostgreSQL";
    [[nodiscard]] const std::string& location() const { return database_.url(); }
    [[nodiscard]] server::Stores open() const { return server::open_stores(database_.url(), test_pool_size); }
    void run_sql(const std::string& sql) const {
        server::postgres::PgConnection connection(database_.url());
        connection.execute(sql);
    }
    [[nodiscard]] std::int64_t count(const std::string& sql) const {
        server::postgres::PgConnection connection(database_.url());
        return connection.exec(sql).integer(0, 0);
    }

private:
    TestDatabase database_;
};

}  // namespace mi::test
