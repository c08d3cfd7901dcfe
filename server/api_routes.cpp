#include "server/api_routes.hpp"

#include <cctype>
#include <optional>
#include <variant>
#include <string>

#include "content/json_text.hpp"
#include "content/json_writer.hpp"
#include "server/openapi_document.hpp"
#include "server/protocol.hpp"

namespace mi::server {

namespace {

using nlohmann::json;

ApiResponse ok(int status, const json& body) {
    return ApiResponse{status, content::dump_json_text_replacing(body), "application/json", {}};
}

ApiResponse from_error(const ServiceError& error) { return json_error(error.code, error.message, error.details); }

json events_json(const std::vector<SequencedEvent>& events) {
    json list = json::array();
    for (const auto& entry : events) list.push_back(protocol::sequenced_event_json(entry.seq, entry.event));
    return list;
}

json roles_json(const std::vector<RoleSummary>& roles) {
    json list = json::array();
    for (const auto& role : roles) list.push_back({{"id", role.id}, {"title", role.title}, {"overview", role.overview}});
    return json{{"roles", list}};
}

json stages_json(std::string_view role_id, const std::vector<StageSummary>& stages) {
    json list = json::array();
    for (const auto& stage : stages) {
        json tasks = json::array();
        for (const auto& task : stage.practical_tasks) {
            tasks.push_back({{"id", task.id}, {"name", task.name}, {"summary", task.summary}, {"runs", task.runs}});
        }
        list.push_back({{"id", stage.id},
                        {"name", stage.name},
                        {"focus_areas", stage.focus_areas},
                        {"participants", stage.participants},
                        {"practical_tasks", tasks}});
    }
    return json{{"role", role_id}, {"stages", list}};
}

json choices_json(std::string_view key, const std::vector<NamedChoice>& choices) {
    json list = json::array();
    for (const auto& choice : choices) list.push_back({{"id", choice.id}, {"name", choice.name}});
    return json{{key, list}};
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


}  // namespace

std::variant<json, ApiResponse> read_json_object(std::string_view body) {
    content::JsonText parsed;
    try {
        parsed = content::parse_json_text(body);
    } catch (const content::JsonTextError& error) {
        return json_error(ErrorCode::malformed_json, "the request body is not valid JSON at byte " +
                                                         std::to_string(error.byte) + ": " + error.what());
    }
    if (!parsed.duplicate_keys.empty()) {
        return json_error(ErrorCode::malformed_json,
                          "the request body is ambiguous: " + content::describe_duplicate_key(parsed.duplicate_keys.front()));
    }
    if (!parsed.value.is_object()) {
        return json_error(ErrorCode::malformed_json,
                          std::string("the request body must be a JSON object, not ") +
                              (parsed.value.is_array() ? "an array" : parsed.value.is_string() ? "a string"
                                                                    : parsed.value.is_null()   ? "null"
                                                                                               : "a single value"));
    }
    return std::move(parsed.value);
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

nlohmann::json transcript_json(const InterviewTranscript& transcript) {
    const auto& record = transcript.record;
    const json* report = transcript.report_event ? &*transcript.report_event : nullptr;
    return json{{"interview_id", record.id},
                {"role", record.role_id},
                {"plan", transcript.plan},
                {"status", to_string(record.status)},
                {"created_at_ms", record.created_at_ms},
                {"updated_at_ms", record.updated_at_ms},
                {"state", protocol::state_json(transcript.state)},
                {"events", events_json(transcript.events)},
                {"report", report ? report->value("report", json(nullptr)) : json(nullptr)},
                {"report_markdown", report ? report->value("markdown", json(nullptr)) : json(nullptr)}};
}

int http_status_of(ErrorCode code) {
    switch (code) {
        case ErrorCode::malformed_json:
        case ErrorCode::missing_field:
        case ErrorCode::wrong_type:
        case ErrorCode::unknown_type:
        case ErrorCode::unsupported_version:
        case ErrorCode::unknown_command:
        case ErrorCode::invalid_utf8:
        case ErrorCode::answer_too_long:
        case ErrorCode::not_joined:
        case ErrorCode::already_joined:
        case ErrorCode::invalid_plan:
        case ErrorCode::missing_parameter:
        case ErrorCode::bad_request:
        case ErrorCode::invalid_parameter:
        case ErrorCode::bad_handshake: return 400;
        case ErrorCode::unauthorized: return 401;
        case ErrorCode::origin_not_allowed: return 403;
        case ErrorCode::interview_not_found:
        case ErrorCode::role_not_found:
        case ErrorCode::invite_not_found:
        case ErrorCode::not_found: return 404;
        case ErrorCode::invite_expired: return 410;
        case ErrorCode::method_not_allowed: return 405;
        case ErrorCode::interview_finished:
        case ErrorCode::superseded:
        case ErrorCode::message_refused:
        case ErrorCode::nothing_to_run: return 409;
        case ErrorCode::body_too_large: return 413;
        case ErrorCode::upgrade_required: return 426;
        case ErrorCode::rate_limited:
        case ErrorCode::too_many_connections: return 429;
        case ErrorCode::headers_too_large: return 431;
        case ErrorCode::run_failed: return 422;
        case ErrorCode::internal: return 500;
        case ErrorCode::interview_unavailable:
        case ErrorCode::role_unavailable:
        case ErrorCode::server_busy: return 503;
    }
    return 500;
}

ApiResponse json_error(ErrorCode code, std::string_view message, const std::vector<std::string>& details) {
    json error{{"code", to_string(code)}, {"message", message}};
    if (!details.empty()) error["details"] = details;
    return ok(http_status_of(code), json{{"error", error}});
}

ApiResponse handle_api_request(const ApiRequest& request, const RouteMatch& match, InterviewService& service,
                               WallClock::time_point now) {
    const std::string_view target = request.target;
    const auto question = target.find('?');
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

    switch (match.route) {
        case ApiRoute::openapi_document: return ApiResponse{200, std::string(openapi_document()), "application/json", {}};
        case ApiRoute::create_interview: {
            auto plan = read_json_object(request.body);
            if (auto* refusal = std::get_if<ApiResponse>(&plan)) return *refusal;
            auto created = service.create_interview(std::get<json>(plan), now);
            if (const auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
            const auto& interview = std::get<CreatedInterview>(created);
            return ok(201, json{{"interview_id", interview.interview_id},
                                {"token", interview.token},
                                {"websocket", "/ws"},
                                {"events", events_json(interview.events)}});
        }
        case ApiRoute::read_interview: {
            const auto token = bearer_token(request.authorization);
            if (!token) {
                return json_error(ErrorCode::unauthorized, "send the interview's token as 'Authorization: Bearer <token>'");
            }
            auto transcript = service.describe_interview(match.parameters.at(0), *token);
            if (const auto* error = std::get_if<ServiceError>(&transcript)) return from_error(*error);
            return ok(200, transcript_json(std::get<InterviewTranscript>(transcript)));
        }
        case ApiRoute::list_roles: return ok(200, roles_json(service.list_roles()));
        case ApiRoute::list_industries: return ok(200, choices_json("industries", service.list_industries()));
        case ApiRoute::list_seniorities: return ok(200, choices_json("seniorities", service.list_seniorities()));
        case ApiRoute::list_stages: {
            const auto role = query_parameter(query, "role");
            if (!role || role->empty()) {
                return json_error(ErrorCode::missing_parameter, "GET /api/v1/stages needs ?role=<role id>");
            }
            auto stages = service.list_stages(*role);
            if (const auto* error = std::get_if<ServiceError>(&stages)) return from_error(*error);
            return ok(200, stages_json(*role, std::get<std::vector<StageSummary>>(stages)));
        }
        default: break;
    }
    // Routes of another owner (api_route_table.hpp) are answered elsewhere; reaching here is a wiring bug.
    return json_error(ErrorCode::internal, "the endpoint at " + std::string(target.substr(0, question)) +
                                               " is not served by the REST layer");
}

}  // namespace mi::server
