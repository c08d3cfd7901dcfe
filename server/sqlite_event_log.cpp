#include "server/sqlite_event_log.hpp"

#include <algorithm>

#include "server/event_segment.hpp"

namespace mi::server {

namespace {

void insert_segment(SqliteStatementCache& statements, std::string_view interview_id, std::int64_t first_seq,
                    std::int64_t last_seq, std::string_view bytes) {
    auto insert = statements.get("INSERT INTO interview_event_segments (interview_id, first_seq, last_seq, events) "
                                 "VALUES (?, ?, ?, ?)");
    insert.bind(1, interview_id).bind(2, first_seq).bind(3, last_seq).bind_blob(4, bytes);
    insert.run();
}

void index_answer(SqliteStatementCache& statements, std::int64_t row, std::string_view text) {
    auto index = statements.get("INSERT INTO answer_search (rowid, text) VALUES (?, ?)");
    index.bind(1, row).bind(2, text);
    index.run();
}

void index_answers(SqliteStatementCache& statements, std::string_view interview_id,
                   const std::vector<EventRecord>& events, std::int64_t* deferred) {
    for (const auto& event : events) {
        auto text = event.search_text ? event.search_text : searchable_answer_text(event.type, event.payload_json);
        if (!text) continue;
        auto name = statements.get("INSERT INTO answer_search_rows (interview_id, seq) VALUES (?, ?) RETURNING id");
        name.bind(1, interview_id).bind(2, event.seq);
        name.step();
        const auto row = name.integer(0);
        name.run();
        if (deferred == nullptr) {
            index_answer(statements, row, *text);
            continue;
        }
        auto wait = statements.get("INSERT INTO answer_search_pending (row, text) VALUES (?, ?)");
        wait.bind(1, row).bind(2, *text);
        wait.run();
        ++*deferred;
    }
}

std::vector<EventRecord> read_segments(SqliteStatementCache& statements, std::string_view interview_id,
                                       std::int64_t after_seq) {
    auto select = statements.get("SELECT first_seq, last_seq, events FROM interview_event_segments "
                                 "WHERE interview_id = ? AND last_seq > ? ORDER BY first_seq");
    select.bind(1, interview_id).bind(2, after_seq);
    std::vector<EventRecord> events;
    while (select.step()) {
        for (auto& event : decode_event_segment(select.blob(2), interview_id, select.integer(0), select.integer(1))) {
            if (event.seq > after_seq) events.push_back(std::move(event));
        }
    }
    return events;
}

}  // namespace

std::int64_t index_pending_search(SqliteStatementCache& statements) {
    std::int64_t indexed = 0;
    {
        auto waiting = statements.get("SELECT row, text FROM answer_search_pending ORDER BY row");
        while (waiting.step()) {
            index_answer(statements, waiting.integer(0), waiting.text(1));
            ++indexed;
        }
    }
    if (indexed > 0) statements.get("DELETE FROM answer_search_pending").run();
    return indexed;
}

bool search_pending(SqliteStatementCache& statements) {
    auto any = statements.get("SELECT EXISTS (SELECT 1 FROM answer_search_pending)");
    any.step();
    return any.integer(0) != 0;
}

std::vector<EventRecord> read_sqlite_events(SqliteStatementCache& statements, std::string_view interview_id,
                                            std::int64_t after_seq) {
    std::vector<EventRecord> events;
    {
        auto select = statements.get("SELECT seq, type, payload_json, recorded_at_ms FROM interview_events "
                                     "WHERE interview_id = ? AND seq > ? ORDER BY seq");
        select.bind(1, interview_id).bind(2, after_seq);
        while (select.step()) {
            events.push_back(EventRecord{select.integer(0), select.text(1), select.text(2), select.integer(3)});
        }
    }
    auto segments = read_segments(statements, interview_id, after_seq);
    if (events.empty()) return segments;
    // Rows from before migration 8 come first in practice; sorting keeps the order if not.
    events.insert(events.end(), std::make_move_iterator(segments.begin()), std::make_move_iterator(segments.end()));
    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
    return events;
}

std::optional<MergedSegment> merge_segments(SqliteStatementCache& statements, std::string_view interview_id,
                                            std::int64_t expected_last_seq, const std::vector<EventRecord>& events) {
    auto merged = read_segments(statements, interview_id, 0);
    if (merged.empty() || merged.back().seq != expected_last_seq || events.empty()) return std::nullopt;
    merged.insert(merged.end(), events.begin(), events.end());
    return MergedSegment{merged.front().seq, merged.back().seq, encode_event_segment(merged)};
}

void append_sqlite_events(SqliteStatementCache& statements, std::string_view interview_id,
                          const std::vector<EventRecord>& events, const MergedSegment* merged,
                          std::int64_t* deferred_search) {
    if (events.empty()) return;
    index_answers(statements, interview_id, events, deferred_search);
    if (merged == nullptr) {
        insert_segment(statements, interview_id, events.front().seq, events.back().seq,
                       encode_event_segment(events, SegmentCompression::none));
        return;
    }
    auto remove = statements.get("DELETE FROM interview_event_segments WHERE interview_id = ?");
    remove.bind(1, interview_id);
    remove.run();
    insert_segment(statements, interview_id, merged->first_seq, merged->last_seq, merged->bytes);
}

void erase_sqlite_events(SqliteStatementCache& statements, std::string_view interview_id) {
    // Then every answer of the interview is in the index, taken out the one way below.
    index_pending_search(statements);
    for (const auto& event : read_sqlite_events(statements, interview_id)) {
        const auto text = searchable_answer_text(event.type, event.payload_json);
        if (!text) continue;
        auto row = statements.get("SELECT id FROM answer_search_rows WHERE interview_id = ? AND seq = ?");
        row.bind(1, interview_id).bind(2, event.seq);
        if (!row.step()) continue;
        const auto id = row.integer(0);
        auto unindex = statements.get("INSERT INTO answer_search (answer_search, rowid, text) VALUES ('delete', ?, ?)");
        unindex.bind(1, id).bind(2, *text);
        unindex.run();
    }
    for (const char* sql : {"DELETE FROM answer_search_rows WHERE interview_id = ?",
                            "DELETE FROM interview_event_segments WHERE interview_id = ?",
                            "DELETE FROM interview_events WHERE interview_id = ?"}) {
        auto statement = statements.get(sql);
        statement.bind(1, interview_id);
        statement.run();
    }
}

}  // namespace mi::server
