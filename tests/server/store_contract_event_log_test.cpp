// How the event log is stored since schema migration 8 (compressed segments, merged when an
// interview finishes), on every backend: what a reader sees must not change, whether the events
// were written one append at a time, merged, or stored one row each by an earlier version.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "server/coach/coach_rules.hpp"
#include "server/postgres/database_copy.hpp"
#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

std::string answer_json(const std::string& text) { return R"({"text":")" + text + R"(","type":"answer_received"})"; }

// An interview of three answers, each append like the engine's: the answer, its feedback and
// score, the next question; the last one finishes it.
std::vector<EventRecord> hold_interview(InterviewStore& store, const std::string& id) {
    store.create_interview(NewInterview{id, "hash", "backend-developer", "{}", 1000},
                           {NewEvent{"interview_started", R"({"greeting":"Welcome"})"},
                            NewEvent{"question_asked", R"({"text":"Tell me about caching"})"}});
    const std::vector<std::string> answers = {"We cut Redis latency with hot keys", "Zanzibar was the codename",
                                              "Finally wombats ate the cache"};
    std::int64_t seq = 2;
    for (std::size_t index = 0; index < answers.size(); ++index) {
        const bool last = index + 1 == answers.size();
        std::vector<NewEvent> events = {NewEvent{"answer_received", answer_json(answers[index])},
                                        NewEvent{"feedback", R"({"detail":"","text":"Key achievements"})"},
                                        NewEvent{"answer_scored", R"({"score":)" + std::to_string(40 + index) + "}"}};
        events.push_back(last ? NewEvent{"report", R"({"type":"report"})"}
                              : NewEvent{"question_asked", R"({"text":"Next"})"});
        seq = store.append_events(id, seq, events, last ? InterviewStatus::finished : InterviewStatus::in_progress,
                                  2000 + static_cast<std::int64_t>(index), "client-" + std::to_string(index));
    }
    return store.load_events(id);
}

void check_same(const std::vector<EventRecord>& read, const std::vector<EventRecord>& expected) {
    REQUIRE(read.size() == expected.size());
    for (std::size_t index = 0; index < read.size(); ++index) {
        INFO("event " << index);
        CHECK(read[index].seq == expected[index].seq);
        CHECK(read[index].type == expected[index].type);
        CHECK(read[index].payload_json == expected[index].payload_json);
        CHECK(read[index].recorded_at_ms == expected[index].recorded_at_ms);
    }
}

}  // namespace

TEMPLATE_TEST_CASE("a finished interview's events are merged into one row and read back unchanged from any point",
                   "[store][contract][segments]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.interviews;
    store.create_interview(NewInterview{"open", "hash", "backend-developer", "{}", 1000},
                           {NewEvent{"interview_started", "{}"}});
    store.append_events("open", 1, {NewEvent{"answer_received", answer_json("still going")}},
                        InterviewStatus::in_progress, 1500, "");
    const auto events = hold_interview(store, "done");
    REQUIRE(events.size() == 14);
    CHECK(events[2].type == "answer_received");
    CHECK(events[2].payload_json == answer_json("We cut Redis latency with hot keys"));
    CHECK(events[2].recorded_at_ms == 2000);
    CHECK(events[13].type == "report");
    CHECK(events[13].seq == 14);
    CHECK(events[13].recorded_at_ms == 2002);
    CHECK(backend.count("SELECT COUNT(*) FROM interview_event_segments WHERE interview_id = 'done'") == 1);
    CHECK(backend.count("SELECT COUNT(*) FROM interview_event_segments WHERE interview_id = 'open'") == 2);
    CHECK(backend.count("SELECT COUNT(*) FROM interview_events") == 0);
    for (const std::int64_t after : {0, 1, 2, 5, 13, 14}) {
        INFO("after " << after);
        check_same(store.load_events("done", after),
                   std::vector<EventRecord>(events.begin() + after, events.end()));
    }
    CHECK(store.find_client_message("done", "client-1")->last_seq == 10);
    CHECK(store.find_interview("done")->status == InterviewStatus::finished);
    CHECK(store.load_events("open").size() == 2);
    // The coach's views read the same log, and every answer stays searchable after the merge.
    check_same(stores.coach->load_events("done"), events);
    CHECK(stores.coach->search_answers(coach::fts_phrase_query("redis")).count("done") == 1);
    CHECK_THAT(stores.coach->search_answers(coach::fts_phrase_query("zanzibar")).at("done"),
               Catch::Contains("Zanzibar was the codename"));
    CHECK(stores.coach->search_answers(coach::fts_phrase_query("wombats")).count("done") == 1);
    CHECK(stores.coach->search_answers(coach::fts_phrase_query("going")).count("open") == 1);
    // Appending after the finish (a late event) adds a row and keeps the rest.
    store.append_events("done", 14, {NewEvent{"note", "{}"}}, InterviewStatus::finished, 3000, "");
    const auto later = store.load_events("done");
    REQUIRE(later.size() == 15);
    check_same(std::vector<EventRecord>(later.begin(), later.begin() + 14), events);
    CHECK(later[14].type == "note");
    // Reopened (a restarted server), the same.
    auto reopened = backend.open();
    check_same(reopened.interviews->load_events("done"), later);
}

