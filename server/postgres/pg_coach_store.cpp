// The PostgreSQL backend of CoachStore: the SQLite store's statements with $n parameters, ids
// from identity columns (INSERT ... RETURNING id), string_agg for SQLite's GROUP_CONCAT, and
// PostgreSQL full-text search (answer_search.document, a GIN-indexed tsvector) for FTS5.
#include <algorithm>
#include <utility>

#include "server/coach/answer_snippet.hpp"
#include "server/coach/coach_queries.hpp"
#include "server/postgres/pg_event_log.hpp"
#include "server/postgres/pg_rows.hpp"
#include "server/postgres/pg_stores.hpp"

namespace mi::server::postgres {

namespace {

using namespace mi::server::coach;

constexpr std::string_view interview_row_select =
    "SELECT v.id, v.token_sha256, v.role_id, v.plan_json, v.status, v.created_at_ms, v.updated_at_ms, v.last_seq, "
    "l.invite_id, i.coach_id, i.label, "
    "(SELECT string_agg(s.coach_id::text, ',' ORDER BY s.coach_id) FROM coach_shares s WHERE s.interview_id = v.id) "
    "FROM interviews v LEFT JOIN coach_interview_invites l ON l.interview_id = v.id "
    "LEFT JOIN coach_invites i ON i.id = l.invite_id ";

CoachRecord read_coach(const PgResult& rows, int row) {
    CoachRecord coach;
    coach.id = rows.integer(row, 0);
    coach.name = rows.text(row, 1);
    coach.role = parse_coach_role(rows.text(row, 2)).value_or(CoachRole::coach);
    coach.token_sha256 = rows.text(row, 3);
    coach.share_code = rows.text(row, 4);
    coach.created_at_ms = rows.integer(row, 5);
    coach.last_used_at_ms = rows.optional_integer(row, 6);
    coach.revoked_at_ms = rows.optional_integer(row, 7);
    return coach;
}

InviteRecord read_invite(const PgResult& rows, int row) {
    InviteRecord invite;
    invite.id = rows.integer(row, 0);
    invite.code = rows.text(row, 1);
    invite.coach_id = rows.integer(row, 2);
    invite.coach_name = rows.text(row, 3);
    invite.label = rows.text(row, 4);
    invite.plan_json = rows.text(row, 5);
    invite.created_at_ms = rows.integer(row, 6);
    invite.expires_at_ms = rows.optional_integer(row, 7);
    invite.interviews = rows.integer(row, 8);
    return invite;
}

InterviewRow read_interview_row(const PgResult& rows, int row) {
    InterviewRow result;
    result.record = read_interview_record(rows, row);
    result.invite_id = rows.optional_integer(row, 8);
    result.access.invite_coach_id = rows.optional_integer(row, 9);
    result.invite_label = rows.text(row, 10);
    const std::string shared = rows.text(row, 11);
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

AuditRecord read_audit(const PgResult& rows, int row) {
    AuditRecord audit;
    audit.id = rows.integer(row, 0);
    audit.interview_id = rows.text(row, 1);
    audit.turn = rows.integer(row, 2);
    audit.field = rows.text(row, 3);
    audit.from = rows.text(row, 4);
    audit.to = rows.text(row, 5);
    audit.reason = rows.text(row, 6);
    audit.author = rows.text(row, 7);
    audit.at_ms = rows.integer(row, 8);
    audit.reverts = rows.optional_integer(row, 9);
    return audit;
}

class PostgresCoachStore final : public CoachStore {
public:
    explicit PostgresCoachStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    std::optional<CoachRecord> add_coach(std::string_view name, CoachRole role, std::string_view token_sha256,
                                         std::string_view share_code, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        const auto added = connection->exec("INSERT INTO coaches (name, role, token_sha256, share_code, created_at_ms) "
                                            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING id",
                                            {name, to_string(role), token_sha256, share_code, now_ms});
        if (added.empty()) return std::nullopt;
        return CoachRecord{added.integer(0, 0), std::string(name), role, std::string(token_sha256),
                           std::string(share_code), now_ms, {}, {}};
    }

    std::vector<CoachRecord> list_coaches() override {
        return coaches("SELECT " + std::string(coach_columns) + " FROM coaches ORDER BY name", {});
    }

    bool revoke_coach(std::string_view name, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        return connection->exec("UPDATE coaches SET revoked_at_ms = $1 WHERE name = $2 AND revoked_at_ms IS NULL",
                                {now_ms, name})
                   .affected() == 1;
    }

    std::optional<CoachRecord> find_coach_by_token_hash(std::string_view token_sha256) override {
        return first(coaches("SELECT " + std::string(coach_columns) + " FROM coaches WHERE token_sha256 = $1",
                             {token_sha256}));
    }

    std::optional<CoachRecord> find_coach_by_share_code(std::string_view share_code) override {
        return first(coaches("SELECT " + std::string(coach_columns) +
                                 " FROM coaches WHERE share_code = $1 AND revoked_at_ms IS NULL",
                             {share_code}));
    }

    void touch_coach(std::int64_t coach_id, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        (void)connection->exec("UPDATE coaches SET last_used_at_ms = $1 WHERE id = $2", {now_ms, coach_id});
    }

    InviteRecord create_invite(std::int64_t coach_id, std::string_view code, std::string_view label,
                               std::string_view plan_json, std::int64_t now_ms,
                               std::optional<std::int64_t> expires_at_ms) override {
        auto connection = pool_->acquire();
        const auto id = connection
                            ->exec("INSERT INTO coach_invites (code, coach_id, label, plan_json, created_at_ms, "
                                   "expires_at_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                                   {code, coach_id, label, plan_json, now_ms, expires_at_ms})
                            .integer(0, 0);
        return read_invite(connection->exec(std::string(invite_select) + "WHERE i.id = $1", {id}), 0);
    }

    std::vector<InviteRecord> list_invites(std::optional<std::int64_t> coach_id) override {
        return invites(std::string(invite_select) + "WHERE $1::bigint IS NULL OR i.coach_id = $1 ORDER BY i.id DESC",
                       {coach_id});
    }

    std::optional<InviteRecord> find_invite(std::int64_t invite_id) override {
        return first(invites(std::string(invite_select) + "WHERE i.id = $1", {invite_id}));
    }

    std::optional<InviteRecord> find_invite_by_code(std::string_view code) override {
        return first(invites(std::string(invite_select) + "WHERE i.code = $1", {code}));
    }

    void expire_invite(std::int64_t invite_id, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        (void)connection->exec("UPDATE coach_invites SET expires_at_ms = $1 "
                               "WHERE id = $2 AND (expires_at_ms IS NULL OR expires_at_ms > $1)",
                               {now_ms, invite_id});
    }

    void link_invite(std::string_view interview_id, std::int64_t invite_id) override {
        auto connection = pool_->acquire();
        (void)connection->exec("INSERT INTO coach_interview_invites (interview_id, invite_id) VALUES ($1, $2)",
                               {interview_id, invite_id});
    }

    bool add_share(std::string_view interview_id, std::int64_t coach_id, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        return connection->exec("INSERT INTO coach_shares (interview_id, coach_id, created_at_ms) VALUES ($1, $2, $3) "
                                "ON CONFLICT (interview_id, coach_id) DO NOTHING",
                                {interview_id, coach_id, now_ms})
                   .affected() == 1;
    }

    std::vector<ShareRecord> list_shares(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT s.interview_id, s.coach_id, c.name, c.share_code, s.created_at_ms "
                                           "FROM coach_shares s JOIN coaches c ON c.id = s.coach_id "
                                           "WHERE s.interview_id = $1 ORDER BY s.created_at_ms, c.name",
                                           {interview_id});
        std::vector<ShareRecord> shares;
        for (int row = 0; row < rows.rows(); ++row) {
            shares.push_back(ShareRecord{rows.text(row, 0), rows.integer(row, 1), rows.text(row, 2), rows.text(row, 3),
                                         rows.integer(row, 4)});
        }
        return shares;
    }

    bool remove_share(std::string_view interview_id, std::int64_t coach_id) override {
        auto connection = pool_->acquire();
        return connection->exec("DELETE FROM coach_shares WHERE interview_id = $1 AND coach_id = $2",
                                {interview_id, coach_id})
                   .affected() == 1;
    }

    std::optional<std::string> interview_token_hash(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT token_sha256 FROM interviews WHERE id = $1", {interview_id});
        if (rows.empty()) return std::nullopt;
        return rows.text(0, 0);
    }

    std::vector<InterviewRow> list_interview_rows() override {
        return interview_rows(std::string(interview_row_select) + "ORDER BY v.created_at_ms DESC, v.id", {});
    }

    std::optional<InterviewRow> find_interview_row(std::string_view interview_id) override {
        return first(interview_rows(std::string(interview_row_select) + "WHERE v.id = $1", {interview_id}));
    }

    std::vector<EventRecord> load_events(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        return read_pg_events(*connection, interview_id);
    }

    // The best-ranked answer of each interview gives its snippet: about twelve words around the
    // match, as FTS5's snippet() gives on SQLite.
    std::map<std::string, std::string> search_answers(std::string_view fts_query) override {
        const auto words = words_of_phrase_query(fts_query);
        std::map<std::string, std::string> found;
        if (words.find_first_not_of(' ') == std::string::npos) return found;
        auto connection = pool_->acquire();
        const auto rows = connection->exec(
            "SELECT a.interview_id, ts_headline('simple', a.text, q, 'StartSel=\"\", StopSel=\"\", MaxWords=12, MinWords=4') "
            "FROM answer_search a, plainto_tsquery('simple', $1) q WHERE a.document @@ q "
            "ORDER BY ts_rank(a.document, q) DESC, a.interview_id, a.seq",
            {words});
        for (int row = 0; row < rows.rows(); ++row) found.emplace(rows.text(row, 0), rows.text(row, 1));
        return found;
    }

    NoteRecord add_note(std::string_view interview_id, std::optional<std::int64_t> turn, std::int64_t coach_id,
                        std::string_view text, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        const auto added = connection->exec(
            "WITH added AS (INSERT INTO coach_notes (interview_id, turn, coach_id, text, created_at_ms) "
            "VALUES ($1, $2, $3, $4, $5) RETURNING id, coach_id) "
            "SELECT added.id, c.name FROM added JOIN coaches c ON c.id = added.coach_id",
            {interview_id, turn, coach_id, text, now_ms});
        return NoteRecord{added.integer(0, 0), std::string(interview_id), turn, added.text(0, 1), std::string(text), now_ms};
    }

    std::vector<NoteRecord> list_notes(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT n.id, n.interview_id, n.turn, c.name, n.text, n.created_at_ms "
                                           "FROM coach_notes n JOIN coaches c ON c.id = n.coach_id "
                                           "WHERE n.interview_id = $1 ORDER BY n.id",
                                           {interview_id});
        std::vector<NoteRecord> notes;
        for (int row = 0; row < rows.rows(); ++row) {
            notes.push_back(NoteRecord{rows.integer(row, 0), rows.text(row, 1), rows.optional_integer(row, 2),
                                       rows.text(row, 3), rows.text(row, 4), rows.integer(row, 5)});
        }
        return notes;
    }

    std::vector<AuditRecord> add_audit(std::string_view interview_id, const std::vector<NewAudit>& entries,
                                       std::string_view reason, std::int64_t coach_id, std::int64_t now_ms) override {
        return in_transaction(*pool_, [&](PgConnection& connection) {
            std::vector<AuditRecord> added;
            for (const auto& entry : entries) {
                const auto id = connection
                                    .exec("INSERT INTO coach_audit (interview_id, turn, field, from_value, to_value, "
                                          "reason, coach_id, at_ms, reverts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                                          "RETURNING id",
                                          {interview_id, entry.turn, entry.field, entry.from, entry.to, reason, coach_id,
                                           now_ms, entry.reverts})
                                    .integer(0, 0);
                const auto rows = connection.exec(std::string(audit_select) + "WHERE a.id = $1", {id});
                if (!rows.empty()) added.push_back(read_audit(rows, 0));
            }
            return added;
        });
    }

    std::vector<AuditRecord> list_audit(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows =
            connection->exec(std::string(audit_select) + "WHERE a.interview_id = $1 ORDER BY a.id", {interview_id});
        std::vector<AuditRecord> audit;
        for (int row = 0; row < rows.rows(); ++row) audit.push_back(read_audit(rows, row));
        return audit;
    }

    std::map<std::string, std::vector<AuditRecord>> list_all_audit() override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec(std::string(audit_select) + "ORDER BY a.id");
        std::map<std::string, std::vector<AuditRecord>> audit;
        for (int row = 0; row < rows.rows(); ++row) {
            auto record = read_audit(rows, row);
            audit[record.interview_id].push_back(std::move(record));
        }
        return audit;
    }

