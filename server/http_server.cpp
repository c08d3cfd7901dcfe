// The listener and plain HTTP: static files, /api/v1, health, metrics; WebSocket upgrades on /ws
// are handed to websocket_session.cpp. Every connection runs as a coroutine on its own strand.
#include "server/http_server.hpp"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "server/api_route_table.hpp"
#include "server/api_routes.hpp"
#include "server/chat/chat_routes.hpp"
#include "server/coach/coach_routes.hpp"
#include "server/profiles/profile_routes.hpp"
#include "server/task_check_flow.hpp"
#include "server/origin_policy.hpp"
#include "server/server_context.hpp"
#include "server/static_files.hpp"

namespace mi::server {

using namespace detail;

namespace {

// The chat webhook's submission to a practical task that runs, if the request holds one, run on a
// check thread (detail::run_check); nullopt otherwise.
net::awaitable<std::optional<dialogue::TaskCheckResult>> check_chat_submission(ServerContext& context,
                                                                               const chat::WebhookRequest& webhook) {
    if (context.checkers == nullptr) co_return std::nullopt;
    const auto submission = co_await on_chat_strand(context, [&context, &webhook] {
        return chat::chat_submission(webhook, *context.chat, WallClock::now());
    });
    if (!submission) co_return std::nullopt;
    co_return co_await detail::run_check(context, *submission, "chat webhook " + webhook.target);
}


http::response<http::string_body> text_response(unsigned version, bool keep_alive, http::status status,
                                                std::string_view content_type, std::string body) {
    http::response<http::string_body> response{status, version};
    set_common_headers(response);
    response.set(http::field::content_type, content_type);
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(keep_alive);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
}

http::response<http::string_body> json_response(unsigned version, bool keep_alive, const ApiResponse& api) {
    auto response = text_response(version, keep_alive, static_cast<http::status>(api.status), api.content_type, api.body);
    for (const auto& [name, value] : api.headers) response.set(name, value);
    return response;
}

http::response<http::string_body> error_response(unsigned version, bool keep_alive, ErrorCode code,
                                                 std::string_view message) {
    return json_response(version, keep_alive, json_error(code, message));
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

http::message_generator serve_static_file(const ServerContext& context, const http::request<http::string_body>& request) {
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive();
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        return error_response(version, keep_alive, ErrorCode::method_not_allowed,
                              "only GET and HEAD are allowed on " + std::string(path_of(request.target())));
    }
    const auto file = context.web_root.empty() ? std::nullopt : resolve_static_file(context.web_root, request.target());
    if (!file) {
        return error_response(version, keep_alive, ErrorCode::not_found,
                              "nothing at " + std::string(path_of(request.target())));
    }
    http::file_body::value_type body;
    beast::error_code error;
    body.open(file->c_str(), beast::file_mode::scan, error);
    if (error) {
        return error_response(version, keep_alive, ErrorCode::not_found,
                              "nothing at " + std::string(path_of(request.target())));
    }
    const auto size = body.size();
    http::response<http::file_body> response{std::piecewise_construct, std::make_tuple(std::move(body)),
                                             std::make_tuple(http::status::ok, version)};
    set_common_headers(response);
    response.set(http::field::content_type, content_type_for(*file));
    response.set(http::field::cache_control, "no-cache");
    response.content_length(size);
    response.keep_alive(keep_alive);
    if (request.method() == http::verb::head) {
        http::response<http::empty_body> head{http::status::ok, version};
        head.base() = response.base();
        head.content_length(size);
        return head;
    }
    return response;
}

// The chat platforms' webhooks and signed report links, answered by server/chat/.
net::awaitable<http::message_generator> handle_chat_route(ServerContext& context,
                                                          http::request<http::string_body> request,
                                                          const std::string& target) {
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive() && !context.shutting_down;
    if (context.chat == nullptr) {
        co_return error_response(version, keep_alive, ErrorCode::not_found,
                                 "this server runs without its chat integrations; see docs/integrations.md");
    }
    // Webhooks verify signatures over the raw body and read platform headers: all of them go along.
    chat::WebhookRequest webhook{std::string(request.method_string()), target, {}, std::move(request.body())};
    for (const auto& field : request) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        webhook.headers[name] = std::string(field.value());
    }
    // A submission to a practical task that runs is run first, on a check thread, like one over
    // the WebSocket: the interview thread never waits for a check.
    auto check = co_await check_chat_submission(context, webhook);
    const auto response = co_await on_chat_strand(context, [&context, &webhook, &check] {
        return chat::handle_chat_request(webhook, *context.chat, WallClock::now(), std::move(check));
    });
    if (response.status >= 500) context.metrics.count_error("http_5xx");
    co_return json_response(version, keep_alive, response);
}

// The operator endpoints (health, readiness, metrics), answered by the listener itself.
net::awaitable<http::message_generator> answer_operator(ServerContext& context, const RouteMatch& match,
                                                        unsigned version, bool keep_alive) {
    if (match.route == ApiRoute::readiness) {
        const auto problems =
            co_await on_interview_thread(context, [&context] { return context.service.readiness_problems(); });
        nlohmann::json body{{"status", problems.empty() ? "ready" : "not_ready"}, {"problems", problems}};
        co_return text_response(version, keep_alive,
                                problems.empty() ? http::status::ok : http::status::service_unavailable,
                                "application/json", body.dump());
    }
    if (match.route == ApiRoute::metrics) {
        co_return text_response(version, keep_alive, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                context.metrics.render_prometheus() +
                                    (context.chat ? context.chat->metrics.render_prometheus() : std::string()));
    }
    co_return text_response(version, keep_alive, http::status::ok, "application/json", R"({"status":"ok"})");
}

// Requests that create something stored (an interview, a practice profile): they share the
// per-address creation limit, so a flood of them cannot grow the database without bound.
bool is_creation(const RouteMatch& match) {
    return match.route == ApiRoute::create_interview || match.route == ApiRoute::create_profile ||
           profiles::starts_interview(match.route);
}

net::awaitable<http::message_generator> handle_request(ServerContext& context, const net::ip::address& client,
                                                       http::request<http::string_body> request) {
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive() && !context.shutting_down;
    const std::string target(request.target());
    const std::string_view path = path_of(target);
    const auto decision = route_request(request.method_string(), path);
    if (std::holds_alternative<NotAnApiPath>(decision)) {
        if (path == "/ws") {
            auto response = error_response(version, keep_alive, ErrorCode::upgrade_required,
                                           "/ws speaks WebSocket only (see docs/protocol.md)");
            response.set(http::field::upgrade, "websocket");
            response.set(http::field::connection, keep_alive ? "Upgrade, keep-alive" : "Upgrade, close");
            response.set(http::field::sec_websocket_version, "13");
            co_return response;
        }
        co_return serve_static_file(context, request);
    }
    if (const auto* refusal = std::get_if<RouteRefusal>(&decision)) {
        co_return error_response(version, keep_alive, refusal->code, refusal->message);
    }
    const auto& match = std::get<RouteMatch>(decision);
    switch (match.owner) {
        case RouteOwner::listener: co_return co_await answer_operator(context, match, version, keep_alive);
        case RouteOwner::chat: co_return co_await handle_chat_route(context, std::move(request), target);
        case RouteOwner::interviews:
        case RouteOwner::coach:
        case RouteOwner::profiles: break;
    }
    if (is_creation(match)) {
        if (const auto wait_ms = context.creations.try_create(client, std::chrono::steady_clock::now()); wait_ms > 0) {
            context.metrics.count_error("interview_creation_rate_limited");
            const auto wait_s = (wait_ms + 999) / 1000;
            auto response = error_response(
                version, keep_alive, ErrorCode::rate_limited,
                "too many interviews and practice profiles created from your address: at most " +
                    std::to_string(context.config.limits.max_interviews_per_minute) +
                    " per minute. Nothing was created; try again in " + std::to_string(wait_s) + " s");
            response.set(http::field::retry_after, std::to_string(wait_s));
            co_return response;
        }
    }
    ApiRequest api{std::string(request.method_string()), target, std::string(request[http::field::authorization]),
                   std::move(request.body())};
    // The profile routes (server/profiles/) go to the profile service, one call at a time on its strand.
    if (match.owner == RouteOwner::profiles) {
        if (context.profiles == nullptr) {
            co_return error_response(version, keep_alive, ErrorCode::not_found,
                                     "this server runs without practice profiles");
        }
        const auto profile_response = co_await on_profile_strand(context, [&context, &api, &match] {
            return profiles::handle_profile_request(api, match, *context.profiles, WallClock::now());
        });
        if (profile_response.status >= 500) context.metrics.count_error("http_5xx");
        co_return json_response(version, keep_alive, profile_response);
    }
    // The coach routes (server/coach/), and a create that names an invite, go to the coach API, one
    // call at a time on its strand (its store is one connection); the rest to the interview service.
    if (context.coach != nullptr && (match.owner == RouteOwner::coach || match.route == ApiRoute::create_interview)) {
        auto coach_response = co_await on_coach_strand(context, [&context, &api, &match] {
            return coach::handle_coach_request(api, match, *context.coach, WallClock::now());
        });
        if (coach_response) {
            if (coach_response->status >= 500) context.metrics.count_error("http_5xx");
            co_return json_response(version, keep_alive, *coach_response);
        }
    }
    const auto response = co_await on_interview_thread(context, [&context, &api, &match] {
        return handle_api_request(api, match, context.service, WallClock::now());
    });
    if (response.status >= 500) context.metrics.count_error("http_5xx");
    co_return json_response(version, keep_alive, response);
}

// Answers why an upgrade is refused, or nothing when it may proceed.
std::optional<http::response<http::string_body>> refuse_upgrade(ServerContext& context,
                                                                const http::request<http::string_body>& request) {
    const unsigned version = request.version();
    if (path_of(request.target()) != "/ws") {
        return error_response(version, false, ErrorCode::not_found,
                              "the interview WebSocket is at /ws");
    }
    if (context.shutting_down) {
        return error_response(version, false, ErrorCode::server_busy,
                              "the server is shutting down; reconnect in a moment");
    }
    const auto origin = request[http::field::origin];
    if (!is_origin_allowed(origin, request[http::field::host], context.config.limits.allowed_origins)) {
        context.metrics.count_error("origin_rejected");
        spdlog::info("WebSocket refused: origin '{}' is not allowed", std::string(origin));
        return error_response(version, false, ErrorCode::origin_not_allowed,
                              "pages from origin '" + std::string(origin) + "' may not open this WebSocket");
    }
    return std::nullopt;
}

// Writes a response that ends the connection.
net::awaitable<void> refuse(beast::tcp_stream& stream, http::response<http::string_body> response) {
    response.keep_alive(false);
    co_await beast::async_write(stream, http::message_generator(std::move(response)), net::as_tuple(net::use_awaitable));
}

// Deadlines: a new connection's first request, and every later request once its first byte has
// arrived, must be read whole within the handshake timeout; between requests a kept-alive
// connection may sit idle for the HTTP idle timeout. So a client sending a byte a second holds
// its slot for seconds, not minutes.
net::awaitable<void> run_http_session(ServerContext& context, tcp::socket socket, std::shared_ptr<ConnectionSlot> slot) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    const auto& limits = context.config.limits;
    bool first_request = true;
    for (;;) {
        if (!first_request && buffer.size() == 0) {
            stream.expires_after(limits.http_idle_timeout);
            auto [idle_error, arrived] =
                co_await stream.async_read_some(buffer.prepare(4096), net::as_tuple(net::use_awaitable));
            if (idle_error) break;
            buffer.commit(arrived);
        }
        first_request = false;
        stream.expires_after(limits.handshake_timeout);
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_http_header_bytes, UINT32_MAX)));
        parser.body_limit(limits.max_http_body_bytes);
        auto [read_error, bytes] = co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        if (read_error == http::error::body_limit) {
            context.metrics.count_error("http_body_too_large");
            co_await refuse(stream, error_response(parser.get().version(), false, ErrorCode::body_too_large,
                                                   "the request body is over " +
                                                       std::to_string(limits.max_http_body_bytes) + " bytes"));
            break;
        }
        if (read_error == http::error::header_limit) {
            context.metrics.count_error("http_headers_too_large");
            co_await refuse(stream, error_response(11, false, ErrorCode::headers_too_large,
                                                   "the request line and headers are over " +
                                                       std::to_string(limits.max_http_header_bytes) + " bytes"));
            break;
        }
        if (read_error) {
            if (read_error == beast::error::timeout) {
                context.metrics.count_error("http_request_timeout");
                spdlog::debug("HTTP request from {} not complete within {} ms: closed", slot->address().to_string(),
                              limits.handshake_timeout.count());
            } else if (read_error != http::error::end_of_stream && read_error != net::error::operation_aborted &&
                       read_error != net::error::connection_reset) {
                context.metrics.count_error("http_bad_request");
                co_await refuse(stream, error_response(11, false, ErrorCode::bad_request,
                                                       "the request could not be read: " + read_error.message()));
            }
            break;
        }
        auto request = parser.release();
        if (slot->over_total_cap() || slot->over_address_cap()) {
            const bool whole_server = slot->over_total_cap();
            context.metrics.count_error(whole_server ? "connection_limit" : "address_connection_limit");
            auto response =
                whole_server
                    ? error_response(request.version(), false, ErrorCode::server_busy,
                                     "the server is at its connection limit (" + std::to_string(limits.max_connections) +
                                         "); try again shortly")
                    : error_response(request.version(), false, ErrorCode::too_many_connections,
                                     "your address already has " + std::to_string(limits.max_connections_per_address) +
                                         " open connections to this server; close some and try again");
            response.set(http::field::retry_after, "1");
            co_await refuse(stream, std::move(response));
            break;
        }
        if (websocket::is_upgrade(request)) {
            if (auto refusal = refuse_upgrade(context, request)) {
                co_await refuse(stream, std::move(*refusal));
                break;
            }
            stream.expires_never();
            co_await run_websocket_session(context, std::move(stream), std::move(request), std::move(slot));
            co_return;
        }
        auto response = co_await handle_request(context, slot->address(), std::move(request));
        const bool keep_alive = response.keep_alive();
        stream.expires_after(limits.handshake_timeout);
        auto [write_error, written] = co_await beast::async_write(stream, std::move(response),
                                                                  net::as_tuple(net::use_awaitable));
        if (write_error || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

void log_session_failure(std::exception_ptr failure) {
    if (!failure) return;
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& error) {
        spdlog::error("connection ended by an unexpected error: {}", error.what());
    }
}

}  // namespace

