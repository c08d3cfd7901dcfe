#include "server/interview_service.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "content/json_text.hpp"
#include "content/json_writer.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/interview/interview.hpp"
#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"
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
    return {ErrorCode::interview_not_found, "no interview with id '" + std::string(interview_id) + "'", {}};
}

ServiceError internal_error(std::string message) { return {ErrorCode::internal, std::move(message), {}}; }

ServiceError unavailable_error() {
    return {ErrorCode::interview_unavailable,
            "your last message could not be saved, and the interview could not be restored on this server; "
            "nothing was stored: in a moment, join again and send the message again",
            {}};
}

ServiceError lost_race_error() {
    return {ErrorCode::internal,
            "another connection to this interview kept answering at the same moment, so your message was not "
            "stored; please send it again",
            {}};
}

// Appends that lose a race with another node are retried on the fresh log this many times in all:
// two candidates' connections answering one interview at once lose at most a few times in a row,
// and a message must not loop for ever when two nodes keep answering.
constexpr int max_append_attempts = 4;

// A check run for the engine as it stood before another node's turn, fitted to the engine replayed
// since: kept for the same task (the same code checked by the same checker on the same variant
// gives the same result, whichever of the task's messages it now is); dropped when the message is
// no longer a submission (it is scored in words, as any answer at a question); refused when
// another task that runs is open now (its check was never run).
std::variant<std::optional<dialogue::TaskCheckResult>, ServiceError> fit_check(const dialogue::Interview& engine,
                                                                              std::string_view text,
                                                                              dialogue::TaskCheckResult check) {
    const auto now_expected = engine.task_submission(text);
    if (!now_expected) return std::optional<dialogue::TaskCheckResult>{};
    if (now_expected->task_id != check.item_id || now_expected->checker != check.checker ||
        now_expected->variant_id != check.variant_id) {
        return ServiceError{ErrorCode::message_refused,
                            "another connection to this interview answered at the same moment and the interview "
                            "moved on to another task; nothing was stored: send your message again",
                            {}};
    }
    check.message_index = now_expected->message_index;
    return std::optional<dialogue::TaskCheckResult>{std::move(check)};
}

NewEvent to_new_event(const dialogue::InterviewEvent& event) {
    return NewEvent{std::string(event.type()), content::dump_json_text(dialogue::event_to_stored_json(event))};
}

bool is_condensed_report(const EventRecord& stored, const json& event) {
    return stored.type == "report" && !event.contains("report");
}

// The stored events up to `last_seq` (all of them by default), read back as the engine gave them,
// except a report stored condensed.
dialogue::EventLog stored_log(InterviewStore& store, std::string_view interview_id,
                              std::int64_t last_seq = std::numeric_limits<std::int64_t>::max()) {
    dialogue::EventLog log;
    for (const auto& stored : store.load_events(interview_id)) {
        if (stored.seq > last_seq) break;
        log.events.push_back(dialogue::event_from_json(content::parse_json_text(stored.payload_json).value));
    }
    return log;
}

// A live engine keeps only its current item (ItemHistory::current), so the `report` event it gives
// comes condensed. Its body is rebuilt the way every later read rebuilds it (restore_reports):
// from the stored log up to `last_seq`, the engine's, followed by this message's events. Throws
// StoreError when the log cannot be read, InterviewError when it does not fold.
void fill_condensed_report(InterviewStore& store, const content::RolePack& pack, std::string_view interview_id,
                           std::int64_t last_seq, std::vector<dialogue::InterviewEvent>& events) {
    const auto is_condensed = [](const dialogue::InterviewEvent& event) {
        const auto* ready = std::get_if<dialogue::ReportReady>(&event.payload);
        return ready != nullptr && ready->condensed();
    };
    const auto report = std::find_if(events.begin(), events.end(), is_condensed);
    if (report == events.end()) return;
    // Up to the engine's seq: what another node appended after it makes this append lose its race.
    auto log = stored_log(store, interview_id, last_seq);
    const auto report_index = log.events.size() + static_cast<std::size_t>(report - events.begin());
    log.events.insert(log.events.end(), events.begin(), events.end());
    dialogue::restore_reports(pack, log);
    report->payload = std::move(log.events[report_index].payload);
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
    RoleEngine(const content::RolePack& role_pack, const dialogue::ScoringConfig& scoring)
        : pack(&role_pack), scorer(role_pack, scoring) {}
};

