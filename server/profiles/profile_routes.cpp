#include "content/json_writer.hpp"
#include "server/profiles/profile_routes.hpp"

#include <algorithm>

#include "server/protocol.hpp"

namespace mi::server::profiles {

namespace {

using nlohmann::json;
namespace progress = dialogue::progress;

ApiResponse ok(int status, const json& body) {
    return ApiResponse{status, content::dump_json_text_replacing(body), "application/json", {}};
}

ApiResponse from_error(const ServiceError& error) { return json_error(error.code, error.message, error.details); }

ApiResponse invalid(std::string_view field, const std::string& message) {
    return json_error(ErrorCode::invalid_parameter, message, {std::string(field)});
}

std::variant<ProfileRecord, ApiResponse> profile_of(const ApiRequest& request, ProfileService& service) {
    const auto secret = bearer_token(request.authorization);
    if (!secret) {
        return json_error(ErrorCode::unauthorized,
                          "send the practice profile's secret as 'Authorization: Bearer mip_...' "
                          "(from POST /api/v1/profiles)");
    }
    auto profile = service.authenticate(*secret);
    if (auto* error = std::get_if<ServiceError>(&profile)) return from_error(*error);
    return std::get<ProfileRecord>(std::move(profile));
}

json created_interview_json(const CreatedInterview& interview) {
    json events = json::array();
    for (const auto& entry : interview.events) events.push_back(protocol::sequenced_event_json(entry.seq, entry.event));
    return json{{"interview_id", interview.interview_id},
                {"token", interview.token},
                {"websocket", "/ws"},
                {"events", events}};
}

json owned_json(const OwnedInterview& owned) {
    const auto& record = owned.record;
    return json{{"interview_id", record.id},      {"kind", to_string(owned.kind)},
                {"role", record.role_id},         {"status", to_string(record.status)},
                {"created_at_ms", record.created_at_ms}, {"updated_at_ms", record.updated_at_ms}};
}

json points_json(const std::vector<progress::ScorePoint>& points) {
    json list = json::array();
    for (const auto& point : points) {
        list.push_back({{"interview_id", point.interview_id}, {"at_ms", point.at_ms}, {"score", point.score}});
    }
    return list;
}

json tallies_json(const std::vector<progress::PointTally>& tallies) {
    json list = json::array();
    for (const auto& tally : tallies) {
        list.push_back({{"kind", progress::to_string(tally.kind)},
                        {"id", tally.id},
                        {"text", tally.text},
                        {"question_id", tally.item_id},
                        {"misses", tally.misses},
                        {"judged", tally.judged},
                        {"last_missed_at_ms", tally.last_missed_at_ms}});
    }
    return list;
}

json target_json(const progress::DrillTarget& target) {
    return json{{"kind", progress::to_string(target.kind)}, {"id", target.id},
                {"text", target.text},                      {"question_id", target.item_id},
                {"misses", target.misses},                  {"judged", target.judged},
                {"right_in_a_row", target.right_in_a_row},  {"due_session", target.due_session}};
}

json profile_json(const ProfileRecord& profile, const std::vector<OwnedInterview>& interviews) {
    json list = json::array();
    for (const auto& owned : interviews) list.push_back(owned_json(owned));
    return json{{"profile_id", profile.id},
                {"created_at_ms", profile.created_at_ms},
                {"devices", profile.devices},
                {"interviews", list}};
}

// A body that is a JSON object with only the fields named (an empty body reads as {}).
std::variant<json, ApiResponse> object_with(std::string_view body, std::initializer_list<std::string_view> fields,
                                            std::string_view what) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
    auto parsed = read_json_object(body);
    if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
    auto& object = std::get<json>(parsed);
    for (const auto& [key, value] : object.items()) {
        if (std::find(fields.begin(), fields.end(), key) == fields.end()) {
            std::string message = "unknown field \"" + key + "\"; ";
            message += what;
            return invalid(key, message);
        }
    }
    return std::move(object);
}

}  // namespace

bool starts_interview(ApiRoute route) {
    return route == ApiRoute::start_profile_interview || route == ApiRoute::start_profile_drill;
}

