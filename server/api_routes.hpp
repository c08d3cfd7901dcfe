// The REST API under /api/v1 (docs/protocol.md, "REST"): a request in plain fields, a JSON
// response out. Runs on the interview thread, like every InterviewService call.
#pragma once

#include <string>
#include <string_view>

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
    std::string body;               // always JSON; errors are {"error": {"code", "message"[, "details"]}}
};

[[nodiscard]] ApiResponse handle_api_request(const ApiRequest& request, InterviewService& service,
                                             WallClock::time_point now);

// {"error": {"code": ..., "message": ...}} with the given status, for errors outside the API too.
[[nodiscard]] ApiResponse json_error(int status, std::string_view code, std::string_view message);

}  // namespace mi::server
