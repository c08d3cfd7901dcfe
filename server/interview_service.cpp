#include "server/interview_service.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "dialogue/answer_scorer.hpp"
#include "dialogue/interview.hpp"
#include "dialogue/interview_event.hpp"
#include "dialogue/interview_plan.hpp"
#include "server/secret_token.hpp"

namespace mi::server {

namespace {

using nlohmann::json;

dialogue::TimePoint to_engine_time(WallClock::time_point now) {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(now);
}

std::int64_t to_epoch_ms(WallClock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

ServiceError not_found(std::string_view interview_id) {
    return {"interview_not_found", "no interview with id '" + std::string(interview_id) + "'", 404, {}};
}

ServiceError internal_error(std::string message) { return {"internal", std::move(message), 500, {}}; }

json sequenced(std::int64_t seq, json event) { return json{{"seq", seq}, {"event", std::move(event)}}; }

NewEvent to_new_event(const dialogue::InterviewEvent& event) {
    return NewEvent{std::string(event.type()), dialogue::event_to_json(event).dump()};
}

std::string role_list(const content::ContentLibrary& library) {
    std::vector<std::string> ids;
    for (const auto& role : library.roles) ids.push_back(role.id);
    return dialogue::join_quoted(ids);
}

}  // namespace

// A role pack with its compiled scorer, built once at start-up.
struct InterviewService::RoleEngine {
    const content::RolePack* pack;
    dialogue::AnswerScorer scorer;
    explicit RoleEngine(const content::RolePack& role_pack) : pack(&role_pack), scorer(role_pack) {}
};

// An interview some connection is attached to: its engine and who owns it.
struct InterviewService::LiveInterview {
    std::string id;
    const RoleEngine* role = nullptr;
    dialogue::Interview engine;
    std::int64_t last_seq = 0;
    bool finished = false;
    std::optional<ConnectionId> owner;
};

InterviewService::InterviewService(const content::ContentLibrary& library, InterviewStore& store, Metrics& metrics)
    : library_(library), store_(store), metrics_(metrics) {
    for (const auto& pack : library_.roles) roles_.push_back(std::make_unique<RoleEngine>(pack));
}

InterviewService::~InterviewService() = default;

const InterviewService::RoleEngine* InterviewService::find_role(std::string_view role_id) const {
    const auto found = std::find_if(roles_.begin(), roles_.end(),
                                    [&](const auto& role) { return role->pack->id == role_id; });
    return found == roles_.end() ? nullptr : found->get();
}

void InterviewService::publish_active_count() {
    metrics_.set_active_interviews(static_cast<std::int64_t>(
        std::count_if(live_.begin(), live_.end(), [](const auto& entry) { return entry.second->owner.has_value(); })));
}

Outcome<CreatedInterview> InterviewService::create_interview(const json& plan_body, WallClock::time_point now) {
    if (!plan_body.is_object()) {
        return ServiceError{"invalid_plan", "the request body must be a JSON object describing the plan", 400, {}};
    }
    auto parsed = dialogue::plan_from_json(plan_body);
    if (!parsed.plan) {
        return ServiceError{"invalid_plan", "the plan is not valid: " + parsed.problems.front(), 400, parsed.problems};
    }
    auto plan = *parsed.plan;
    const RoleEngine* role = find_role(plan.role);
    if (role == nullptr) {
        return ServiceError{"invalid_plan",
                            "unknown role '" + plan.role + "'; valid roles: " + role_list(library_), 400, {}};
    }
    // Without a seed of their own, interviews differ from one candidate to the next; the seed
    // is stored with the plan, so replay still draws the same questions.
    if (!plan_body.contains("seed")) plan.seed = std::random_device{}();

    const auto problems = dialogue::validate_plan(plan, *role->pack);
    if (!problems.empty()) {
        return ServiceError{"invalid_plan", "the plan is not valid: " + problems.front(), 400, problems};
    }

    const auto started_at = std::chrono::steady_clock::now();
    std::optional<dialogue::Interview> started;
    try {
        started.emplace(dialogue::Interview::start(*role->pack, role->scorer, plan, to_engine_time(now)));
    } catch (const dialogue::InterviewError& refusal) {
        return ServiceError{"invalid_plan", refusal.what(), 400, {}};
    }
    const auto& opening = started->log().events;

    CreatedInterview created{generate_interview_id(), generate_token(), json::array()};
    std::vector<NewEvent> to_store;
    for (const auto& event : opening) {
        to_store.push_back(to_new_event(event));
        created.events.push_back(sequenced(event.seq, dialogue::event_to_json(event)));
    }
    try {
        store_.create_interview(NewInterview{created.interview_id, sha256_hex(created.token), plan.role,
                                             dialogue::plan_to_json(plan).dump(), to_epoch_ms(now)},
                                to_store);
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview create failed: store error: {}", failure.what());
        return internal_error("the interview could not be saved; please try again");
    }
    metrics_.interview_created();
    spdlog::info("interview {} created: role={} stages={} events={} in {} us", created.interview_id, plan.role,
                 plan.stages.size(), opening.size(),
                 std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started_at).count());
    return created;
}

Outcome<InterviewRecord> InterviewService::authenticate(std::string_view interview_id, std::string_view token) {
    std::optional<InterviewRecord> record;
    try {
        record = store_.find_interview(interview_id);
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} lookup failed: store error: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    }
    if (!record) return not_found(interview_id);
    if (!token_matches(token, record->token_sha256)) {
        return ServiceError{"unauthorized", "the token does not open this interview", 401, {}};
    }
    return *record;
}

