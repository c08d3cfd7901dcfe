// The practice profile endpoints under /api/v1/profiles (docs/profiles.md): requests in, JSON
// views out, statuses from the error codes. The listener calls this for the profile routes of
// the route table only, on the profiles strand (server_context.hpp).
#pragma once

#include "server/api_route_table.hpp"
#include "server/api_routes.hpp"
#include "server/profiles/profile_service.hpp"

namespace mi::server::profiles {

// Whether the route starts an interview (the listener applies the creation rate limit to it).
[[nodiscard]] bool starts_interview(ApiRoute route);

[[nodiscard]] ApiResponse handle_profile_request(const ApiRequest& request, const RouteMatch& match,
                                                 ProfileService& service, WallClock::time_point now);

// The JSON views, for the export and for tests.
[[nodiscard]] nlohmann::json progress_json(const ProfileProgress& progress);
[[nodiscard]] nlohmann::json drill_json(const dialogue::progress::DrillPlan& plan);

}  // namespace mi::server::profiles