ConnectionSlot::ConnectionSlot(ServerContext& context, net::ip::address address)
    : context_(context), address_(std::move(address)) {
    // Counted before the check, so two connections accepted together cannot both slip under.
    context_.metrics.connection_opened();
    over_total_ = context_.metrics.open_connections() > static_cast<std::int64_t>(context_.config.limits.max_connections);
    counted_for_address_ = context_.addresses.try_add(address_, context_.config.limits.max_connections_per_address);
}

ConnectionSlot::~ConnectionSlot() {
    if (counted_for_address_) context_.addresses.remove(address_);
    context_.metrics.connection_closed();
}

bool AddressTable::try_add(const net::ip::address& address, std::size_t cap) {
    const std::lock_guard lock(mutex_);
    auto& open = open_[address];
    if (open >= cap) {
        if (open == 0) open_.erase(address);
        return false;
    }
    ++open;
    return true;
}

std::int64_t CreationLimiter::try_create(const net::ip::address& address, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    if (buckets_.size() > prune_above) {
        std::erase_if(buckets_, [now](const auto& entry) { return entry.second.is_full(now); });
    }
    auto bucket = buckets_.try_emplace(address, per_minute_ / 60.0, per_minute_).first;
    if (bucket->second.allow(now)) return 0;
    return bucket->second.retry_after_ms(now);
}