TEMPLATE_TEST_CASE("events stored one row each by an earlier version still read, before the new ones, and erase",
                   "[store][contract][segments]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    // Rows as schema 7 wrote them (and `db copy` still copies them).
    backend.run_sql("INSERT INTO interviews (id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, "
                    "last_seq) VALUES ('old', 'hash', 'backend-developer', '{}', 'in_progress', 1000, 1000, 2);"
                    "INSERT INTO interview_events (interview_id, seq, type, payload_json, recorded_at_ms) VALUES "
                    "('old', 1, 'interview_started', '{\"seq\":1}', 1000), "
                    "('old', 2, 'question_asked', '{\"seq\":2}', 1001);");
    auto& store = *stores.interviews;
    CHECK(store.load_events("old").size() == 2);
    store.append_events("old", 2, {NewEvent{"answer_received", answer_json("legacy redis answer")}},
                        InterviewStatus::in_progress, 2000, "");
    store.append_events("old", 3, {NewEvent{"report", "{}"}}, InterviewStatus::finished, 2001, "");
    const auto events = store.load_events("old");
    REQUIRE(events.size() == 4);
    CHECK(events[0].payload_json == "{\"seq\":1}");
    CHECK(events[1].recorded_at_ms == 1001);
    CHECK(events[2].payload_json == answer_json("legacy redis answer"));
    CHECK(events[3].seq == 4);
    check_same(store.load_events("old", 1), std::vector<EventRecord>(events.begin() + 1, events.end()));
    check_same(store.load_events("old", 3), {events[3]});
    // The old rows are left as they were; only the segments were merged.
    CHECK(backend.count("SELECT COUNT(*) FROM interview_events WHERE interview_id = 'old'") == 2);
    CHECK(backend.count("SELECT COUNT(*) FROM interview_event_segments WHERE interview_id = 'old'") == 1);
    CHECK(stores.coach->search_answers(coach::fts_phrase_query("legacy")).count("old") == 1);

    const auto erased = stores.coach->erase_interview("old", 9000);
    REQUIRE(erased);
    CHECK(erased->events == 4);
    CHECK(erased->answers == 1);
    CHECK(store.load_events("old").empty());
    CHECK(stores.coach->search_answers(coach::fts_phrase_query("legacy")).empty());
    CHECK(backend.count("SELECT COUNT(*) FROM interview_events") == 0);
    CHECK(backend.count("SELECT COUNT(*) FROM interview_event_segments") == 0);
}