// An interview some connection is attached to: its engine and who owns it.
struct InterviewService::LiveInterview {
    std::string id;
    const RoleEngine* role = nullptr;
    dialogue::Interview engine;
    std::int64_t last_seq = 0;
    bool finished = false;
    std::optional<ConnectionId> owner;
    // Joins here whose takeover notice has not come back from the channel yet. Notices arrive in
    // one order at every node, so another node's takeover heard meanwhile was published before
    // ours: it is older than this node's join and must not close the connection that just joined.
    int takeovers_unconfirmed = 0;
};

InterviewService::InterviewService(const content::ContentLibrary& library, InterviewStore& store, Metrics& metrics,
                                   const dialogue::TaskMaterials* materials, StoreNotifications* notifications,
                                   dialogue::ScoringConfig scoring)
    : library_(library), store_(store), metrics_(metrics), materials_(materials), notifications_(notifications) {
    for (const auto& pack : library_.roles) roles_.push_back(std::make_unique<RoleEngine>(pack, scoring));
    if (notifications_ != nullptr) notifications_->listen([this](const StoreNotice& notice) { handle_notice(notice); });
}

void InterviewService::on_superseded_elsewhere(std::function<void(ConnectionId)> tell) { tell_superseded_ = std::move(tell); }

void InterviewService::publish(StoreNotice notice) {
    if (notifications_ == nullptr) return;
    notice.node_id = notifications_->node_id();
    notifications_->publish(notice);
}

void InterviewService::handle_notice(const StoreNotice& notice) {
    if (notifications_ == nullptr) return;
    const bool own = notice.node_id == notifications_->node_id();
    if (own && notice.kind != StoreNotice::Kind::taken_over) return;
    auto& shard = shard_for(notice.interview_id);
    std::optional<ConnectionId> superseded;
    {
        const std::lock_guard lock(shard.mutex);
        const auto here = shard.live.find(notice.interview_id);
        if (own) {
            if (here != shard.live.end() && here->second->takeovers_unconfirmed > 0) --here->second->takeovers_unconfirmed;
            return;
        }
        if (notice.kind == StoreNotice::Kind::taken_over && here != shard.live.end() &&
            here->second->takeovers_unconfirmed > 0) {
            spdlog::info("interview {}: node {}'s takeover is older than the join here; ignored", notice.interview_id,
                         notice.node_id);
            return;
        }
        if (notice.kind == StoreNotice::Kind::taken_over) {
            if (const auto lost = shard.unavailable.find(notice.interview_id); lost != shard.unavailable.end()) {
                superseded = lost->second;
                shard.unavailable.erase(lost);
            }
        }
        const auto found = shard.live.find(notice.interview_id);
        if (found != shard.live.end()) {
            if (notice.kind == StoreNotice::Kind::taken_over) {
                // Nothing is lost: everything this node handled is in the store the other node reads.
                superseded = found->second->owner;
                erase_live(shard, found);
                spdlog::info("interview {} taken over by node {}", notice.interview_id, notice.node_id);
            } else if (found->second->last_seq < notice.last_seq) {
                // Replayed now rather than at the next message, which then finds the engine current.
                rebuild_from_log(shard, notice.interview_id);
            }
        }
    }
    if (superseded && tell_superseded_) tell_superseded_(*superseded);
}

InterviewService::~InterviewService() = default;

const InterviewService::RoleEngine* InterviewService::find_role(std::string_view role_id) const {
    const auto found = std::find_if(roles_.begin(), roles_.end(),
                                    [&](const auto& role) { return role->pack->id == role_id; });
    return found == roles_.end() ? nullptr : found->get();
}

InterviewService::Shard& InterviewService::shard_for(std::string_view interview_id) {
    return shards_[std::hash<std::string_view>{}(interview_id) % shards_.size()];
}

