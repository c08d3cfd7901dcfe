// The CoachStore contract (accounts, invites, shares, notes, the audit, search, erasure), run
// against every backend.
#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using namespace mi::server::coach;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

void add_interview(InterviewStore& store, const std::string& id, std::int64_t created_at_ms,
                   std::vector<std::string> answers = {}) {
    store.create_interview(NewInterview{id, "hash-" + id, "backend-developer", "{}", created_at_ms},
                           {NewEvent{"interview_started", "{}"}});
    std::int64_t seq = 1;
    for (const auto& answer : answers) {
        seq = store.append_events(id, seq, {NewEvent{"answer_received", R"({"type":"answer_received","text":")" + answer + "\"}"},
                                            NewEvent{"answer_scored", "{}"}},
                                  InterviewStatus::in_progress, created_at_ms + seq, "");
    }
}

}  // namespace

TEMPLATE_TEST_CASE("coach accounts: a name is taken once, tokens find them, revoking hides the share code",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().coach;
    const auto ada = store->add_coach("ada", CoachRole::admin, "tok-ada", "share-ada", 1000);
    REQUIRE(ada);
    CHECK(ada->name == "ada");
    CHECK(ada->role == CoachRole::admin);
    CHECK_FALSE(store->add_coach("ada", CoachRole::coach, "tok-other", "share-other", 1001));
    const auto bob = store->add_coach("bob", CoachRole::coach, "tok-bob", "share-bob", 1002);
    REQUIRE(bob);
    CHECK(bob->id != ada->id);

    const auto listed = store->list_coaches();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].name == "ada");
    CHECK(listed[1].name == "bob");
    CHECK_FALSE(listed[0].last_used_at_ms);

    store->touch_coach(bob->id, 5000);
    const auto by_token = store->find_coach_by_token_hash("tok-bob");
    REQUIRE(by_token);
    CHECK(by_token->id == bob->id);
    CHECK(by_token->last_used_at_ms == std::optional<std::int64_t>(5000));
    CHECK_FALSE(store->find_coach_by_token_hash("tok-nobody"));

    CHECK(store->find_coach_by_share_code("share-bob"));
    CHECK(store->revoke_coach("bob", 6000));
    CHECK_FALSE(store->revoke_coach("bob", 7000));
    CHECK_FALSE(store->revoke_coach("nobody", 7000));
    CHECK_FALSE(store->find_coach_by_share_code("share-bob"));
    CHECK(store->find_coach_by_token_hash("tok-bob")->revoked_at_ms == std::optional<std::int64_t>(6000));
}

TEMPLATE_TEST_CASE("invites: created, listed per coach newest first, found by code, expired, counting their interviews",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.coach;
    const auto ada = *store.add_coach("ada", CoachRole::coach, "t1", "s1", 1000);
    const auto bob = *store.add_coach("bob", CoachRole::coach, "t2", "s2", 1000);
    const auto first = store.create_invite(ada.id, "code-1", "Cohort A", R"({"stages":["hr"]})", 2000, std::nullopt);
    CHECK(first.code == "code-1");
    CHECK(first.coach_name == "ada");
    CHECK(first.plan_json == R"({"stages":["hr"]})");
    CHECK_FALSE(first.expires_at_ms);
    CHECK(first.interviews == 0);
    const auto second = store.create_invite(ada.id, "code-2", "Cohort B", "{}", 3000, std::int64_t{9000});
    const auto other = store.create_invite(bob.id, "code-3", "Bob's", "{}", 4000, std::nullopt);

    const auto adas = store.list_invites(ada.id);
    REQUIRE(adas.size() == 2);
    CHECK(adas[0].id == second.id);
    CHECK(store.list_invites(std::nullopt).size() == 3);
    CHECK(store.list_invites(bob.id).at(0).id == other.id);

    CHECK(store.find_invite(second.id)->expires_at_ms == std::optional<std::int64_t>(9000));
    CHECK(store.find_invite_by_code("code-3")->coach_id == bob.id);
    CHECK_FALSE(store.find_invite_by_code("code-x"));
    CHECK_FALSE(store.find_invite(999999));

    store.expire_invite(first.id, 5000);
    CHECK(store.find_invite(first.id)->expires_at_ms == std::optional<std::int64_t>(5000));
    store.expire_invite(first.id, 8000);              // an earlier expiry stays
    CHECK(store.find_invite(first.id)->expires_at_ms == std::optional<std::int64_t>(5000));
    store.expire_invite(second.id, 6000);             // a later one is brought forward
    CHECK(store.find_invite(second.id)->expires_at_ms == std::optional<std::int64_t>(6000));

    add_interview(*stores.interviews, "i1", 1000);
    store.link_invite("i1", first.id);
    CHECK(store.find_invite(first.id)->interviews == 1);
    const auto row = store.find_interview_row("i1");
    REQUIRE(row);
    CHECK(row->invite_id == std::optional<std::int64_t>(first.id));
    CHECK(row->invite_label == "Cohort A");
    CHECK(row->access.invite_coach_id == std::optional<std::int64_t>(ada.id));
}

