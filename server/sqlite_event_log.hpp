// The event log in an SQLite file, read and written the same way by every store that touches
// it (interviews, coaches, profiles). Two places hold events: `interview_events`, one row per
// event, as every version before schema migration 8 wrote them (never rewritten), and
// `interview_event_segments`, one row per append, whose bytes are server/event_segment.hpp's.
// When an interview finishes, its segments become one, which compresses several times better
// than thirty small ones. The coach's search index (`answer_search`, contentless FTS5, with
// `answer_search_rows` naming each indexed answer) is written here too, in the same transaction,
// or, from the group commit, later and in batches (answer_search_pending).
// Only store .cpp files include this (it pulls in sqlite3.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/interview_store.hpp"
#include "server/sqlite_statement.hpp"

namespace mi::server {

// Events with seq > after_seq, in order, from both places.
[[nodiscard]] std::vector<EventRecord> read_sqlite_events(SqliteStatementCache& statements,
                                                          std::string_view interview_id, std::int64_t after_seq = 0);

// The one segment a finishing append leaves: every event of the interview's segments and the
// append's, compressed together. Built before the append's commit, outside the group commit's
// critical section (compressing a whole interview takes milliseconds the other writers would
// otherwise wait for).
struct MergedSegment {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    std::string bytes;
};

// The merged segment for appending `events` after seq expected_last_seq, from the segments as
// `statements`' connection sees them; nothing when there are none before the append (it stays
// one segment anyway) or they do not end at expected_last_seq (the append will conflict).
[[nodiscard]] std::optional<MergedSegment> merge_segments(SqliteStatementCache& statements, std::string_view interview_id,
                                                          std::int64_t expected_last_seq,
                                                          const std::vector<EventRecord>& events);

// Stores `events` (consecutive seqs after the interview's last) and indexes their answers: as a
// segment of their own, or, given `merged` (from merge_segments, for these events, after the
// append's sequence check passed, so no segment changed since), as the interview's only segment.
// Runs inside the caller's transaction. Given `deferred_search`, the answers' words wait in
// answer_search_pending (migration 9), committed with the events, for index_pending_search, and
// the count of answers left waiting is added to it: FTS5 writes its pending terms as a new index
// segment at every commit that touched it (and merges those segments as they pile up), which cost
// a tenth of the server's instructions with a flush per group commit of a few answers.
void append_sqlite_events(SqliteStatementCache& statements, std::string_view interview_id,
                          const std::vector<EventRecord>& events, const MergedSegment* merged = nullptr,
                          std::int64_t* deferred_search = nullptr);

// Moves every answer waiting in answer_search_pending into the search index, inside the caller's
// transaction; returns how many there were. Whoever needs the index whole (a search, an erasure)
// calls it first, and the group commit calls it once enough answers wait.
std::int64_t index_pending_search(SqliteStatementCache& statements);

// Whether any answer waits for the search index (a read: no write lock when none does).
[[nodiscard]] bool search_pending(SqliteStatementCache& statements);

// Removes every event of the interview and its answers from the search index (the index is
// contentless: each answer's words are taken out with its text, read from the log first).
void erase_sqlite_events(SqliteStatementCache& statements, std::string_view interview_id);

}  // namespace mi::server