// Owned interviews are counted as ownership changes: counting them by walking every live
// interview cost ~1 ms per leave at 10,000 interviews.
void InterviewService::set_owner(LiveInterview& live, std::optional<ConnectionId> owner) {
    const int change = static_cast<int>(owner.has_value()) - static_cast<int>(live.owner.has_value());
    live.owner = owner;
    if (change != 0) metrics_.set_active_interviews(active_interviews_ += change);
}

void InterviewService::erase_live(Shard& shard, LiveMap::iterator found) {
    set_owner(*found->second, std::nullopt);
    shard.live.erase(found);
}

Outcome<CreatedInterview> InterviewService::create_interview(const json& plan_body, WallClock::time_point now) {
    if (!plan_body.is_object()) {
        return ServiceError{ErrorCode::invalid_plan, "the request body must be a JSON object describing the plan", {}};
    }
    auto parsed = dialogue::plan_from_json(plan_body);
    auto plan = parsed.plan ? *parsed.plan : parsed.partial;
    const RoleEngine* role = find_role(plan.role);
    const auto problems = plan_problems(plan_body);
    if (!problems.empty()) {
        return ServiceError{ErrorCode::invalid_plan, "the plan is not valid: " + problems.front(), problems};
    }
    // Without a seed of their own, interviews differ from one candidate to the next; the seed
    // is stored with the plan, so replay still draws the same questions.
    if (!plan_body.contains("seed")) plan.seed = std::random_device{}();

    const auto started_at = std::chrono::steady_clock::now();
    std::optional<dialogue::Interview> started;
    try {
        started.emplace(dialogue::Interview::start(*role->pack, role->scorer, plan, to_engine_time(now), {}, materials_));
    } catch (const dialogue::InterviewError& refusal) {
        return ServiceError{ErrorCode::invalid_plan, refusal.what(), {refusal.what()}};
    }
    const auto& opening = started->opening_events();

    CreatedInterview created{generate_interview_id(), generate_token(), {}};
    std::vector<NewEvent> to_store;
    for (const auto& event : opening) {
        to_store.push_back(to_new_event(event));
        created.events.push_back(SequencedEvent{event.seq, dialogue::event_to_json(event)});
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

std::vector<std::string> InterviewService::plan_problems(const json& plan_body) const {
    if (!plan_body.is_object()) return {"the plan must be a JSON object"};
    // Every problem at once: the fields of the wrong type, then what is wrong with the rest.
    auto parsed = dialogue::plan_from_json(plan_body);
    auto plan = parsed.plan ? *parsed.plan : parsed.partial;
    std::vector<std::string> problems = parsed.problems;
    const RoleEngine* role = find_role(plan.role);
    if (role == nullptr && !plan.role.empty()) {
        problems.push_back("unknown role '" + plan.role + "'; valid roles: " + role_list(library_));
    }
    if (role != nullptr) {
        for (auto& problem : dialogue::validate_plan(plan, *role->pack)) problems.push_back(std::move(problem));
    }
    return problems;
}

void InterviewService::forget(std::string_view interview_id) {
    Shard& shard = shard_for(interview_id);
    const std::lock_guard lock(shard.mutex);
    if (const auto unavailable = shard.unavailable.find(interview_id); unavailable != shard.unavailable.end()) {
        shard.unavailable.erase(unavailable);
    }
    if (const auto found = shard.live.find(interview_id); found != shard.live.end()) erase_live(shard, found);
}

Outcome<InterviewRecord> InterviewService::find_record(std::string_view interview_id) {
    std::optional<InterviewRecord> record;
    try {
        record = store_.find_interview(interview_id);
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} lookup failed: store error: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    }
    if (!record) return not_found(interview_id);
    return std::move(*record);
}

Outcome<InterviewRecord> InterviewService::authenticate(std::string_view interview_id, std::string_view token) {
    auto record = find_record(interview_id);
    if (const auto* found = std::get_if<InterviewRecord>(&record);
        found != nullptr && !token_matches(token, found->token_sha256)) {
        return ServiceError{ErrorCode::unauthorized, "the token does not open this interview", {}};
    }
    return record;
}

Outcome<InterviewService::LiveInterview*> InterviewService::load_live(Shard& shard, std::string_view interview_id) {
    if (const auto found = shard.live.find(interview_id); found != shard.live.end()) return found->second.get();
    try {
        const auto record = store_.find_interview(interview_id);
        if (!record) return not_found(interview_id);
        const RoleEngine* role = find_role(record->role_id);
        if (role == nullptr) {
            return ServiceError{ErrorCode::role_unavailable,
                                "this interview's role '" + record->role_id + "' is not loaded on this server", {}};
        }
        const auto log = stored_log(store_, interview_id);
        // Only what the next decisions need: the log is on disk, and the report is built from it.
        auto engine =
            dialogue::Interview::replay(*role->pack, role->scorer, log, materials_, dialogue::ItemHistory::current);
        auto live = std::make_unique<LiveInterview>(LiveInterview{
            std::string(interview_id), role, std::move(engine), record->last_seq,
            record->status == InterviewStatus::finished, std::nullopt, 0});
        auto* pointer = live.get();
        shard.live.emplace(std::string(interview_id), std::move(live));
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
    return attach(interview_id, last_seq, connection);
}

Outcome<JoinedInterview> InterviewService::attach(std::string_view interview_id, std::int64_t last_seq,
                                                  ConnectionId connection) {
    auto joined = attach_here(interview_id, last_seq, connection);
    // Whichever node held the interview closes its connection (this node's own was told above).
    if (std::holds_alternative<JoinedInterview>(joined)) {
        publish(StoreNotice{StoreNotice::Kind::taken_over, {}, std::string(interview_id), 0});
    }
    return joined;
}

Outcome<JoinedInterview> InterviewService::attach_here(std::string_view interview_id, std::int64_t last_seq,
                                                       ConnectionId connection) {
    auto& shard = shard_for(interview_id);
    const std::lock_guard lock(shard.mutex);
    shard.unavailable.erase(std::string(interview_id));
    auto live_outcome = load_live(shard, interview_id);
    if (auto* error = std::get_if<ServiceError>(&live_outcome)) return *error;
    auto* current = std::get<LiveInterview*>(live_outcome);
    if (auto error = catch_up(shard, interview_id, current)) return *error;
    LiveInterview& live = *current;

    JoinedInterview joined;
    try {
        // Only what the client has not seen: a last_seq at or past the end gets nothing.
        joined.events = stored_events(interview_id, last_seq, *live.role);
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} join failed: store error: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    }
    joined.state = live.engine.progress();
    joined.last_seq = live.last_seq;
    if (live.owner && *live.owner != connection) joined.superseded = live.owner;
    set_owner(live, connection);
    if (notifications_ != nullptr) ++live.takeovers_unconfirmed;
    spdlog::info("interview {} joined by connection {} (from seq {}, {} events sent){}", interview_id, connection,
                 last_seq, joined.events.size(), joined.superseded ? ", taking over" : "");
    return joined;
}

std::vector<SequencedEvent> InterviewService::stored_events(std::string_view interview_id, std::int64_t after_seq,
                                                             const RoleEngine& role) {
    std::vector<SequencedEvent> events;
    std::vector<std::size_t> condensed;     // indexes into `events`
    for (const auto& stored : store_.load_events(interview_id, after_seq)) {
        events.push_back(SequencedEvent{stored.seq, content::parse_json_text(stored.payload_json).value});
        if (is_condensed_report(stored, events.back().event)) condensed.push_back(events.size() - 1);
    }
    if (condensed.empty()) return events;
    // The store keeps a report without its body; the whole log rebuilds it.
    auto log = stored_log(store_, interview_id);
    dialogue::restore_reports(*role.pack, log);
    for (const std::size_t index : condensed) {
        const auto seq = events[index].seq;
        const auto restored = std::find_if(log.events.begin(), log.events.end(),
                                           [seq](const dialogue::InterviewEvent& event) { return event.seq == seq; });
        if (restored == log.events.end()) throw dialogue::InterviewError("report event " + std::to_string(seq) + " is not in the log");
        events[index].event = dialogue::event_to_json(*restored);
    }
    return events;
}

Outcome<InterviewService::LiveInterview*> InterviewService::owned_live(Shard& shard, std::string_view interview_id,
                                                                       ConnectionId connection) {
    auto found = shard.live.find(interview_id);
    if (found == shard.live.end()) {
        // Dropped from memory after a failed save: its owner may try again once the store answers.
        const auto lost = shard.unavailable.find(interview_id);
        if (lost == shard.unavailable.end() || lost->second != connection) {
            return ServiceError{ErrorCode::superseded, "this connection no longer holds the interview", {}};
        }
        auto reloaded = load_live(shard, interview_id);
        if (std::holds_alternative<ServiceError>(reloaded)) return unavailable_error();
        shard.unavailable.erase(lost);
        set_owner(*std::get<LiveInterview*>(reloaded), connection);
        found = shard.live.find(interview_id);
    }
    if (found->second->owner != connection) {
        return ServiceError{ErrorCode::superseded, "this connection no longer holds the interview", {}};
    }
    return found->second.get();
}

std::optional<ServiceError> InterviewService::catch_up(Shard& shard, std::string_view interview_id,
                                                       LiveInterview*& live, bool* replayed) {
    std::optional<InterviewRecord> record;
    try {
        record = store_.find_interview(interview_id);
    } catch (const StoreError& failure) {
        // The look is only a shortcut: an engine that is behind loses its append's sequence check
        // and is replayed then, so the message goes on and meets the store's state at its commit.
        metrics_.count_error("store_failure");
        spdlog::warn("interview {} last seq lookup failed: store error: {}", interview_id, failure.what());
        return std::nullopt;
    }
    if (!record) return not_found(interview_id);
    if (record->last_seq == live->last_seq) return std::nullopt;
    spdlog::info("interview {} is at seq {} in the store and {} here: another node appended; replaying", interview_id,
                 record->last_seq, live->last_seq);
    metrics_.count_error("stale_engine");
    if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
    live = shard.live.find(interview_id)->second.get();
    if (replayed != nullptr) *replayed = true;
    return std::nullopt;
}

Outcome<InterviewService::LiveInterview*> InterviewService::current_owned_live(Shard& shard,
                                                                               std::string_view interview_id,
                                                                               ConnectionId connection, bool* replayed) {
    auto owned = owned_live(shard, interview_id, connection);
    if (std::holds_alternative<ServiceError>(owned)) return owned;
    auto* live = std::get<LiveInterview*>(owned);
    if (auto error = catch_up(shard, interview_id, live, replayed)) return *error;
    return live;
}

std::optional<dialogue::TaskSubmission> InterviewService::task_submission(std::string_view interview_id,
                                                                          ConnectionId connection, std::string_view text,
                                                                          std::string_view client_message_id) {
    auto& shard = shard_for(interview_id);
    const std::lock_guard lock(shard.mutex);
    auto owned = current_owned_live(shard, interview_id, connection);
    if (std::holds_alternative<ServiceError>(owned) || std::get<LiveInterview*>(owned)->finished) return std::nullopt;
    const auto& live = *std::get<LiveInterview*>(owned);
    if (!client_message_id.empty()) {
        try {
            if (store_.find_client_message(interview_id, client_message_id)) return std::nullopt;
        } catch (const StoreError&) {
            return std::nullopt;  // handle_message meets the same failure and reports it
        }
    }
    return live.engine.task_submission(text);
}

Outcome<RunTarget> InterviewService::run_target(std::string_view interview_id, ConnectionId connection) {
    auto& shard = shard_for(interview_id);
    const std::lock_guard lock(shard.mutex);
    auto owned = current_owned_live(shard, interview_id, connection);
    if (auto* error = std::get_if<ServiceError>(&owned)) return *error;
    const auto& live = *std::get<LiveInterview*>(owned);
    if (live.finished) return ServiceError{ErrorCode::interview_finished, "the interview has ended; its report is available", {}};
    const auto* record = live.engine.state().current_item();
    if (record == nullptr || !record->material || !record->material->runnable) {
        return ServiceError{ErrorCode::nothing_to_run,
                            "there is nothing to run now: Run works while a practical task that runs is open (the slow "
                            "query, the schema, the API)",
                            {}};
    }
    return RunTarget{record->item.id, record->material->checker, record->material->variant_id};
}

Outcome<ProducedEvents> InterviewService::handle_message(std::string_view interview_id, ConnectionId connection,
                                                         std::string_view text, WallClock::time_point now,
                                                         std::string_view client_message_id,
                                                         std::optional<dialogue::TaskCheckResult> check) {
    auto& shard = shard_for(interview_id);
    std::unique_lock lock(shard.mutex);
    // Replayed since the check (if any) was made: another node's turn came in between.
    bool replayed = false;
    auto owned = current_owned_live(shard, interview_id, connection, &replayed);
    if (auto* error = std::get_if<ServiceError>(&owned)) return *error;
    LiveInterview* live = std::get<LiveInterview*>(owned);

    // The events this message's client id produced when it was stored before (here, before a
    // restart, or on another node), for the answer to a resend.
    const auto stored_before = [&]() -> Outcome<std::optional<ClientMessageRecord>> {
        if (client_message_id.empty()) return std::optional<ClientMessageRecord>{};
        try {
            return store_.find_client_message(interview_id, client_message_id);
        } catch (const StoreError& failure) {
            metrics_.count_error("store_failure");
            spdlog::error("interview {} client id lookup failed: store error: {}", interview_id, failure.what());
            return internal_error("your message could not be checked against what is stored; please send it again");
        }
    };
    const auto duplicate_of = [&](const ClientMessageRecord& seen) {
        spdlog::info("interview {} message {} was already stored as seq {}..{}", interview_id, client_message_id,
                     seen.first_seq, seen.last_seq);
        ProducedEvents duplicate;
        duplicate.stored_seq = seen.first_seq;
        duplicate.state = live->engine.progress();
        duplicate.finished = live->finished;
        duplicate.duplicate = true;
        return duplicate;
    };

    for (int attempt = 1;; ++attempt) {
        auto seen = stored_before();
        if (auto* error = std::get_if<ServiceError>(&seen)) return *error;
        if (const auto& record = std::get<std::optional<ClientMessageRecord>>(seen)) return duplicate_of(*record);
        if (live->finished) {
            return ServiceError{ErrorCode::interview_finished, "the interview has ended; its report is available", {}};
        }

        if (replayed && check) {
            auto fitted = fit_check(live->engine, text, std::move(*check));
            if (auto* error = std::get_if<ServiceError>(&fitted)) return *error;
            check = std::get<std::optional<dialogue::TaskCheckResult>>(std::move(fitted));
        }
        std::vector<dialogue::InterviewEvent> events;
        const auto scoring_started = std::chrono::steady_clock::now();
        try {
            events = live->engine.handle_message(text, to_engine_time(now), check);
        } catch (const dialogue::InterviewError& refusal) {
            return ServiceError{ErrorCode::message_refused, refusal.what(), {}};
        } catch (const std::exception& failure) {
            metrics_.count_error("engine_failure");
            spdlog::error("interview {} engine failure: {}", interview_id, failure.what());
            // The engine may be half-way through a step.
            if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
            return internal_error("the interviewer could not handle that message; please send it again");
        }
        const auto scoring_time = std::chrono::steady_clock::now() - scoring_started;
        try {
            fill_condensed_report(store_, *live->role->pack, interview_id, live->last_seq, events);
        } catch (const std::exception& failure) {
            // Nothing is stored yet, and the engine has run ahead of the log: rebuilt, it takes the message again.
            metrics_.count_error(dynamic_cast<const StoreError*>(&failure) != nullptr ? "store_failure" : "replay_failure");
            spdlog::error("interview {} report could not be built from the log: {}", interview_id, failure.what());
            if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
            return internal_error("your report could not be built, so your message was not saved; please send it again");
        }
        if (events.empty()) return internal_error("the interviewer produced no reply; please send the message again");

        std::vector<NewEvent> to_store;
        ProducedEvents produced;
        bool scored = false;
        bool finished = false;
        for (const auto& event : events) {
            // Each event becomes JSON text once, written without a tree: it is both what is stored
            // and what the frame carries, except a report's, which is stored without its body
            // (event_to_stored_json). Who needs the tree parses the text (with_event_trees).
            const bool report = std::holds_alternative<dialogue::ReportReady>(event.payload);
            to_store.push_back(report ? to_new_event(event)
                                      : NewEvent{std::string(event.type()), dialogue::event_to_json_text(event)});
            if (const auto* answer = std::get_if<dialogue::AnswerReceived>(&event.payload)) {
                to_store.back().search_text = answer->text;     // so the store need not parse it back out
            }
            auto frame_text = report ? dialogue::event_to_json_text(event) : to_store.back().payload_json;
            produced.events.push_back(SequencedEvent{event.seq, nullptr, std::move(frame_text)});
            scored = scored || std::holds_alternative<dialogue::AnswerScored>(event.payload);
            finished = finished || std::holds_alternative<dialogue::ReportReady>(event.payload);
        }
        if (events.front().seq != live->last_seq + 1) {
            spdlog::error("interview {} engine numbered its events from {} but the log is at {}", interview_id,
                          events.front().seq, live->last_seq);
            metrics_.count_error("engine_failure");
            if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
            return internal_error("the interviewer lost its place; please send the message again");
        }
        try {
            live->last_seq = store_.append_events(interview_id, live->last_seq, to_store,
                                                  finished ? InterviewStatus::finished : InterviewStatus::in_progress,
                                                  to_epoch_ms(now), client_message_id);
        } catch (const SequenceConflict& conflict) {
            // Another node appended between our look at the log and this commit: its append won and
            // nothing of ours was stored. The engine is replayed from the log, and the message is
            // handled again on it (or answered as a duplicate, when the other node stored this very
            // message).
            metrics_.count_error("sequence_conflict");
            spdlog::info("interview {} append lost a race (try {} of {}): {}", interview_id, attempt,
                         max_append_attempts, conflict.what());
            if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
            live = shard.live.find(interview_id)->second.get();
            replayed = true;
            if (attempt == max_append_attempts) return lost_race_error();
            continue;
        } catch (const StoreError& failure) {
            // Not committed, so not acknowledged; the engine ran ahead of the log, so it is rebuilt
            // from the log and the candidate can simply send the message again.
            spdlog::error("interview {} append failed: store error: {}", interview_id, failure.what());
            metrics_.count_error("store_failure");
            if (!rebuild_from_log(shard, interview_id)) return unavailable_error();
            return internal_error("your message could not be saved; please send it again");
        }
        live->finished = finished;
        if (scored) metrics_.answer_scored(std::chrono::duration_cast<std::chrono::nanoseconds>(scoring_time));
        produced.stored_seq = events.front().seq;
        produced.finished = finished;
        produced.state = live->engine.progress();
        spdlog::info("interview {} message stored: {} events, seq {}..{}, engine {} us{}", interview_id, events.size(),
                     events.front().seq, events.back().seq,
                     std::chrono::duration_cast<std::chrono::microseconds>(scoring_time).count(),
                     finished ? ", finished" : "");
        const auto last_seq = live->last_seq;
        lock.unlock();
        publish(StoreNotice{StoreNotice::Kind::appended, {}, std::string(interview_id), last_seq});
        return produced;
    }
}

bool InterviewService::rebuild_from_log(Shard& shard, std::string_view interview_id) {
    const auto found = shard.live.find(interview_id);
    if (found == shard.live.end()) return false;
    const auto owner = found->second->owner;
    const auto takeovers_unconfirmed = found->second->takeovers_unconfirmed;
    const std::string id(interview_id);
    erase_live(shard, found);
    auto reloaded = load_live(shard, id);
    auto* live = std::get_if<LiveInterview*>(&reloaded);
    if (live) {
        set_owner(**live, owner);
        (*live)->takeovers_unconfirmed = takeovers_unconfirmed;
    } else if (owner) {
        spdlog::error("interview {} could not be restored after a failure; out of memory until its next message", id);
        shard.unavailable[id] = *owner;
    }
    return live != nullptr;
}

void InterviewService::leave(std::string_view interview_id, ConnectionId connection) {
    auto& shard = shard_for(interview_id);
    const std::lock_guard lock(shard.mutex);
    if (const auto lost = shard.unavailable.find(interview_id); lost != shard.unavailable.end() && lost->second == connection) {
        shard.unavailable.erase(lost);
    }
    const auto found = shard.live.find(interview_id);
    if (found == shard.live.end() || found->second->owner != connection) return;
    // Nothing is kept that the store does not have: the next join replays the log.
    erase_live(shard, found);
    spdlog::info("interview {} left by connection {}", interview_id, connection);
}

Outcome<InterviewTranscript> InterviewService::describe_interview(std::string_view interview_id,
                                                                  std::string_view token) {
    auto record_outcome = authenticate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&record_outcome)) return *error;
    return describe_record(std::get<InterviewRecord>(std::move(record_outcome)));
}

