// Internal to the Beast translation units of mi_server (http_server.cpp, websocket_session.cpp):
// what every connection shares. Never include it from other code: it pulls in Asio and Beast.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "checkers/task_checkers.hpp"
#include "server/interview_service.hpp"
#include "server/metrics.hpp"
#include "server/rate_limiter.hpp"
#include "server/server_config.hpp"

namespace mi::server::chat {
struct ChatGateway;
}
namespace mi::server::coach {
class CoachService;
}
namespace mi::server::profiles {
class ProfileService;
}

namespace mi::server::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class WebSocketSession;

// The open WebSocket sessions, so a takeover can reach the superseded one and shutdown all of them.
class SessionRegistry {
public:
    void add(ConnectionId id, const std::weak_ptr<WebSocketSession>& session);
    void remove(ConnectionId id);
    [[nodiscard]] std::shared_ptr<WebSocketSession> find(ConnectionId id) const;
    [[nodiscard]] std::vector<std::shared_ptr<WebSocketSession>> all() const;
    [[nodiscard]] std::size_t size() const;
    // `callback` runs (on the thread removing the last one) each time the registry becomes empty.
    void on_empty(std::function<void()> callback);

private:
    mutable std::mutex mutex_;
    std::map<ConnectionId, std::weak_ptr<WebSocketSession>> sessions_;
    std::function<void()> on_empty_;
};

// Open connections per client address, for the per-address cap.
class AddressTable {
public:
    // Counts one more connection from `address` unless it already has `cap`; false when refused.
    bool try_add(const net::ip::address& address, std::size_t cap);
    void remove(const net::ip::address& address);

private:
    std::mutex mutex_;
    std::map<net::ip::address, std::size_t> open_;
};

// Interviews created per client address, for the creation rate limit: a token bucket per address
// (limits.max_interviews_per_minute, bursts of as many). Buckets that have filled up again are
// forgotten when the table grows, so a scan from many addresses cannot grow it without bound.
class CreationLimiter {
public:
    using Clock = RateLimiter::Clock;
    explicit CreationLimiter(std::size_t per_minute) : per_minute_(static_cast<double>(per_minute)) {}
    // 0 when `address` may create an interview at `now` (and it is counted); otherwise how many
    // milliseconds until it may.
    std::int64_t try_create(const net::ip::address& address, Clock::time_point now);

private:
    static constexpr std::size_t prune_above = 4096;
    double per_minute_;
    std::mutex mutex_;
    std::map<net::ip::address, RateLimiter> buckets_;
};

struct ServerContext {
    ServerConfig config;
    std::filesystem::path web_root;             // canonical, or empty when web/ does not exist
    InterviewService& service;
    Metrics& metrics;
    net::any_io_executor interview_executor;    // the pool of interview threads that call the service
    // The practical tasks' checks and Runs: at most max_concurrent_checks threads, never the I/O
    // threads or the interview thread (a check costs up to seconds). Null checkers: none set up.
    net::any_io_executor check_executor;
    const checkers::TaskCheckers* checkers = nullptr;
    SessionRegistry sessions;
    AddressTable addresses;
    std::atomic<bool> shutting_down{false};
    std::atomic<ConnectionId> next_connection_id{1};
    chat::ChatGateway* chat = nullptr;          // the chat webhooks; called on chat_executor
    coach::CoachService* coach = nullptr;       // the coach API (server/coach/); called on coach_executor
    profiles::ProfileService* profiles = nullptr;   // practice profiles (server/profiles/); called on profile_executor
    // Strands over the interview threads: the chat gateway's calls and the coach service's run
    // one at a time each, as those services expect, while WebSocket interviews use the whole pool.
    net::any_io_executor chat_executor;
    net::any_io_executor coach_executor;
    net::any_io_executor profile_executor;
    CreationLimiter creations{config.limits.max_interviews_per_minute};
};

// One accepted connection, from accept until its socket is gone: counted in /metrics, in the
// connection cap and in its address's cap. Whoever owns the socket (the HTTP loop, then the
// WebSocket session) holds this, so the count cannot outlive the socket nor drop before it.
class ConnectionSlot {
public:
    ConnectionSlot(ServerContext& context, net::ip::address address);
    ~ConnectionSlot();
    ConnectionSlot(const ConnectionSlot&) = delete;
    ConnectionSlot& operator=(const ConnectionSlot&) = delete;
    // Why this connection may not be served: it is over the server's or its address's cap.
    [[nodiscard]] bool over_total_cap() const { return over_total_; }
    [[nodiscard]] bool over_address_cap() const { return !counted_for_address_; }
    [[nodiscard]] const net::ip::address& address() const { return address_; }

private:
    ServerContext& context_;
    net::ip::address address_;
    bool over_total_ = false;
    bool counted_for_address_ = false;
};