void AddressTable::remove(const net::ip::address& address) {
    const std::lock_guard lock(mutex_);
    const auto found = open_.find(address);
    if (found == open_.end()) return;
    if (--found->second == 0) open_.erase(found);
}

struct HttpServer::Impl {
    explicit Impl(ServerConfig server_config, InterviewService& service, Metrics& metrics, chat::ChatGateway* chat,
                  const checkers::TaskCheckers* task_checkers, coach::CoachService* coach,
                  profiles::ProfileService* profiles)
        : interview_threads(std::max(1U, server_config.limits.interview_threads)),
          check_threads(std::max(1U, server_config.limits.max_concurrent_checks)),
          context{std::move(server_config), {}, service, metrics, interview_threads.get_executor(),
                  check_threads.get_executor(), task_checkers, {}, {}, {}, {}, chat, coach, profiles,
                  net::make_strand(interview_threads.get_executor()), net::make_strand(interview_threads.get_executor()),
                  net::make_strand(interview_threads.get_executor())},
          io(static_cast<int>(context.config.limits.io_threads)),
          acceptor(io),
          signals(io, SIGINT, SIGTERM),
          shutdown_strand(net::make_strand(io)),
          shutdown_deadline(shutdown_strand) {
        std::error_code error;
        context.web_root = std::filesystem::canonical(context.config.web_dir, error);
        if (error) {
            spdlog::warn("web folder {} not found: only the API and WebSocket are served", context.config.web_dir);
            context.web_root.clear();
        }
        // A takeover on another node reaches this node's connection through the service.
        service.on_superseded_elsewhere([this](ConnectionId connection) {
            if (auto session = context.sessions.find(connection)) supersede_session(session);
        });
    }

