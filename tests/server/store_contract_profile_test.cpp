// The ProfileStore contract (profiles, device secrets, owned interviews, chat identities and
// their merging, deletion), run against every backend, and what erasing an owned interview
// takes with it.
#include <catch2/catch.hpp>

#include <thread>

#include "server/sqlite_store.hpp"
#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using namespace mi::server::profiles;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

void add_interview(InterviewStore& store, const std::string& id, std::int64_t created_at_ms) {
    store.create_interview(NewInterview{id, "ab12", "backend-developer", R"({"role":"backend-developer"})", created_at_ms},
                           {NewEvent{"interview_started", R"({"type":"interview_started"})"}});
}

}  // namespace

TEMPLATE_TEST_CASE("a profile is found by any of its secrets' hashes and by its recovery code's",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("p1", "secret-hash-1", "recovery-hash", 1000);
    const auto found = profiles.find_by_secret_hash("secret-hash-1");
    REQUIRE(found);
    CHECK(found->id == "p1");
    CHECK(found->recovery_sha256 == "recovery-hash");
    CHECK(found->created_at_ms == 1000);
    CHECK(found->devices == 1);
    CHECK_FALSE(profiles.find_by_secret_hash("secret-hash-2"));
    REQUIRE(profiles.find_by_recovery_hash("recovery-hash"));
    profiles.add_secret("p1", "secret-hash-2", 2000);
    CHECK(profiles.find_by_secret_hash("secret-hash-2")->devices == 2);
    CHECK(profiles.find_by_secret_hash("secret-hash-1")->id == "p1");   // the first device keeps working
    CHECK_THROWS_AS(profiles.create_profile("p2", "secret-hash-1", "other", 3000), StoreError);
    CHECK_FALSE(profiles.find_by_recovery_hash("other"));                // the failed create left nothing behind
    CHECK_THROWS_AS(profiles.create_profile("p1", "secret-hash-3", "third", 3000), StoreError);
}

TEMPLATE_TEST_CASE("a profile lists the interviews it owns, oldest first, with their kind",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("p1", "s1", "r1", 1000);
    profiles.create_profile("p2", "s2", "r2", 1000);
    add_interview(*stores.interviews, "later", 3000);
    add_interview(*stores.interviews, "earlier", 2000);
    add_interview(*stores.interviews, "someone-else", 2500);
    profiles.add_interview("p1", "later", OwnedKind::drill, 3000);
    profiles.add_interview("p1", "earlier", OwnedKind::interview, 2000);
    profiles.add_interview("p2", "someone-else", OwnedKind::interview, 2500);
    const auto owned = profiles.list_interviews("p1");
    REQUIRE(owned.size() == 2);
    CHECK(owned[0].record.id == "earlier");
    CHECK(owned[0].record.role_id == "backend-developer");
    CHECK(owned[0].record.created_at_ms == 2000);
    CHECK(owned[0].record.last_seq == 1);
    CHECK(owned[0].kind == OwnedKind::interview);
    CHECK(owned[1].record.id == "later");
    CHECK(owned[1].kind == OwnedKind::drill);
    const auto events = profiles.load_events("earlier");
    REQUIRE(events.size() == 1);
    CHECK(events[0].type == "interview_started");
    CHECK(profiles.list_interviews("nobody").empty());
    CHECK_THROWS_AS(profiles.add_interview("p1", "no-such-interview", OwnedKind::interview, 1), StoreError);
    CHECK_THROWS_AS(profiles.add_interview("no-such-profile", "later", OwnedKind::interview, 1), StoreError);
}

TEMPLATE_TEST_CASE("deleting a profile removes it and its secrets, and leaves the others",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("p1", "s1", "r1", 1000);
    profiles.create_profile("p2", "s2", "r2", 1000);
    add_interview(*stores.interviews, "i2", 2000);
    profiles.add_interview("p2", "i2", OwnedKind::interview, 2000);
    CHECK(profiles.delete_profile("p1"));
    CHECK_FALSE(profiles.find_by_secret_hash("s1"));
    CHECK_FALSE(profiles.find_by_recovery_hash("r1"));
    CHECK_FALSE(profiles.delete_profile("p1"));
    CHECK(profiles.list_interviews("p2").size() == 1);
    CHECK(profiles.find_by_secret_hash("s2"));
}

TEMPLATE_TEST_CASE("a chat identity belongs to one profile, and linking it merges its earlier profile in",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("web", "web-secret", "web-recovery", 1000);
    profiles.create_chat_profile("chat", "chat-recovery", "slack", "U1", 1500);
    CHECK_FALSE(profiles.find_by_chat_identity("telegram", "U1"));
    const auto chat = profiles.find_by_chat_identity("slack", "U1");
    REQUIRE(chat);
    CHECK(chat->id == "chat");
    CHECK(chat->devices == 0);
    CHECK_THROWS_AS(profiles.create_chat_profile("again", "other", "slack", "U1", 1600), StoreError);
    CHECK_FALSE(profiles.find_by_recovery_hash("other"));   // the refused profile was not kept
    add_interview(*stores.interviews, "on-the-web", 2000);
    add_interview(*stores.interviews, "in-chat", 2500);
    profiles.add_interview("web", "on-the-web", OwnedKind::interview, 2000);
    profiles.add_interview("chat", "in-chat", OwnedKind::interview, 2500);

    CHECK(profiles.link_chat_identity("slack", "U1", "web", 3000) == 1);
    CHECK(profiles.find_by_chat_identity("slack", "U1")->id == "web");
    const auto owned = profiles.list_interviews("web");
    REQUIRE(owned.size() == 2);
    CHECK(owned[1].record.id == "in-chat");
    CHECK_FALSE(profiles.find_by_recovery_hash("chat-recovery"));   // the merged profile is gone
    CHECK(profiles.list_interviews("chat").empty());
    CHECK(profiles.link_chat_identity("slack", "U1", "web", 3100) == 0);      // linked already: nothing moves
    CHECK(profiles.link_chat_identity("telegram", "42", "web", 3200) == 0);   // a new identity joins
    CHECK(profiles.find_by_chat_identity("telegram", "42")->id == "web");

    profiles.replace_recovery_hash("web", "new-recovery");
    CHECK_FALSE(profiles.find_by_recovery_hash("web-recovery"));
    CHECK(profiles.find_by_recovery_hash("new-recovery")->id == "web");
    CHECK(profiles.delete_profile("web"));
    CHECK_FALSE(profiles.find_by_chat_identity("slack", "U1"));
    CHECK_FALSE(profiles.find_by_chat_identity("telegram", "42"));
}