    // PostgreSQL has no secure_delete: after the transaction, VACUUM removes the deleted rows
    // and their index entries from the tables' pages, so no query or page scan of a table finds
    // them; the bytes may stay in free space and in the write-ahead log until reused
    // (docs/coaching.md, storage).
    std::optional<ErasureCounts> erase_interview(std::string_view interview_id, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        std::optional<ErasureCounts> erased;
        {
            PgTransaction transaction(*connection);
            const auto interview = connection->exec("SELECT created_at_ms FROM interviews WHERE id = $1 FOR UPDATE",
                                                    {interview_id});
            if (interview.empty()) return std::nullopt;
            const auto created_at_ms = interview.integer(0, 0);
            const auto events = read_pg_events(*connection, interview_id);
            const auto answers = std::count_if(events.begin(), events.end(),
                                               [](const auto& event) { return event.type == "answer_received"; });
            const auto counted = connection->exec(
                "SELECT $2::bigint, $3::bigint, "
                "(SELECT COUNT(*) FROM coach_notes WHERE interview_id = $1), "
                "(SELECT COUNT(*) FROM coach_audit WHERE interview_id = $1), "
                "(SELECT COUNT(*) FROM coach_shares WHERE interview_id = $1), "
                "(SELECT invite_id FROM coach_interview_invites WHERE interview_id = $1)",
                {interview_id, static_cast<std::int64_t>(answers), static_cast<std::int64_t>(events.size())});
            const ErasureCounts counts{counted.integer(0, 0), counted.integer(0, 1), counted.integer(0, 2),
                                       counted.integer(0, 3), counted.integer(0, 4)};
            const auto invite_id = counted.optional_integer(0, 5);
            for (const char* sql : {"DELETE FROM answer_search WHERE interview_id = $1",
                                    "DELETE FROM coach_notes WHERE interview_id = $1",
                                    "UPDATE coach_audit SET reverts = NULL WHERE interview_id = $1",
                                    "DELETE FROM coach_audit WHERE interview_id = $1",
                                    "DELETE FROM coach_shares WHERE interview_id = $1",
                                    "DELETE FROM coach_interview_invites WHERE interview_id = $1",
                                    "DELETE FROM profile_interviews WHERE interview_id = $1",
                                    "DELETE FROM client_messages WHERE interview_id = $1",
                                    "UPDATE chat_conversations SET interview_id = NULL WHERE interview_id = $1",
                                    // Chat replies quote the answers: an event reply's dedupe key
                                    // names the interview ("<conversation>#<interview>:<seqs>"),
                                    // and a report or a webhook's stored response carries its id.
                                    "DELETE FROM chat_outbox WHERE strpos(dedupe_key, '#' || $1::text || ':') > 0 "
                                    "OR strpos(payload_json, $1::text) > 0",
                                    "UPDATE chat_inbound SET response_json = '{\"ok\":true,\"erased\":true}' "
                                    "WHERE strpos(response_json, $1::text) > 0",
                                    "DELETE FROM interview_events WHERE interview_id = $1",
                                    "DELETE FROM interview_event_segments WHERE interview_id = $1",
                                    "DELETE FROM interviews WHERE id = $1"}) {
                (void)connection->exec(sql, {interview_id});
            }
            (void)connection->exec("INSERT INTO interview_tombstones (interview_id, deleted_at_ms, created_at_ms, "
                                   "invite_id, answers, events, notes, overrides, shares) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                   {interview_id, now_ms, created_at_ms, invite_id, counts.answers, counts.events,
                                    counts.notes, counts.overrides, counts.shares});
            transaction.commit();
            erased = counts;
        }
        connection->execute("VACUUM answer_search, interview_events, interview_event_segments, coach_notes, coach_audit, client_messages, chat_outbox, "
                            "chat_inbound, profile_interviews, interviews");
        return erased;
    }

