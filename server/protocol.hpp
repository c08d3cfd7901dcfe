// The interview WebSocket protocol (docs/protocol.md): parsing and validating what clients send,
// and building what the server sends. Pure functions over text and JSON: no sockets, no clock,
// so every rule is unit-tested without a network.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "dialogue/interview/interview.hpp"
#include "server/error_code.hpp"
#include "server/sequenced_event.hpp"
#include "server/server_config.hpp"

namespace mi::server::protocol {

// Every message carries "v": this number. A client sending another version gets
// `unsupported_version` and nothing else happens.
inline constexpr int version = 1;

// client -> server
struct Join {
    std::string interview_id;
    std::string token;
    std::int64_t last_seq = 0;      // events with seq <= last_seq are not sent again
};
// `client_id`: the client's own name for the message (1 to 64 of A-Z a-z 0-9 _ -), so that a
// message resent after a lost acknowledgement is recognised instead of handled twice. Empty: none.
struct Answer {
    std::string text;
    std::string client_id;
};
struct Command {
    std::string name;               // one of command_names()
    std::string client_id;
};
struct Ping {};
// Runs the candidate's code for the practical task that runs (docs/protocol.md, "Run"): nothing is
// stored, the interview does not move; the answer is one run_result or one error frame.
struct Run {
    std::string code;               // SQL, or an OpenAPI document
    std::string client_id;          // echoed in the reply, so a client can match it
};

using ClientMessage = std::variant<Join, Answer, Command, Ping, Run>;

// What is wrong with a client message (or with what it asked for); `field` names the offending
// field when there is one; `retry_after_ms` (rate_limited only) says when to send it again.
struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    std::string field;
    std::optional<std::int64_t> retry_after_ms;
};

// Every close code the server sends (docs/protocol.md, "Close codes"); Beast itself sends 1002
// for frames that break RFC 6455 and 1007 for text frames that are not UTF-8.
enum class CloseCode : std::uint16_t {
    normal = 1000,
    going_away = 1001,              // the server is shutting down
    protocol_error = 1002,
    invalid_utf8 = 1007,
    policy = 1008,                  // rate limit exceeded repeatedly, not reading, message too slow
    too_big = 1009,
    internal_error = 1011,
    superseded = 4000,              // another connection took the interview over
    idle_timeout = 4001,            // nothing received for the idle timeout
};
inline constexpr std::array all_close_codes{CloseCode::normal,      CloseCode::going_away,    CloseCode::protocol_error,
                                            CloseCode::invalid_utf8, CloseCode::policy,       CloseCode::too_big,
                                            CloseCode::internal_error, CloseCode::superseded, CloseCode::idle_timeout};

using ParseResult = std::variant<ClientMessage, Error>;

// Validates one received frame. Never throws: every problem becomes an Error.
[[nodiscard]] ParseResult parse_client_message(std::string_view frame, const ServerLimits& limits);

// The candidate commands the protocol accepts as `command` messages.
[[nodiscard]] const std::vector<std::string>& command_names();

// The `state` object of joined, turn_complete and GET /api/v1/interviews/{id}.
[[nodiscard]] nlohmann::json state_json(const dialogue::InterviewProgress& progress);
// {"seq": N, "event": {...}}, as joined.events and the REST events list hold them.
[[nodiscard]] nlohmann::json sequenced_event_json(std::int64_t seq, const nlohmann::json& event);

// UTF-8 helpers (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text);
[[nodiscard]] std::size_t count_utf8_characters(std::string_view valid_utf8);

// server -> client. Every builder returns the serialised frame.
[[nodiscard]] std::string error_frame(const Error& error);
[[nodiscard]] std::string pong_frame();
// `events` are the stored events after the client's last_seq, in order.
[[nodiscard]] std::string joined_frame(std::string_view interview_id, const dialogue::InterviewProgress& state,
                                       const std::vector<SequencedEvent>& events, std::int64_t last_seq);
// The candidate's answer (or command) is stored: sent only after the commit. `duplicate`: it had
// been stored before under the same client id, and nothing new was handled.
[[nodiscard]] std::string ack_frame(std::int64_t seq, std::string_view kind, std::string_view client_id,
                                    bool duplicate);
[[nodiscard]] std::string event_frame(std::int64_t seq, const nlohmann::json& event);
// The same frame from an event that carries its serialised text (a message's new events), without
// serialising the event again.
[[nodiscard]] std::string event_frame(const SequencedEvent& entry);
// The last frame of every answer or command that was not refused: the interview waits for the
// candidate again (or has finished).
[[nodiscard]] std::string turn_complete_frame(const dialogue::InterviewProgress& state);
[[nodiscard]] std::string superseded_frame();

// Where in the candidate's code a Run failed: 1-based line and column (characters), the byte
// offset into `code`, the 1-based SQL statement (0: not known).
struct CodePosition {
    std::size_t line = 0;
    std::size_t column = 0;
    std::optional<std::size_t> offset;
    std::size_t statement = 0;
};
// The reply to a Run: `result` is the run (checkers::run_to_json).
[[nodiscard]] std::string run_result_frame(std::string_view client_id, const nlohmann::json& result);
// A Run refused or failed: an error frame that says it answers a run (`of`), echoes the client id
// and, when the code failed at a place in it, names the place.
[[nodiscard]] std::string run_error_frame(const Error& error, std::string_view client_id,
                                          const std::optional<CodePosition>& position);

}  // namespace mi::server::protocol