TEMPLATE_TEST_CASE("merging moves the earlier profile's device secrets, which then find the profile linked to",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("web", "web-secret", "web-recovery", 1000);
    profiles.create_chat_profile("chat", "chat-recovery", "telegram", "7", 1500);
    profiles.add_secret("chat", "chat-device", 1600);     // the chat profile's recovery code was used on a device
    profiles.create_chat_profile("other", "other-recovery", "slack", "U9", 1700);
    profiles.link_chat_identity("slack", "U9", "chat", 1800);   // "chat" now holds two identities
    CHECK(profiles.link_chat_identity("telegram", "7", "web", 2000) == 0);
    CHECK(profiles.find_by_secret_hash("chat-device")->id == "web");
    CHECK(profiles.find_by_secret_hash("web-secret")->devices == 2);
    CHECK(profiles.find_by_chat_identity("slack", "U9")->id == "web");   // every identity moved with it
}

TEMPLATE_TEST_CASE("two links of one chat identity at once leave it with one profile, the other merged in",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& profiles = *stores.profiles;
    profiles.create_profile("a", "secret-a", "recovery-a", 1000);
    profiles.create_profile("b", "secret-b", "recovery-b", 1000);
    // Whichever commits first links the identity; the second then finds it owned and merges.
    std::thread other([&profiles] { profiles.link_chat_identity("slack", "U1", "a", 2000); });
    profiles.link_chat_identity("slack", "U1", "b", 2000);
    other.join();
    const auto owner = profiles.find_by_chat_identity("slack", "U1");
    REQUIRE(owner);
    CHECK((owner->id == "a" || owner->id == "b"));
    CHECK(owner->devices == 2);
    CHECK(profiles.find_by_secret_hash("secret-a")->id == owner->id);
    CHECK(profiles.find_by_secret_hash("secret-b")->id == owner->id);
    CHECK_FALSE(profiles.find_by_recovery_hash(owner->id == "a" ? "recovery-b" : "recovery-a"));
}

TEMPLATE_TEST_CASE("erasing an owned interview unlinks it from its profile and takes its chat replies",
                   "[store][contract][profiles]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    stores.profiles->create_chat_profile("p1", "r1", "telegram", "5", 1000);
    add_interview(*stores.interviews, "gone", 2000);
    add_interview(*stores.interviews, "kept", 2100);
    stores.profiles->add_interview("p1", "gone", OwnedKind::interview, 2000);
    stores.profiles->add_interview("p1", "kept", OwnedKind::drill, 2100);
    chat::TurnRecord turn;
    turn.conversation = chat::ConversationRecord{
        "telegram:5", chat::ChatAddress{chat::ChatPlatform::telegram, "5", "5", "", "u"}, "gone", 1};
    turn.inbound_keys = {"update:1"};
    turn.response_json = R"({"ok":true,"interview":"gone"})";
    turn.outbox = {{"telegram:5#gone:1", "sendMessage", R"({"text":"question"})"},
                   {"telegram:5#report", "sendMessage", R"({"text":"report of gone"})"},
                   {"telegram:5#kept:1", "sendMessage", R"({"text":"another question"})"}};
    REQUIRE(stores.chat->record_turn(turn, 2200) == 3);

    REQUIRE(stores.coach->erase_interview("gone", 3000));
    const auto owned = stores.profiles->list_interviews("p1");
    REQUIRE(owned.size() == 1);
    CHECK(owned[0].record.id == "kept");
    const auto outbox = stores.chat->list_outbox(std::nullopt, 10);
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].dedupe_key == "telegram:5#kept:1");
    CHECK(stores.chat->find_inbound(chat::ChatPlatform::telegram, {"update:1"}) ==
          std::optional<std::string>(R"({"ok":true,"erased":true})"));
    CHECK(stores.profiles->delete_profile("p1"));
}

TEMPLATE_TEST_CASE("profiles outlive a restart of the store", "[store][contract][profiles]", SqliteBackend,
                   PostgresBackend) {
    const TestType backend;
    {
        auto stores = backend.open();
        stores.profiles->create_profile("p1", "s1", "r1", 1000);
        stores.profiles->create_chat_profile("p2", "r2", "slack", "U1", 1100);
    }
    auto reopened = backend.open();
    CHECK(reopened.profiles->find_by_secret_hash("s1")->id == "p1");
    CHECK(reopened.profiles->find_by_chat_identity("slack", "U1")->id == "p2");
    CHECK(reopened.interviews->schema_version() == latest_schema_version());
}
