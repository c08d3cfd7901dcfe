// Durable state of the coaches, beside the interviews in the same database (schema migrations 4
// and 5): accounts (only a token's SHA-256), invite links, shares, notes, the audit of overrides,
// tombstones of deleted interviews, and the FTS5 index of answer text that a trigger on the event
// log keeps current. Its own SQLite connection, with secure_delete on, so what an erasure deletes
// is overwritten in the file; each write is one short transaction.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/coach/coach_rules.hpp"
#include "server/interview_store.hpp"

namespace mi::server::coach {

struct CoachRecord {
    std::int64_t id = 0;
    std::string name;
    CoachRole role = CoachRole::coach;
    std::string token_sha256;
    std::string share_code;
    std::int64_t created_at_ms = 0;
    std::optional<std::int64_t> last_used_at_ms;
    std::optional<std::int64_t> revoked_at_ms;
};

struct InviteRecord {
    std::int64_t id = 0;
    std::string code;
    std::int64_t coach_id = 0;
    std::string coach_name;
    std::string label;
    std::string plan_json;
    std::int64_t created_at_ms = 0;
    std::optional<std::int64_t> expires_at_ms;
    std::int64_t interviews = 0;            // started from it
};

struct ShareRecord {
    std::string interview_id;
    std::int64_t coach_id = 0;
    std::string coach_name;
    std::string share_code;
    std::int64_t created_at_ms = 0;
};

struct NoteRecord {
    std::int64_t id = 0;
    std::string interview_id;
    std::optional<std::int64_t> turn;
    std::string author;
    std::string text;
    std::int64_t created_at_ms = 0;
};

struct NewAudit {
    std::int64_t turn = 0;
    std::string field;                      // "score", "key_point:<id>", "red_flag:<id>", "star:<part>"
    std::string from, to;
    std::optional<std::int64_t> reverts;
};

struct AuditRecord {
    std::int64_t id = 0;
    std::string interview_id;
    std::int64_t turn = 0;
    std::string field;
    std::string from, to;
    std::string reason;
    std::string author;
    std::int64_t at_ms = 0;
    std::optional<std::int64_t> reverts;
};

// An interview as the coach list needs it: its record, who may see it, its invite.
struct InterviewRow {
    InterviewRecord record;
    InterviewAccess access;
    std::optional<std::int64_t> invite_id;
    std::string invite_label;
};

struct ErasureCounts {
    std::int64_t answers = 0, events = 0, notes = 0, overrides = 0, shares = 0;
};

struct Tombstone {
    std::string interview_id;
    std::int64_t deleted_at_ms = 0;
    ErasureCounts counts;
};

class CoachStore {
public:
    virtual ~CoachStore() = default;

    // Accounts. add_coach returns nullopt when the name is taken.
    virtual std::optional<CoachRecord> add_coach(std::string_view name, CoachRole role, std::string_view token_sha256,
                                                 std::string_view share_code, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<CoachRecord> list_coaches() = 0;
    // False when no such coach, or revoked already.
    virtual bool revoke_coach(std::string_view name, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::optional<CoachRecord> find_coach_by_token_hash(std::string_view token_sha256) = 0;
    [[nodiscard]] virtual std::optional<CoachRecord> find_coach_by_share_code(std::string_view share_code) = 0;
    virtual void touch_coach(std::int64_t coach_id, std::int64_t now_ms) = 0;

    // Invites.
    virtual InviteRecord create_invite(std::int64_t coach_id, std::string_view code, std::string_view label,
                                       std::string_view plan_json, std::int64_t now_ms,
                                       std::optional<std::int64_t> expires_at_ms) = 0;
    // The coach's invites, or every invite (nullopt), newest first.
    [[nodiscard]] virtual std::vector<InviteRecord> list_invites(std::optional<std::int64_t> coach_id) = 0;
    [[nodiscard]] virtual std::optional<InviteRecord> find_invite(std::int64_t invite_id) = 0;
    [[nodiscard]] virtual std::optional<InviteRecord> find_invite_by_code(std::string_view code) = 0;
    // Sets the expiry to now unless it is earlier already.
    virtual void expire_invite(std::int64_t invite_id, std::int64_t now_ms) = 0;
    virtual void link_invite(std::string_view interview_id, std::int64_t invite_id) = 0;

    // Shares. add_share is false when the interview is shared with that coach already.
    virtual bool add_share(std::string_view interview_id, std::int64_t coach_id, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<ShareRecord> list_shares(std::string_view interview_id) = 0;
    virtual bool remove_share(std::string_view interview_id, std::int64_t coach_id) = 0;

    // Interviews: the token hash of one (nullopt when there is none), every interview with its access.
    [[nodiscard]] virtual std::optional<std::string> interview_token_hash(std::string_view interview_id) = 0;
    [[nodiscard]] virtual std::vector<InterviewRow> list_interview_rows() = 0;
    [[nodiscard]] virtual std::optional<InterviewRow> find_interview_row(std::string_view interview_id) = 0;
    [[nodiscard]] virtual std::vector<EventRecord> load_events(std::string_view interview_id) = 0;
    // Interviews whose answers hold every word of the FTS5 query, with a snippet around the match.
    [[nodiscard]] virtual std::map<std::string, std::string> search_answers(std::string_view fts_query) = 0;

    // Notes and the audit.
    virtual NoteRecord add_note(std::string_view interview_id, std::optional<std::int64_t> turn, std::int64_t coach_id,
                                std::string_view text, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<NoteRecord> list_notes(std::string_view interview_id) = 0;
    // All entries in one transaction, in order.
    virtual std::vector<AuditRecord> add_audit(std::string_view interview_id, const std::vector<NewAudit>& entries,
                                               std::string_view reason, std::int64_t coach_id, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::vector<AuditRecord> list_audit(std::string_view interview_id) = 0;
    // Every audit entry of the interviews given, by interview (calibration).
    [[nodiscard]] virtual std::map<std::string, std::vector<AuditRecord>> list_all_audit() = 0;

    // Deletes the interview, its events, its answers' index entries, notes, audit, shares and invite
    // link in one transaction and leaves a tombstone with the counts; then rewrites the search index
    // and checkpoints the WAL so the deleted text is gone from the files. nullopt: no such interview.
    virtual std::optional<ErasureCounts> erase_interview(std::string_view interview_id, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::optional<Tombstone> find_tombstone(std::string_view interview_id) = 0;
};

// Opens the coach tables of the database at `path` (open_sqlite_store must have migrated it).
// Throws StoreError.
[[nodiscard]] std::unique_ptr<CoachStore> open_sqlite_coach_store(const std::filesystem::path& path);

}  // namespace mi::server::coach
