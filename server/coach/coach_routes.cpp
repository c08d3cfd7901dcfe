#include "content/json_writer.hpp"
#include "server/coach/coach_routes.hpp"

#include <charconv>
#include <set>

#include "server/coach/coach_export.hpp"
#include "server/protocol.hpp"

namespace mi::server::coach {

namespace {

using nlohmann::json;

constexpr std::size_t default_page_size = 25;

std::int64_t epoch_ms(WallClock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

ApiResponse ok(int status, const json& body) {
    return ApiResponse{status, content::dump_json_text_replacing(body), "application/json", {}};
}

ApiResponse from_error(const ServiceError& error) { return json_error(error.code, error.message, error.details); }

ApiResponse invalid(std::string_view field, const std::string& message) {
    return json_error(ErrorCode::invalid_parameter, message, {std::string(field)});
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
    return value;
}

json optional_json(const std::optional<std::int64_t>& value) { return value ? json(*value) : json(nullptr); }

json invite_json(const InviteRecord& invite, std::int64_t now_ms) {
    return json{{"id", invite.id},
                {"code", invite.code},
                {"label", invite.label},
                {"plan", json::parse(invite.plan_json, nullptr, false)},
                {"coach", invite.coach_name},
                {"created_at_ms", invite.created_at_ms},
                {"expires_at_ms", optional_json(invite.expires_at_ms)},
                {"expired", invite.expires_at_ms && *invite.expires_at_ms <= now_ms},
                {"interviews", invite.interviews},
                {"url", "/?invite=" + invite.code}};
}

json share_json(const ShareRecord& share) {
    return json{{"coach", share.coach_name}, {"share_code", share.share_code}, {"created_at_ms", share.created_at_ms}};
}

json note_json(const NoteRecord& note) {
    return json{{"id", note.id}, {"author", note.author}, {"text", note.text}, {"turn", optional_json(note.turn)},
                {"created_at_ms", note.created_at_ms}};
}

json audit_value(const std::string& field, const std::string& value) {
    if (field == "score") {
        try {
            return std::stoi(value);
        } catch (const std::exception&) {
            return value;
        }
    }
    return value;
}

json audit_json(const AuditRecord& entry, const std::vector<AuditRecord>& all) {
    json view{{"id", entry.id},         {"turn", entry.turn},     {"field", entry.field},
              {"from", audit_value(entry.field, entry.from)}, {"to", audit_value(entry.field, entry.to)},
              {"reason", entry.reason}, {"author", entry.author}, {"at_ms", entry.at_ms}};
    if (entry.reverts) view["reverts"] = *entry.reverts;
    for (const auto& other : all) {
        if (other.reverts == entry.id) view["reverted_by"] = other.id;
    }
    return view;
}

json summary_json(const InterviewSummary& summary) {
    json view{{"interview_id", summary.interview_id},
              {"role", summary.role},
              {"industry", summary.industry},
              {"seniority", summary.seniority},
              {"stages", summary.stages},
              {"status", to_string(summary.status)},
              {"created_at_ms", summary.created_at_ms},
              {"updated_at_ms", summary.updated_at_ms},
              {"answers", summary.answers},
              {"score", summary.score ? json(*summary.score) : json(nullptr)},
              {"overridden", summary.overridden},
              {"invite", summary.invite_id ? json{{"id", *summary.invite_id}, {"label", summary.invite_label}} : json(nullptr)},
              {"shared", summary.shared}};
    if (summary.snippet) view["snippet"] = *summary.snippet;
    return view;
}

json evidence_json(const std::vector<Evidence>& evidence) {
    json list = json::array();
    for (const auto& span : evidence) list.push_back({{"start", span.start}, {"end", span.end}, {"text", span.text}});
    return list;
}

json judged_json(const std::vector<JudgedItem>& items, const char* key, const char* value_key) {
    json list = json::array();
    for (const auto& item : items) {
        list.push_back({{key, item.id},
                        {"label", item.label},
                        {value_key, item.value},
                        {std::string("original_") + value_key, item.original},
                        {"overridden", item.overridden()},
                        {"evidence", evidence_json(item.evidence)}});
    }
    return list;
}

json detail_json(const InterviewDetail& detail) {
    json turns = json::array();
    for (const auto& turn : detail.review.turns) {
        json notes = json::array();
        for (const auto& note : detail.notes) {
            if (note.turn == turn.turn) notes.push_back(note_json(note));
        }
        turns.push_back({{"turn", turn.turn},
                         {"stage", turn.stage_id},
                         {"question_id", turn.question_id},
                         {"question", turn.question},
                         {"answer", turn.answer},
                         {"score", turn.score},
                         {"original_score", turn.original_score},
                         {"overridden", turn.overridden()},
                         {"key_points", judged_json(turn.key_points, "id", "covered")},
                         {"red_flags", judged_json(turn.red_flags, "id", "raised")},
                         {"star", judged_json(turn.star, "part", "present")},
                         {"feedback", turn.feedback},
                         {"notes", notes}});
    }
    json notes = json::array();
    for (const auto& note : detail.notes) {
        if (!note.turn) notes.push_back(note_json(note));
    }
    json audit = json::array();
    for (const auto& entry : detail.audit) audit.push_back(audit_json(entry, detail.audit));
    auto view = summary_json(detail.summary);
    view["plan"] = detail.plan;
    view["scorer_version"] = detail.review.scorer_version;
    view["score"] = {{"value", detail.review.score ? json(*detail.review.score) : json(nullptr)},
                     {"original", detail.review.original_score ? json(*detail.review.original_score) : json(nullptr)},
                     {"overridden", detail.review.score != detail.review.original_score}};
    view["turns"] = turns;
    view["notes"] = notes;
    view["audit"] = audit;
    return view;
}

json calibration_json(const Calibration& calibration) {
    json items = json::array();
    for (const auto& line : calibration.items) {
        json examples = json::array();
        for (const auto& [interview, turn] : line.examples) examples.push_back({{"interview_id", interview}, {"turn", turn}});
        items.push_back({{"kind", to_string(line.kind)},
                         {"id", line.id},
                         {"label", line.label},
                         {"judgements", line.judgements},
                         {"overridden", line.overridden},
                         {"agreement_rate", line.agreement_rate},
                         {"to_positive", line.to_positive},
                         {"to_negative", line.to_negative},
                         {"examples", examples}});
    }
    return json{{"totals", {{"judgements", calibration.judgements}, {"overridden", calibration.overridden},
                            {"agreement_rate", calibration.agreement_rate}}},
                {"items", items}};
}

// A field of a body that must be a string (when present); `required` ones must be there.
std::variant<std::optional<std::string>, ApiResponse> string_field(const json& body, const char* name, bool required) {
    const auto found = body.find(name);
    if (found == body.end() || found->is_null()) {
        if (required) return json_error(ErrorCode::missing_field, std::string("the body needs \"") + name + "\"", {name});
        return std::optional<std::string>{};
    }
    if (!found->is_string()) return invalid(name, std::string("\"") + name + "\" must be a string");
    return std::optional<std::string>(found->get<std::string>());
}

std::variant<CoachRecord, ApiResponse> coach_of(const ApiRequest& request, CoachService& service,
                                                WallClock::time_point now) {
    const auto token = bearer_token(request.authorization);
    if (!token) {
        return json_error(ErrorCode::unauthorized, "send a coach token as 'Authorization: Bearer mic_...'");
    }
    auto coach = service.authenticate(*token, now);
    if (auto* error = std::get_if<ServiceError>(&coach)) return from_error(*error);
    return std::get<CoachRecord>(std::move(coach));
}

std::optional<std::string_view> candidate_token(const ApiRequest& request) { return bearer_token(request.authorization); }

ApiResponse candidate_unauthorized() {
    return json_error(ErrorCode::unauthorized, "send the interview's token as 'Authorization: Bearer <token>'");
}

std::string_view query_of(std::string_view target) {
    const auto question = target.find('?');
    return question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
}

// ---- one handler per endpoint ----

ApiResponse start_from_invite(const json& body, CoachService& service, WallClock::time_point now) {
    for (const auto& [key, value] : body.items()) {
        if (key != "invite" && key != "seed") {
            return invalid(key, "an interview started from an invite takes its plan from the invite: \"" + key +
                                    "\" cannot be given with \"invite\"");
        }
    }
    if (!body["invite"].is_string() || body["invite"].get<std::string>().empty()) {
        return invalid("invite", "\"invite\" must be the invite link's code");
    }
    std::optional<json> seed;
    if (body.contains("seed")) seed = body["seed"];
    auto started = service.start_from_invite(body["invite"].get<std::string>(), seed, now);
    if (auto* error = std::get_if<ServiceError>(&started)) return from_error(*error);
    const auto& invited = std::get<InvitedInterview>(started);
    json events = json::array();
    for (const auto& entry : invited.created.events) events.push_back(protocol::sequenced_event_json(entry.seq, entry.event));
    return ok(201, json{{"interview_id", invited.created.interview_id},
                        {"token", invited.created.token},
                        {"websocket", "/ws"},
                        {"events", events},
                        {"invite", {{"label", invited.invite.label}, {"coach", invited.invite.coach_name}}}});
}

ApiResponse create_invite(const ApiRequest& request, const CoachRecord& coach, CoachService& service,
                          WallClock::time_point now) {
    auto parsed = read_json_object(request.body);
    if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
    const auto& body = std::get<json>(parsed);
    for (const auto& [key, value] : body.items()) {
        if (key != "label" && key != "plan" && key != "expires_at_ms") {
            return invalid(key, "unknown field \"" + key + "\"; an invite takes label, plan and expires_at_ms");
        }
    }
    auto label = string_field(body, "label", true);
    if (auto* refusal = std::get_if<ApiResponse>(&label)) return *refusal;
    if (!body.contains("plan")) return json_error(ErrorCode::missing_field, "the body needs \"plan\"", {"plan"});
    if (!body["plan"].is_object()) return invalid("plan", "\"plan\" must be an object, as for POST /api/v1/interviews");
    std::optional<std::int64_t> expires;
    if (body.contains("expires_at_ms") && !body["expires_at_ms"].is_null()) {
        if (!body["expires_at_ms"].is_number_integer()) {
            return invalid("expires_at_ms", "\"expires_at_ms\" must be epoch milliseconds (a whole number) or null");
        }
        expires = body["expires_at_ms"].get<std::int64_t>();
    }
    auto created = service.create_invite(coach, **std::get_if<std::optional<std::string>>(&label), body["plan"], expires, now);
    if (auto* error = std::get_if<ServiceError>(&created)) return from_error(*error);
    return ok(201, json{{"invite", invite_json(std::get<InviteRecord>(created), epoch_ms(now))}});
}

ApiResponse add_note(const ApiRequest& request, const CoachRecord& coach, std::string_view interview_id,
                     CoachService& service, WallClock::time_point now) {
    auto parsed = read_json_object(request.body);
    if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
    const auto& body = std::get<json>(parsed);
    for (const auto& [key, value] : body.items()) {
        if (key != "text" && key != "turn") return invalid(key, "unknown field \"" + key + "\"; a note takes text and turn");
    }
    auto text = string_field(body, "text", true);
    if (auto* refusal = std::get_if<ApiResponse>(&text)) return *refusal;
    std::optional<std::int64_t> turn;
    if (body.contains("turn") && !body["turn"].is_null()) {
        if (!body["turn"].is_number_integer()) return invalid("turn", "\"turn\" must be a turn id (a whole number) or null");
        turn = body["turn"].get<std::int64_t>();
    }
    auto note = service.add_note(coach, interview_id, **std::get_if<std::optional<std::string>>(&text), turn, now);
    if (auto* error = std::get_if<ServiceError>(&note)) return from_error(*error);
    return ok(201, json{{"note", note_json(std::get<NoteRecord>(note))}});
}

ApiResponse add_override(const ApiRequest& request, const CoachRecord& coach, std::string_view interview_id,
                         std::int64_t turn, CoachService& service, WallClock::time_point now) {
    auto parsed = read_json_object(request.body);
    if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
    const auto& body = std::get<json>(parsed);
    OverrideRequest override_request;
    for (const auto& [key, value] : body.items()) {
        if (key == "reason") {
            if (!value.is_string()) return invalid("reason", "\"reason\" must be a string");
            override_request.reason = value.get<std::string>();
        } else if (key == "score") {
            if (!value.is_number_integer()) return invalid("score", "\"score\" must be a whole number from 0 to 100");
            const auto score = value.get<std::int64_t>();
            if (score < 0 || score > 100) return invalid("score", "\"score\" must be a whole number from 0 to 100");
            override_request.score = static_cast<int>(score);
        } else if (key == "key_points" || key == "red_flags" || key == "star") {
            if (!value.is_object()) return invalid(key, "\"" + key + "\" must be an object of id -> value");
            auto& target = key == "key_points" ? override_request.key_points
                           : key == "red_flags" ? override_request.red_flags
                                                : override_request.star;
            for (const auto& [id, word] : value.items()) {
                if (!word.is_string()) return invalid(key + "." + id, "\"" + key + "." + id + "\" must be a string");
                target.emplace_back(id, word.get<std::string>());
            }
        } else {
            return invalid(key, "unknown field \"" + key + "\"; an override takes reason, score, key_points, red_flags, star");
        }
    }
    if (!body.contains("reason")) return json_error(ErrorCode::missing_field, "an override needs a \"reason\"", {"reason"});
    auto audit = service.override_turn(coach, interview_id, turn, override_request, now);
    if (auto* error = std::get_if<ServiceError>(&audit)) return from_error(*error);
    const auto& entries = std::get<std::vector<AuditRecord>>(audit);
    json list = json::array();
    for (const auto& entry : entries) list.push_back(audit_json(entry, entries));
    return ok(201, json{{"audit", list}});
}

ApiResponse revert(const ApiRequest& request, const CoachRecord& coach, std::string_view interview_id,
                   std::int64_t audit_id, CoachService& service, WallClock::time_point now) {
    auto parsed = read_json_object(request.body);
    if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
    const auto& body = std::get<json>(parsed);
    for (const auto& [key, value] : body.items()) {
        if (key != "reason") return invalid(key, "unknown field \"" + key + "\"; a revert takes reason");
    }
    auto reason = string_field(body, "reason", true);
    if (auto* refusal = std::get_if<ApiResponse>(&reason)) return *refusal;
    auto audit = service.revert(coach, interview_id, audit_id, **std::get_if<std::optional<std::string>>(&reason), now);
    if (auto* error = std::get_if<ServiceError>(&audit)) return from_error(*error);
    const auto& entries = std::get<std::vector<AuditRecord>>(audit);
    json list = json::array();
    for (const auto& entry : entries) list.push_back(audit_json(entry, entries));
    return ok(201, json{{"audit", list}});
}

ApiResponse export_interview(const ApiRequest& request, const CoachRecord& coach, std::string_view interview_id,
                             CoachService& service, WallClock::time_point now) {
    const auto query = query_of(request.target);
    std::string format;
    std::string_view rest = query;
    while (!rest.empty()) {
        const auto end = rest.find('&');
        const auto pair = rest.substr(0, end);
        const auto equals = pair.find('=');
        const auto name = pair.substr(0, equals);
        if (name == "format" && equals != std::string_view::npos) {
            format = std::string(pair.substr(equals + 1));
        } else if (!name.empty()) {
            return invalid(name, "unknown parameter '" + std::string(name) + "'; the export takes format");
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    static const std::set<std::string, std::less<>> formats{"markdown", "json", "csv", "html"};
    if (!formats.contains(format)) return invalid("format", "format must be one of markdown, json, csv, html");
    auto detail = service.interview(coach, interview_id, now);
    if (auto* error = std::get_if<ServiceError>(&detail)) return from_error(*error);
    const auto& interview = std::get<InterviewDetail>(detail);
    const std::string base = "interview-" + interview.summary.interview_id;
    ApiResponse response;
    if (format == "markdown") {
        response = ApiResponse{200, export_markdown(interview), "text/markdown; charset=utf-8", {}};
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + base + ".md\"");
    } else if (format == "csv") {
        response = ApiResponse{200, export_csv(interview), "text/csv; charset=utf-8", {}};
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + base + ".csv\"");
    } else if (format == "json") {
        response = ok(200, detail_json(interview));
        response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + base + ".json\"");
    } else {
        response = ApiResponse{200, export_html(interview), "text/html; charset=utf-8", {}};
    }
    return response;
}

// /api/v1/coach/..., /api/v1/calibration and the coach's /api/v1/invites: every one needs a coach
// token, checked first. The route table has already checked the path's shape and the method.
ApiResponse coach_route(const ApiRequest& request, const RouteMatch& match, CoachService& service,
                        WallClock::time_point now) {
    auto signed_in = coach_of(request, service, now);
    if (auto* refusal = std::get_if<ApiResponse>(&signed_in)) return *refusal;
    const auto& coach = std::get<CoachRecord>(signed_in);
    const auto now_ms = epoch_ms(now);
    const auto parameter = [&match](std::size_t index) { return std::string_view(match.parameters.at(index)); };

    switch (match.route) {
        case ApiRoute::calibration: {
            auto calibration = service.calibration(coach);
            if (auto* error = std::get_if<ServiceError>(&calibration)) return from_error(*error);
            return ok(200, calibration_json(std::get<Calibration>(calibration)));
        }
        case ApiRoute::create_invite: return create_invite(request, coach, service, now);
        case ApiRoute::list_invites: {
            auto invites = service.list_invites(coach);
            if (auto* error = std::get_if<ServiceError>(&invites)) return from_error(*error);
            json list = json::array();
            for (const auto& invite : std::get<std::vector<InviteRecord>>(invites)) list.push_back(invite_json(invite, now_ms));
            return ok(200, json{{"invites", list}});
        }
        case ApiRoute::expire_invite: {
            const auto id = parse_id(parameter(0));
            if (!id) return json_error(ErrorCode::invite_not_found, "no invite with id '" + std::string(parameter(0)) + "'");
            auto expired = service.expire_invite(coach, *id, now);
            if (auto* error = std::get_if<ServiceError>(&expired)) return from_error(*error);
            return ok(200, json{{"invite", invite_json(std::get<InviteRecord>(expired), now_ms)}});
        }
        case ApiRoute::coach_me:
            return ok(200, json{{"name", coach.name}, {"role", to_string(coach.role)}, {"share_code", coach.share_code}});
        case ApiRoute::coach_list_interviews: {
            auto query = parse_list_query(query_of(request.target), std::min(default_page_size, service.limits().max_page_size),
                                          service.limits().max_page_size);
            if (const auto* problem = std::get_if<QueryProblem>(&query)) return invalid(problem->field, problem->message);
            auto page = service.list_interviews(coach, std::get<ListQuery>(query), now);
            if (auto* error = std::get_if<ServiceError>(&page)) return from_error(*error);
            const auto& listed = std::get<InterviewPage>(page);
            json list = json::array();
            for (const auto& summary : listed.interviews) list.push_back(summary_json(summary));
            return ok(200, json{{"interviews", list},
                                {"next_cursor", listed.next_cursor ? json(*listed.next_cursor) : json(nullptr)}});
        }
        case ApiRoute::coach_read_interview: {
            auto detail = service.interview(coach, parameter(0), now);
            if (auto* error = std::get_if<ServiceError>(&detail)) return from_error(*error);
            return ok(200, detail_json(std::get<InterviewDetail>(detail)));
        }
        case ApiRoute::coach_add_note: return add_note(request, coach, parameter(0), service, now);
        case ApiRoute::coach_export: return export_interview(request, coach, parameter(0), service, now);
        case ApiRoute::coach_override: {
            const auto turn = parse_id(parameter(1));
            if (!turn) return invalid("turn", "the turn in the path must be a turn id (a whole number)");
            return add_override(request, coach, parameter(0), *turn, service, now);
        }
        case ApiRoute::coach_revert: {
            const auto audit_id = parse_id(parameter(1));
            if (!audit_id) return invalid("audit_id", "the audit id in the path must be a whole number");
            return revert(request, coach, parameter(0), *audit_id, service, now);
        }
        default: break;
    }
    return json_error(ErrorCode::not_found, "no coach endpoint at " + std::string(request.target));
}

// Sharing with a coach and deleting an interview: the candidate's interview token.
ApiResponse candidate_route(const ApiRequest& request, const RouteMatch& match, CoachService& service,
                            WallClock::time_point now) {
    const auto token = candidate_token(request);
    if (!token) return candidate_unauthorized();
    const std::string_view interview_id = match.parameters.at(0);
    switch (match.route) {
        case ApiRoute::delete_interview: {
            auto erased = service.delete_interview(interview_id, *token, now);
            if (auto* error = std::get_if<ServiceError>(&erased)) return from_error(*error);
            const auto& counts = std::get<ErasureCounts>(erased);
            return ok(200, json{{"deleted", true},
                                {"answers_erased", counts.answers},
                                {"tombstone", {{"answers", counts.answers}, {"events", counts.events}, {"notes", counts.notes},
                                               {"overrides", counts.overrides}, {"shares", counts.shares}}}});
        }
        case ApiRoute::list_shares: {
            auto shares = service.list_shares(interview_id, *token);
            if (auto* error = std::get_if<ServiceError>(&shares)) return from_error(*error);
            json list = json::array();
            for (const auto& share : std::get<std::vector<ShareRecord>>(shares)) list.push_back(share_json(share));
            return ok(200, json{{"shares", list}});
        }
        case ApiRoute::add_share: {
            // The token is checked before the body is read: a stranger learns nothing from a 400.
            auto checked = service.list_shares(interview_id, *token);
            if (auto* error = std::get_if<ServiceError>(&checked)) return from_error(*error);
            auto parsed = read_json_object(request.body);
            if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
            const auto& body = std::get<json>(parsed);
            for (const auto& [key, value] : body.items()) {
                if (key != "share_code") return invalid(key, "unknown field \"" + key + "\"; a share takes share_code");
            }
            auto code = string_field(body, "share_code", true);
            if (auto* refusal = std::get_if<ApiResponse>(&code)) return *refusal;
            auto share = service.add_share(interview_id, *token, **std::get_if<std::optional<std::string>>(&code), now);
            if (auto* error = std::get_if<ServiceError>(&share)) return from_error(*error);
            return ok(201, json{{"share", share_json(std::get<ShareRecord>(share))}});
        }
        case ApiRoute::withdraw_share: {
            auto removed = service.remove_share(interview_id, *token, match.parameters.at(1));
            if (auto* error = std::get_if<ServiceError>(&removed)) return from_error(*error);
            return ApiResponse{204, "", "application/json", {}};
        }
        default: break;
    }
    return json_error(ErrorCode::not_found, "no candidate endpoint at " + std::string(request.target));
}

}  // namespace

std::optional<ApiResponse> handle_coach_request(const ApiRequest& request, const RouteMatch& match, CoachService& service,
                                                WallClock::time_point now) {
    switch (match.route) {
        case ApiRoute::open_invite: {   // no credential: the code is the secret
            auto invite = service.open_invite(match.parameters.at(0), now);
            if (auto* error = std::get_if<ServiceError>(&invite)) return from_error(*error);
            const auto& found = std::get<InviteRecord>(invite);
            return ok(200, json{{"label", found.label}, {"plan", json::parse(found.plan_json, nullptr, false)},
                                {"coach", found.coach_name}, {"expires_at_ms", optional_json(found.expires_at_ms)}});
        }
        case ApiRoute::create_interview: {
            // Only a body naming an invite is ours; every other create is the plain one.
            const auto body = json::parse(request.body, nullptr, false);
            if (!body.is_object() || !body.contains("invite")) return std::nullopt;
            auto parsed = read_json_object(request.body);   // duplicate keys and the like, said as for any body
            if (auto* refusal = std::get_if<ApiResponse>(&parsed)) return *refusal;
            return start_from_invite(std::get<json>(parsed), service, now);
        }
        case ApiRoute::delete_interview:
        case ApiRoute::list_shares:
        case ApiRoute::add_share:
        case ApiRoute::withdraw_share: return candidate_route(request, match, service, now);
        default: break;
    }
    if (match.owner != RouteOwner::coach) return std::nullopt;
    return coach_route(request, match, service, now);
}

}  // namespace mi::server::coach
