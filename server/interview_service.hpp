// What the server does with interviews, independent of how requests arrive: create one from a
// plan, let a connection join (and take over) one, feed it the candidate's messages, describe it.
// It owns the live dialogue engines and is the only user of the store.
//
// Threading contract: every member function may be called from any thread. Live interviews are
// sharded by id, each shard under its own lock, so calls for different interviews run in
// parallel (and their commits share fsyncs: the store commits in groups) while calls for one
// interview run one after another. The server calls in from its pool of interview threads, never
// from the network threads, so a commit never blocks network I/O.
//
// Several nodes (docs/operations.md#several-nodes): any node serves any interview. Before each
// candidate message the service compares the store's last seq with its engine's and replays what
// another node appended; an append that loses the race (SequenceConflict) is replayed and the
// message handled again on the fresh engine, or answered as a duplicate when the other node
// stored that very client id. A join publishes a takeover notice, which makes the node that held
// the interview close its connection with `superseded`.
// No Asio or Beast here.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "dialogue/interview/interview.hpp"
#include "server/error_code.hpp"
#include "server/interview_store.hpp"
#include "server/sequenced_event.hpp"
#include "server/store_notifications.hpp"
#include "server/metrics.hpp"

namespace mi::server {

using ConnectionId = std::uint64_t;
using WallClock = std::chrono::system_clock;

// A failure the client caused or must hear about. `code` is a protocol error code
// (docs/protocol.md); the REST layer decides the HTTP status, the WebSocket sends an error frame.
struct ServiceError {
    ErrorCode code = ErrorCode::internal;
    std::string message;
    std::vector<std::string> details;   // e.g. every problem of an invalid plan
};

template <typename T>
using Outcome = std::variant<T, ServiceError>;

struct CreatedInterview {
    std::string interview_id;
    std::string token;                  // shown once; only its SHA-256 is stored
    std::vector<SequencedEvent> events; // the opening events
};

struct JoinedInterview {
    dialogue::InterviewProgress state;
    std::vector<SequencedEvent> events; // seq > the client's last_seq
    std::int64_t last_seq = 0;
    std::optional<ConnectionId> superseded; // the connection that owned the interview until now
};

struct ProducedEvents {
    std::int64_t stored_seq = 0;        // seq of the event recording the candidate's message
    std::vector<SequencedEvent> events; // every event the message produced, in order, as text (event null:
                                        // with_event_trees); empty for a duplicate
    dialogue::InterviewProgress state;  // where the interview stands after them
    bool finished = false;
    bool duplicate = false;             // the client id was seen before: nothing new was handled
};

// Everything stored about one interview, for GET /api/v1/interviews/{id}.
struct InterviewTranscript {
    InterviewRecord record;
    nlohmann::json plan;                // as stored
    dialogue::InterviewProgress state;
    std::vector<SequencedEvent> events;
    std::optional<nlohmann::json> report_event;   // the `report` event once finished
};

// The practical task that runs open in an interview: what a Run runs the candidate's code for.
struct RunTarget {
    std::string task_id;
    std::string checker;
    std::string variant_id;
};

struct RoleSummary {
    std::string id, title, overview;
};
struct TaskSummary {
    std::string id, name, summary;
    bool runs = false;                  // the candidate's code is run and checked on this server
};
struct StageSummary {
    std::string id, name, focus_areas;
    std::vector<std::string> participants;
    std::vector<TaskSummary> practical_tasks;   // a plan's practical_task may name one
};
struct NamedChoice {
    std::string id, name;
};

class InterviewService {
public:
    // `library` and `store` must outlive the service; so must `materials` (null: every practical
    // task is answered in words), which gives the tasks that run their material, and
    // `notifications` (null: this node tells no other and hears none), the other nodes' notices.
    // `scoring` configures every role pack's scorer (the server passes --scoring-workspaces).
    InterviewService(const content::ContentLibrary& library, InterviewStore& store, Metrics& metrics,
                     const dialogue::TaskMaterials* materials = nullptr,
                     StoreNotifications* notifications = nullptr, dialogue::ScoringConfig scoring = {});
    ~InterviewService();
    InterviewService(const InterviewService&) = delete;
    InterviewService& operator=(const InterviewService&) = delete;

    // REST: POST /api/v1/interviews. `plan` is the request body (dialogue plan JSON).
    Outcome<CreatedInterview> create_interview(const nlohmann::json& plan, WallClock::time_point now);

    // Every problem of a plan as create_interview() sees it (empty: it would start); for checking
    // a plan that is kept to start interviews later (a coach's invite link).
    [[nodiscard]] std::vector<std::string> plan_problems(const nlohmann::json& plan) const;

    // The interview was erased from the store: its engine (if loaded) is dropped; its connection,
    // if any, is told `superseded` at its next message.
    void forget(std::string_view interview_id);

    // REST: GET /api/v1/interviews/{id}: plan, state, every event, and the report once finished.
    Outcome<InterviewTranscript> describe_interview(std::string_view interview_id, std::string_view token);

    // WebSocket join: checks the token, makes `connection` the interview's owner and returns what
    // the client needs to rebuild its view. A previous owner is returned so it can be told.
    Outcome<JoinedInterview> join(std::string_view interview_id, std::string_view token, std::int64_t last_seq,
                                  ConnectionId connection);

    // join() for a caller that authenticated the candidate another way: a chat webhook, whose
    // signature speaks for the conversation holding the interview, never sees the token.
    Outcome<JoinedInterview> attach(std::string_view interview_id, std::int64_t last_seq, ConnectionId connection);

    // describe_interview() for a caller that checked another credential (a signed report link).
    Outcome<InterviewTranscript> describe_authenticated(std::string_view interview_id);

