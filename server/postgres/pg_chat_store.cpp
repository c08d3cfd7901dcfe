// The PostgreSQL backend of ChatStore: the SQLite store's statements with $n parameters, each
// write one transaction on a pooled connection. Outbox ids come from an identity column, so nodes
// enqueueing at once never pick the same id.
#include <utility>

#include "server/chat/chat_address_json.hpp"
#include "server/postgres/pg_stores.hpp"
#include "server/secret_token.hpp"

namespace mi::server::postgres {

namespace {

using namespace mi::server::chat;

constexpr std::string_view outbox_columns =
    "id, platform, conversation_id, dedupe_key, method, payload_json, state, attempts, next_attempt_at_ms, "
    "last_error, created_at_ms, COALESCE(sent_at_ms, 0)";

// The oldest queued message of each conversation (the outbox is delivered per conversation in order).
constexpr std::string_view conversation_head =
    "o.id = (SELECT MIN(i.id) FROM chat_outbox i WHERE i.conversation_id = o.conversation_id AND i.state = 'queued')";

OutboxEntry read_outbox(const PgResult& rows, int row) {
    OutboxEntry entry;
    entry.id = rows.integer(row, 0);
    entry.platform = parse_chat_platform(rows.text(row, 1)).value_or(ChatPlatform::generic);
    entry.conversation_id = rows.text(row, 2);
    entry.dedupe_key = rows.text(row, 3);
    entry.method = rows.text(row, 4);
    entry.payload_json = rows.text(row, 5);
    entry.state = parse_outbox_state(rows.text(row, 6)).value_or(OutboxState::queued);
    entry.attempts = static_cast<int>(rows.integer(row, 7));
    entry.next_attempt_at_ms = rows.integer(row, 8);
    entry.last_error = rows.text(row, 9);
    entry.created_at_ms = rows.integer(row, 10);
    entry.sent_at_ms = rows.integer(row, 11);
    return entry;
}

std::vector<OutboxEntry> read_outbox_rows(const PgResult& rows) {
    std::vector<OutboxEntry> entries;
    for (int row = 0; row < rows.rows(); ++row) entries.push_back(read_outbox(rows, row));
    return entries;
}

std::vector<ConversationRecord> read_conversations(const PgResult& rows) {
    std::vector<ConversationRecord> records;
    for (int row = 0; row < rows.rows(); ++row) {
        records.push_back(ConversationRecord{rows.text(row, 0), address_from_json(rows.text(row, 1)), rows.text(row, 2),
                                             rows.integer(row, 3)});
    }
    return records;
}

class PostgresChatStore final : public ChatStore {
public:
    explicit PostgresChatStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    std::optional<ConversationRecord> find_conversation(std::string_view id) override {
        auto connection = pool_->acquire();
        auto found = read_conversations(
            connection->exec("SELECT id, address_json, COALESCE(interview_id, ''), projected_through_seq "
                             "FROM chat_conversations WHERE id = $1",
                             {id}));
        if (found.empty()) return std::nullopt;
        return std::move(found.front());
    }

    std::vector<ConversationRecord> conversations_with_interviews() override {
        auto connection = pool_->acquire();
        return read_conversations(connection->exec("SELECT id, address_json, interview_id, projected_through_seq "
                                                   "FROM chat_conversations WHERE interview_id IS NOT NULL ORDER BY id"));
    }

    std::optional<std::string> find_inbound(ChatPlatform platform, const std::vector<std::string>& keys) override {
        auto connection = pool_->acquire();
        for (const auto& key : keys) {
            const auto rows = connection->exec(
                "SELECT response_json FROM chat_inbound WHERE platform = $1 AND dedupe_key = $2", {to_string(platform), key});
            if (!rows.empty()) return rows.text(0, 0);
        }
        return std::nullopt;
    }

    std::size_t record_turn(const TurnRecord& turn, std::int64_t now_ms) override {
        return in_transaction(*pool_, [&](PgConnection& connection) {
            const auto& conversation = turn.conversation;
            const auto platform = to_string(conversation.address.platform);
            (void)connection.exec(
                "INSERT INTO chat_conversations (id, platform, address_json, interview_id, projected_through_seq, "
                "created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $6) "
                "ON CONFLICT (id) DO UPDATE SET address_json = excluded.address_json, "
                "interview_id = excluded.interview_id, projected_through_seq = excluded.projected_through_seq, "
                "updated_at_ms = excluded.updated_at_ms",
                {conversation.id, platform, address_to_json(conversation.address),
                 conversation.interview_id.empty() ? PgParam(std::nullopt) : PgParam(conversation.interview_id),
                 conversation.projected_through_seq, now_ms});
            for (const auto& key : turn.inbound_keys) {
                (void)connection.exec("INSERT INTO chat_inbound (platform, dedupe_key, response_json, received_at_ms) "
                                      "VALUES ($1, $2, $3, $4) ON CONFLICT (platform, dedupe_key) DO NOTHING",
                                      {platform, key, turn.response_json, now_ms});
            }
            std::size_t added = 0;
            for (const auto& message : turn.outbox) {
                const auto inserted = connection.exec(
                    "INSERT INTO chat_outbox (platform, conversation_id, dedupe_key, method, payload_json, state, attempts, "
                    "next_attempt_at_ms, created_at_ms) VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $6) "
                    "ON CONFLICT (dedupe_key) DO NOTHING",
                    {platform, conversation.id, message.dedupe_key, message.method, message.payload_json, now_ms});
                if (inserted.affected() == 1) ++added;
            }
            return added;
        });
    }

