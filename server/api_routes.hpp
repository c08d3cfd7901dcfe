// The REST API under /api/v1 (docs/protocol.md, "REST"): a request in plain fields, a JSON
// response out. This layer owns the JSON views of the service's typed results and the table of
// HTTP statuses per error code. Runs on the interview thread, like every InterviewService call.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <string_view>
#include <vector>

#include "server/api_route_table.hpp"
#include "server/error_code.hpp"
#include "server/interview_service.hpp"

namespace mi::server {

struct ApiRequest {
    std::string method;             // "GET", "POST", ...
    std::string target;             // "/api/v1/stages?role=backend-developer"
    std::string authorization;      // the Authorization header, "" when absent
    std::string body;
};

struct ApiResponse {
    int status = 200;
    std::string body;               // JSON unless content_type says otherwise; errors are {"error": {"code", "message"[, "details"]}}
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;   // more response headers (Content-Disposition)
};

// A request the route table matched to one of the REST layer's routes (not the operator or chat
// routes, which the listener answers).
[[nodiscard]] ApiResponse handle_api_request(const ApiRequest& request, const RouteMatch& match,
                                             InterviewService& service, WallClock::time_point now);

// GET /api/v1/interviews/{id}'s body; signed report links answer the same.
[[nodiscard]] nlohmann::json transcript_json(const InterviewTranscript& transcript);

// A JSON object request body, or the error response saying what is wrong with it (and where).
[[nodiscard]] std::variant<nlohmann::json, ApiResponse> read_json_object(std::string_view body);

// The token of an "Authorization: Bearer <token>" header; nullopt for any other header.
[[nodiscard]] std::optional<std::string_view> bearer_token(std::string_view authorization);

// The HTTP status that goes with an error code.
[[nodiscard]] int http_status_of(ErrorCode code);

// {"error": {"code": ..., "message": ...[, "details": [...]]}} with the code's status, for errors
// outside the API too (static files, the WebSocket handshake).
[[nodiscard]] ApiResponse json_error(ErrorCode code, std::string_view message,
                                     const std::vector<std::string>& details = {});

}  // namespace mi::server
