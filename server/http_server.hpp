// The network front of the server: one port for static files, the REST API, health and metrics
// endpoints and the interview WebSocket. A plain class: Boost.Beast and Asio stay inside
// http_server.cpp and websocket_session.cpp, so including this costs nothing to compile.
#pragma once

#include <cstdint>
#include <memory>

#include "checkers/task_checkers.hpp"
#include "server/interview_service.hpp"
#include "server/metrics.hpp"
#include "server/server_config.hpp"

namespace mi::server {

namespace chat {
struct ChatGateway;
}
namespace coach {
class CoachService;
}
namespace profiles {
class ProfileService;
}

class HttpServer {
public:
    // `service`, `metrics`, `chat`, `coach` and `checkers` must outlive the server. The service is
    // called from the server's pool of interview threads (limits.interview_threads), the chat
    // gateway and the coach service each from one strand on it; checks run on a pool of their own
    // (limits.max_concurrent_checks threads). Without `chat` the webhook routes are not served;
    // without `coach` neither are the coach routes; without `checkers` no practical task runs (a
    // Run gets nothing_to_run); without `profiles` the profile routes answer not_found. The
    // profile service is called from a strand of its own too.
    HttpServer(ServerConfig config, InterviewService& service, Metrics& metrics, chat::ChatGateway* chat = nullptr,
               const checkers::TaskCheckers* checkers = nullptr, coach::CoachService* coach = nullptr,
               profiles::ProfileService* profiles = nullptr);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds host:port and starts accepting. Returns the bound port (the chosen one for port 0).
    // Throws std::runtime_error saying what could not be bound.
    std::uint16_t start();

    // Serves until SIGINT, SIGTERM or stop(); then shuts down gracefully (stops accepting, lets
    // running commits finish, sends clients close 1001) and returns.
    void run();

    // Starts the graceful shutdown; safe to call from any thread, more than once.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mi::server