    std::vector<OutboxEntry> next_due(ChatPlatform platform, std::int64_t now_ms, std::size_t limit) override {
        auto connection = pool_->acquire();
        return read_outbox_rows(connection->exec(
            "SELECT " + std::string(outbox_columns) + " FROM chat_outbox o "
            "WHERE o.platform = $1 AND o.state = 'queued' AND o.next_attempt_at_ms <= $2 AND " +
                std::string(conversation_head) + " ORDER BY o.next_attempt_at_ms, o.id LIMIT $3",
            {to_string(platform), now_ms, static_cast<std::int64_t>(limit)}));
    }

    std::optional<std::int64_t> next_due_at(ChatPlatform platform) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT MIN(o.next_attempt_at_ms) FROM chat_outbox o "
                                           "WHERE o.platform = $1 AND o.state = 'queued' AND " +
                                               std::string(conversation_head),
                                           {to_string(platform)});
        if (rows.empty() || rows.is_null(0, 0)) return std::nullopt;
        return rows.integer(0, 0);
    }

    // A row-level compare-and-set: of two nodes claiming at once, the second waits for the first's
    // row lock, then finds the next attempt moved and claims nothing (READ COMMITTED re-checks it).
    bool claim(std::int64_t id, std::int64_t seen_next_attempt_at_ms, std::int64_t lease_until_ms) override {
        auto connection = pool_->acquire();
        return connection
                   ->exec("UPDATE chat_outbox SET next_attempt_at_ms = $1 "
                          "WHERE id = $2 AND state = 'queued' AND next_attempt_at_ms = $3",
                          {lease_until_ms, id, seen_next_attempt_at_ms})
                   .affected() == 1;
    }

    void mark_sent(std::int64_t id, int attempts, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        (void)connection->exec(
            "UPDATE chat_outbox SET state = 'sent', attempts = $1, sent_at_ms = $2, last_error = '' WHERE id = $3",
            {attempts, now_ms, id});
    }

    void mark_retry(std::int64_t id, int attempts, std::int64_t next_attempt_at_ms, std::string_view error) override {
        auto connection = pool_->acquire();
        (void)connection->exec("UPDATE chat_outbox SET attempts = $1, next_attempt_at_ms = $2, last_error = $3 WHERE id = $4",
                               {attempts, next_attempt_at_ms, error, id});
    }

    void mark_dead(std::int64_t id, int attempts, std::string_view error) override {
        auto connection = pool_->acquire();
        (void)connection->exec("UPDATE chat_outbox SET state = 'dead', attempts = $1, last_error = $2 WHERE id = $3",
                               {attempts, error, id});
    }

    std::vector<OutboxEntry> list_outbox(std::optional<OutboxState> state, std::size_t limit) override {
        auto connection = pool_->acquire();
        const auto sql = "SELECT " + std::string(outbox_columns) + " FROM chat_outbox " +
                         (state ? "WHERE state = $2 " : "") + "ORDER BY id DESC LIMIT $1";
        PgParams params{static_cast<std::int64_t>(limit)};
        if (state) params.emplace_back(to_string(*state));
        return read_outbox_rows(connection->exec(sql, params));
    }

    std::size_t requeue_dead(std::optional<std::int64_t> id, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        const auto sql = std::string("UPDATE chat_outbox SET state = 'queued', attempts = 0, next_attempt_at_ms = $1 "
                                     "WHERE state = 'dead'") +
                         (id ? " AND id = $2" : "");
        PgParams params{now_ms};
        if (id) params.emplace_back(*id);
        return static_cast<std::size_t>(connection->exec(sql, params).affected());
    }

    OutboxCounts count_outbox(std::optional<ChatPlatform> platform) override {
        auto connection = pool_->acquire();
        PgParams params;
        if (platform) params.emplace_back(to_string(*platform));
        const auto rows = connection->exec(std::string("SELECT state, COUNT(*) FROM chat_outbox ") +
                                               (platform ? "WHERE platform = $1 " : "") + "GROUP BY state",
                                           params);
        OutboxCounts counts;
        for (int row = 0; row < rows.rows(); ++row) {
            const auto state = parse_outbox_state(rows.text(row, 0));
            if (state == OutboxState::queued) counts.queued = rows.integer(row, 1);
            if (state == OutboxState::sent) counts.sent = rows.integer(row, 1);
            if (state == OutboxState::dead) counts.dead = rows.integer(row, 1);
        }
        return counts;
    }

    // Two nodes asking at once: the second INSERT waits for the first to commit, does nothing,
    // and both read the one key.
    std::string report_link_key() override {
        return in_transaction(*pool_, [&](PgConnection& connection) {
            (void)connection.exec("INSERT INTO chat_settings (name, value) VALUES ('report_link_key', $1) "
                                  "ON CONFLICT (name) DO NOTHING",
                                  {generate_token()});
            return connection.exec("SELECT value FROM chat_settings WHERE name = 'report_link_key'").text(0, 0);
        });
    }

private:
    std::shared_ptr<PgPool> pool_;
};

}  // namespace

std::unique_ptr<ChatStore> open_postgres_chat_store(std::shared_ptr<PgPool> pool) {
    return std::make_unique<PostgresChatStore>(std::move(pool));
}

}  // namespace mi::server::postgres