    std::optional<Tombstone> find_tombstone(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT interview_id, deleted_at_ms, answers, events, notes, overrides, shares "
                                           "FROM interview_tombstones WHERE interview_id = $1",
                                           {interview_id});
        if (rows.empty()) return std::nullopt;
        return Tombstone{rows.text(0, 0), rows.integer(0, 1),
                         ErasureCounts{rows.integer(0, 2), rows.integer(0, 3), rows.integer(0, 4), rows.integer(0, 5),
                                       rows.integer(0, 6)}};
    }

private:
    template <typename Record>
    static std::optional<Record> first(std::vector<Record> records) {
        if (records.empty()) return std::nullopt;
        return std::move(records.front());
    }

    std::vector<CoachRecord> coaches(const std::string& sql, const PgParams& params) {
        auto connection = pool_->acquire();
        const auto rows = connection->exec(sql, params);
        std::vector<CoachRecord> found;
        for (int row = 0; row < rows.rows(); ++row) found.push_back(read_coach(rows, row));
        return found;
    }

    std::vector<InviteRecord> invites(const std::string& sql, const PgParams& params) {
        auto connection = pool_->acquire();
        const auto rows = connection->exec(sql, params);
        std::vector<InviteRecord> found;
        for (int row = 0; row < rows.rows(); ++row) found.push_back(read_invite(rows, row));
        return found;
    }

    std::vector<InterviewRow> interview_rows(const std::string& sql, const PgParams& params) {
        auto connection = pool_->acquire();
        const auto rows = connection->exec(sql, params);
        std::vector<InterviewRow> found;
        for (int row = 0; row < rows.rows(); ++row) found.push_back(read_interview_row(rows, row));
        return found;
    }

    std::shared_ptr<PgPool> pool_;
};

}  // namespace

std::unique_ptr<CoachStore> open_postgres_coach_store(std::shared_ptr<PgPool> pool) {
    return std::make_unique<PostgresCoachStore>(std::move(pool));
}

}  // namespace mi::server::postgres