    net::awaitable<void> accept_loop() {
        while (acceptor.is_open()) {
            auto [error, socket] = co_await acceptor.async_accept(net::make_strand(io), net::as_tuple(net::use_awaitable));
            if (error) {
                if (error == net::error::operation_aborted || !acceptor.is_open()) break;
                spdlog::warn("accept failed: {}", error.message());
                // Out of file descriptors and the like: give closing connections a moment.
                net::steady_timer pause(io, std::chrono::milliseconds(50));
                co_await pause.async_wait(net::as_tuple(net::use_awaitable));
                continue;
            }
            beast::error_code peer_error;
            const auto peer = socket.remote_endpoint(peer_error);
            if (peer_error) continue;   // gone already
            // A turn is an ack and then a burst of small frames: with Nagle's algorithm the frames
            // after the ack waited for the client's delayed ACK (~40 ms on every answer).
            socket.set_option(tcp::no_delay(true), peer_error);
            auto slot = std::make_shared<ConnectionSlot>(context, peer.address());
            auto executor = socket.get_executor();
            net::co_spawn(executor, run_http_session(context, std::move(socket), std::move(slot)), log_session_failure);
        }
    }

    void begin_shutdown() {
        if (context.shutting_down.exchange(true)) return;
        spdlog::info("shutting down: no new connections, closing {} WebSocket sessions", context.sessions.size());
        beast::error_code ignored;
        acceptor.close(ignored);
        signals.cancel(ignored);
        for (const auto& session : context.sessions.all()) shut_down_session(session);
        net::co_spawn(shutdown_strand, wait_for_sessions_then_stop(), net::detached);
    }