json progress_json(const ProfileProgress& result) {
    const auto& summary = result.summary;
    json skills = json::array();
    for (const auto& skill : summary.skills) {
        skills.push_back({{"skill_id", skill.skill_id}, {"name", skill.name}, {"points", points_json(skill.points)}});
    }
    json questions = json::array();
    for (const auto& question : summary.questions) {
        json attempts = json::array();
        for (const auto& attempt : question.attempts) {
            attempts.push_back({{"interview_id", attempt.interview_id},
                                {"at_ms", attempt.at_ms},
                                {"score", attempt.score},
                                {"retry", attempt.retry},
                                {"covered", attempt.covered},
                                {"missed", attempt.missed},
                                {"red_flags", attempt.red_flags}});
        }
        questions.push_back({{"question_id", question.item_id},
                             {"stage_id", question.stage_id},
                             {"text", question.text},
                             {"best_score", question.best_score},
                             {"attempts", attempts}});
    }
    json interviews = json::array();
    for (const auto& entry : result.interviews) {
        auto view = owned_json(entry.owned);
        view["score"] = entry.history.overall_score ? json(*entry.history.overall_score) : json(nullptr);
        view["answers"] = entry.history.attempts.size();
        view["time_spent_ms"] = entry.history.time_spent_ms;
        view["changes_since_previous"] = entry.changes;
        interviews.push_back(std::move(view));
    }
    return json{{"interviews", interviews},
                {"totals",
                 {{"interviews", summary.interviews},
                  {"finished_interviews", summary.finished_interviews},
                  {"answers", summary.answers},
                  {"time_spent_ms", summary.time_spent_ms}}},
                {"streak",
                 {{"days_are", "UTC"},
                  {"practice_days", summary.practice_days},
                  {"current_days", summary.current_streak_days},
                  {"longest_days", summary.longest_streak_days}}},
                {"overall", points_json(summary.overall)},
                {"skills", skills},
                {"questions", questions},
                {"most_missed_key_points", tallies_json(summary.most_missed_key_points)},
                {"most_raised_red_flags", tallies_json(summary.most_raised_red_flags)},
                {"unreadable_interviews", result.unreadable}};
}

json drill_json(const progress::DrillPlan& plan) {
    json questions = json::array();
    for (const auto& question : plan.questions) {
        json targets = json::array();
        for (const auto& target : question.targets) targets.push_back(target_json(target));
        questions.push_back({{"question_id", question.item_id},
                             {"stage_id", question.stage_id},
                             {"text", question.text},
                             {"targets", targets}});
    }
    json later = json::array();
    for (const auto& target : plan.later) later.push_back(target_json(target));
    return json{{"session", plan.session},
                {"estimated_minutes", plan.estimated_minutes},
                {"questions", questions},
                {"later", later}};
}

