// The ChatStore contract (conversations, webhook deliveries seen, the outbox), run against every backend.
#include <catch2/catch.hpp>

#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using namespace mi::server::chat;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

TurnRecord sample_turn(std::string conversation_key, std::vector<NewOutboxMessage> outbox) {
    TurnRecord turn;
    turn.conversation = ConversationRecord{"telegram:" + conversation_key,
                                           ChatAddress{ChatPlatform::telegram, conversation_key, conversation_key, "", "u"},
                                           "", 0};
    turn.inbound_keys = {"update:" + conversation_key};
    turn.response_json = R"({"ok":true})";
    turn.outbox = std::move(outbox);
    return turn;
}

}  // namespace

TEMPLATE_TEST_CASE("the outbox store queues each reply once and offers conversations their oldest message first",
                   "[store][contract][chat]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().chat;
    auto turn = sample_turn("1", {{"k1", "sendMessage", "{}"}, {"k2", "sendMessage", "{}"}});
    CHECK(store->record_turn(turn, 1000) == 2);
    CHECK(store->record_turn(turn, 1001) == 0);       // the same replies again: nothing new
    CHECK(store->find_inbound(ChatPlatform::telegram, {"nope", "update:1"}) == std::optional<std::string>(R"({"ok":true})"));
    CHECK_FALSE(store->find_inbound(ChatPlatform::slack, {"update:1"}));

    auto due = store->next_due(ChatPlatform::telegram, 2000, 10);
    REQUIRE(due.size() == 1);                         // only the head of the conversation
    CHECK(due[0].dedupe_key == "k1");
    CHECK(due[0].conversation_id == "telegram:1");
    CHECK(due[0].platform == ChatPlatform::telegram);
    CHECK(due[0].created_at_ms == 1000);
    store->mark_retry(due[0].id, 1, 5000, "HTTP 429");
    CHECK(store->next_due(ChatPlatform::telegram, 2000, 10).empty());   // k2 waits behind k1
    CHECK(store->next_due_at(ChatPlatform::telegram) == std::optional<std::int64_t>(5000));
    store->mark_dead(due[0].id, 2, "HTTP 400");
    due = store->next_due(ChatPlatform::telegram, 2000, 10);
    REQUIRE(due.size() == 1);                         // a dead letter holds nothing up
    CHECK(due[0].dedupe_key == "k2");
    store->mark_sent(due[0].id, 1, 2100);
    CHECK(store->count_outbox(std::nullopt).dead == 1);
    CHECK(store->count_outbox(std::nullopt).sent == 1);
    CHECK(store->count_outbox(ChatPlatform::slack).sent == 0);
    CHECK(store->requeue_dead(std::nullopt, 3000) == 1);
    CHECK(store->next_due(ChatPlatform::telegram, 3000, 10).at(0).attempts == 0);
    CHECK(store->report_link_key() == store->report_link_key());
}

TEMPLATE_TEST_CASE("a conversation keeps its address and interview, and is listed for the catch-up once it has one",
                   "[store][contract][chat]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    stores.interviews->create_interview(NewInterview{"i1", "ab", "backend-developer", "{}", 1000},
                                        {NewEvent{"interview_started", "{}"}});
    auto turn = sample_turn("7", {});
    turn.conversation.address.thread = "th \"1\"";
    CHECK(stores.chat->record_turn(turn, 1000) == 0);
    auto found = stores.chat->find_conversation("telegram:7");
    REQUIRE(found);
    CHECK(found->interview_id.empty());
    CHECK(found->address.thread == "th \"1\"");
    CHECK(found->address.platform == ChatPlatform::telegram);
    CHECK(stores.chat->conversations_with_interviews().empty());

    turn.conversation.interview_id = "i1";
    turn.conversation.projected_through_seq = 1;
    turn.inbound_keys = {"update:8"};
    stores.chat->record_turn(turn, 2000);
    const auto listed = stores.chat->conversations_with_interviews();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].interview_id == "i1");
    CHECK(listed[0].projected_through_seq == 1);
    CHECK_FALSE(stores.chat->find_conversation("telegram:nope"));
}

TEMPLATE_TEST_CASE("dead letters are listed newest first and requeued one by one or all at once",
                   "[store][contract][chat]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto store = backend.open().chat;
    store->record_turn(sample_turn("a", {{"a1", "sendMessage", "{}"}}), 1000);
    store->record_turn(sample_turn("b", {{"b1", "sendMessage", "{}"}}), 1000);
    store->record_turn(sample_turn("c", {{"c1", "sendMessage", "{}"}}), 1000);
    const auto queued = store->list_outbox(OutboxState::queued, 10);
    REQUIRE(queued.size() == 3);
    CHECK(queued[0].dedupe_key == "c1");              // newest first
    CHECK(queued[0].id > queued[1].id);
    for (const auto& entry : queued) store->mark_dead(entry.id, 10, "gave up");
    CHECK(store->list_outbox(std::nullopt, 2).size() == 2);
    const auto dead = store->list_outbox(OutboxState::dead, 10);
    REQUIRE(dead.size() == 3);
    CHECK(dead[0].last_error == "gave up");
    CHECK(dead[0].attempts == 10);
    CHECK(store->requeue_dead(dead[0].id, 2000) == 1);
    CHECK(store->requeue_dead(dead[0].id, 2000) == 0);          // not dead any more
    CHECK(store->requeue_dead(std::int64_t{999999}, 2000) == 0);
    CHECK(store->requeue_dead(std::nullopt, 2000) == 2);
    CHECK(store->count_outbox(ChatPlatform::telegram).queued == 3);
    const auto due = store->next_due(ChatPlatform::telegram, 2000, 2);
    CHECK(due.size() == 2);                                     // the limit holds
}
