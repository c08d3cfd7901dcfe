// The SQLite backend of CoachStore: its own connection to the interviews' database, with the same
// durability settings as sqlite_store.cpp (WAL, synchronous=FULL, busy_timeout) and secure_delete,
// so a deleted row's bytes are overwritten rather than left in free pages.
#include "server/coach/coach_store.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include "server/coach/answer_snippet.hpp"
#include "server/coach/coach_queries.hpp"
#include "server/event_segment.hpp"
#include "server/sqlite_event_log.hpp"
#include "server/sqlite_statement.hpp"

namespace mi::server::coach {

namespace {

constexpr int coach_schema_version = 8;   // it reads event segments and the search index of migration 8

constexpr std::string_view interview_row_select =
    "SELECT v.id, v.token_sha256, v.role_id, v.plan_json, v.status, v.created_at_ms, v.updated_at_ms, v.last_seq, "
    "l.invite_id, i.coach_id, i.label, "
    "(SELECT GROUP_CONCAT(s.coach_id) FROM coach_shares s WHERE s.interview_id = v.id) "
    "FROM interviews v LEFT JOIN coach_interview_invites l ON l.interview_id = v.id "
    "LEFT JOIN coach_invites i ON i.id = l.invite_id ";

std::optional<std::int64_t> optional_integer(const SqliteStatement& row, int column) {
    if (row.is_null(column)) return std::nullopt;
    return row.integer(column);
}

CoachRecord read_coach(const SqliteStatement& row) {
    CoachRecord coach;
    coach.id = row.integer(0);
    coach.name = row.text(1);
    coach.role = parse_coach_role(row.text(2)).value_or(CoachRole::coach);
    coach.token_sha256 = row.text(3);
    coach.share_code = row.text(4);
    coach.created_at_ms = row.integer(5);
    coach.last_used_at_ms = optional_integer(row, 6);
    coach.revoked_at_ms = optional_integer(row, 7);
    return coach;
}

InviteRecord read_invite(const SqliteStatement& row) {
    InviteRecord invite;
    invite.id = row.integer(0);
    invite.code = row.text(1);
    invite.coach_id = row.integer(2);
    invite.coach_name = row.text(3);
    invite.label = row.text(4);
    invite.plan_json = row.text(5);
    invite.created_at_ms = row.integer(6);
    invite.expires_at_ms = optional_integer(row, 7);
    invite.interviews = row.integer(8);
    return invite;
}

InterviewRow read_interview_row(const SqliteStatement& row) {
    InterviewRow result;
    result.record = read_interview_record(row);
    result.invite_id = optional_integer(row, 8);
    result.access.invite_coach_id = optional_integer(row, 9);
    result.invite_label = row.text(10);
    const std::string shared = row.text(11);
    std::size_t start = 0;
    while (start < shared.size()) {
        const auto comma = shared.find(',', start);
        const auto part = shared.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) result.access.shared_with.push_back(std::stoll(part));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return result;
}

AuditRecord read_audit(const SqliteStatement& row) {
    AuditRecord audit;
    audit.id = row.integer(0);
    audit.interview_id = row.text(1);
    audit.turn = row.integer(2);
    audit.field = row.text(3);
    audit.from = row.text(4);
    audit.to = row.text(5);
    audit.reason = row.text(6);
    audit.author = row.text(7);
    audit.at_ms = row.integer(8);
    audit.reverts = optional_integer(row, 9);
    return audit;
}

class SqliteCoachStore final : public CoachStore {
public:
    explicit SqliteCoachStore(const std::filesystem::path& path)
        : db_(open_side_store_connection(path, coach_schema_version, "coach tables")) {}
    ~SqliteCoachStore() override { sqlite3_close(db_); }
    SqliteCoachStore(const SqliteCoachStore&) = delete;
    SqliteCoachStore& operator=(const SqliteCoachStore&) = delete;

