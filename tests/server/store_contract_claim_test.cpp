// The outbox claim of ChatStore (several nodes deliver one outbox), run against every backend:
// exactly one of many claimers wins each message, even from threads racing on separate stores.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/server/store_contract_backends.hpp"

using namespace mi::server;
using namespace mi::server::chat;
using mi::test::PostgresBackend;
using mi::test::SqliteBackend;

namespace {

TurnRecord turn_with_replies(const std::string& conversation_key, int replies) {
    TurnRecord turn;
    turn.conversation = ConversationRecord{"generic:" + conversation_key,
                                           ChatAddress{ChatPlatform::generic, conversation_key, conversation_key, "", "u"},
                                           "", 0};
    turn.inbound_keys = {"delivery:" + conversation_key};
    turn.response_json = "{}";
    for (int reply = 0; reply < replies; ++reply) {
        turn.outbox.push_back(NewOutboxMessage{conversation_key + "-" + std::to_string(reply), "callback", "{}"});
    }
    return turn;
}

}  // namespace

TEMPLATE_TEST_CASE("a claimed reply is offered to no one until its lease runs out, and a second claim fails",
                   "[store][contract][chat][multinode]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    auto stores = backend.open();
    auto& store = *stores.chat;
    store.record_turn(turn_with_replies("1", 2), 1000);

    const auto due = store.next_due(ChatPlatform::generic, 2000, 10);
    REQUIRE(due.size() == 1);
    CHECK(store.claim(due[0].id, due[0].next_attempt_at_ms, 12000));
    CHECK_FALSE(store.claim(due[0].id, due[0].next_attempt_at_ms, 13000));     // another node, too late
    CHECK(store.next_due(ChatPlatform::generic, 11999, 10).empty());          // nor the next of its conversation
    CHECK(store.next_due_at(ChatPlatform::generic) == std::optional<std::int64_t>(12000));

    // The claimer died: after the lease the same reply is offered again, with its attempts unchanged.
    const auto again = store.next_due(ChatPlatform::generic, 12000, 10);
    REQUIRE(again.size() == 1);
    CHECK(again[0].id == due[0].id);
    CHECK(again[0].attempts == 0);
    CHECK(store.claim(again[0].id, again[0].next_attempt_at_ms, 20000));
    store.mark_sent(again[0].id, 1, 12500);
    CHECK_FALSE(store.claim(again[0].id, 20000, 30000));                       // sent: nothing to claim
    CHECK(store.next_due(ChatPlatform::generic, 12500, 10).size() == 1);        // the next reply is the head now
}

TEMPLATE_TEST_CASE("of nodes claiming the same replies at once, exactly one wins each",
                   "[store][contract][chat][multinode]", SqliteBackend, PostgresBackend) {
    const TestType backend;
    constexpr int conversations = 20;
    constexpr int nodes = 4;
    std::vector<Stores> node_stores;
    for (int node = 0; node < nodes; ++node) node_stores.push_back(backend.open());
    for (int conversation = 0; conversation < conversations; ++conversation) {
        node_stores[0].chat->record_turn(turn_with_replies(std::to_string(conversation), 1), 1000);
    }
    const auto due = node_stores[0].chat->next_due(ChatPlatform::generic, 2000, 100);
    REQUIRE(due.size() == conversations);

    std::atomic<int> wins{0};
    std::vector<std::atomic<int>> wins_per_reply(conversations);
    std::vector<std::thread> threads;
    for (int node = 0; node < nodes; ++node) {
        threads.emplace_back([&, node] {
            for (int index = 0; index < conversations; ++index) {
                if (node_stores[static_cast<std::size_t>(node)].chat->claim(due[static_cast<std::size_t>(index)].id,
                                                                          due[static_cast<std::size_t>(index)].next_attempt_at_ms,
                                                                          60000 + node)) {
                    ++wins;
                    ++wins_per_reply[static_cast<std::size_t>(index)];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(wins == conversations);
    for (const auto& count : wins_per_reply) CHECK(count == 1);
}
