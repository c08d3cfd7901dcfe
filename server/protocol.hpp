// The interview WebSocket protocol (docs/protocol.md): parsing and validating what clients send,
// and building what the server sends. Pure functions over text and JSON: no sockets, no clock,
// so every rule is unit-tested without a network.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

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
struct Answer {
    std::string text;
};
struct Command {
    std::string name;               // one of command_names()
};
struct Ping {};

using ClientMessage = std::variant<Join, Answer, Command, Ping>;

// What is wrong with a client message (or with what it asked for). `code` is one of the codes
// listed in docs/protocol.md; `field` names the offending field when there is one.
struct Error {
    std::string code;
    std::string message;
    std::string field;
};

using ParseResult = std::variant<ClientMessage, Error>;

// Validates one received frame. Never throws: every problem becomes an Error.
[[nodiscard]] ParseResult parse_client_message(std::string_view frame, const ServerLimits& limits);

// The candidate commands the protocol accepts as `command` messages.
[[nodiscard]] const std::vector<std::string>& command_names();

// UTF-8 helpers (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text);
[[nodiscard]] std::size_t count_utf8_characters(std::string_view valid_utf8);

// server -> client. Every builder returns the serialised frame.
[[nodiscard]] std::string error_frame(const Error& error);
[[nodiscard]] std::string pong_frame();
// `events` are stored events as {"seq", "event"} pairs, in order; `state` is the interview's
// current state as the server summarises it.
[[nodiscard]] std::string joined_frame(std::string_view interview_id, const nlohmann::json& state,
                                       const nlohmann::json& events, std::int64_t last_seq);
// The candidate's answer (or command) is stored: sent only after the commit.
[[nodiscard]] std::string ack_frame(std::int64_t seq, std::string_view kind);
[[nodiscard]] std::string event_frame(std::int64_t seq, const nlohmann::json& event);
[[nodiscard]] std::string superseded_frame();

}  // namespace mi::server::protocol