TEMPLATE_TEST_CASE("shares: added once, listed with the coach, removed, and part of the interview's access",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.coach;
    const auto ada = *store.add_coach("ada", CoachRole::coach, "t1", "s1", 1000);
    const auto bob = *store.add_coach("bob", CoachRole::coach, "t2", "s2", 1000);
    add_interview(*stores.interviews, "old", 1000);
    add_interview(*stores.interviews, "new", 2000);
    CHECK(store.add_share("old", ada.id, 3000));
    CHECK_FALSE(store.add_share("old", ada.id, 3001));
    CHECK(store.add_share("old", bob.id, 3002));
    const auto shares = store.list_shares("old");
    REQUIRE(shares.size() == 2);
    CHECK(shares[0].coach_name == "ada");
    CHECK(shares[0].share_code == "s1");
    CHECK(shares[0].created_at_ms == 3000);

    const auto rows = store.list_interview_rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].record.id == "new");                 // newest first
    CHECK(rows[0].access.shared_with.empty());
    CHECK_FALSE(rows[0].invite_id);
    auto shared_with = rows[1].access.shared_with;
    std::sort(shared_with.begin(), shared_with.end());
    CHECK(shared_with == std::vector<std::int64_t>{std::min(ada.id, bob.id), std::max(ada.id, bob.id)});
    CHECK(rows[1].record.token_sha256 == "hash-old");

    CHECK(store.remove_share("old", ada.id));
    CHECK_FALSE(store.remove_share("old", ada.id));
    CHECK(store.find_interview_row("old")->access.shared_with == std::vector<std::int64_t>{bob.id});
    CHECK(store.interview_token_hash("old") == std::optional<std::string>("hash-old"));
    CHECK_FALSE(store.interview_token_hash("missing"));
    CHECK_FALSE(store.find_interview_row("missing"));
}

TEMPLATE_TEST_CASE("notes and the audit of overrides are kept in order with their author",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.coach;
    const auto ada = *store.add_coach("ada", CoachRole::coach, "t1", "s1", 1000);
    add_interview(*stores.interviews, "i1", 1000, {"first answer"});
    add_interview(*stores.interviews, "i2", 1000);

    const auto general = store.add_note("i1", std::nullopt, ada.id, "Good overall, \"clear\".", 2000);
    CHECK(general.author == "ada");
    CHECK_FALSE(general.turn);
    const auto on_turn = store.add_note("i1", std::int64_t{1}, ada.id, "Missed the cache", 2001);
    CHECK(on_turn.id != general.id);
    const auto notes = store.list_notes("i1");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].text == "Good overall, \"clear\".");
    CHECK(notes[1].turn == std::optional<std::int64_t>(1));
    CHECK(store.list_notes("i2").empty());

    const auto added = store.add_audit("i1", {NewAudit{1, "score", "40", "60", std::nullopt},
                                              NewAudit{1, "key_point:cache", "missed", "covered", std::nullopt}},
                                       "the answer named it", ada.id, 3000);
    REQUIRE(added.size() == 2);
    CHECK(added[0].field == "score");
    CHECK(added[0].author == "ada");
    CHECK(added[1].reason == "the answer named it");
    const auto reverted = store.add_audit("i1", {NewAudit{1, "score", "60", "40", added[0].id}}, "undo", ada.id, 4000);
    REQUIRE(reverted.size() == 1);
    CHECK(reverted[0].reverts == std::optional<std::int64_t>(added[0].id));
    const auto audit = store.list_audit("i1");
    REQUIRE(audit.size() == 3);
    CHECK(audit[2].at_ms == 4000);
    const auto everything = store.list_all_audit();
    CHECK(everything.size() == 1);
    CHECK(everything.at("i1").size() == 3);
    CHECK(store.load_events("i1").size() == 3);
}

TEMPLATE_TEST_CASE("answer search finds interviews holding every word, any case, with a snippet",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    add_interview(*stores.interviews, "both", 1000, {"We cut Redis latency by caching hot keys", "then other things"});
    add_interview(*stores.interviews, "one", 1000, {"Redis was slow"});
    add_interview(*stores.interviews, "none", 1000, {"Nothing relevant here"});
    auto& store = *stores.coach;
    const auto found = store.search_answers(fts_phrase_query("redis LATENCY"));
    REQUIRE(found.size() == 1);
    CHECK(found.count("both") == 1);
    CHECK_THAT(found.at("both"), Catch::Contains("Redis") && Catch::Contains("latency"));
    const auto redis = store.search_answers(fts_phrase_query("redis"));
    CHECK(redis.size() == 2);
    CHECK(store.search_answers(fts_phrase_query("postgres")).empty());
    // Query syntax is only words: quotes and operators find nothing rather than fail.
    CHECK(store.search_answers(fts_phrase_query("redis \"OR\" NEAR(x*")).empty());
}