Outcome<InterviewTranscript> InterviewService::describe_authenticated(std::string_view interview_id) {
    auto record_outcome = find_record(interview_id);
    if (auto* error = std::get_if<ServiceError>(&record_outcome)) return *error;
    return describe_record(std::get<InterviewRecord>(std::move(record_outcome)));
}

Outcome<InterviewTranscript> InterviewService::describe_record(InterviewRecord record) {
    const std::string interview_id = record.id;
    InterviewTranscript transcript;
    transcript.record = std::move(record);
    transcript.plan = json::parse(transcript.record.plan_json, nullptr, false);
    try {
        const RoleEngine* role = find_role(transcript.record.role_id);
        if (role == nullptr) {
            return ServiceError{ErrorCode::role_unavailable,
                                "this interview's role '" + transcript.record.role_id + "' is not loaded on this server",
                                {}};
        }
        transcript.events = stored_events(interview_id, 0, *role);
        dialogue::EventLog log;
        for (const auto& entry : transcript.events) {
            log.events.push_back(dialogue::event_from_json(entry.event));
            if (entry.event.value("type", "") == "report") transcript.report_event = entry.event;
        }
        transcript.state = dialogue::Interview::replay(*role->pack, role->scorer, log, materials_).progress();
    } catch (const StoreError& failure) {
        metrics_.count_error("store_failure");
        spdlog::error("interview {} read failed: {}", interview_id, failure.what());
        return internal_error("the interview could not be read; please try again");
    } catch (const std::exception& failure) {
        metrics_.count_error("replay_failure");
        spdlog::error("interview {} replay failed: {}", interview_id, failure.what());
        return internal_error("the interview could not be restored on this server");
    }
    return transcript;
}

