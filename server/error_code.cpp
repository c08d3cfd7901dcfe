#include "server/error_code.hpp"

namespace mi::server {

std::string_view to_string(ErrorCode code) {
    switch (code) {
        case ErrorCode::malformed_json: return "malformed_json";
        case ErrorCode::missing_field: return "missing_field";
        case ErrorCode::wrong_type: return "wrong_type";
        case ErrorCode::unknown_type: return "unknown_type";
        case ErrorCode::unsupported_version: return "unsupported_version";
        case ErrorCode::unknown_command: return "unknown_command";
        case ErrorCode::invalid_utf8: return "invalid_utf8";
        case ErrorCode::answer_too_long: return "answer_too_long";
        case ErrorCode::rate_limited: return "rate_limited";
        case ErrorCode::not_joined: return "not_joined";
        case ErrorCode::already_joined: return "already_joined";
        case ErrorCode::interview_not_found: return "interview_not_found";
        case ErrorCode::unauthorized: return "unauthorized";
        case ErrorCode::interview_finished: return "interview_finished";
        case ErrorCode::superseded: return "superseded";
        case ErrorCode::message_refused: return "message_refused";
        case ErrorCode::interview_unavailable: return "interview_unavailable";
        case ErrorCode::invalid_plan: return "invalid_plan";
        case ErrorCode::missing_parameter: return "missing_parameter";
        case ErrorCode::role_not_found: return "role_not_found";
        case ErrorCode::role_unavailable: return "role_unavailable";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::method_not_allowed: return "method_not_allowed";
        case ErrorCode::body_too_large: return "body_too_large";
        case ErrorCode::headers_too_large: return "headers_too_large";
        case ErrorCode::bad_request: return "bad_request";
        case ErrorCode::bad_handshake: return "bad_handshake";
        case ErrorCode::upgrade_required: return "upgrade_required";
        case ErrorCode::origin_not_allowed: return "origin_not_allowed";
        case ErrorCode::server_busy: return "server_busy";
        case ErrorCode::too_many_connections: return "too_many_connections";
        case ErrorCode::internal: return "internal";
        case ErrorCode::nothing_to_run: return "nothing_to_run";
        case ErrorCode::run_failed: return "run_failed";
        case ErrorCode::invalid_parameter: return "invalid_parameter";
        case ErrorCode::invite_not_found: return "invite_not_found";
        case ErrorCode::invite_expired: return "invite_expired";
    }
    return "internal";
}

std::optional<ErrorCode> parse_error_code(std::string_view name) {
    for (const auto code : all_error_codes) {
        if (to_string(code) == name) return code;
    }
    return std::nullopt;
}

}  // namespace mi::server
