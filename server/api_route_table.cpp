#include "server/api_route_table.hpp"

#include <array>
#include <optional>

namespace mi::server {

namespace {

constexpr std::string_view api_prefix = "/api/";

constexpr std::array routes{
    ApiRouteSpec{ApiRoute::health, RouteOwner::listener, "GET", "/healthz"},
    ApiRouteSpec{ApiRoute::readiness, RouteOwner::listener, "GET", "/readyz"},
    ApiRouteSpec{ApiRoute::metrics, RouteOwner::listener, "GET", "/metrics"},
    ApiRouteSpec{ApiRoute::openapi_document, RouteOwner::interviews, "GET", "/api/v1/openapi.json"},
    ApiRouteSpec{ApiRoute::create_interview, RouteOwner::interviews, "POST", "/api/v1/interviews"},
    ApiRouteSpec{ApiRoute::read_interview, RouteOwner::interviews, "GET", "/api/v1/interviews/{interview_id}"},
    ApiRouteSpec{ApiRoute::list_roles, RouteOwner::interviews, "GET", "/api/v1/roles"},
    ApiRouteSpec{ApiRoute::list_stages, RouteOwner::interviews, "GET", "/api/v1/stages"},
    ApiRouteSpec{ApiRoute::list_industries, RouteOwner::interviews, "GET", "/api/v1/industries"},
    ApiRouteSpec{ApiRoute::list_seniorities, RouteOwner::interviews, "GET", "/api/v1/seniorities"},
    ApiRouteSpec{ApiRoute::generic_webhook, RouteOwner::chat, "POST", "/api/v1/webhooks/generic"},
    ApiRouteSpec{ApiRoute::slack_webhook, RouteOwner::chat, "POST", "/api/v1/webhooks/slack"},
    ApiRouteSpec{ApiRoute::telegram_webhook, RouteOwner::chat, "POST", "/api/v1/webhooks/telegram"},
    ApiRouteSpec{ApiRoute::signed_report, RouteOwner::chat, "GET", "/api/v1/reports/{interview_id}"},
    ApiRouteSpec{ApiRoute::coach_me, RouteOwner::coach, "GET", "/api/v1/coach/me"},
    ApiRouteSpec{ApiRoute::coach_list_interviews, RouteOwner::coach, "GET", "/api/v1/coach/interviews"},
    ApiRouteSpec{ApiRoute::coach_read_interview, RouteOwner::coach, "GET", "/api/v1/coach/interviews/{interview_id}"},
    ApiRouteSpec{ApiRoute::coach_add_note, RouteOwner::coach, "POST", "/api/v1/coach/interviews/{interview_id}/notes"},
    ApiRouteSpec{ApiRoute::coach_override, RouteOwner::coach, "POST", "/api/v1/coach/interviews/{interview_id}/turns/{turn}/overrides"},
    ApiRouteSpec{ApiRoute::coach_revert, RouteOwner::coach, "POST", "/api/v1/coach/interviews/{interview_id}/audit/{audit_id}/revert"},
    ApiRouteSpec{ApiRoute::coach_export, RouteOwner::coach, "GET", "/api/v1/coach/interviews/{interview_id}/export"},
    ApiRouteSpec{ApiRoute::calibration, RouteOwner::coach, "GET", "/api/v1/calibration"},
    ApiRouteSpec{ApiRoute::create_invite, RouteOwner::coach, "POST", "/api/v1/invites"},
    ApiRouteSpec{ApiRoute::list_invites, RouteOwner::coach, "GET", "/api/v1/invites"},
    ApiRouteSpec{ApiRoute::expire_invite, RouteOwner::coach, "DELETE", "/api/v1/invites/{invite_id}"},
    ApiRouteSpec{ApiRoute::open_invite, RouteOwner::coach, "GET", "/api/v1/invites/by-code/{code}"},
    ApiRouteSpec{ApiRoute::list_shares, RouteOwner::coach, "GET", "/api/v1/interviews/{interview_id}/shares"},
    ApiRouteSpec{ApiRoute::add_share, RouteOwner::coach, "POST", "/api/v1/interviews/{interview_id}/shares"},
    ApiRouteSpec{ApiRoute::withdraw_share, RouteOwner::coach, "DELETE", "/api/v1/interviews/{interview_id}/shares/{share_code}"},
    ApiRouteSpec{ApiRoute::delete_interview, RouteOwner::coach, "DELETE", "/api/v1/interviews/{interview_id}"},
    ApiRouteSpec{ApiRoute::create_profile, RouteOwner::profiles, "POST", "/api/v1/profiles"},
    ApiRouteSpec{ApiRoute::recover_profile, RouteOwner::profiles, "POST", "/api/v1/profiles/recover"},
    ApiRouteSpec{ApiRoute::read_profile, RouteOwner::profiles, "GET", "/api/v1/profiles/me"},
    ApiRouteSpec{ApiRoute::delete_profile, RouteOwner::profiles, "DELETE", "/api/v1/profiles/me"},
    ApiRouteSpec{ApiRoute::start_profile_interview, RouteOwner::profiles, "POST", "/api/v1/profiles/me/interviews"},
    ApiRouteSpec{ApiRoute::profile_progress, RouteOwner::profiles, "GET", "/api/v1/profiles/me/progress"},
    ApiRouteSpec{ApiRoute::profile_drill_plan, RouteOwner::profiles, "GET", "/api/v1/profiles/me/drill"},
    ApiRouteSpec{ApiRoute::start_profile_drill, RouteOwner::profiles, "POST", "/api/v1/profiles/me/drills"},
    ApiRouteSpec{ApiRoute::export_profile, RouteOwner::profiles, "GET", "/api/v1/profiles/me/export"},
};

// The next segment of a path after its leading '/', and what follows it.
std::string_view next_segment(std::string_view& rest) {
    if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest.remove_prefix(slash == std::string_view::npos ? rest.size() : slash);
    return segment;
}

// The {name} values when `path` has the template's shape, segment for segment.
std::optional<std::vector<std::string>> match_template(std::string_view path_template, std::string_view path) {
    std::vector<std::string> parameters;
    std::string_view pattern = path_template;
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty()) return std::nullopt;
        if (path.front() != '/') return std::nullopt;
        const auto expected = next_segment(pattern);
        const auto actual = next_segment(path);
        if (expected.starts_with('{')) {
            if (actual.empty()) return std::nullopt;
            parameters.emplace_back(actual);
        } else if (expected != actual) {
            return std::nullopt;
        }
    }
    return parameters;
}

}  // namespace

std::span<const ApiRouteSpec> api_route_table() { return routes; }

RouteDecision route_request(std::string_view method, std::string_view path) {
    std::string allowed;
    for (const auto& spec : routes) {
        auto parameters = match_template(spec.path_template, path);
        if (!parameters) continue;
        if (spec.method == method) return RouteMatch{spec.route, spec.owner, std::move(*parameters)};
        if (!allowed.empty()) allowed += " or ";
        allowed += spec.method;
    }
    if (!allowed.empty()) {
        std::string message(method);
        message += " is not allowed on ";
        message += path;
        message += "; use ";
        message += allowed;
        return RouteRefusal{ErrorCode::method_not_allowed, std::move(message)};
    }
    if (!path.starts_with(api_prefix)) return NotAnApiPath{};
    std::string message = "no API endpoint at ";
    message += path;
    message += " (the endpoints are listed in GET /api/v1/openapi.json)";
    return RouteRefusal{ErrorCode::not_found, std::move(message)};
}

}  // namespace mi::server