std::vector<RoleSummary> InterviewService::list_roles() const {
    std::vector<RoleSummary> roles;
    for (const auto& role : roles_) roles.push_back({role->pack->id, role->pack->title, role->pack->overview});
    return roles;
}

Outcome<std::vector<StageSummary>> InterviewService::list_stages(std::string_view role_id) const {
    const RoleEngine* role = find_role(role_id);
    if (role == nullptr) {
        return ServiceError{ErrorCode::role_not_found,
                            "unknown role '" + std::string(role_id) + "'; valid roles: " + role_list(library_), {}};
    }
    std::vector<StageSummary> stages;
    for (const auto& stage : role->pack->stages) {
        StageSummary summary{stage.id, stage.name, stage.focus_areas, {}, {}};
        for (const auto& participant : stage.participants) summary.participants.push_back(participant.text);
        for (const auto& task_id : stage.practical_task_ids) {
            const auto* task = role->pack->find_task(task_id);
            if (task == nullptr) continue;
            const bool runs = materials_ != nullptr && materials_->material_for(*task, dialogue::InterviewPlan{}).has_value();
            summary.practical_tasks.push_back({task->id, task->name, task->summary, runs});
        }
        stages.push_back(std::move(summary));
    }
    return stages;
}

std::vector<NamedChoice> InterviewService::list_industries() const {
    std::vector<NamedChoice> industries;
    std::set<std::string, std::less<>> seen;
    for (const auto& role : roles_) {
        for (const auto& industry : role->pack->industries) {
            if (seen.insert(industry.id).second) industries.push_back({industry.id, industry.name});
        }
    }
    return industries;
}

std::vector<NamedChoice> InterviewService::list_seniorities() const {
    std::vector<NamedChoice> seniorities;
    for (const auto level : {content::Seniority::junior, content::Seniority::mid, content::Seniority::senior}) {
        const std::string id(content::to_string(level));
        std::string name = id;
        name.front() = static_cast<char>(name.front() - 'a' + 'A');
        seniorities.push_back({id, name});
    }
    return seniorities;
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

}  // namespace mi::server