ApiResponse handle_profile_request(const ApiRequest& request, const RouteMatch& match, ProfileService& service,
                                   WallClock::time_point now) {
    switch (match.route) {
        case ApiRoute::create_profile: {
            auto body = object_with(request.body, {}, "POST /api/v1/profiles takes no fields");
            if (auto* refusal = std::get_if<ApiResponse>(&body)) return *refusal;
            auto created = service.create(now);
            if (auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
            const auto& profile = std::get<CreatedProfile>(created);
            return ok(201, json{{"profile_id", profile.profile_id},
                                {"secret", profile.secret},
                                {"recovery_code", profile.recovery_code},
                                {"created_at_ms", profile.created_at_ms}});
        }
        case ApiRoute::recover_profile: {
            auto body = object_with(request.body, {"recovery_code"}, "a recovery takes only \"recovery_code\"");
            if (auto* refusal = std::get_if<ApiResponse>(&body)) return *refusal;
            const auto& object = std::get<json>(body);
            if (!object.contains("recovery_code")) {
                return json_error(ErrorCode::missing_field, "the body needs \"recovery_code\"", {"recovery_code"});
            }
            if (!object["recovery_code"].is_string()) return invalid("recovery_code", "\"recovery_code\" must be a string");
            auto recovered = service.recover(object["recovery_code"].get<std::string>(), now);
            if (auto* error = std::get_if<ServiceError>(&recovered)) return from_error(*error);
            const auto& profile = std::get<RecoveredProfile>(recovered);
            return ok(200, json{{"profile_id", profile.profile_id}, {"secret", profile.secret}});
        }
        default: break;
    }
    auto authenticated = profile_of(request, service);
    if (auto* refusal = std::get_if<ApiResponse>(&authenticated)) return *refusal;
    const auto& profile = std::get<ProfileRecord>(authenticated);
    switch (match.route) {
        case ApiRoute::read_profile: {
            auto owned = service.interviews(profile);
            if (auto* error = std::get_if<ServiceError>(&owned)) return from_error(*error);
            return ok(200, profile_json(profile, std::get<std::vector<OwnedInterview>>(owned)));
        }
        case ApiRoute::delete_profile: {
            auto erased = service.erase(profile, now);
            if (auto* error = std::get_if<ServiceError>(&erased)) return from_error(*error);
            const auto& counts = std::get<ProfileErasure>(erased);
            return ok(200, json{{"deleted",
                                 {{"profile_id", profile.id},
                                  {"interviews", counts.interviews},
                                  {"answers", counts.answers},
                                  {"events", counts.events}}}});
        }
        case ApiRoute::start_profile_interview: {
            auto plan = read_json_object(request.body);
            if (auto* refusal = std::get_if<ApiResponse>(&plan)) return *refusal;
            if (std::get<json>(plan).contains("questions")) {
                return invalid("questions", "a plan naming its questions is a drill: POST /api/v1/profiles/me/drills");
            }
            auto created = service.start_interview(profile, std::get<json>(plan), now);
            if (auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
            return ok(201, created_interview_json(std::get<CreatedInterview>(created)));
        }
        case ApiRoute::profile_progress: {
            auto result = service.progress(profile, now);
            if (auto* error = std::get_if<ServiceError>(&result)) return from_error(*error);
            return ok(200, progress_json(std::get<ProfileProgress>(result)));
        }
        case ApiRoute::profile_drill_plan: {
            auto plan = service.drill(profile);
            if (auto* error = std::get_if<ServiceError>(&plan)) return from_error(*error);
            return ok(200, drill_json(std::get<progress::DrillPlan>(plan)));
        }
        case ApiRoute::start_profile_drill: {
            auto body = object_with(request.body, {"seed"}, "a drill takes only \"seed\" (its questions come from the plan)");
            if (auto* refusal = std::get_if<ApiResponse>(&body)) return *refusal;
            const auto& object = std::get<json>(body);
            std::optional<std::uint64_t> seed;
            if (object.contains("seed")) {
                if (!object["seed"].is_number_unsigned()) return invalid("seed", "\"seed\" must be a whole number, 0 or more");
                seed = object["seed"].get<std::uint64_t>();
            }
            auto created = service.start_drill(profile, seed, now);
            if (auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
            return ok(201, created_interview_json(std::get<CreatedInterview>(created)));
        }
        case ApiRoute::export_profile: {
            auto exported = service.export_profile(profile, now);
            if (auto* error = std::get_if<ServiceError>(&exported)) return from_error(*error);
            const auto& whole = std::get<ProfileExport>(exported);
            json interviews = json::array();
            for (std::size_t i = 0; i < whole.interviews.size(); ++i) {
                interviews.push_back({{"kind", to_string(whole.kinds[i])}, {"interview", transcript_json(whole.interviews[i])}});
            }
            auto response = ok(200, json{{"format", "mock-interviewer-profile-export"},
                                         {"version", 1},
                                         {"profile", {{"profile_id", whole.profile.id},
                                                      {"created_at_ms", whole.profile.created_at_ms},
                                                      {"devices", whole.profile.devices}}},
                                         {"interviews", interviews},
                                         {"progress", progress_json(whole.progress)}});
            response.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"practice-profile-" + whole.profile.id + ".json\"");
            return response;
        }
        default: break;
    }
    return json_error(ErrorCode::internal, "the endpoint at " + request.target + " is not a profile endpoint");
}

}  // namespace mi::server::profiles
