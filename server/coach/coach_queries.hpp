// The coach store's query text that both backends run as it is (sqlite_coach_store.cpp,
// postgres/pg_coach_store.cpp): the columns each reader expects, in the order it reads them.
// Statements that differ by dialect (an aggregate, a parameter style, full-text search) stay
// beside their backend.
#pragma once

#include <string_view>

namespace mi::server::coach {

inline constexpr std::string_view coach_columns =
    "id, name, role, token_sha256, share_code, created_at_ms, last_used_at_ms, revoked_at_ms";

// An invite with its coach's name and how many interviews were started from it; a WHERE follows.
inline constexpr std::string_view invite_select =
    "SELECT i.id, i.code, i.coach_id, c.name, i.label, i.plan_json, i.created_at_ms, i.expires_at_ms, "
    "(SELECT COUNT(*) FROM coach_interview_invites l WHERE l.invite_id = i.id) "
    "FROM coach_invites i JOIN coaches c ON c.id = i.coach_id ";

// One override or revert of the audit trail with the coach's name; a WHERE follows.
inline constexpr std::string_view audit_select =
    "SELECT a.id, a.interview_id, a.turn, a.field, a.from_value, a.to_value, a.reason, c.name, a.at_ms, a.reverts "
    "FROM coach_audit a JOIN coaches c ON c.id = a.coach_id ";

}  // namespace mi::server::coach