TEST_CASE("an interview stored by schema 7 reads back the same after migration 8, is searchable, and copies to "
          "PostgreSQL unchanged",
          "[store][segments][golden]") {
    const SqliteBackend source;
    {
        std::ifstream in(std::string(MI_SOURCE_DIR) + "/tests/data/stored/finished_interview_schema7.sql");
        REQUIRE(in);
        std::stringstream dump;
        dump << in.rdbuf();
        source.run_sql(dump.str());
    }
    // What schema 7 holds, read with plain SQL before any migration.
    std::vector<EventRecord> stored;
    std::string interview_id;
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(source.location().c_str(), &db) == SQLITE_OK);
        sqlite3_stmt* statement = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, "SELECT interview_id, seq, type, payload_json, recorded_at_ms FROM interview_events "
                                       "ORDER BY seq", -1, &statement, nullptr) == SQLITE_OK);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            interview_id = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
            stored.push_back(EventRecord{sqlite3_column_int64(statement, 1),
                                         reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)),
                                         reinterpret_cast<const char*>(sqlite3_column_text(statement, 3)),
                                         sqlite3_column_int64(statement, 4)});
        }
        sqlite3_finalize(statement);
        sqlite3_close(db);
    }
    REQUIRE(stored.size() == 68);
    std::set<std::string> types;
    for (const auto& event : stored) types.insert(event.type);
    CHECK(types.size() == 10);     // every type a finished interview has, the report among them

    auto migrated = source.open();
    CHECK(migrated.interviews->schema_version() == latest_schema_version());
    check_same(migrated.interviews->load_events(interview_id), stored);
    check_same(migrated.coach->load_events(interview_id), stored);
    // Migration 8 rebuilt the search index from the old rows: each of its answers is found.
    std::size_t answers = 0;
    for (const auto& event : stored) {
        if (event.type != "answer_received") continue;
        ++answers;
        const auto text = nlohmann::json::parse(event.payload_json).at("text").get<std::string>();
        const auto word = text.substr(0, text.find(' '));
        INFO(word);
        CHECK(migrated.coach->search_answers(coach::fts_phrase_query(word)).count(interview_id) == 1);
    }
    CHECK(answers == 6);

    const mi::test::TestDatabase target;
    const auto report = postgres::copy_sqlite_to_postgres(postgres::CopyOptions{source.location(), target.url(), false});
    CHECK(report.committed);
    CHECK(report.source_answers == 6);
    CHECK(report.target_search_rows == 6);
    auto copied = open_stores(target.url(), 2);
    check_same(copied.interviews->load_events(interview_id), stored);
}

TEST_CASE("db copy carries event segments byte for byte and indexes their answers", "[postgres][copy][segments]") {
    const SqliteBackend source;
    std::vector<EventRecord> events;
    {
        auto stores = source.open();
        events = hold_interview(*stores.interviews, "done");
        stores.interviews->create_interview(NewInterview{"open", "hash", "backend-developer", "{}", 1000},
                                            {NewEvent{"interview_started", "{}"}});
        stores.interviews->append_events("open", 1, {NewEvent{"answer_received", answer_json("unfinished redis")}},
                                         InterviewStatus::in_progress, 1500, "");
    }
    const mi::test::TestDatabase target;
    const auto report = postgres::copy_sqlite_to_postgres(postgres::CopyOptions{source.location(), target.url(), false});
    CHECK(report.committed);
    CHECK(report.verified());
    CHECK(report.source_answers == 4);
    CHECK(report.target_search_rows == 4);
    for (const auto& table : report.tables) {
        INFO(table.table);
        CHECK(table.matches());
    }
    auto copied = open_stores(target.url(), 2);
    check_same(copied.interviews->load_events("done"), events);
    CHECK(copied.interviews->load_events("open").size() == 2);
    CHECK(copied.coach->search_answers(coach::fts_phrase_query("zanzibar")).count("done") == 1);
    CHECK(copied.coach->search_answers(coach::fts_phrase_query("redis")).size() == 2);
    // The copy goes on as the original would: the open interview finishes there.
    copied.interviews->append_events("open", 2, {NewEvent{"report", "{}"}}, InterviewStatus::finished, 1600, "");
    CHECK(copied.interviews->load_events("open").size() == 3);
}