    // Waits for the last session to leave the registry (an event, not polling), or the shutdown
    // timeout. The registry's callback cancels the wait on this coroutine's strand, so a session
    // leaving between the size check and the wait still ends it.
    net::awaitable<void> wait_for_sessions_then_stop() {
        shutdown_deadline.expires_after(context.config.limits.shutdown_timeout);
        context.sessions.on_empty([this] { net::post(shutdown_strand, [this] { shutdown_deadline.cancel(); }); });
        if (context.sessions.size() > 0) co_await shutdown_deadline.async_wait(net::as_tuple(net::use_awaitable));
        context.sessions.on_empty({});
        if (context.sessions.size() > 0) {
            spdlog::warn("shutdown: {} sessions did not close within {} ms", context.sessions.size(),
                         context.config.limits.shutdown_timeout.count());
        }
        io.stop();
    }

    // Declaration order matters for destruction: the io_context goes first (destroying the
    // coroutine frames of open connections, which refer to the context), the interview threads and
    // the check threads (already joined by run()) and the context after them.
    net::thread_pool interview_threads;
    net::thread_pool check_threads;
    ServerContext context;
    net::io_context io;
    tcp::acceptor acceptor;
    net::signal_set signals;
    net::strand<net::io_context::executor_type> shutdown_strand;
    net::steady_timer shutdown_deadline;   // a member: a late cancel posted by the registry finds it
    bool started = false;
};

HttpServer::HttpServer(ServerConfig config, InterviewService& service, Metrics& metrics, chat::ChatGateway* chat,
                       const checkers::TaskCheckers* checkers, coach::CoachService* coach,
                       profiles::ProfileService* profiles)
    : impl_(std::make_unique<Impl>(std::move(config), service, metrics, chat, checkers, coach, profiles)) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::start() {
    auto& impl = *impl_;
    const auto& config = impl.context.config;
    beast::error_code error;
    const auto address = net::ip::make_address(config.host, error);
    if (error) throw std::runtime_error("--host '" + config.host + "' is not an IP address: " + error.message());
    const tcp::endpoint endpoint{address, config.port};
    impl.acceptor.open(endpoint.protocol(), error);
    if (!error) impl.acceptor.set_option(net::socket_base::reuse_address(true), error);
    if (!error) impl.acceptor.bind(endpoint, error);
    if (!error) impl.acceptor.listen(net::socket_base::max_listen_connections, error);
    if (error) {
        throw std::runtime_error("cannot listen on " + config.host + ":" + std::to_string(config.port) + ": " +
                                 error.message());
    }
    impl.signals.async_wait([&impl](const beast::error_code& signal_error, int signal_number) {
        if (signal_error) return;
        spdlog::info("signal {} received", signal_number);
        impl.begin_shutdown();
    });
    net::co_spawn(impl.io, impl.accept_loop(), log_session_failure);
    impl.started = true;
    return impl.acceptor.local_endpoint().port();
}

void HttpServer::run() {
    auto& impl = *impl_;
    if (!impl.started) throw std::logic_error("HttpServer::run() before start()");
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < impl.context.config.limits.io_threads; ++i) threads.emplace_back([&impl] { impl.io.run(); });
    impl.io.run();
    for (auto& thread : threads) thread.join();
    // Commits and checks that were under way when the network stopped finish here (a check within
    // its time budget).
    impl.interview_threads.join();
    impl.check_threads.join();
    spdlog::info("server stopped");
}

void HttpServer::stop() {
    net::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace mi::server
