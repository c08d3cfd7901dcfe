// Reading an interview row, shared by the PostgreSQL interview and coach stores: the columns
// in this order, then whatever a query adds after them.
#pragma once

#include <string_view>

#include "server/interview_store.hpp"
#include "server/postgres/pg_connection.hpp"

namespace mi::server::postgres {

// Prefix each with a table alias where a query joins ("v.id, v.token_sha256, ...").
inline constexpr std::string_view interview_columns =
    "id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, last_seq";

// Columns 0 to 7 of `row`, as interview_columns orders them.
inline InterviewRecord read_interview_record(const PgResult& rows, int row) {
    InterviewRecord record;
    record.id = rows.text(row, 0);
    record.token_sha256 = rows.text(row, 1);
    record.role_id = rows.text(row, 2);
    record.plan_json = rows.text(row, 3);
    record.status = parse_interview_status(rows.text(row, 4)).value_or(InterviewStatus::in_progress);
    record.created_at_ms = rows.integer(row, 5);
    record.updated_at_ms = rows.integer(row, 6);
    record.last_seq = rows.integer(row, 7);
    return record;
}

}  // namespace mi::server::postgres