Outcome<InterviewService::LiveInterview*> InterviewService::load_live(std::string_view interview_id) {
    if (const auto found = live_.find(interview_id); found != live_.end()) return found->second.get();
    try {
        const auto record = store_.find_interview(interview_id);
        if (!record) return not_found(interview_id);
        const RoleEngine* role = find_role(record->role_id);
        if (role == nullptr) {
            return ServiceError{"role_unavailable",
                                "this interview's role '" + record->role_id + "' is not loaded on this server", 503, {}};
        }
        dialogue::EventLog log;
        for (const auto& stored : store_.load_events(interview_id)) {
            log.events.push_back(dialogue::event_from_json(json::parse(stored.payload_json)));
        }
        auto engine = dialogue::Interview::replay(*role->pack, role->scorer, log);
        auto live = std::make_unique<LiveInterview>(LiveInterview{
            std::string(interview_id), role, std::move(engine), record->last_seq,
            record->status == InterviewStatus::finished, std::nullopt});
        auto* pointer = live.get();
        live_.emplace(std::string(interview_id), std::move(live));
        spdlog::info("interview {} resumed from {} stored events", interview_id, log.events.size());
        return pointer;
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} load failed: store error: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    } catch (const std::exception& failure) {
        // A stored log the engine cannot replay: a bug or a foreign database, never the client's fault.
        metrics_.count_error("replay_failure");
        spdlog::error("interview {} replay failed: {}", interview_id, failure.what());
        return internal_error("the interview could not be restored on this server");
    }
}

Outcome<JoinedInterview> InterviewService::join(std::string_view interview_id, std::string_view token,
                                                std::int64_t last_seq, ConnectionId connection) {
    auto record = authenticate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&record)) return *error;
    auto live_outcome = load_live(interview_id);
    if (auto* error = std::get_if<ServiceError>(&live_outcome)) return *error;
    LiveInterview& live = *std::get<LiveInterview*>(live_outcome);

    JoinedInterview joined;
    joined.events = json::array();
    json all_events = json::array();
    try {
        for (const auto& stored : store_.load_events(interview_id)) {
            auto event = json::parse(stored.payload_json);
            all_events.push_back(event);
            if (stored.seq > last_seq || last_seq > live.last_seq) {
                joined.events.push_back(sequenced(stored.seq, std::move(event)));
            }
        }
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} join failed: store error: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    }
    joined.state = summarise_interview(all_events);
    joined.last_seq = live.last_seq;
    if (live.owner && *live.owner != connection) joined.superseded = live.owner;
    live.owner = connection;
    publish_active_count();
    spdlog::info("interview {} joined by connection {} (from seq {}, {} events sent){}", interview_id, connection,
                 last_seq, joined.events.size(), joined.superseded ? ", taking over" : "");
    return joined;
}

