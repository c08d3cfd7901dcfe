// What only the SQLite backend has (its file, WAL mode). The InterviewStore contract, run against
// SQLite and PostgreSQL alike, is in store_contract_interview_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
namespace fs = std::filesystem;

using mi::test::TempDir;

TEST_CASE("a new database is created with its folder and migrated to the latest schema", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "nested" / "x.db";
    auto store = open_sqlite_store(path);
    CHECK(fs::exists(path));
    CHECK(store->schema_version() == latest_schema_version());
}

TEST_CASE("the database runs in WAL mode", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "x.db";
    auto store = open_sqlite_store(path);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "wal");
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

TEST_CASE("a file that is not a database is refused with its name", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "x.db";
    std::ofstream(path) << "this is not an SQLite database, just some text that is long enough to have a header";
    try {
        (void)open_sqlite_store(path);
        FAIL("a text file was accepted as a database");
    } catch (const StoreError& error) {
        CHECK_THAT(error.what(), Catch::Contains(path.string()));
    }
}

