// What only the PostgreSQL backend has: the libpq wrapper's errors and values, the connection
// pool, and migrations run by several nodes at once. The store contract itself is in
// store_contract_*_test.cpp.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "server/postgres/pg_connection.hpp"
#include "server/postgres/pg_schema.hpp"
#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using namespace mi::server::postgres;
using mi::test::TestDatabase;

TEST_CASE("a postgresql:// or postgres:// URL selects PostgreSQL, anything else is an SQLite path", "[postgres]") {
    CHECK(backend_of("postgresql://mi@db:5432/mi") == StoreBackend::postgresql);
    CHECK(backend_of("postgres://mi@db/mi") == StoreBackend::postgresql);
    CHECK(backend_of("./data/mock-interviewer.db") == StoreBackend::sqlite);
    CHECK(backend_of("postgresql.db") == StoreBackend::sqlite);
}

TEST_CASE("a password never appears in an address shown to anyone", "[postgres]") {
    CHECK(redact_url("postgresql://mi:s3cret@db:5432/mi") == "postgresql://mi:***@db:5432/mi");
    CHECK(redact_url("postgresql://mi@db:5432/mi") == "postgresql://mi@db:5432/mi");
    CHECK(redact_url("postgresql://db:5432/mi") == "postgresql://db:5432/mi");
    CHECK(redact_url("postgresql://db/mi?user=a@b") == "postgresql://db/mi?user=a@b");
}

TEST_CASE("the PostgreSQL schema has the same versions as the SQLite one", "[postgres]") {
    CHECK(latest_postgres_schema_version() == latest_schema_version());
}

TEST_CASE("a server that does not answer is refused naming its address but not the password", "[postgres]") {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    try {
        (void)open_stores("postgresql://mi:hunter2@127.0.0.1:1/mi?connect_timeout=5", 2);
        FAIL("connected to nothing");
    } catch (const StoreError& error) {
        const std::string message = error.what();
        CHECK_THAT(message, Catch::Contains("127.0.0.1:1") && Catch::Contains("cannot connect"));
        CHECK_THAT(message, !Catch::Contains("hunter2"));
    }
}

TEST_CASE("a failed statement says what the server said, its SQLSTATE and the statement", "[postgres]") {
    const TestDatabase database;
    PgConnection connection(database.url());
    connection.execute("CREATE TABLE t (k TEXT PRIMARY KEY)");
    (void)connection.exec("INSERT INTO t VALUES ($1)", {"a"});
    try {
        (void)connection.exec("INSERT INTO t VALUES ($1)", {"a"});
        FAIL("a duplicate key was stored");
    } catch (const PgError& error) {
        CHECK(error.sqlstate() == sqlstate_unique_violation);
        CHECK_THAT(error.what(), Catch::Contains("duplicate key") && Catch::Contains("SQLSTATE 23505") &&
                                     Catch::Contains("INSERT INTO t"));
    }
    try {
        connection.execute("SELEC 1");
        FAIL("bad SQL ran");
    } catch (const PgError& error) {
        CHECK(error.sqlstate() == "42601");
    }
}

TEST_CASE("parameters and arrays reach the server as sent, NULL included", "[postgres]") {
    const TestDatabase database;
    PgConnection connection(database.url());
    const std::vector<std::string_view> items{"plain", "with \"quotes\"", "back\\slash", "{braces},comma", "", "NULL"};
    const auto rows = connection.exec("SELECT item FROM unnest($1::text[]) WITH ORDINALITY AS u(item, n) ORDER BY n",
                                      {text_array_literal(items)});
    REQUIRE(rows.rows() == static_cast<int>(items.size()));
    for (int row = 0; row < rows.rows(); ++row) {
        CHECK(rows.text(row, 0) == items[static_cast<std::size_t>(row)]);
        CHECK_FALSE(rows.is_null(row, 0));
    }
    const auto nulls = connection.exec("SELECT $1::bigint IS NULL, $2::bigint", {std::nullopt, std::int64_t{-42}});
    CHECK(nulls.text(0, 0) == "t");
    CHECK(nulls.integer(0, 1) == -42);
    CHECK(nulls.optional_integer(0, 1) == std::optional<std::int64_t>(-42));
}

TEST_CASE("a transaction is rolled back unless committed", "[postgres]") {
    const TestDatabase database;
    PgConnection connection(database.url());
    connection.execute("CREATE TABLE t (k TEXT)");
    {
        PgTransaction transaction(connection);
        (void)connection.exec("INSERT INTO t VALUES ($1)", {"dropped"});
    }
    {
        PgTransaction transaction(connection);
        (void)connection.exec("INSERT INTO t VALUES ($1)", {"kept"});
        transaction.commit();
    }
    const auto rows = connection.exec("SELECT k FROM t");
    REQUIRE(rows.rows() == 1);
    CHECK(rows.text(0, 0) == "kept");
}

TEST_CASE("a pooled connection the server dropped is replaced, and the stores carry on", "[postgres]") {
    const TestDatabase database;
    auto stores = open_stores(database.url(), 1);
    stores.interviews->create_interview(NewInterview{"i1", "h", "backend-developer", "{}", 1}, {NewEvent{"a", "{}"}});
    // Ends every other session on the database: the pool's only connection among them.
    PgConnection admin(database.url());
    (void)admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    // The first use after that finds the connection gone; the pool opens a new one for the next.
    bool failed_once = false;
    try {
        (void)stores.interviews->find_interview("i1");
    } catch (const StoreError&) {
        failed_once = true;
    }
    INFO("the first call " << (failed_once ? "failed on the dropped connection" : "already had a fresh one"));
    CHECK(stores.interviews->find_interview("i1"));
    CHECK(stores.interviews->append_events("i1", 1, {NewEvent{"b", "{}"}}, InterviewStatus::in_progress, 2, "") == 2);
}

TEST_CASE("nodes starting together on an empty database migrate it once", "[postgres]") {
    const TestDatabase database;
    constexpr int nodes = 4;
    std::vector<std::thread> starting;
    std::mutex mutex;
    std::vector<std::string> failures;
    for (int node = 0; node < nodes; ++node) {
        starting.emplace_back([&] {
            std::string failure;
            try {
                auto stores = open_stores(database.url(), 1);
                const auto version = stores.interviews->schema_version();
                if (version != latest_schema_version()) failure = "at version " + std::to_string(version);
            } catch (const StoreError& error) {
                failure = error.what();
            }
            if (failure.empty()) return;
            const std::lock_guard lock(mutex);
            failures.push_back(failure);
        });
    }
    for (auto& thread : starting) thread.join();
    for (const auto& failure : failures) UNSCOPED_INFO(failure);
    CHECK(failures.empty());
    PgConnection connection(database.url());
    const auto applied = connection.exec("SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations");
    CHECK(applied.integer(0, 0) == latest_schema_version());
    CHECK(applied.integer(0, 1) == latest_schema_version());
}