Outcome<ProducedEvents> InterviewService::handle_message(std::string_view interview_id, ConnectionId connection,
                                                         std::string_view text, WallClock::time_point now) {
    const auto found = live_.find(interview_id);
    if (found == live_.end() || found->second->owner != connection) {
        return ServiceError{"superseded", "this connection no longer holds the interview", 409, {}};
    }
    LiveInterview& live = *found->second;
    if (live.finished) {
        return ServiceError{"interview_finished", "the interview has ended; its report is available", 409, {}};
    }

    std::vector<dialogue::InterviewEvent> events;
    const auto scoring_started = std::chrono::steady_clock::now();
    try {
        events = live.engine.handle_message(text, to_engine_time(now));
    } catch (const dialogue::InterviewError& refusal) {
        return ServiceError{"message_refused", refusal.what(), 409, {}};
    } catch (const std::exception& failure) {
        rebuild_from_log(interview_id);     // the engine may be half-way through a step
        metrics_.count_error("engine_failure");
        spdlog::error("interview {} engine failure: {}", interview_id, failure.what());
        return internal_error("the interviewer could not handle that message; please send it again");
    }
    const auto scoring_time = std::chrono::steady_clock::now() - scoring_started;
    if (events.empty()) return internal_error("the interviewer produced no reply; please send the message again");

    std::vector<NewEvent> to_store;
    ProducedEvents produced;
    produced.events = json::array();
    bool scored = false;
    bool finished = false;
    for (const auto& event : events) {
        to_store.push_back(to_new_event(event));
        produced.events.push_back(sequenced(event.seq, dialogue::event_to_json(event)));
        scored = scored || std::holds_alternative<dialogue::AnswerScored>(event.payload);
        finished = finished || std::holds_alternative<dialogue::ReportReady>(event.payload);
    }
    if (events.front().seq != live.last_seq + 1) {
        spdlog::error("interview {} engine numbered its events from {} but the log is at {}", interview_id,
                      events.front().seq, live.last_seq);
        rebuild_from_log(interview_id);
        metrics_.count_error("engine_failure");
        return internal_error("the interviewer lost its place; please send the message again");
    }
    try {
        live.last_seq = store_.append_events(interview_id, live.last_seq, to_store,
                                             finished ? InterviewStatus::finished : InterviewStatus::in_progress,
                                             to_epoch_ms(now));
    } catch (const StoreError& failure) {
        // Not committed, so not acknowledged; the engine ran ahead of the log, so it is rebuilt
        // from the log and the candidate can simply send the message again.
        spdlog::error("interview {} append failed: store error: {}", interview_id, failure.what());
        rebuild_from_log(interview_id);
        metrics_.count_error("store_failure");
        return internal_error("your message could not be saved; please send it again");
    }
    live.finished = finished;
    if (scored) metrics_.answer_scored(std::chrono::duration_cast<std::chrono::nanoseconds>(scoring_time));
    produced.stored_seq = events.front().seq;
    produced.finished = finished;
    spdlog::info("interview {} message stored: {} events, seq {}..{}, engine {} us{}", interview_id, events.size(),
                 events.front().seq, events.back().seq,
                 std::chrono::duration_cast<std::chrono::microseconds>(scoring_time).count(),
                 finished ? ", finished" : "");
    return produced;
}

void InterviewService::rebuild_from_log(std::string_view interview_id) {
    const auto found = live_.find(interview_id);
    if (found == live_.end()) return;
    const auto owner = found->second->owner;
    const std::string id(interview_id);
    live_.erase(found);
    auto reloaded = load_live(id);
    if (auto* live = std::get_if<LiveInterview*>(&reloaded)) (*live)->owner = owner;
    publish_active_count();
}

void InterviewService::leave(std::string_view interview_id, ConnectionId connection) {
    const auto found = live_.find(interview_id);
    if (found == live_.end() || found->second->owner != connection) return;
    // Nothing is kept that the store does not have: the next join replays the log.
    live_.erase(found);
    publish_active_count();
    spdlog::info("interview {} left by connection {}", interview_id, connection);
}

