// What only the PostgreSQL backend has: the libpq wrapper's errors and values, the connection
// pool, migrations run by several nodes at once, and `db copy`. The store contract itself is in
// store_contract_*_test.cpp.
#include <catch2/catch.hpp>

#include <fstream>
#include <mutex>
#include <thread>

#include "server/coach/coach_rules.hpp"
#include "server/postgres/database_copy.hpp"
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

namespace {

// One of everything the stores hold, in the SQLite database of `backend`.
void fill_every_table(const mi::test::SqliteBackend& backend) {
    auto stores = backend.open();
    auto& interviews = *stores.interviews;
    for (const auto* id : {"kept", "erased"}) {
        interviews.create_interview(NewInterview{id, std::string("hash-") + id, "backend-developer", "{\"seed\":1}", 1000},
                                    {NewEvent{"interview_started", "{}"}});
        interviews.append_events(id, 1,
                                 {NewEvent{"answer_received", R"({"type":"answer_received","text":"Redis \"cache\" 🙂"})"},
                                  NewEvent{"answer_scored", "{}"}},
                                 InterviewStatus::finished, 2000, "client-1");
    }
    // An interview as versions before schema 8 stored it, one row per event.
    backend.run_sql("INSERT INTO interviews (id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, "
                    "last_seq) VALUES ('legacy', 'hash-legacy', 'backend-developer', '{}', 'finished', 900, 900, 2);"
                    "INSERT INTO interview_events (interview_id, seq, type, payload_json, recorded_at_ms) VALUES "
                    "('legacy', 1, 'interview_started', '{}', 900), "
                    "('legacy', 2, 'answer_received', '{\"text\":\"old wombat answer\"}', 901);");
    auto& coaches = *stores.coach;
    const auto ada = *coaches.add_coach("ada", coach::CoachRole::admin, "tok-ada", "share-ada", 1000);
    const auto invite = coaches.create_invite(ada.id, "code-1", "Cohort", "{}", 1000, std::int64_t{5000});
    coaches.link_invite("kept", invite.id);
    coaches.add_share("kept", ada.id, 1500);
    coaches.add_note("kept", std::int64_t{1}, ada.id, "a note, with \"quotes\"", 1600);
    const auto audit = coaches.add_audit("kept", {coach::NewAudit{1, "score", "40", "60", std::nullopt}}, "r", ada.id, 1700);
    coaches.add_audit("kept", {coach::NewAudit{1, "score", "60", "40", audit.at(0).id}}, "undo", ada.id, 1800);
    stores.profiles->create_profile("p1", "secret-1", "recovery-1", 1000);
    stores.profiles->add_interview("p1", "kept", profiles::OwnedKind::drill, 1000);
    stores.profiles->link_chat_identity("telegram", "u", "p1", 1000);
    (void)coaches.erase_interview("erased", 1900);
    chat::TurnRecord turn;
    turn.conversation = chat::ConversationRecord{"telegram:1", chat::ChatAddress{chat::ChatPlatform::telegram, "1", "1", "", "u"},
                                                 "kept", 3};
    turn.inbound_keys = {"update:1"};
    turn.response_json = "{}";
    turn.outbox = {{"k1", "sendMessage", "{\"text\":\"hi\"}"}};
    stores.chat->record_turn(turn, 2000);
    (void)stores.chat->report_link_key();
}

}  // namespace

