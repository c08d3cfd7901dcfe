// The SQLite backend of ChatStore: its own connection to the interviews' database, with the same
// durability settings (WAL, synchronous=FULL, busy_timeout; see sqlite_store.cpp). Its writers
// are the interview thread (turns) and the delivery threads (outbox updates); each call takes
// the mutex, and each write is one short transaction.
#include "server/chat/chat_store.hpp"

#include <mutex>

#include "server/chat/chat_address_json.hpp"
#include "server/secret_token.hpp"
#include "server/sqlite_statement.hpp"

namespace mi::server::chat {

namespace {

// The first schema version with the chat tables.
constexpr int chat_schema_version = 3;

constexpr std::string_view outbox_columns =
    "id, platform, conversation_id, dedupe_key, method, payload_json, state, attempts, next_attempt_at_ms, "
    "last_error, created_at_ms, COALESCE(sent_at_ms, 0)";

OutboxEntry read_outbox(const SqliteStatement& row) {
    OutboxEntry entry;
    entry.id = row.integer(0);
    entry.platform = parse_chat_platform(row.text(1)).value_or(ChatPlatform::generic);
    entry.conversation_id = row.text(2);
    entry.dedupe_key = row.text(3);
    entry.method = row.text(4);
    entry.payload_json = row.text(5);
    entry.state = parse_outbox_state(row.text(6)).value_or(OutboxState::queued);
    entry.attempts = static_cast<int>(row.integer(7));
    entry.next_attempt_at_ms = row.integer(8);
    entry.last_error = row.text(9);
    entry.created_at_ms = row.integer(10);
    entry.sent_at_ms = row.integer(11);
    return entry;
}

ConversationRecord read_conversation(const SqliteStatement& row) {
    return ConversationRecord{row.text(0), address_from_json(row.text(1)), row.text(2), row.integer(3)};
}

class SqliteChatStore final : public ChatStore {
public:
    explicit SqliteChatStore(const std::filesystem::path& path)
        : db_(open_side_store_connection(path, chat_schema_version, "chat tables")) {}
    ~SqliteChatStore() override { sqlite3_close(db_); }
    SqliteChatStore(const SqliteChatStore&) = delete;
    SqliteChatStore& operator=(const SqliteChatStore&) = delete;

    std::optional<ConversationRecord> find_conversation(std::string_view id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT id, address_json, COALESCE(interview_id, ''), projected_through_seq "
                                    "FROM chat_conversations WHERE id = ?");
        select.bind(1, id);
        if (!select.step()) return std::nullopt;
        return read_conversation(select);
    }

