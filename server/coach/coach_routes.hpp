// The coach API and the candidate's share/delete endpoints under /api/v1 (docs/coaching.md, "API"):
// requests in, JSON views (and exports) out, statuses from the error codes. One hook in front of
// the REST routes: a request that is not one of these is left to handle_api_request.
// Runs on the coach strand (server_context.hpp): one call at a time, as its store expects.
#pragma once

#include <optional>

#include "server/api_routes.hpp"
#include "server/coach/coach_service.hpp"

namespace mi::server::coach {

[[nodiscard]] std::optional<ApiResponse> handle_coach_request(const ApiRequest& request, CoachService& service,
                                                              WallClock::time_point now);

}  // namespace mi::server::coach