TEST_CASE("db copy carries every table across, verified, and ids continue after the copied ones", "[postgres][copy]") {
    const mi::test::SqliteBackend source;
    fill_every_table(source);
    const TestDatabase target;
    const auto report = copy_sqlite_to_postgres(CopyOptions{source.location(), target.url(), false});
    CHECK(report.committed);
    CHECK(report.verified());
    CHECK(report.schema_version == latest_schema_version());
    CHECK(report.tables.size() == schema_tables().size());
    for (const auto& table : report.tables) {
        INFO(table.table);
        CHECK(table.matches());
        CHECK(table.source_rows > 0);          // the fill put a row in every table
    }
    CHECK(report.source_answers == 2);
    CHECK(report.target_search_rows == 2);

    auto copied = open_stores(target.url(), 2);
    auto original = source.open();
    CHECK(copied.interviews->load_events("kept").size() == 3);
    CHECK(copied.interviews->load_events("legacy").at(1).payload_json == "{\"text\":\"old wombat answer\"}");
    CHECK(copied.coach->search_answers(coach::fts_phrase_query("wombat")).count("legacy") == 1);
    CHECK(copied.interviews->find_client_message("kept", "client-1")->last_seq == 3);
    CHECK(copied.interviews->find_interview("kept")->status == InterviewStatus::finished);
    CHECK(copied.coach->list_coaches().at(0).token_sha256 == "tok-ada");
    CHECK(copied.coach->list_notes("kept").at(0).text == "a note, with \"quotes\"");
    CHECK(copied.coach->list_audit("kept").at(1).reverts == original.coach->list_audit("kept").at(1).reverts);
    CHECK(copied.coach->find_interview_row("kept")->invite_label == "Cohort");
    CHECK(copied.coach->find_tombstone("erased")->counts.answers == 1);
    CHECK(copied.coach->search_answers(coach::fts_phrase_query("redis")).count("kept") == 1);
    CHECK(copied.chat->report_link_key() == original.chat->report_link_key());
    CHECK(copied.chat->list_outbox(std::nullopt, 10).at(0).payload_json == "{\"text\":\"hi\"}");
    CHECK(copied.profiles->find_by_secret_hash("secret-1")->id == "p1");
    CHECK(copied.profiles->find_by_chat_identity("telegram", "u")->id == "p1");
    CHECK(copied.profiles->list_interviews("p1").at(0).kind == profiles::OwnedKind::drill);

    // New rows get ids after the copied ones, not a collision with them.
    const auto bob = copied.coach->add_coach("bob", coach::CoachRole::coach, "tok-bob", "share-bob", 3000);
    REQUIRE(bob);
    CHECK(bob->id > copied.coach->find_coach_by_token_hash("tok-ada")->id);
    CHECK_NOTHROW(copied.coach->add_note("kept", std::nullopt, bob->id, "after the copy", 3000));
    CHECK_NOTHROW(copied.coach->add_audit("kept", {coach::NewAudit{1, "score", "40", "50", std::nullopt}}, "r", bob->id, 3000));
    CHECK_NOTHROW(copied.coach->create_invite(bob->id, "code-2", "B", "{}", 3000, std::nullopt));
    chat::TurnRecord turn;
    turn.conversation = *copied.chat->find_conversation("telegram:1");
    turn.outbox = {{"k2", "sendMessage", "{}"}};
    CHECK(copied.chat->record_turn(turn, 3000) == 1);
}

TEST_CASE("db copy refuses a target that holds rows, naming them, and --replace empties it first", "[postgres][copy]") {
    const mi::test::SqliteBackend source;
    fill_every_table(source);
    const TestDatabase target;
    REQUIRE(copy_sqlite_to_postgres(CopyOptions{source.location(), target.url(), false}).committed);
    {
        auto stores = open_stores(target.url(), 1);
        stores.interviews->create_interview(NewInterview{"only-in-target", "h", "backend-developer", "{}", 1},
                                            {NewEvent{"a", "{}"}});
    }
    try {
        (void)copy_sqlite_to_postgres(CopyOptions{source.location(), target.url(), false});
        FAIL("a non-empty target was copied into");
    } catch (const StoreError& error) {
        CHECK_THAT(error.what(), Catch::Contains("not empty") && Catch::Contains("interviews (3 rows)") &&
                                     Catch::Contains("--replace"));
    }
    auto stores = open_stores(target.url(), 1);
    CHECK(stores.interviews->find_interview("only-in-target"));       // the refusal changed nothing
    const auto replaced = copy_sqlite_to_postgres(CopyOptions{source.location(), target.url(), true});
    CHECK(replaced.committed);
    CHECK_FALSE(stores.interviews->find_interview("only-in-target"));
    CHECK(stores.interviews->find_interview("kept"));
}

TEST_CASE("db copy refuses a source that is not a mock-interviewer database, naming it", "[postgres][copy]") {
    const mi::test::TempDir dir;
    const TestDatabase target;
    const auto text_file = (dir.path() / "notes.db").string();
    std::ofstream(text_file) << "this is not an SQLite database, just some text that is long enough to have a header";
    for (const auto& from : {text_file, (dir.path() / "missing.db").string()}) {
        try {
            (void)copy_sqlite_to_postgres(CopyOptions{from, target.url(), false});
            FAIL("copied from " << from);
        } catch (const StoreError& error) {
            CHECK_THAT(error.what(), Catch::Contains(from));
        }
    }
}
