// Durable storage of interviews as append-only event logs. The server replays a log into the
// dialogue engine to resume an interview, so the log is the interview.
//
// The interface is what any backend implements (SQLite today, PostgreSQL later): plain types,
// explicit all-or-nothing operations, optimistic concurrency by expected sequence number.
// Contract for callers: an answer is acknowledged to the candidate only after append_events
// for its events has returned.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mi::server {

enum class InterviewStatus { in_progress, finished };

[[nodiscard]] std::string_view to_string(InterviewStatus status);
[[nodiscard]] std::optional<InterviewStatus> parse_interview_status(std::string_view text);

struct NewInterview {
    std::string id;
    std::string token_sha256;       // hex SHA-256 of the candidate's token; the token itself is never stored
    std::string role_id;
    std::string plan_json;          // the plan as the engine serialises it
    std::int64_t created_at_ms = 0; // Unix epoch milliseconds
};

struct InterviewRecord {
    std::string id;
    std::string token_sha256;
    std::string role_id;
    std::string plan_json;
    InterviewStatus status = InterviewStatus::in_progress;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::int64_t last_seq = 0;      // sequence number of the newest event; 0 when there is none
};

struct NewEvent {
    std::string type;               // the event's type name, for queries and logs
    std::string payload_json;       // the whole event as the engine serialises it
    // What the coach's search indexes for it, when the writer has it at hand: an answer's text
    // (searchable_answer_text of the payload, which the store reads out of the JSON otherwise).
    std::optional<std::string> search_text = {};
};

// A candidate message the client named with its own id, and the events it produced: a resend
// with the same id is answered from this instead of being handled twice.
struct ClientMessageRecord {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
};

struct EventRecord {
    std::int64_t seq = 0;           // 1, 2, 3, ... per interview, without gaps
    std::string type;
    std::string payload_json;
    std::int64_t recorded_at_ms = 0;
    std::optional<std::string> search_text = {};   // on writing only: NewEvent::search_text
};

// Any failure of the storage itself (disk full, corrupt file, unreachable server).
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// append_events found a different last sequence number than the caller expected: someone else
// appended in between. Nothing was stored.
class SequenceConflict : public StoreError {
public:
    using StoreError::StoreError;
};

class InterviewStore {
public:
    virtual ~InterviewStore() = default;

    // Stores a new interview and its opening events (seq 1..n) in one transaction.
    // Throws StoreError (also when the id exists).
    virtual void create_interview(const NewInterview& interview, const std::vector<NewEvent>& opening_events) = 0;

    // Appends `events` as seq expected_last_seq+1, ... and sets the status, in one transaction,
    // only when the interview's last seq is `expected_last_seq`. A non-empty `client_message_id`
    // is recorded with the events' seq range in the same transaction. Returns the new last seq.
    // Throws SequenceConflict (nothing stored) or StoreError.
    virtual std::int64_t append_events(std::string_view interview_id, std::int64_t expected_last_seq,
                                       const std::vector<NewEvent>& events, InterviewStatus status_after,
                                       std::int64_t now_ms, std::string_view client_message_id) = 0;

    // The events a message with this client id produced, if one was appended.
    [[nodiscard]] virtual std::optional<ClientMessageRecord> find_client_message(std::string_view interview_id,
                                                                                 std::string_view client_message_id) = 0;

    [[nodiscard]] virtual std::optional<InterviewRecord> find_interview(std::string_view interview_id) = 0;

    // Events with seq > after_seq, in order.
    [[nodiscard]] virtual std::vector<EventRecord> load_events(std::string_view interview_id,
                                                               std::int64_t after_seq = 0) = 0;

    // Newest first.
    [[nodiscard]] virtual std::vector<InterviewRecord> list_interviews(std::size_t limit, std::size_t offset) = 0;

    // Throws StoreError when the store cannot answer a trivial query (readiness probe).
    virtual void check_reachable() = 0;

    // The newest schema migration applied.
    [[nodiscard]] virtual int schema_version() = 0;
};

}  // namespace mi::server
