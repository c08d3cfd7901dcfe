// What the server does with interviews, independent of how requests arrive: create one from a
// plan, let a connection join (and take over) one, feed it the candidate's messages, describe it.
// It owns the live dialogue engines and is the only user of the store.
//
// Threading contract: every member function runs on ONE thread (the server's interview thread),
// so engines and ownership need no locks, and the store's commits never block network I/O.
// No Asio or Beast here: HTTP and WebSocket code call in through that thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "server/interview_store.hpp"
#include "server/metrics.hpp"

namespace mi::dialogue {
class AnswerScorer;
}

namespace mi::server {

using ConnectionId = std::uint64_t;
using WallClock = std::chrono::system_clock;

// A failure the client caused or must hear about. `code` is a protocol / REST error code
// (docs/protocol.md), `http_status` what REST answers with it.
struct ServiceError {
    std::string code;
    std::string message;
    int http_status = 400;
    std::vector<std::string> details;   // e.g. every problem of an invalid plan
};

template <typename T>
using Outcome = std::variant<T, ServiceError>;

struct CreatedInterview {
    std::string interview_id;
    std::string token;                  // shown once; only its SHA-256 is stored
    nlohmann::json events;              // the opening events, [{"seq", "event"}]
};

struct JoinedInterview {
    nlohmann::json state;               // summarise_interview() of the whole log
    nlohmann::json events;              // [{"seq", "event"}] with seq > the client's last_seq
    std::int64_t last_seq = 0;
    std::optional<ConnectionId> superseded; // the connection that owned the interview until now
};

struct ProducedEvents {
    std::int64_t stored_seq = 0;        // seq of the event recording the candidate's message
    nlohmann::json events;              // [{"seq", "event"}], every event the message produced, in order
    bool finished = false;
};

class InterviewService {
public:
    // `library` and `store` must outlive the service.
    InterviewService(const content::ContentLibrary& library, InterviewStore& store, Metrics& metrics);
    ~InterviewService();
    InterviewService(const InterviewService&) = delete;
    InterviewService& operator=(const InterviewService&) = delete;

    // REST: POST /api/v1/interviews. `plan` is the request body (dialogue plan JSON).
    Outcome<CreatedInterview> create_interview(const nlohmann::json& plan, WallClock::time_point now);

    // REST: GET /api/v1/interviews/{id}: plan, state, every event, and the report once finished.
    Outcome<nlohmann::json> describe_interview(std::string_view interview_id, std::string_view token);

    // WebSocket join: checks the token, makes `connection` the interview's owner and returns what
    // the client needs to rebuild its view. A previous owner is returned so it can be told.
    Outcome<JoinedInterview> join(std::string_view interview_id, std::string_view token, std::int64_t last_seq,
                                  ConnectionId connection);

    // A candidate message (answer text, or a command name) from the owning connection. Returns
    // only after every event it produced is committed.
    Outcome<ProducedEvents> handle_message(std::string_view interview_id, ConnectionId connection,
                                           std::string_view text, WallClock::time_point now);

    // The connection closed: it no longer owns the interview (nothing happens if it was superseded).
    void leave(std::string_view interview_id, ConnectionId connection);

    // Lists for the start page.
    [[nodiscard]] nlohmann::json list_roles() const;
    [[nodiscard]] Outcome<nlohmann::json> list_stages(std::string_view role_id) const;
    [[nodiscard]] nlohmann::json list_industries() const;
    [[nodiscard]] nlohmann::json list_seniorities() const;

    // Readiness: every reason the service cannot take interviews now; empty when ready.
    [[nodiscard]] std::vector<std::string> readiness_problems();

private:
    struct LiveInterview;
    struct RoleEngine;

    const RoleEngine* find_role(std::string_view role_id) const;
    // The live engine of an interview, rebuilt from the store when it is not in memory.
    Outcome<LiveInterview*> load_live(std::string_view interview_id);
    // Replaces an engine whose state may be ahead of the store with one replayed from the log,
    // keeping its owner.
    void rebuild_from_log(std::string_view interview_id);
    Outcome<InterviewRecord> authenticate(std::string_view interview_id, std::string_view token);
    void publish_active_count();

    const content::ContentLibrary& library_;
    InterviewStore& store_;
    Metrics& metrics_;
    std::vector<std::unique_ptr<RoleEngine>> roles_;
    std::map<std::string, std::unique_ptr<LiveInterview>, std::less<>> live_;
};

// The current state of an interview as a client needs it, from its events' JSON in order:
// {"status": "in_progress"|"finished", "stage": {...}|null, "awaiting": {...}|null, "last_seq": N}.
[[nodiscard]] nlohmann::json summarise_interview(const nlohmann::json& events);

}  // namespace mi::server
