// What only the SQLite backend has (its file, WAL mode). The InterviewStore contract, run against
// SQLite and PostgreSQL alike, is in store_contract_interview_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "server/coach/coach_rules.hpp"
#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
namespace fs = std::filesystem;

using mi::test::SqliteBackend;
using mi::test::TempDir;

namespace {

std::int64_t waiting_answers(const SqliteBackend& backend) {
    return backend.count("SELECT COUNT(*) FROM answer_search_pending");
}

// Answers the index itself holds with `word`, whatever waits.
std::int64_t indexed_with(const SqliteBackend& backend, const std::string& word) {
    return backend.count("SELECT COUNT(*) FROM answer_search WHERE answer_search MATCH '" + word + "'");
}

// An interview of `answers` answers, each its own append (as a candidate's are), the n-th
// holding the word "w<n>" and `extra`.
void add_answers(InterviewStore& store, const std::string& id, int answers, const std::string& extra = "") {
    store.create_interview(NewInterview{id, "hash-" + id, "backend-developer", "{}", 1000},
                           {NewEvent{"interview_started", "{}"}});
    std::int64_t seq = 1;
    for (int n = 0; n < answers; ++n) {
        const auto text = "w" + std::to_string(n) + " " + extra;
        seq = store.append_events(id, seq, {NewEvent{"answer_received", R"({"type":"answer_received","text":")" + text + "\"}"}},
                                  InterviewStatus::in_progress, 2000 + n, "");
    }
}

}  // namespace

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


TEST_CASE("answers wait for the search index, and a search after a restart still finds them", "[server][store][search]") {
    const SqliteBackend backend;
    {
        auto stores = backend.open();
        add_answers(*stores.interviews, "a", 3, "zanzibar");
    }
    // Committed with their events, not yet in the index.
    CHECK(waiting_answers(backend) == 3);
    CHECK(indexed_with(backend, "zanzibar") == 0);
    auto stores = backend.open();
    const auto found = stores.coach->search_answers(mi::server::coach::fts_phrase_query("zanzibar"));
    CHECK(found.count("a") == 1);
    CHECK(waiting_answers(backend) == 0);
    CHECK(indexed_with(backend, "zanzibar") == 3);
    // And only once: a second search has nothing to add.
    CHECK(stores.coach->search_answers(mi::server::coach::fts_phrase_query("w2")).count("a") == 1);
    CHECK(indexed_with(backend, "zanzibar") == 3);
}

TEST_CASE("the group commit indexes waiting answers in batches of its own accord", "[server][store][search]") {
    const SqliteBackend backend;
    auto stores = backend.open();
    constexpr int answers = 300;   // more than one batch (search_index_batch, 256)
    add_answers(*stores.interviews, "a", answers, "kafka");
    const auto waiting = waiting_answers(backend);
    CHECK(waiting > 0);
    CHECK(waiting < 256);
    CHECK(indexed_with(backend, "kafka") == answers - waiting);
    CHECK(indexed_with(backend, "w0") == 1);
}

TEST_CASE("erasing an interview whose answers still wait leaves none of their words", "[server][store][search]") {
    const SqliteBackend backend;
    auto stores = backend.open();
    add_answers(*stores.interviews, "gone", 2, "zanzibar");
    add_answers(*stores.interviews, "kept", 2, "wombat");
    REQUIRE(waiting_answers(backend) == 4);
    REQUIRE(stores.coach->erase_interview("gone", 9000));
    CHECK(waiting_answers(backend) == 0);
    CHECK(indexed_with(backend, "zanzibar") == 0);
    CHECK(indexed_with(backend, "wombat") == 2);
    CHECK(stores.coach->search_answers(mi::server::coach::fts_phrase_query("zanzibar")).empty());
    CHECK(stores.coach->search_answers(mi::server::coach::fts_phrase_query("wombat")).count("kept") == 1);
}