    // A candidate message (answer text, or a command name) from the owning connection. Returns
    // only after every event it produced is committed. A message with a `client_message_id` seen
    // before in this interview is not handled again: the result says `duplicate` and carries the
    // first handling's seq.
    // `check`: the result of running task_submission()'s submission (message_refused when it is
    // not for this message any more, e.g. after a takeover).
    Outcome<ProducedEvents> handle_message(std::string_view interview_id, ConnectionId connection,
                                           std::string_view text, WallClock::time_point now,
                                           std::string_view client_message_id = {},
                                           std::optional<dialogue::TaskCheckResult> check = std::nullopt);

    // Whether `text` from the owning connection would be a submission to a practical task that
    // runs, and what to run. nullopt for anything else, also for a message id seen before and for
    // a connection that does not own the interview (handle_message then says why). The caller runs
    // it off this thread and passes the result to handle_message.
    std::optional<dialogue::TaskSubmission> task_submission(std::string_view interview_id, ConnectionId connection,
                                                            std::string_view text, std::string_view client_message_id = {});

    // What a Run from the owning connection runs: the open task that runs. nothing_to_run when the
    // interview is at a question, a task answered in words, or over.
    Outcome<RunTarget> run_target(std::string_view interview_id, ConnectionId connection);

    // The connection closed: it no longer owns the interview (nothing happens if it was superseded).
    void leave(std::string_view interview_id, ConnectionId connection);

    // Lists for the start page.
    [[nodiscard]] std::vector<RoleSummary> list_roles() const;
    [[nodiscard]] Outcome<std::vector<StageSummary>> list_stages(std::string_view role_id) const;
    [[nodiscard]] std::vector<NamedChoice> list_industries() const;
    [[nodiscard]] std::vector<NamedChoice> list_seniorities() const;

    // Who tells a connection of this node that another node took its interview over (the network
    // layer closes it with `superseded`). Set once at start-up, before serving; called on the
    // notifications' thread, never under a lock of the service.
    void on_superseded_elsewhere(std::function<void(ConnectionId)> tell);

    // Readiness: every reason the service cannot take interviews now; empty when ready.
    [[nodiscard]] std::vector<std::string> readiness_problems();

private:
    struct LiveInterview;
    struct RoleEngine;

    using LiveMap = std::map<std::string, std::unique_ptr<LiveInterview>, std::less<>>;
    // The live interviews whose ids hash to one shard, under one lock: calls for interviews of
    // different shards run in parallel, calls for one interview one after another.
    struct Shard {
        std::mutex mutex;
        LiveMap live;
        // Interviews dropped from memory after a failed save whose reload failed too, by owner.
        std::map<std::string, ConnectionId, std::less<>> unavailable;
    };

    const RoleEngine* find_role(std::string_view role_id) const;
    Shard& shard_for(std::string_view interview_id);
    // The live engine of an interview, rebuilt from the store when it is not in memory.
    Outcome<LiveInterview*> load_live(Shard& shard, std::string_view interview_id);
    // The live interview `connection` owns (reloaded when it was dropped after a failed save), or
    // superseded / interview_unavailable.
    Outcome<LiveInterview*> owned_live(Shard& shard, std::string_view interview_id, ConnectionId connection);
    // Replaces an engine whose state may be ahead of the store with one replayed from the log,
    // keeping its owner. False when the log cannot be read either: the interview is then out of
    // memory, remembered as unavailable to its owner, and loaded again on its next message.
    bool rebuild_from_log(Shard& shard, std::string_view interview_id);
    // attach() on this node alone, without telling the others.
    Outcome<JoinedInterview> attach_here(std::string_view interview_id, std::int64_t last_seq, ConnectionId connection);
    // Replays the log into `live` when the store is past it (another node appended); `live` then
    // points at the replayed interview (and `replayed`, when given, is set). An error when the
    // store cannot be read or replayed.
    std::optional<ServiceError> catch_up(Shard& shard, std::string_view interview_id, LiveInterview*& live,
                                         bool* replayed = nullptr);
    // owned_live(), caught up with the store first: when another node appended since this engine
    // last saw the log, the engine is replayed from it (and `replayed`, when given, is set).
    Outcome<LiveInterview*> current_owned_live(Shard& shard, std::string_view interview_id, ConnectionId connection,
                                               bool* replayed = nullptr);
    // Another node's notice: replay early what it appended; drop an interview it took over and
    // tell the connection that held it here.
    void handle_notice(const StoreNotice& notice);
    void publish(StoreNotice notice);
    void set_owner(LiveInterview& live, std::optional<ConnectionId> owner);
    void erase_live(Shard& shard, LiveMap::iterator found);
    // The stored events after `after_seq` as the engine gave them (a report stored condensed is
    // rebuilt from the whole log).
    std::vector<SequencedEvent> stored_events(std::string_view interview_id, std::int64_t after_seq,
                                              const RoleEngine& role);
    // The interview's record, or not_found / a store failure as the caller's error.
    Outcome<InterviewRecord> find_record(std::string_view interview_id);
    Outcome<InterviewRecord> authenticate(std::string_view interview_id, std::string_view token);
    Outcome<InterviewTranscript> describe_record(InterviewRecord record);

    const content::ContentLibrary& library_;
    InterviewStore& store_;
    Metrics& metrics_;
    const dialogue::TaskMaterials* materials_;
    StoreNotifications* notifications_;
    std::function<void(ConnectionId)> tell_superseded_;
    std::vector<std::unique_ptr<RoleEngine>> roles_;
    std::array<Shard, 256> shards_;
    std::atomic<std::int64_t> active_interviews_{0};   // owned live interviews
};

}  // namespace mi::server