TEMPLATE_TEST_CASE("answers appended at the same time are all searchable, and a conflicting append's are not",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    constexpr int writers = 8;
    for (int writer = 0; writer < writers; ++writer) add_interview(*stores.interviews, "i" + std::to_string(writer), 1000);
    const auto answer = [](const std::string& words) {
        return std::vector<NewEvent>{NewEvent{"answer_received", R"({"type":"answer_received","text":")" + words + "\"}"}};
    };
    // Eight writers at once share group commits (on SQLite), each with one stale append (a
    // sequence conflict) besides its good ones; the stale answers' word must not be indexed.
    std::vector<std::thread> threads;
    for (int writer = 0; writer < writers; ++writer) {
        threads.emplace_back([&, writer] {
            const auto id = "i" + std::to_string(writer);
            std::int64_t seq = 1;
            for (int round = 0; round < 5; ++round) {
                try {
                    stores.interviews->append_events(id, seq + 7, answer("stale zebra"), InterviewStatus::in_progress, 2000, "");
                } catch (const SequenceConflict&) {
                }
                seq = stores.interviews->append_events(id, seq, answer("kafka round" + std::to_string(round)),
                                                       InterviewStatus::in_progress, 2000, "");
            }
        });
    }
    for (auto& thread : threads) thread.join();
    auto& store = *stores.coach;
    CHECK(store.search_answers(fts_phrase_query("kafka")).size() == writers);
    CHECK(store.search_answers(fts_phrase_query("round4")).size() == writers);
    CHECK(store.search_answers(fts_phrase_query("zebra")).empty());
}

TEMPLATE_TEST_CASE("erasing an interview removes all of it, leaves a tombstone with the counts, and keeps the rest",
                   "[store][contract][coach]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.coach;
    const auto ada = *store.add_coach("ada", CoachRole::coach, "t1", "s1", 1000);
    const auto invite = store.create_invite(ada.id, "code", "label", "{}", 1000, std::nullopt);
    add_interview(*stores.interviews, "gone", 1000, {"secret redis answer", "second answer"});
    add_interview(*stores.interviews, "kept", 1000, {"another redis answer"});
    stores.interviews->append_events("gone", 5, {NewEvent{"x", "{}"}}, InterviewStatus::in_progress, 1, "client-1");
    store.link_invite("gone", invite.id);
    store.add_share("gone", ada.id, 2000);
    store.add_note("gone", std::nullopt, ada.id, "note", 2000);
    const auto first = store.add_audit("gone", {NewAudit{1, "score", "1", "2", std::nullopt}}, "r", ada.id, 2000);
    store.add_audit("gone", {NewAudit{1, "score", "2", "1", first.at(0).id}}, "undo", ada.id, 2001);
    chat::TurnRecord turn;
    turn.conversation = chat::ConversationRecord{"generic:c", chat::ChatAddress{chat::ChatPlatform::generic, "c", "", "", ""},
                                           "gone", 6};
    stores.chat->record_turn(turn, 2000);

    const auto counts = store.erase_interview("gone", 9000);
    REQUIRE(counts);
    CHECK(counts->answers == 2);
    CHECK(counts->events == 6);
    CHECK(counts->notes == 1);
    CHECK(counts->overrides == 2);
    CHECK(counts->shares == 1);
    CHECK_FALSE(stores.interviews->find_interview("gone"));
    CHECK(stores.interviews->load_events("gone").empty());
    CHECK_FALSE(stores.interviews->find_client_message("gone", "client-1"));
    CHECK(store.list_notes("gone").empty());
    CHECK(store.list_audit("gone").empty());
    CHECK(store.list_shares("gone").empty());
    CHECK(store.find_invite(invite.id)->interviews == 0);
    CHECK(stores.chat->find_conversation("generic:c")->interview_id.empty());
    const auto found = store.search_answers(fts_phrase_query("redis"));
    CHECK(found.size() == 1);
    CHECK(found.count("kept") == 1);

    const auto tombstone = store.find_tombstone("gone");
    REQUIRE(tombstone);
    CHECK(tombstone->deleted_at_ms == 9000);
    CHECK(tombstone->counts.events == 6);
    CHECK_FALSE(store.find_tombstone("kept"));
    CHECK_FALSE(store.erase_interview("gone", 9001));
    CHECK_FALSE(store.erase_interview("never", 9001));
    CHECK(stores.interviews->load_events("kept").size() == 3);
}