    std::vector<ConversationRecord> conversations_with_interviews() override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT id, address_json, interview_id, projected_through_seq "
                                    "FROM chat_conversations WHERE interview_id IS NOT NULL ORDER BY id");
        std::vector<ConversationRecord> records;
        while (select.step()) records.push_back(read_conversation(select));
        return records;
    }

    std::optional<std::string> find_inbound(ChatPlatform platform, const std::vector<std::string>& keys) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT response_json FROM chat_inbound WHERE platform = ? AND dedupe_key = ?");
        for (const auto& key : keys) {
            select.bind(1, to_string(platform)).bind(2, key);
            if (select.step()) return select.text(0);
            select.reset();
        }
        return std::nullopt;
    }

    std::size_t record_turn(const TurnRecord& turn, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        const auto& conversation = turn.conversation;
        const auto platform = to_string(conversation.address.platform);
        SqliteStatement upsert(db_, "INSERT INTO chat_conversations (id, platform, address_json, interview_id, "
                                    "projected_through_seq, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                    "ON CONFLICT (id) DO UPDATE SET address_json = excluded.address_json, "
                                    "interview_id = excluded.interview_id, "
                                    "projected_through_seq = excluded.projected_through_seq, "
                                    "updated_at_ms = excluded.updated_at_ms");
        upsert.bind(1, conversation.id).bind(2, platform).bind(3, address_to_json(conversation.address));
        if (conversation.interview_id.empty()) {
            upsert.bind_null(4);
        } else {
            upsert.bind(4, conversation.interview_id);
        }
        upsert.bind(5, conversation.projected_through_seq).bind(6, now_ms).bind(7, now_ms);
        upsert.run();

        SqliteStatement remember(db_, "INSERT INTO chat_inbound (platform, dedupe_key, response_json, received_at_ms) "
                                      "VALUES (?, ?, ?, ?) ON CONFLICT (platform, dedupe_key) DO NOTHING");
        for (const auto& key : turn.inbound_keys) {
            remember.bind(1, platform).bind(2, key).bind(3, turn.response_json).bind(4, now_ms);
            remember.run();
            remember.reset();
        }

        std::size_t added = 0;
        SqliteStatement next_id(db_, "SELECT COALESCE(MAX(id), 0) + 1 FROM chat_outbox");
        next_id.step();
        std::int64_t id = next_id.integer(0);
        SqliteStatement enqueue(db_, "INSERT INTO chat_outbox (id, platform, conversation_id, dedupe_key, method, "
                                     "payload_json, state, attempts, next_attempt_at_ms, created_at_ms) "
                                     "VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING");
        for (const auto& message : turn.outbox) {
            enqueue.bind(1, id).bind(2, platform).bind(3, conversation.id).bind(4, message.dedupe_key)
                .bind(5, message.method).bind(6, message.payload_json).bind(7, now_ms).bind(8, now_ms);
            enqueue.run();
            enqueue.reset();
            if (sqlite3_changes(db_) == 1) {
                ++added;
                ++id;
            }
        }
        transaction.commit();
        return added;
    }

    std::vector<OutboxEntry> next_due(ChatPlatform platform, std::int64_t now_ms, std::size_t limit) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT " + std::string(outbox_columns) + " FROM chat_outbox o "
                                    "WHERE o.platform = ? AND o.state = 'queued' AND o.next_attempt_at_ms <= ? "
                                    "AND o.id = (SELECT MIN(i.id) FROM chat_outbox i "
                                    "            WHERE i.conversation_id = o.conversation_id AND i.state = 'queued') "
                                    "ORDER BY o.next_attempt_at_ms, o.id LIMIT ?");
        select.bind(1, to_string(platform)).bind(2, now_ms).bind(3, static_cast<std::int64_t>(limit));
        std::vector<OutboxEntry> entries;
        while (select.step()) entries.push_back(read_outbox(select));
        return entries;
    }

    std::optional<std::int64_t> next_due_at(ChatPlatform platform) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT MIN(o.next_attempt_at_ms) FROM chat_outbox o "
                                    "WHERE o.platform = ? AND o.state = 'queued' "
                                    "AND o.id = (SELECT MIN(i.id) FROM chat_outbox i "
                                    "            WHERE i.conversation_id = o.conversation_id AND i.state = 'queued')");
        select.bind(1, to_string(platform));
        if (!select.step() || select.is_null(0)) return std::nullopt;
        return select.integer(0);
    }

    bool claim(std::int64_t id, std::int64_t seen_next_attempt_at_ms, std::int64_t lease_until_ms) override {
        // One statement is one transaction: of two processes claiming at once, the second finds
        // the next attempt already moved.
        const std::lock_guard lock(mutex_);
        SqliteStatement statement(db_, "UPDATE chat_outbox SET next_attempt_at_ms = ? "
                                       "WHERE id = ? AND state = 'queued' AND next_attempt_at_ms = ?");
        statement.bind(1, lease_until_ms).bind(2, id).bind(3, seen_next_attempt_at_ms);
        statement.run();
        return sqlite3_changes(db_) == 1;
    }

    void mark_sent(std::int64_t id, int attempts, std::int64_t now_ms) override {
        update("UPDATE chat_outbox SET state = 'sent', attempts = ?, sent_at_ms = ?, last_error = '' WHERE id = ?",
               [&](SqliteStatement& statement) { statement.bind(1, std::int64_t{attempts}).bind(2, now_ms).bind(3, id); });
    }

    void mark_retry(std::int64_t id, int attempts, std::int64_t next_attempt_at_ms, std::string_view error) override {
        update("UPDATE chat_outbox SET attempts = ?, next_attempt_at_ms = ?, last_error = ? WHERE id = ?",
               [&](SqliteStatement& statement) {
                   statement.bind(1, std::int64_t{attempts}).bind(2, next_attempt_at_ms).bind(3, error).bind(4, id);
               });
    }

    void mark_dead(std::int64_t id, int attempts, std::string_view error) override {
        update("UPDATE chat_outbox SET state = 'dead', attempts = ?, last_error = ? WHERE id = ?",
               [&](SqliteStatement& statement) { statement.bind(1, std::int64_t{attempts}).bind(2, error).bind(3, id); });
    }

    std::vector<OutboxEntry> list_outbox(std::optional<OutboxState> state, std::size_t limit) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT " + std::string(outbox_columns) + " FROM chat_outbox " +
                                        (state ? "WHERE state = ? " : "") + "ORDER BY id DESC LIMIT ?");
        int index = 1;
        if (state) select.bind(index++, to_string(*state));
        select.bind(index, static_cast<std::int64_t>(limit));
        std::vector<OutboxEntry> entries;
        while (select.step()) entries.push_back(read_outbox(select));
        return entries;
    }

    std::size_t requeue_dead(std::optional<std::int64_t> id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        SqliteStatement requeue(db_, std::string("UPDATE chat_outbox SET state = 'queued', attempts = 0, "
                                                 "next_attempt_at_ms = ? WHERE state = 'dead'") +
                                         (id ? " AND id = ?" : ""));
        requeue.bind(1, now_ms);
        if (id) requeue.bind(2, *id);
        requeue.run();
        const auto changed = static_cast<std::size_t>(sqlite3_changes(db_));
        transaction.commit();
        return changed;
    }

    OutboxCounts count_outbox(std::optional<ChatPlatform> platform) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string("SELECT state, COUNT(*) FROM chat_outbox ") +
                                        (platform ? "WHERE platform = ? " : "") + "GROUP BY state");
        if (platform) select.bind(1, to_string(*platform));
        OutboxCounts counts;
        while (select.step()) {
            const auto state = parse_outbox_state(select.text(0));
            if (state == OutboxState::queued) counts.queued = select.integer(1);
            if (state == OutboxState::sent) counts.sent = select.integer(1);
            if (state == OutboxState::dead) counts.dead = select.integer(1);
        }
        return counts;
    }

    std::string report_link_key() override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        SqliteStatement insert(db_, "INSERT INTO chat_settings (name, value) VALUES ('report_link_key', ?) "
                                    "ON CONFLICT (name) DO NOTHING");
        insert.bind(1, generate_token());
        insert.run();
        SqliteStatement select(db_, "SELECT value FROM chat_settings WHERE name = 'report_link_key'");
        select.step();
        auto key = select.text(0);
        transaction.commit();
        return key;
    }

private:
    template <typename Bind>
    void update(std::string_view sql, Bind bind) {
        const std::lock_guard lock(mutex_);
        SqliteStatement statement(db_, sql);
        bind(statement);
        statement.run();
    }

    sqlite3* db_ = nullptr;
    std::mutex mutex_;
};

}  // namespace

std::string_view to_string(OutboxState state) {
    switch (state) {
        case OutboxState::queued: return "queued";
        case OutboxState::sent: return "sent";
        case OutboxState::dead: return "dead";
    }
    return "queued";
}

std::optional<OutboxState> parse_outbox_state(std::string_view text) {
    for (const auto state : {OutboxState::queued, OutboxState::sent, OutboxState::dead}) {
        if (to_string(state) == text) return state;
    }
    return std::nullopt;
}

std::unique_ptr<ChatStore> open_sqlite_chat_store(const std::filesystem::path& path) {
    return std::make_unique<SqliteChatStore>(path);
}

}  // namespace mi::server::chat
