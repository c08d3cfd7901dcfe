#include "server/api_routes.hpp"

#include <cctype>
#include <optional>
#include <string>

#include "content/json_text.hpp"

namespace mi::server {

namespace {

using nlohmann::json;

constexpr std::string_view api_prefix = "/api/v1";

ApiResponse ok(int status, const json& body) {
    return ApiResponse{status, body.dump(-1, ' ', false, json::error_handler_t::replace)};
}

ApiResponse from_error(const ServiceError& error) {
    json body{{"code", error.code}, {"message", error.message}};
    if (!error.details.empty()) body["details"] = error.details;
    return ok(error.http_status, json{{"error", body}});
}

template <typename T>
ApiResponse respond(const Outcome<T>& outcome, int success_status = 200) {
    if (const auto* error = std::get_if<ServiceError>(&outcome)) return from_error(*error);
    return ok(success_status, std::get<T>(outcome));
}

// The value of `name` in a query string ("role=x&y=z"), percent-decoding '+' and %XX.
std::optional<std::string> query_parameter(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        const auto equals = pair.find('=');
        if (pair.substr(0, equals) == name) {
            std::string value;
            const auto raw = equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '+') {
                    value.push_back(' ');
                } else if (raw[i] == '%' && i + 2 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                           std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
                    value.push_back(static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16)));
                    i += 2;
                } else {
                    value.push_back(raw[i]);
                }
            }
            return value;
        }
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return std::nullopt;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(scheme[i]))) {
            return std::nullopt;
        }
    }
    return authorization.substr(scheme.size());
}

ApiResponse method_not_allowed(std::string_view method, std::string_view path, std::string_view allowed) {
    return json_error(405, "method_not_allowed",
                      std::string(method) + " is not allowed on " + std::string(path) + "; use " + std::string(allowed));
}

}  // namespace

ApiResponse json_error(int status, std::string_view code, std::string_view message) {
    return ok(status, json{{"error", {{"code", code}, {"message", message}}}});
}

ApiResponse handle_api_request(const ApiRequest& request, InterviewService& service, WallClock::time_point now) {
    std::string_view target = request.target;
    const auto question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    if (path.substr(0, api_prefix.size()) != api_prefix) {
        return json_error(404, "not_found", "no API endpoint at " + std::string(path));
    }
    const std::string_view route = path.substr(api_prefix.size());
    const bool is_get = request.method == "GET";

    if (route == "/interviews") {
        if (request.method != "POST") return method_not_allowed(request.method, path, "POST");
        json plan;
        try {
            content::JsonText parsed = content::parse_json_text(request.body);
            if (!parsed.duplicate_keys.empty()) {
                return json_error(400, "malformed_json",
                                  "the request body is ambiguous: " + content::describe_duplicate_key(parsed.duplicate_keys.front()));
            }
            plan = std::move(parsed.value);
        } catch (const json::parse_error&) {
            return json_error(400, "malformed_json", "the request body is not valid JSON; send the plan as a JSON object");
        }
        auto created = service.create_interview(plan, now);
        if (const auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
        const auto& interview = std::get<CreatedInterview>(created);
        return ok(201, json{{"interview_id", interview.interview_id},
                            {"token", interview.token},
                            {"websocket", "/ws"},
                            {"events", interview.events}});
    }
    if (route.substr(0, 12) == "/interviews/") {
        const std::string_view interview_id = route.substr(12);
        if (interview_id.empty() || interview_id.find('/') != std::string_view::npos) {
            return json_error(404, "not_found", "no API endpoint at " + std::string(path));
        }
        if (!is_get) return method_not_allowed(request.method, path, "GET");
        const auto token = bearer_token(request.authorization);
        if (!token) {
            return json_error(401, "unauthorized",
                              "send the interview's token as 'Authorization: Bearer <token>'");
        }
        return respond(service.describe_interview(interview_id, *token));
    }
    if (route == "/roles") return is_get ? ok(200, service.list_roles()) : method_not_allowed(request.method, path, "GET");
    if (route == "/industries") {
        return is_get ? ok(200, service.list_industries()) : method_not_allowed(request.method, path, "GET");
    }
    if (route == "/seniorities") {
        return is_get ? ok(200, service.list_seniorities()) : method_not_allowed(request.method, path, "GET");
    }
    if (route == "/stages") {
        if (!is_get) return method_not_allowed(request.method, path, "GET");
        const auto role = query_parameter(query, "role");
        if (!role || role->empty()) {
            return json_error(400, "missing_parameter", "GET /api/v1/stages needs ?role=<role id>");
        }
        return respond(service.list_stages(*role));
    }
    return json_error(404, "not_found", "no API endpoint at " + std::string(path));
}

}  // namespace mi::server
