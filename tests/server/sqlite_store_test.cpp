#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <sqlite3.h>

#include "server/sqlite_store.hpp"

using namespace mi::server;
namespace fs = std::filesystem;

namespace {

// A fresh folder per test case, removed afterwards.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("mi-store-test-" + std::to_string(std::random_device{}()) + "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

NewInterview sample_interview(std::string id, std::int64_t created_at_ms = 1000) {
    return NewInterview{std::move(id), "ab12", "backend-developer", R"({"role":"backend-developer"})", created_at_ms};
}

std::vector<NewEvent> events(std::initializer_list<const char*> types) {
    std::vector<NewEvent> out;
    for (const char* type : types) out.push_back(NewEvent{type, std::string(R"({"type":")") + type + "\"}"});
    return out;
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

TEST_CASE("an interview is stored with its opening events numbered from 1", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started", "stage_started", "question_asked"}));
    const auto record = store->find_interview("i1");
    REQUIRE(record);
    CHECK(record->role_id == "backend-developer");
    CHECK(record->token_sha256 == "ab12");
    CHECK(record->last_seq == 3);
    CHECK(record->status == InterviewStatus::in_progress);
    const auto stored = store->load_events("i1");
    REQUIRE(stored.size() == 3);
    CHECK(stored[0].seq == 1);
    CHECK(stored[2].seq == 3);
    CHECK(stored[2].type == "question_asked");
    CHECK(stored[2].payload_json == R"({"type":"question_asked"})");
}

TEST_CASE("events are appended after the expected sequence number and read back from any point", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    CHECK(store->append_events("i1", 1, events({"answer_received", "feedback", "answer_scored"}),
                               InterviewStatus::in_progress, 2000, "") == 4);
    const auto later = store->load_events("i1", 2);
    REQUIRE(later.size() == 2);
    CHECK(later[0].seq == 3);
    CHECK(later[0].type == "feedback");
    CHECK(later[0].recorded_at_ms == 2000);
}

TEST_CASE("an append with a stale sequence number stores nothing", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started", "question_asked"}));
    CHECK_THROWS_AS(store->append_events("i1", 1, events({"answer_received"}), InterviewStatus::in_progress, 2000, ""),
                    SequenceConflict);
    CHECK(store->load_events("i1").size() == 2);
    CHECK(store->find_interview("i1")->last_seq == 2);
}

TEST_CASE("appending to an unknown interview is a conflict", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    CHECK_THROWS_AS(store->append_events("nope", 0, events({"x"}), InterviewStatus::in_progress, 1, ""), SequenceConflict);
}

TEST_CASE("the final append marks the interview finished", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    store->append_events("i1", 1, events({"report"}), InterviewStatus::finished, 5000, "");
    const auto record = store->find_interview("i1");
    CHECK(record->status == InterviewStatus::finished);
    CHECK(record->updated_at_ms == 5000);
}

TEST_CASE("creating an interview twice fails and keeps the first", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    CHECK_THROWS_AS(store->create_interview(sample_interview("i1"), events({"a", "b"})), StoreError);
    CHECK(store->load_events("i1").size() == 1);
}

TEST_CASE("an unknown interview is not found", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    CHECK_FALSE(store->find_interview("missing"));
    CHECK(store->load_events("missing").empty());
}

TEST_CASE("interviews are listed newest first, a page at a time", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("old", 1000), events({"a"}));
    store->create_interview(sample_interview("new", 3000), events({"a"}));
    store->create_interview(sample_interview("mid", 2000), events({"a"}));
    const auto first = store->list_interviews(2, 0);
    REQUIRE(first.size() == 2);
    CHECK(first[0].id == "new");
    CHECK(first[1].id == "mid");
    const auto second = store->list_interviews(2, 2);
    REQUIRE(second.size() == 1);
    CHECK(second[0].id == "old");
}

TEST_CASE("everything committed survives closing and reopening the database", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "x.db";
    {
        auto store = open_sqlite_store(path);
        store->create_interview(sample_interview("i1"), events({"interview_started"}));
        store->append_events("i1", 1, events({"answer_received"}), InterviewStatus::in_progress, 2000, "");
    }
    auto reopened = open_sqlite_store(path);
    CHECK(reopened->schema_version() == latest_schema_version());   // migrations are not re-run
    CHECK(reopened->load_events("i1").size() == 2);
}

TEST_CASE("a database from a newer version is refused with both versions named", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "x.db";
    { auto store = open_sqlite_store(path); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'future', 0)", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_close(db);
    try {
        (void)open_sqlite_store(path);
        FAIL("a newer schema was accepted");
    } catch (const StoreError& error) {
        CHECK_THAT(error.what(), Catch::Contains("version 999") && Catch::Contains(path.string()));
    }
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

TEST_CASE("the readiness check passes on a working database", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    CHECK_NOTHROW(store->check_reachable());
}

TEST_CASE("a client message id is stored with its events' seq range, in the same transaction", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    CHECK_FALSE(store->find_client_message("i1", "m1"));
    CHECK(store->append_events("i1", 1, events({"answer_received", "answer_scored"}), InterviewStatus::in_progress,
                               2000, "m1") == 3);
    const auto seen = store->find_client_message("i1", "m1");
    REQUIRE(seen);
    CHECK(seen->first_seq == 2);
    CHECK(seen->last_seq == 3);
    CHECK_FALSE(store->find_client_message("other", "m1"));
    // A conflicting append stores neither its events nor its id.
    CHECK_THROWS_AS(store->append_events("i1", 1, events({"x"}), InterviewStatus::in_progress, 1, "m2"),
                    SequenceConflict);
    CHECK_FALSE(store->find_client_message("i1", "m2"));
}

TEST_CASE("appends from many threads at once are all stored, each in its own interview's order", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    constexpr int interviews = 16;
    constexpr int appends = 20;
    for (int i = 0; i < interviews; ++i) store->create_interview(sample_interview("i" + std::to_string(i)), events({"a"}));
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int i = 0; i < interviews; ++i) {
        threads.emplace_back([&store, &failures, i] {
            const auto id = "i" + std::to_string(i);
            for (std::int64_t seq = 1; seq <= appends; ++seq) {
                try {
                    store->append_events(id, seq, events({"b"}), InterviewStatus::in_progress, 2000,
                                         "m" + std::to_string(seq));
                } catch (const StoreError&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);
    for (int i = 0; i < interviews; ++i) {
        const auto id = "i" + std::to_string(i);
        CHECK(store->find_interview(id)->last_seq == appends + 1);
        CHECK(store->load_events(id).size() == appends + 1);
        CHECK(store->find_client_message(id, "m" + std::to_string(appends))->first_seq == appends + 1);
    }
}

TEST_CASE("a conflicting append committed in the same group as others fails alone", "[server][store]") {
    TempDir dir;
    auto store = open_sqlite_store(dir.path() / "x.db");
    store->create_interview(sample_interview("good"), events({"a"}));
    store->create_interview(sample_interview("stale"), events({"a"}));
    // Both writers start together; whichever groups with the other, only the stale one fails.
    std::atomic<bool> stale_failed{false};
    std::thread stale([&] {
        try {
            store->append_events("stale", 5, events({"b"}), InterviewStatus::in_progress, 2000, "x");
        } catch (const SequenceConflict&) {
            stale_failed = true;
        }
    });
    CHECK(store->append_events("good", 1, events({"b", "c"}), InterviewStatus::in_progress, 2000, "y") == 3);
    stale.join();
    CHECK(stale_failed);
    CHECK(store->find_interview("stale")->last_seq == 1);
    CHECK_FALSE(store->find_client_message("stale", "x"));
    CHECK(store->load_events("good").size() == 3);
}

TEST_CASE("a log longer than the checkpoint size reads back whole and survives reopening", "[server][store]") {
    TempDir dir;
    const auto path = dir.path() / "x.db";
    {
        auto store = open_sqlite_store(path);
        store->create_interview(sample_interview("i"), events({"a"}));
        const std::vector<NewEvent> big{NewEvent{"big", std::string(8000, 'x')}};
        for (std::int64_t seq = 1; seq <= 600; ++seq) {
            store->append_events("i", seq, big, InterviewStatus::in_progress, 2000, "");
        }
        CHECK(store->load_events("i").size() == 601);
    }
    auto reopened = open_sqlite_store(path);
    CHECK(reopened->find_interview("i")->last_seq == 601);
}