// The web client is plain files from this server with no inline script or style, so the page may
// load and connect to nothing else: an injected script (were one ever to slip past the client's
// text-only rendering) could neither run inline nor send answers elsewhere.
inline constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// The headers every HTTP response carries, the WebSocket handshake's too.
template <typename Fields>
void set_common_headers(Fields& response) {
    response.set(http::field::server, "mock-interviewer");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Content-Security-Policy", content_security_policy);
    response.set("Referrer-Policy", "no-referrer");
}

template <typename Result>
struct CompletionSignature {
    using type = void(std::exception_ptr, Result);
};
template <>
struct CompletionSignature<void> {
    using type = void(std::exception_ptr);
};

// Runs `function` on `executor` and resumes the awaiting coroutine on its own executor with the
// result (an exception thrown by `function` is rethrown there). The caller's I/O thread is free
// meanwhile. Capture by reference only: the awaiting coroutine's frame outlives the call, and
// GCC 12 mis-destroys lambdas with owning captures created inside a co_await expression (seen here
// as a double free). A plain initiating function rather than a coroutine: `function` travels
// inside the posted handlers, never as a coroutine parameter.
template <typename Function>
auto on_executor(const net::any_io_executor& executor, Function function) {
    using Result = std::invoke_result_t<Function&>;
    using Signature = typename CompletionSignature<Result>::type;
    return net::async_initiate<const net::use_awaitable_t<>&, Signature>(
        [executor](auto handler, Function work) {
            // Keeps the caller's io_context running until the result is delivered.
            auto caller = net::prefer(net::get_associated_executor(handler), net::execution::outstanding_work.tracked);
            net::post(executor, [handler = std::move(handler), work = std::move(work),
                                 caller = std::move(caller)]() mutable {
                std::exception_ptr failure;
                if constexpr (std::is_void_v<Result>) {
                    try {
                        work();
                    } catch (...) {
                        failure = std::current_exception();
                    }
                    net::post(caller, [handler = std::move(handler), failure]() mutable { std::move(handler)(failure); });
                } else {
                    std::optional<Result> result;
                    try {
                        result.emplace(work());
                    } catch (...) {
                        failure = std::current_exception();
                    }
                    net::post(caller, [handler = std::move(handler), failure, result = std::move(result)]() mutable {
                        std::move(handler)(failure, result ? std::move(*result) : Result{});
                    });
                }
            });
        },
        net::use_awaitable, std::move(function));
}

// An interview thread (every InterviewService call from the network runs on one).
template <typename Function>
auto on_interview_thread(ServerContext& context, Function function) {
    return on_executor(context.interview_executor, std::move(function));
}

// The chat gateway's strand, on the interview threads.
template <typename Function>
auto on_chat_strand(ServerContext& context, Function function) {
    return on_executor(context.chat_executor, std::move(function));
}

template <typename Function>
auto on_coach_strand(ServerContext& context, Function function) {
    return on_executor(context.coach_executor, std::move(function));
}

// The profile service's strand, on the interview threads.
template <typename Function>
auto on_profile_strand(ServerContext& context, Function function) {
    return on_executor(context.profile_executor, std::move(function));
}

// A check's thread (the practical tasks' checks and Runs).
template <typename Function>
auto on_check_thread(ServerContext& context, Function function) {
    return on_executor(context.check_executor, std::move(function));
}

// Takes over an upgraded HTTP connection (and its slot) and runs the interview protocol until it closes.
net::awaitable<void> run_websocket_session(ServerContext& context, beast::tcp_stream stream,
                                           http::request<http::string_body> upgrade_request,
                                           std::shared_ptr<ConnectionSlot> slot);

// Tells a session to close with 1001 once any message it is handling has been answered.
void shut_down_session(const std::shared_ptr<WebSocketSession>& session);

// Tells a session that another connection (on another node) took its interview over: it is sent
// `superseded` and closed with 4000, as after a takeover on this node.
void supersede_session(const std::shared_ptr<WebSocketSession>& session);

}  // namespace mi::server::detail