Outcome<json> InterviewService::describe_interview(std::string_view interview_id, std::string_view token) {
    auto record_outcome = authenticate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&record_outcome)) return *error;
    const auto& record = std::get<InterviewRecord>(record_outcome);
    json events = json::array();
    json all = json::array();
    json report = nullptr;
    try {
        for (const auto& stored : store_.load_events(interview_id)) {
            auto event = json::parse(stored.payload_json);
            if (event.value("type", "") == "report") report = event;
            all.push_back(event);
            events.push_back(sequenced(stored.seq, std::move(event)));
        }
    } catch (const std::exception& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} read failed: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    }
    return json{{"interview_id", record.id},
                {"role", record.role_id},
                {"plan", json::parse(record.plan_json, nullptr, false)},
                {"status", to_string(record.status)},
                {"created_at_ms", record.created_at_ms},
                {"updated_at_ms", record.updated_at_ms},
                {"state", summarise_interview(all)},
                {"events", events},
                {"report", report.is_null() ? json(nullptr) : report.value("report", json(nullptr))},
                {"report_markdown", report.is_null() ? json(nullptr) : report.value("markdown", json(nullptr))}};
}

json InterviewService::list_roles() const {
    json roles = json::array();
    for (const auto& role : roles_) {
        roles.push_back({{"id", role->pack->id}, {"title", role->pack->title}, {"overview", role->pack->overview}});
    }
    return json{{"roles", roles}};
}

Outcome<json> InterviewService::list_stages(std::string_view role_id) const {
    const RoleEngine* role = find_role(role_id);
    if (role == nullptr) {
        return ServiceError{"role_not_found",
                            "unknown role '" + std::string(role_id) + "'; valid roles: " + role_list(library_), 404, {}};
    }
    json stages = json::array();
    for (const auto& stage : role->pack->stages) {
        json participants = json::array();
        for (const auto& participant : stage.participants) participants.push_back(participant.text);
        stages.push_back({{"id", stage.id},
                          {"name", stage.name},
                          {"focus_areas", stage.focus_areas},
                          {"participants", participants}});
    }
    return json{{"role", role->pack->id}, {"stages", stages}};
}

json InterviewService::list_industries() const {
    json industries = json::array();
    std::set<std::string, std::less<>> seen;
    for (const auto& role : roles_) {
        for (const auto& industry : role->pack->industries) {
            if (seen.insert(industry.id).second) industries.push_back({{"id", industry.id}, {"name", industry.name}});
        }
    }
    return json{{"industries", industries}};
}

json InterviewService::list_seniorities() const {
    json seniorities = json::array();
    for (const auto level : {content::Seniority::junior, content::Seniority::mid, content::Seniority::senior}) {
        const std::string id(content::to_string(level));
        std::string name = id;
        name.front() = static_cast<char>(name.front() - 'a' + 'A');
        seniorities.push_back({{"id", id}, {"name", name}});
    }
    return json{{"seniorities", seniorities}};
}

std::vector<std::string> InterviewService::readiness_problems() {
    std::vector<std::string> problems;
    if (roles_.empty()) problems.emplace_back("no role pack is loaded from the content directory");
    try {
        store_.check_reachable();
    } catch (const StoreError& failure) {
        problems.emplace_back(std::string("the database does not answer: ") + failure.what());
    }
    return problems;
}

json summarise_interview(const json& events) {
    json stage = nullptr;
    json awaiting = nullptr;
    std::string status = "in_progress";
    std::int64_t last_seq = 0;
    for (const auto& event : events) {
        last_seq = std::max<std::int64_t>(last_seq, event.value("seq", std::int64_t{0}));
        const std::string type = event.value("type", "");
        if (type == "stage_started") {
            stage = {{"id", event.value("stage_id", "")},
                     {"name", event.value("stage_name", "")},
                     {"index", event.value("stage_index", 0)},
                     {"count", event.value("stage_count", 0)}};
        } else if (type == "question_asked") {
            awaiting = {{"kind", event.value("kind", "main") == "task" ? "task" : "question"},
                        {"item_id", event.value("item_id", "")},
                        {"text", event.value("text", "")},
                        {"question_index", event.value("question_index", 0)},
                        {"question_count", event.value("question_count", 0)}};
        } else if (type == "follow_up") {
            awaiting = {{"kind", "follow_up"},
                        {"item_id", event.value("item_id", "")},
                        {"text", event.value("text", "")}};
        } else if (type == "report") {
            status = "finished";
            awaiting = nullptr;
        }
    }
    return json{{"status", status}, {"stage", stage}, {"awaiting", awaiting}, {"last_seq", last_seq}};
}

}  // namespace mi::server