    std::optional<CoachRecord> add_coach(std::string_view name, CoachRole role, std::string_view token_sha256,
                                         std::string_view share_code, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        {
            SqliteStatement taken(db_, "SELECT 1 FROM coaches WHERE name = ?");
            taken.bind(1, name);
            if (taken.step()) return std::nullopt;
        }
        SqliteStatement insert(db_, "INSERT INTO coaches (name, role, token_sha256, share_code, created_at_ms) "
                                    "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, name).bind(2, to_string(role)).bind(3, token_sha256).bind(4, share_code).bind(5, now_ms);
        insert.run();
        const auto id = sqlite3_last_insert_rowid(db_);
        transaction.commit();
        return CoachRecord{id, std::string(name), role, std::string(token_sha256), std::string(share_code), now_ms, {}, {}};
    }

    std::vector<CoachRecord> list_coaches() override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT " + std::string(coach_columns) + " FROM coaches ORDER BY name");
        std::vector<CoachRecord> coaches;
        while (select.step()) coaches.push_back(read_coach(select));
        return coaches;
    }

    bool revoke_coach(std::string_view name, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement update(db_, "UPDATE coaches SET revoked_at_ms = ? WHERE name = ? AND revoked_at_ms IS NULL");
        update.bind(1, now_ms).bind(2, name);
        update.run();
        return sqlite3_changes(db_) == 1;
    }

    std::optional<CoachRecord> find_coach_by_token_hash(std::string_view token_sha256) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT " + std::string(coach_columns) + " FROM coaches WHERE token_sha256 = ?");
        select.bind(1, token_sha256);
        if (!select.step()) return std::nullopt;
        return read_coach(select);
    }

