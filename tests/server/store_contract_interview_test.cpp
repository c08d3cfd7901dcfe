// The InterviewStore contract, written once and run against every backend (SQLite, PostgreSQL).
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

NewInterview sample_interview(std::string id, std::int64_t created_at_ms = 1000) {
    return NewInterview{std::move(id), "ab12", "backend-developer", R"({"role":"backend-developer"})", created_at_ms};
}

std::vector<NewEvent> events(std::initializer_list<const char*> types) {
    std::vector<NewEvent> out;
    for (const char* type : types) out.push_back(NewEvent{type, std::string(R"({"type":")") + type + "\"}"});
    return out;
}

}  // namespace

TEMPLATE_TEST_CASE("a new database is migrated to the latest schema", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    CHECK(stores.interviews->schema_version() == latest_schema_version());
}

TEMPLATE_TEST_CASE("an interview is stored with its opening events numbered from 1", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    store->create_interview(sample_interview("i1"), events({"interview_started", "stage_started", "question_asked"}));
    const auto record = store->find_interview("i1");
    REQUIRE(record);
    CHECK(record->role_id == "backend-developer");
    CHECK(record->token_sha256 == "ab12");
    CHECK(record->plan_json == R"({"role":"backend-developer"})");
    CHECK(record->last_seq == 3);
    CHECK(record->status == InterviewStatus::in_progress);
    CHECK(record->created_at_ms == 1000);
    CHECK(record->updated_at_ms == 1000);
    const auto stored = store->load_events("i1");
    REQUIRE(stored.size() == 3);
    CHECK(stored[0].seq == 1);
    CHECK(stored[2].seq == 3);
    CHECK(stored[2].type == "question_asked");
    CHECK(stored[2].payload_json == R"({"type":"question_asked"})");
    CHECK(stored[2].recorded_at_ms == 1000);
}

TEMPLATE_TEST_CASE("events are appended after the expected sequence number and read back from any point",
                   "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    CHECK(store->append_events("i1", 1, events({"answer_received", "feedback", "answer_scored"}),
                               InterviewStatus::in_progress, 2000, "") == 4);
    const auto later = store->load_events("i1", 2);
    REQUIRE(later.size() == 2);
    CHECK(later[0].seq == 3);
    CHECK(later[0].type == "feedback");
    CHECK(later[0].recorded_at_ms == 2000);
    CHECK(later[1].seq == 4);
}

TEMPLATE_TEST_CASE("payloads come back byte for byte: quotes, backslashes, braces, newlines, Unicode",
                   "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    const std::string awkward = R"({"text":"say \"hi\" {a,b} \\n back\\slash , ; 'quote' café 日本 🙂"})" "\n\t";
    store->create_interview(sample_interview("i1"), {NewEvent{"a \"typed\" {name}", awkward}, NewEvent{"b", "{}"}});
    store->append_events("i1", 2, {NewEvent{"c,d", awkward}, NewEvent{"", ""}}, InterviewStatus::in_progress, 2000, "");
    const auto stored = store->load_events("i1");
    REQUIRE(stored.size() == 4);
    CHECK(stored[0].type == "a \"typed\" {name}");
    CHECK(stored[0].payload_json == awkward);
    CHECK(stored[2].type == "c,d");
    CHECK(stored[2].payload_json == awkward);
    CHECK(stored[3].type.empty());
    CHECK(stored[3].payload_json.empty());
}

TEMPLATE_TEST_CASE("an append with a stale sequence number stores nothing", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    store->create_interview(sample_interview("i1"), events({"interview_started", "question_asked"}));
    CHECK_THROWS_AS(store->append_events("i1", 1, events({"answer_received"}), InterviewStatus::in_progress, 2000, ""),
                    SequenceConflict);
    CHECK(store->load_events("i1").size() == 2);
    CHECK(store->find_interview("i1")->last_seq == 2);
    CHECK(store->find_interview("i1")->updated_at_ms == 1000);
}

TEMPLATE_TEST_CASE("appending to an unknown interview is a conflict", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    CHECK_THROWS_AS(store->append_events("nope", 0, events({"x"}), InterviewStatus::in_progress, 1, ""), SequenceConflict);
    CHECK(store->load_events("nope").empty());
}

TEMPLATE_TEST_CASE("the final append marks the interview finished", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    store->append_events("i1", 1, events({"report"}), InterviewStatus::finished, 5000, "");
    const auto record = store->find_interview("i1");
    CHECK(record->status == InterviewStatus::finished);
    CHECK(record->updated_at_ms == 5000);
}

TEMPLATE_TEST_CASE("creating an interview twice fails and keeps the first", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    store->create_interview(sample_interview("i1"), events({"interview_started"}));
    CHECK_THROWS_AS(store->create_interview(sample_interview("i1"), events({"a", "b"})), StoreError);
    CHECK(store->load_events("i1").size() == 1);
    CHECK(store->find_interview("i1")->last_seq == 1);
}

