// Every HTTP endpoint of the REST API (and the operator endpoints beside it) in one table. The
// server routes requests through this table, so an endpoint that is not here does not exist,
// and a test checks that docs/openapi.json documents exactly these method and path pairs.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/error_code.hpp"

namespace mi::server {

enum class ApiRoute {
    // Operators.
    health,
    readiness,
    metrics,
    // The document that describes this table.
    openapi_document,
    // Candidates and start pages.
    create_interview,
    read_interview,
    list_roles,
    list_stages,
    list_industries,
    list_seniorities,
    // Chat platforms (server/chat/).
    generic_webhook,
    slack_webhook,
    telegram_webhook,
    signed_report,
    // Coaches (server/coach/, docs/coaching.md).
    coach_me,
    coach_list_interviews,
    coach_read_interview,
    coach_add_note,
    coach_override,
    coach_revert,
    coach_export,
    calibration,
    create_invite,
    list_invites,
    expire_invite,
    // Candidates: an invite link, sharing with a coach, deleting an interview.
    open_invite,
    list_shares,
    add_share,
    withdraw_share,
    delete_interview,
    // Practice profiles (server/profiles/, docs/profiles.md).
    create_profile,
    recover_profile,
    read_profile,
    delete_profile,
    start_profile_interview,
    profile_progress,
    profile_drill_plan,
    start_profile_drill,
    export_profile,
};

// Which part of the server answers a route; the listener dispatches on it, so a new route is
// added in one place (the table) and reaches its handler without another list to update.
enum class RouteOwner {
    listener,     // answered by the HTTP listener itself: health, readiness, metrics
    interviews,   // the REST layer over the interview service (server/api_routes.cpp)
    chat,         // the chat gateway (server/chat/)
    coach,        // the coach service (server/coach/), including the candidate's shares and deletion
    profiles,     // the profile service (server/profiles/)
};

struct ApiRouteSpec {
    ApiRoute route;
    RouteOwner owner;
    std::string_view method;         // "GET", "POST", ...
    std::string_view path_template;  // "/api/v1/interviews/{interview_id}": a {name} is one path segment
};

[[nodiscard]] std::span<const ApiRouteSpec> api_route_table();

// A request the table answers: the route and the values of its {name} segments, in order.
struct RouteMatch {
    ApiRoute route;
    RouteOwner owner;
    std::vector<std::string> parameters;
};

// A request for an API path the table does not answer: 404 not_found, or 405 method_not_allowed
// naming the methods that path does take.
struct RouteRefusal {
    ErrorCode code;
    std::string message;
};

// Not an API path at all (no table entry and outside /api/): static files or the WebSocket.
struct NotAnApiPath {};

using RouteDecision = std::variant<RouteMatch, RouteRefusal, NotAnApiPath>;

// `path` without its query string.
[[nodiscard]] RouteDecision route_request(std::string_view method, std::string_view path);

}  // namespace mi::server
