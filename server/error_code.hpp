// Every error code the server can send, in WebSocket `error` frames and REST error bodies
// (docs/protocol.md, "Errors"). One list: the protocol, the service, the REST layer and the
// handshake all name codes through this enum, and tests check that the document and the web
// client's table (web/js/messages.js) name exactly these.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace mi::server {

enum class ErrorCode {
    // A client message or request body that cannot be read.
    malformed_json,
    missing_field,
    wrong_type,
    unknown_type,
    unsupported_version,
    unknown_command,
    invalid_utf8,
    answer_too_long,
    rate_limited,
    // What the connection asked for does not fit its state.
    not_joined,
    already_joined,
    interview_not_found,
    unauthorized,
    interview_finished,
    superseded,
    message_refused,
    interview_unavailable,
    // A Run of the candidate's code (a practical task that runs).
    nothing_to_run,
    run_failed,
    // REST.
    invalid_plan,
    missing_parameter,
    role_not_found,
    role_unavailable,
    not_found,
    method_not_allowed,
    body_too_large,
    headers_too_large,
    bad_request,
    // The coach API (docs/coaching.md).
    invalid_parameter,
    invite_not_found,
    invite_expired,
    // The WebSocket upgrade and the connection limits.
    bad_handshake,
    upgrade_required,
    origin_not_allowed,
    server_busy,
    too_many_connections,
    // The server failed; nothing was acknowledged.
    internal,
};

inline constexpr std::array all_error_codes{
    ErrorCode::malformed_json,      ErrorCode::missing_field,        ErrorCode::wrong_type,
    ErrorCode::unknown_type,        ErrorCode::unsupported_version,  ErrorCode::unknown_command,
    ErrorCode::invalid_utf8,        ErrorCode::answer_too_long,      ErrorCode::rate_limited,
    ErrorCode::not_joined,          ErrorCode::already_joined,       ErrorCode::interview_not_found,
    ErrorCode::unauthorized,        ErrorCode::interview_finished,   ErrorCode::superseded,
    ErrorCode::message_refused,     ErrorCode::interview_unavailable, ErrorCode::invalid_plan,
    ErrorCode::missing_parameter,   ErrorCode::role_not_found,       ErrorCode::role_unavailable,
    ErrorCode::not_found,           ErrorCode::method_not_allowed,   ErrorCode::body_too_large,
    ErrorCode::headers_too_large,   ErrorCode::bad_request,          ErrorCode::bad_handshake,
    ErrorCode::upgrade_required,    ErrorCode::origin_not_allowed,   ErrorCode::server_busy,
    ErrorCode::too_many_connections, ErrorCode::internal,        ErrorCode::nothing_to_run,
    ErrorCode::run_failed,          ErrorCode::invalid_parameter,    ErrorCode::invite_not_found,
    ErrorCode::invite_expired,
};

// The code as it is spelled on the wire ("malformed_json").
[[nodiscard]] std::string_view to_string(ErrorCode code);
[[nodiscard]] std::optional<ErrorCode> parse_error_code(std::string_view name);

}  // namespace mi::server
