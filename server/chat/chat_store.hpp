// Durable state of the chat integrations, beside the interviews in the same database (schema
// migration 3): which interview each conversation holds, which webhook deliveries were already
// handled (and what was answered), and the outbox of replies waiting to go out.
//
// Contracts:
// - record_turn is all-or-nothing: the deliveries it remembers, the conversation's progress and
//   its outbox messages commit together, so a retried webhook either finds the turn recorded or
//   finds nothing and is handled again, and a reply is never queued twice (each outbox message
//   has a dedupe key, unique across the table; one already there is left as it is).
// - The outbox is delivered per conversation in id order: next_due offers only the oldest queued
//   message of each conversation. A dead letter no longer holds the queue up.
// - Several nodes deliver one outbox: a node sends a message only once claim() succeeded, which
//   moves its next attempt past the claim's lease in one compare-and-set, so no other node is
//   offered it meanwhile. A node killed mid-delivery leaves the claim to run out; the message is
//   then sent again by any node (as after a restart; the generic callback's Idempotency-Key).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/chat/chat_inbound.hpp"

namespace mi::server::chat {

struct ConversationRecord {
    std::string id;                         // "<platform>:<conversation_key>"
    ChatAddress address;
    std::string interview_id;               // its current interview; empty before the first
    std::int64_t projected_through_seq = 0; // the newest event of that interview already turned into replies
};

enum class OutboxState { queued, sent, dead };

[[nodiscard]] std::string_view to_string(OutboxState state);
[[nodiscard]] std::optional<OutboxState> parse_outbox_state(std::string_view text);

struct NewOutboxMessage {
    std::string dedupe_key;                 // unique per reply part: a second enqueue of it is a no-op
    std::string method;                     // the platform API method ("sendMessage") or "callback"
    std::string payload_json;               // the request body, without credentials
};

struct OutboxEntry {
    std::int64_t id = 0;
    ChatPlatform platform = ChatPlatform::generic;
    std::string conversation_id;
    std::string dedupe_key;
    std::string method;
    std::string payload_json;
    OutboxState state = OutboxState::queued;
    int attempts = 0;                       // failed attempts so far
    std::int64_t next_attempt_at_ms = 0;    // Unix ms; the message is not offered before
    std::string last_error;
    std::int64_t created_at_ms = 0;
    std::int64_t sent_at_ms = 0;            // 0 until sent
};

struct OutboxCounts {
    std::int64_t queued = 0, sent = 0, dead = 0;
};

// One handled webhook delivery and everything it changes.
struct TurnRecord {
    ConversationRecord conversation;        // as it stands after the turn (created when new)
    std::vector<std::string> inbound_keys;  // remembered with `response_json`
    std::string response_json;              // what the webhook was answered
    std::vector<NewOutboxMessage> outbox;
};

class ChatStore {
public:
    virtual ~ChatStore() = default;

    [[nodiscard]] virtual std::optional<ConversationRecord> find_conversation(std::string_view id) = 0;
    // Every conversation holding an interview, for the catch-up at start-up.
    [[nodiscard]] virtual std::vector<ConversationRecord> conversations_with_interviews() = 0;
    // The response stored with the first of `keys` already seen on `platform`, if any.
    [[nodiscard]] virtual std::optional<std::string> find_inbound(ChatPlatform platform,
                                                                  const std::vector<std::string>& keys) = 0;
    // Returns how many of the turn's outbox messages were new.
    virtual std::size_t record_turn(const TurnRecord& turn, std::int64_t now_ms) = 0;

    // Delivery: the oldest queued message of each conversation of `platform`, due by `now_ms`.
    [[nodiscard]] virtual std::vector<OutboxEntry> next_due(ChatPlatform platform, std::int64_t now_ms,
                                                            std::size_t limit) = 0;
    // When the next of those heads falls due (queued messages only), if there is one.
    [[nodiscard]] virtual std::optional<std::int64_t> next_due_at(ChatPlatform platform) = 0;
    // Claims a message offered by next_due for one delivery attempt: true when it is still queued
    // with the next attempt `seen_next_attempt_at_ms` (as offered), which then becomes
    // `lease_until_ms`; false when another node claimed or marked it first (do not send it).
    [[nodiscard]] virtual bool claim(std::int64_t id, std::int64_t seen_next_attempt_at_ms, std::int64_t lease_until_ms) = 0;
    virtual void mark_sent(std::int64_t id, int attempts, std::int64_t now_ms) = 0;
    virtual void mark_retry(std::int64_t id, int attempts, std::int64_t next_attempt_at_ms, std::string_view error) = 0;
    virtual void mark_dead(std::int64_t id, int attempts, std::string_view error) = 0;

    // Operators (mock-interviewer outbox): newest first; `state` empty for every state.
    [[nodiscard]] virtual std::vector<OutboxEntry> list_outbox(std::optional<OutboxState> state, std::size_t limit) = 0;
    // Puts dead letters back in the queue with a fresh count of attempts: one (`id`) or all.
    // Returns how many.
    virtual std::size_t requeue_dead(std::optional<std::int64_t> id, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual OutboxCounts count_outbox(std::optional<ChatPlatform> platform) = 0;

    // The key report links are signed with; made (randomly) on first use and kept.
    [[nodiscard]] virtual std::string report_link_key() = 0;
};

// Opens the chat tables of the database at `path`, which open_sqlite_store has already brought
// to schema version 3 or later. Throws StoreError naming the file and the problem.
[[nodiscard]] std::unique_ptr<ChatStore> open_sqlite_chat_store(const std::filesystem::path& path);

}  // namespace mi::server::chat