TEMPLATE_TEST_CASE("an unknown interview is not found", "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    CHECK_FALSE(store->find_interview("missing"));
    CHECK(store->load_events("missing").empty());
    CHECK_FALSE(store->find_client_message("missing", "m1"));
}

TEMPLATE_TEST_CASE("interviews are listed newest first, a page at a time", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
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
    CHECK(store->list_interviews(2, 3).empty());
}

TEMPLATE_TEST_CASE("everything committed survives closing and reopening the database", "[store][contract]",
                   SqliteBackend, PostgresBackend) {
    const TestType backend;
    {
        auto store = backend.open().interviews;
        store->create_interview(sample_interview("i1"), events({"interview_started"}));
        store->append_events("i1", 1, events({"answer_received"}), InterviewStatus::in_progress, 2000, "m1");
    }
    auto reopened = backend.open().interviews;
    CHECK(reopened->schema_version() == latest_schema_version());   // migrations are not re-run
    CHECK(reopened->load_events("i1").size() == 2);
    CHECK(reopened->find_client_message("i1", "m1"));
}

TEMPLATE_TEST_CASE("a database from a newer version is refused with the version named", "[store][contract]",
                   SqliteBackend, PostgresBackend) {
    const TestType backend;
    (void)backend.open();
    backend.run_sql("INSERT INTO schema_migrations VALUES (999, 'future', 0)");
    try {
        (void)backend.open();
        FAIL("a newer schema was accepted");
    } catch (const StoreError& error) {
        CHECK_THAT(error.what(), Catch::Contains("version 999") && Catch::Contains("newer mock-interviewer"));
    }
}

TEMPLATE_TEST_CASE("the readiness check passes on a working database", "[store][contract]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
    CHECK_NOTHROW(store->check_reachable());
}

TEMPLATE_TEST_CASE("a client message id is stored with its events' seq range, in the same transaction",
                   "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
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
    // The same client id twice is refused, and the second append stores nothing.
    CHECK_THROWS_AS(store->append_events("i1", 3, events({"y"}), InterviewStatus::in_progress, 3000, "m1"), StoreError);
    CHECK(store->find_interview("i1")->last_seq == 3);
    CHECK(store->load_events("i1").size() == 3);
}

TEMPLATE_TEST_CASE("appends from many threads at once are all stored, each in its own interview's order",
                   "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
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

TEMPLATE_TEST_CASE("writers racing on one interview with the same expected seq: exactly one wins each round",
                   "[store][contract]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto second = backend.open();       // as a second server node on the same database would
    stores.interviews->create_interview(sample_interview("i1"), events({"a"}));
    constexpr int rounds = 20;
    constexpr int writers = 4;
    for (std::int64_t seq = 1; seq <= rounds; ++seq) {
        std::atomic<int> won{0}, lost{0}, failed{0};
        std::vector<std::thread> threads;
        for (int writer = 0; writer < writers; ++writer) {
            auto* store = writer % 2 == 0 ? stores.interviews.get() : second.interviews.get();
            threads.emplace_back([&, store, writer] {
                try {
                    store->append_events("i1", seq, {NewEvent{"answer", "{\"writer\":" + std::to_string(writer) + "}"}},
                                         InterviewStatus::in_progress, 2000, "");
                    ++won;
                } catch (const SequenceConflict&) {
                    ++lost;
                } catch (const StoreError&) {
                    ++failed;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        INFO("round " << seq);
        CHECK(won == 1);
        CHECK(lost == writers - 1);
        CHECK(failed == 0);
    }
    const auto log = second.interviews->load_events("i1");
    REQUIRE(log.size() == rounds + 1);
    for (std::size_t index = 0; index < log.size(); ++index) CHECK(log[index].seq == static_cast<std::int64_t>(index + 1));
}

TEMPLATE_TEST_CASE("a conflicting append made at the same time as others fails alone", "[store][contract]",
                   SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().interviews;
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

TEMPLATE_TEST_CASE("a long log of large events reads back whole and survives reopening", "[store][contract]",
                   SqliteBackend, PostgresBackend) {
    const TestType backend;
    {
        auto store = backend.open().interviews;
        store->create_interview(sample_interview("i"), events({"a"}));
        // 600 events of 8 KB: past SQLite's checkpoint size, and TOASTed by PostgreSQL.
        const std::vector<NewEvent> big{NewEvent{"big", std::string(8000, 'x')}};
        for (std::int64_t seq = 1; seq <= 600; ++seq) {
            store->append_events("i", seq, big, InterviewStatus::in_progress, 2000, "");
        }
        const auto log = store->load_events("i");
        REQUIRE(log.size() == 601);
        CHECK(log.back().payload_json.size() == 8000);
    }
    auto reopened = backend.open().interviews;
    CHECK(reopened->find_interview("i")->last_seq == 601);
}
