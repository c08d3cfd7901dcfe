#include "server/postgres/pg_event_log.hpp"

#include <algorithm>

#include "server/event_segment.hpp"

namespace mi::server::postgres {

namespace {

std::vector<EventRecord> read_segments(PgConnection& connection, std::string_view interview_id, std::int64_t after_seq) {
    const auto rows = connection.exec("SELECT first_seq, last_seq, events FROM interview_event_segments "
                                      "WHERE interview_id = $1 AND last_seq > $2 ORDER BY first_seq",
                                      {interview_id, after_seq});
    std::vector<EventRecord> events;
    for (int row = 0; row < rows.rows(); ++row) {
        for (auto& event : decode_event_segment(bytes_of_bytea_hex(rows.text(row, 2)), interview_id,
                                                rows.integer(row, 0), rows.integer(row, 1))) {
            if (event.seq > after_seq) events.push_back(std::move(event));
        }
    }
    return events;
}

}  // namespace

std::vector<EventRecord> read_pg_events(PgConnection& connection, std::string_view interview_id, std::int64_t after_seq) {
    const auto rows = connection.exec("SELECT seq, type, payload_json, recorded_at_ms FROM interview_events "
                                      "WHERE interview_id = $1 AND seq > $2 ORDER BY seq",
                                      {interview_id, after_seq});
    std::vector<EventRecord> events;
    events.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        events.push_back(EventRecord{rows.integer(row, 0), rows.text(row, 1), rows.text(row, 2), rows.integer(row, 3)});
    }
    auto segments = read_segments(connection, interview_id, after_seq);
    if (events.empty()) return segments;
    events.insert(events.end(), std::make_move_iterator(segments.begin()), std::make_move_iterator(segments.end()));
    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return events;
}

PgSegmentParams pg_segment_params(const std::vector<EventRecord>& events) {
    PgSegmentParams params;
    params.segment = bytea_hex_literal(encode_event_segment(events, SegmentCompression::fast));
    std::vector<std::string> texts;
    std::string seqs;
    for (const auto& event : events) {
        if (event.type != "answer_received") continue;
        seqs.push_back(seqs.empty() ? '{' : ',');
        seqs.append(std::to_string(event.seq));
        texts.push_back(event.search_text ? *event.search_text
                                          : searchable_answer_text(event.type, event.payload_json).value_or(""));
    }
    if (seqs.empty()) seqs.push_back('{');
    seqs.push_back('}');
    params.answer_seqs = std::move(seqs);
    params.answer_texts = text_array_literal(std::vector<std::string_view>(texts.begin(), texts.end()));
    return params;
}

void merge_pg_segments(PgConnection& connection, std::string_view interview_id) {
    const auto events = read_segments(connection, interview_id, 0);
    if (events.empty()) return;
    (void)connection.exec("DELETE FROM interview_event_segments WHERE interview_id = $1", {interview_id});
    (void)connection.exec("INSERT INTO interview_event_segments (interview_id, first_seq, last_seq, events) "
                          "VALUES ($1, $2, $3, $4::bytea)",
                          {interview_id, events.front().seq, events.back().seq,
                           bytea_hex_literal(encode_event_segment(events))});
}

}  // namespace mi::server::postgres
