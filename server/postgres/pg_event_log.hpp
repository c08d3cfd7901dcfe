// The event log in PostgreSQL, read the same way by every store that touches it (interviews,
// coaches, profiles): rows of interview_events as versions before schema migration 8 wrote them
// (and `db copy` still copies them), then interview_event_segments, one row per append or one
// per finished interview, in server/event_segment.hpp's bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/interview_store.hpp"
#include "server/postgres/pg_connection.hpp"

namespace mi::server::postgres {

// Events with seq > after_seq, in order, from both places.
[[nodiscard]] std::vector<EventRecord> read_pg_events(PgConnection& connection, std::string_view interview_id,
                                                      std::int64_t after_seq = 0);

// What an append passes on for `events`: the segment as a bytea literal, and the answers the
// search index gets (seqs as a bigint[] literal, texts as a text[] literal; "" for an answer
// without text, as migration 5's trigger stores it).
struct PgSegmentParams {
    std::string segment;
    std::string answer_seqs;
    std::string answer_texts;
};
[[nodiscard]] PgSegmentParams pg_segment_params(const std::vector<EventRecord>& events);

// Replaces the interview's segments with one holding all their events (run inside the
// transaction of the append that finishes it).
void merge_pg_segments(PgConnection& connection, std::string_view interview_id);

}  // namespace mi::server::postgres
