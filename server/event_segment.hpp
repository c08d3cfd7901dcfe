// How the event log is stored since schema migration 8: the events of one append (or, once the
// interview is finished, of the whole interview) are one row, an "event segment", whose bytes are
// this codec's. Pure: no database, no I/O; both backends and `db copy` use it.
//
// The codec keeps each event's type, payload and time byte for byte (it never parses the
// payload), so a read gives back exactly the JSON the engine wrote, whatever the role pack says
// today. What it saves comes from compression: events of one append, or of one interview, share
// most of their keys and texts (a key point's text in each feedback event, the answer quoted by
// its evidence), which deflate stores once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/interview_store.hpp"

namespace mi::server {

// Format tag, the segment's first byte: 1 = raw deflate of the length-prefixed events (written
// until 2026-12-04, read still), 2 = the length-prefixed events as they are, 3 = one Zstandard
// frame of them, with its content size and checksum. A new encoding takes the next number; every
// earlier one stays readable.
inline constexpr unsigned char event_segment_deflate = 1;
inline constexpr unsigned char event_segment_plain = 2;
inline constexpr unsigned char event_segment_zstd = 3;

// The events of an append as the log keeps them: seqs after_seq + 1, ..., all at now_ms.
[[nodiscard]] std::vector<EventRecord> numbered_events(const std::vector<NewEvent>& events, std::int64_t after_seq,
                                                       std::int64_t now_ms);

// How hard to compress. The segment of one append, written on every answer and replaced by the
// merged one when the interview finishes: `none` where the bytes go to a local disk (SQLite:
// deflate was 6 % of the server's CPU at 1,000 connections, and only unfinished interviews keep
// these segments), `fast` where they cross a network as hex (PostgreSQL: Zstandard's level 1).
// `small` for the merged segment that stays: Zstandard's level 3. On a finished interview's 93 KB
// of events it gives 22.8 KB at 252 MB/s, where zlib's level 4 (format 1, until 2026-12-04) gave
// 23.4 KB at 71 MB/s: the finish's compression had been 14 % of the server's instructions.
enum class SegmentCompression { none, fast, small };

// The bytes of a segment holding `events`, which must have consecutive seqs (checked: throws
// std::invalid_argument otherwise).
[[nodiscard]] std::string encode_event_segment(const std::vector<EventRecord>& events,
                                               SegmentCompression compression = SegmentCompression::small);

// The events of a segment said to hold seqs first_seq..last_seq. Throws StoreError naming the
// interview and the seqs when the bytes are not such a segment (unknown tag, corrupt stream,
// wrong number of events, bytes left over).
[[nodiscard]] std::vector<EventRecord> decode_event_segment(std::string_view bytes, std::string_view interview_id,
                                                            std::int64_t first_seq, std::int64_t last_seq);

// The text the coach's full-text search indexes for an event: an `answer_received` payload's
// "text" string; nothing for any other event or a payload without one (what migration 5's
// json_extract(payload_json, '$.text') gave, minus its failure on text that is not JSON).
[[nodiscard]] std::optional<std::string> searchable_answer_text(std::string_view type, std::string_view payload_json);

// Hex digits of `bytes`, and back: PostgreSQL's bytea travels as '\x' followed by them.
[[nodiscard]] std::string bytea_hex_literal(std::string_view bytes);
[[nodiscard]] std::string bytes_of_bytea_hex(std::string_view literal);

}  // namespace mi::server