    std::optional<CoachRecord> find_coach_by_share_code(std::string_view share_code) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT " + std::string(coach_columns) +
                                        " FROM coaches WHERE share_code = ? AND revoked_at_ms IS NULL");
        select.bind(1, share_code);
        if (!select.step()) return std::nullopt;
        return read_coach(select);
    }

    void touch_coach(std::int64_t coach_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement update(db_, "UPDATE coaches SET last_used_at_ms = ? WHERE id = ?");
        update.bind(1, now_ms).bind(2, coach_id);
        update.run();
    }

    InviteRecord create_invite(std::int64_t coach_id, std::string_view code, std::string_view label,
                               std::string_view plan_json, std::int64_t now_ms,
                               std::optional<std::int64_t> expires_at_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement insert(db_, "INSERT INTO coach_invites (code, coach_id, label, plan_json, created_at_ms, "
                                    "expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind(1, code).bind(2, coach_id).bind(3, label).bind(4, plan_json).bind(5, now_ms);
        if (expires_at_ms) {
            insert.bind(6, *expires_at_ms);
        } else {
            insert.bind_null(6);
        }
        insert.run();
        const auto id = sqlite3_last_insert_rowid(db_);
        SqliteStatement select(db_, std::string(invite_select) + "WHERE i.id = ?");
        select.bind(1, id);
        select.step();
        return read_invite(select);
    }

    std::vector<InviteRecord> list_invites(std::optional<std::int64_t> coach_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(invite_select) + "WHERE ? IS NULL OR i.coach_id = ? ORDER BY i.id DESC");
        if (coach_id) {
            select.bind(1, *coach_id).bind(2, *coach_id);
        } else {
            select.bind_null(1).bind_null(2);
        }
        std::vector<InviteRecord> invites;
        while (select.step()) invites.push_back(read_invite(select));
        return invites;
    }

    std::optional<InviteRecord> find_invite(std::int64_t invite_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(invite_select) + "WHERE i.id = ?");
        select.bind(1, invite_id);
        if (!select.step()) return std::nullopt;
        return read_invite(select);
    }

    std::optional<InviteRecord> find_invite_by_code(std::string_view code) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(invite_select) + "WHERE i.code = ?");
        select.bind(1, code);
        if (!select.step()) return std::nullopt;
        return read_invite(select);
    }

    void expire_invite(std::int64_t invite_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement update(db_, "UPDATE coach_invites SET expires_at_ms = ? "
                                    "WHERE id = ? AND (expires_at_ms IS NULL OR expires_at_ms > ?)");
        update.bind(1, now_ms).bind(2, invite_id).bind(3, now_ms);
        update.run();
    }

    void link_invite(std::string_view interview_id, std::int64_t invite_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement insert(db_, "INSERT INTO coach_interview_invites (interview_id, invite_id) VALUES (?, ?)");
        insert.bind(1, interview_id).bind(2, invite_id);
        insert.run();
    }

    bool add_share(std::string_view interview_id, std::int64_t coach_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement insert(db_, "INSERT INTO coach_shares (interview_id, coach_id, created_at_ms) VALUES (?, ?, ?) "
                                    "ON CONFLICT (interview_id, coach_id) DO NOTHING");
        insert.bind(1, interview_id).bind(2, coach_id).bind(3, now_ms);
        insert.run();
        return sqlite3_changes(db_) == 1;
    }

    std::vector<ShareRecord> list_shares(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT s.interview_id, s.coach_id, c.name, c.share_code, s.created_at_ms "
                                    "FROM coach_shares s JOIN coaches c ON c.id = s.coach_id "
                                    "WHERE s.interview_id = ? ORDER BY s.created_at_ms, c.name");
        select.bind(1, interview_id);
        std::vector<ShareRecord> shares;
        while (select.step()) {
            shares.push_back(ShareRecord{select.text(0), select.integer(1), select.text(2), select.text(3), select.integer(4)});
        }
        return shares;
    }

    bool remove_share(std::string_view interview_id, std::int64_t coach_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement remove(db_, "DELETE FROM coach_shares WHERE interview_id = ? AND coach_id = ?");
        remove.bind(1, interview_id).bind(2, coach_id);
        remove.run();
        return sqlite3_changes(db_) == 1;
    }

    std::optional<std::string> interview_token_hash(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT token_sha256 FROM interviews WHERE id = ?");
        select.bind(1, interview_id);
        if (!select.step()) return std::nullopt;
        return select.text(0);
    }

    std::vector<InterviewRow> list_interview_rows() override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(interview_row_select) + "ORDER BY v.created_at_ms DESC, v.id");
        std::vector<InterviewRow> rows;
        while (select.step()) rows.push_back(read_interview_row(select));
        return rows;
    }

    std::optional<InterviewRow> find_interview_row(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(interview_row_select) + "WHERE v.id = ?");
        select.bind(1, interview_id);
        if (!select.step()) return std::nullopt;
        return read_interview_row(select);
    }

    std::vector<EventRecord> load_events(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatementCache statements(db_);
        return read_sqlite_events(statements, interview_id);
    }

    // The index names the answers (contentless, migration 8); each interview's best-ranked one is
    // read back from the log for its snippet. A word the tokenizer splits in two (at punctuation
    // outside ASCII, "don’t") makes a phrase, which an index without positions cannot match:
    // such a query finds nothing rather than failing.
    std::map<std::string, std::string> search_answers(std::string_view fts_query) override {
        const std::lock_guard lock(mutex_);
        index_waiting_answers();
        std::vector<std::pair<std::string, std::int64_t>> best;
        try {
            SqliteStatement select(db_, "SELECT r.interview_id, r.seq FROM answer_search s "
                                        "JOIN answer_search_rows r ON r.id = s.rowid "
                                        "WHERE answer_search MATCH ? ORDER BY s.rank");
            select.bind(1, fts_query);
            std::set<std::string> seen;
            while (select.step()) {
                if (seen.insert(select.text(0)).second) best.emplace_back(select.text(0), select.integer(1));
            }
        } catch (const StoreError& failure) {
            if (std::string_view(failure.what()).find("phrase queries are not supported") == std::string_view::npos) throw;
            return {};
        }
        SqliteStatementCache statements(db_);
        std::map<std::string, std::string> found;
        for (const auto& [interview_id, seq] : best) {
            const auto events = read_sqlite_events(statements, interview_id, seq - 1);
            if (events.empty() || events.front().seq != seq) continue;
            const auto text = searchable_answer_text(events.front().type, events.front().payload_json);
            found.emplace(interview_id, answer_snippet(text.value_or(""), fts_query));
        }
        return found;
    }

    // The group commit leaves answers waiting for the index in batches (sqlite_event_log.hpp); a
    // search takes them in first, so it finds every answer stored before it.
    void index_waiting_answers() {
        SqliteStatementCache statements(db_);
        if (!search_pending(statements)) return;
        SqliteTransaction transaction(db_);
        index_pending_search(statements);
        transaction.commit();
    }

    NoteRecord add_note(std::string_view interview_id, std::optional<std::int64_t> turn, std::int64_t coach_id,
                        std::string_view text, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement insert(db_, "INSERT INTO coach_notes (interview_id, turn, coach_id, text, created_at_ms) "
                                    "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, interview_id);
        if (turn) {
            insert.bind(2, *turn);
        } else {
            insert.bind_null(2);
        }
        insert.bind(3, coach_id).bind(4, text).bind(5, now_ms);
        insert.run();
        const auto id = sqlite3_last_insert_rowid(db_);
        SqliteStatement name(db_, "SELECT name FROM coaches WHERE id = ?");
        name.bind(1, coach_id);
        name.step();
        return NoteRecord{id, std::string(interview_id), turn, name.text(0), std::string(text), now_ms};
    }

    std::vector<NoteRecord> list_notes(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT n.id, n.interview_id, n.turn, c.name, n.text, n.created_at_ms "
                                    "FROM coach_notes n JOIN coaches c ON c.id = n.coach_id "
                                    "WHERE n.interview_id = ? ORDER BY n.id");
        select.bind(1, interview_id);
        std::vector<NoteRecord> notes;
        while (select.step()) {
            notes.push_back(NoteRecord{select.integer(0), select.text(1), optional_integer(select, 2), select.text(3),
                                       select.text(4), select.integer(5)});
        }
        return notes;
    }

    std::vector<AuditRecord> add_audit(std::string_view interview_id, const std::vector<NewAudit>& entries,
                                       std::string_view reason, std::int64_t coach_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        std::vector<std::int64_t> ids;
        SqliteStatement insert(db_, "INSERT INTO coach_audit (interview_id, turn, field, from_value, to_value, reason, "
                                    "coach_id, at_ms, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (const auto& entry : entries) {
            insert.bind(1, interview_id).bind(2, entry.turn).bind(3, entry.field).bind(4, entry.from).bind(5, entry.to)
                .bind(6, reason).bind(7, coach_id).bind(8, now_ms);
            if (entry.reverts) {
                insert.bind(9, *entry.reverts);
            } else {
                insert.bind_null(9);
            }
            insert.run();
            insert.reset();
            ids.push_back(sqlite3_last_insert_rowid(db_));
        }
        transaction.commit();
        std::vector<AuditRecord> added;
        SqliteStatement select(db_, std::string(audit_select) + "WHERE a.id = ?");
        for (const auto id : ids) {
            select.bind(1, id);
            if (select.step()) added.push_back(read_audit(select));
            select.reset();
        }
        return added;
    }

    std::vector<AuditRecord> list_audit(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(audit_select) + "WHERE a.interview_id = ? ORDER BY a.id");
        select.bind(1, interview_id);
        std::vector<AuditRecord> audit;
        while (select.step()) audit.push_back(read_audit(select));
        return audit;
    }

    std::map<std::string, std::vector<AuditRecord>> list_all_audit() override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(audit_select) + "ORDER BY a.id");
        std::map<std::string, std::vector<AuditRecord>> audit;
        while (select.step()) {
            auto record = read_audit(select);
            audit[record.interview_id].push_back(std::move(record));
        }
        return audit;
    }

    std::optional<ErasureCounts> erase_interview(std::string_view interview_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        {
            SqliteTransaction transaction(db_);
            std::int64_t created_at_ms = 0;
            {
                SqliteStatement select(db_, "SELECT created_at_ms FROM interviews WHERE id = ?");
                select.bind(1, interview_id);
                if (!select.step()) return std::nullopt;
                created_at_ms = select.integer(0);
            }
            ErasureCounts counts;
            SqliteStatementCache statements(db_);
            {
                const auto events = read_sqlite_events(statements, interview_id);
                counts.events = static_cast<std::int64_t>(events.size());
                counts.answers = std::count_if(events.begin(), events.end(),
                                               [](const auto& event) { return event.type == "answer_received"; });
            }
            counts.notes = count("SELECT COUNT(*) FROM coach_notes WHERE interview_id = ?", interview_id);
            counts.overrides = count("SELECT COUNT(*) FROM coach_audit WHERE interview_id = ?", interview_id);
            counts.shares = count("SELECT COUNT(*) FROM coach_shares WHERE interview_id = ?", interview_id);
            std::optional<std::int64_t> invite_id;
            {
                SqliteStatement select(db_, "SELECT invite_id FROM coach_interview_invites WHERE interview_id = ?");
                select.bind(1, interview_id);
                if (select.step()) invite_id = select.integer(0);
            }
            erase_sqlite_events(statements, interview_id);
            for (const char* sql : {"DELETE FROM coach_notes WHERE interview_id = ?",
                                    "UPDATE coach_audit SET reverts = NULL WHERE interview_id = ?",
                                    "DELETE FROM coach_audit WHERE interview_id = ?",
                                    "DELETE FROM coach_shares WHERE interview_id = ?",
                                    "DELETE FROM coach_interview_invites WHERE interview_id = ?",
                                    "DELETE FROM profile_interviews WHERE interview_id = ?",
                                    "DELETE FROM client_messages WHERE interview_id = ?",
                                    "UPDATE chat_conversations SET interview_id = NULL WHERE interview_id = ?",
                                    // Chat replies quote the answers: an event reply's dedupe key
                                    // names the interview ("<conversation>#<interview>:<seqs>"),
                                    // and a report or a webhook's stored response carries its id.
                                    "DELETE FROM chat_outbox WHERE instr(dedupe_key, '#' || ?1 || ':') > 0 "
                                    "OR instr(payload_json, ?1) > 0",
                                    "UPDATE chat_inbound SET response_json = '{\"ok\":true,\"erased\":true}' "
                                    "WHERE instr(response_json, ?1) > 0",
                                    "DELETE FROM interviews WHERE id = ?"}) {
                SqliteStatement statement(db_, sql);
                statement.bind(1, interview_id);
                statement.run();
            }
            SqliteStatement tombstone(db_, "INSERT INTO interview_tombstones (interview_id, deleted_at_ms, created_at_ms, "
                                           "invite_id, answers, events, notes, overrides, shares) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            tombstone.bind(1, interview_id).bind(2, now_ms).bind(3, created_at_ms);
            if (invite_id) {
                tombstone.bind(4, *invite_id);
            } else {
                tombstone.bind_null(4);
            }
            tombstone.bind(5, counts.answers).bind(6, counts.events).bind(7, counts.notes).bind(8, counts.overrides)
                .bind(9, counts.shares);
            tombstone.run();
            transaction.commit();
            erased_ = counts;
        }
        // The full-text index keeps deleted terms in its old segments until they are merged:
        // 'optimize' merges them all into one (dropping what was deleted), and secure_delete
        // zeroes the pages that frees. The checkpoint then writes the zeroed pages into the main
        // file and truncates the WAL, which held the text in earlier page images.
        sqlite_execute(db_, "INSERT INTO answer_search (answer_search) VALUES ('optimize')");
        sqlite_execute(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
        return erased_;
    }

    std::optional<Tombstone> find_tombstone(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, "SELECT interview_id, deleted_at_ms, answers, events, notes, overrides, shares "
                                    "FROM interview_tombstones WHERE interview_id = ?");
        select.bind(1, interview_id);
        if (!select.step()) return std::nullopt;
        return Tombstone{select.text(0), select.integer(1),
                         ErasureCounts{select.integer(2), select.integer(3), select.integer(4), select.integer(5),
                                       select.integer(6)}};
    }

private:
    std::int64_t count(const char* sql, std::string_view interview_id) {
        SqliteStatement select(db_, sql);
        select.bind(1, interview_id);
        select.step();
        return select.integer(0);
    }

    sqlite3* db_ = nullptr;
    std::mutex mutex_;
    ErasureCounts erased_;
};

}  // namespace

std::unique_ptr<CoachStore> open_sqlite_coach_store(const std::filesystem::path& path) {
    return std::make_unique<SqliteCoachStore>(path);
}

}  // namespace mi::server::coach
