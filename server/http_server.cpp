// The listener and plain HTTP: static files, /api/v1, health, metrics; WebSocket upgrades on /ws
// are handed to websocket_session.cpp. Every connection runs as a coroutine on its own strand.
#include "server/http_server.hpp"

#include <csignal>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "server/api_routes.hpp"
#include "server/origin_policy.hpp"
#include "server/server_context.hpp"
#include "server/static_files.hpp"

namespace mi::server {

using namespace detail;

namespace {

constexpr std::size_t max_http_header_bytes = 16 * 1024;

// Counts a connection from accept to close, for /metrics and the connection cap.
class ConnectionCount {
public:
    explicit ConnectionCount(Metrics& metrics) : metrics_(metrics) { metrics_.connection_opened(); }
    ~ConnectionCount() { metrics_.connection_closed(); }
    ConnectionCount(const ConnectionCount&) = delete;
    ConnectionCount& operator=(const ConnectionCount&) = delete;

private:
    Metrics& metrics_;
};

// The web client is plain files from this server with no inline script or style, so the page may
// load and connect to nothing else: an injected script (were one ever to slip past the client's
// text-only rendering) could neither run inline nor send answers elsewhere.
constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

template <typename Response>
void set_common_headers(Response& response) {
    response.set(http::field::server, "mock-interviewer");
    response.set("X-Content-Type-Options", "nosniff");
    response.set("Content-Security-Policy", content_security_policy);
    response.set("Referrer-Policy", "no-referrer");
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
    return text_response(version, keep_alive, static_cast<http::status>(api.status), "application/json", api.body);
}

http::response<http::string_body> error_response(unsigned version, bool keep_alive, http::status status,
                                                 std::string_view code, std::string_view message) {
    return json_response(version, keep_alive, json_error(static_cast<int>(status), code, message));
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

http::message_generator serve_static_file(const ServerContext& context, const http::request<http::string_body>& request) {
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive();
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        return error_response(version, keep_alive, http::status::method_not_allowed, "method_not_allowed",
                              "only GET and HEAD are allowed on " + std::string(path_of(request.target())));
    }
    const auto file = context.web_root.empty() ? std::nullopt : resolve_static_file(context.web_root, request.target());
    if (!file) {
        return error_response(version, keep_alive, http::status::not_found, "not_found",
                              "nothing at " + std::string(path_of(request.target())));
    }
    http::file_body::value_type body;
    beast::error_code error;
    body.open(file->c_str(), beast::file_mode::scan, error);
    if (error) {
        return error_response(version, keep_alive, http::status::not_found, "not_found",
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

net::awaitable<http::message_generator> handle_request(ServerContext& context,
                                                       http::request<http::string_body> request) {
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive() && !context.shutting_down;
    const std::string target(request.target());
    const std::string_view path = path_of(target);
    const bool is_get = request.method() == http::verb::get;

    if (path == "/healthz") {
        co_return text_response(version, keep_alive, http::status::ok, "application/json", R"({"status":"ok"})");
    }
    if (path == "/readyz") {
        const auto problems = co_await on_interview_thread(context, [&context] { return context.service.readiness_problems(); });
        nlohmann::json body{{"status", problems.empty() ? "ready" : "not_ready"}, {"problems", problems}};
        co_return text_response(version, keep_alive, problems.empty() ? http::status::ok : http::status::service_unavailable,
                                "application/json", body.dump());
    }
    if (path == "/metrics") {
        if (!is_get) {
            co_return error_response(version, keep_alive, http::status::method_not_allowed, "method_not_allowed",
                                     "use GET /metrics");
        }
        co_return text_response(version, keep_alive, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                                context.metrics.render_prometheus());
    }
    if (path == "/ws") {
        co_return error_response(version, keep_alive, http::status::upgrade_required, "upgrade_required",
                                 "/ws speaks WebSocket only (see docs/protocol.md)");
    }
    if (path.substr(0, 5) == "/api/") {
        ApiRequest api{std::string(request.method_string()), target,
                       std::string(request[http::field::authorization]), std::move(request.body())};
        const auto response = co_await on_interview_thread(context, [&context, &api] {
            return handle_api_request(api, context.service, WallClock::now());
        });
        if (response.status >= 500) context.metrics.count_error("http_5xx");
        co_return json_response(version, keep_alive, response);
    }
    co_return serve_static_file(context, request);
}

// Answers why an upgrade is refused, or nothing when it may proceed.
std::optional<http::response<http::string_body>> refuse_upgrade(ServerContext& context,
                                                                const http::request<http::string_body>& request) {
    const unsigned version = request.version();
    if (path_of(request.target()) != "/ws") {
        return error_response(version, false, http::status::not_found, "not_found",
                              "the interview WebSocket is at /ws");
    }
    if (context.shutting_down) {
        return error_response(version, false, http::status::service_unavailable, "server_busy",
                              "the server is shutting down; reconnect in a moment");
    }
    const auto origin = request[http::field::origin];
    if (!is_origin_allowed(origin, request[http::field::host], context.config.limits.allowed_origins)) {
        context.metrics.count_error("origin_rejected");
        spdlog::info("WebSocket refused: origin '{}' is not allowed", std::string(origin));
        return error_response(version, false, http::status::forbidden, "origin_not_allowed",
                              "pages from origin '" + std::string(origin) + "' may not open this WebSocket");
    }
    return std::nullopt;
}

net::awaitable<void> run_http_session(ServerContext& context, tcp::socket socket, bool over_capacity,
                                      [[maybe_unused]] std::shared_ptr<ConnectionCount> count) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    const auto& limits = context.config.limits;
    for (;;) {
        stream.expires_after(limits.http_idle_timeout);
        http::request_parser<http::string_body> parser;
        parser.header_limit(max_http_header_bytes);
        parser.body_limit(limits.max_http_body_bytes);
        auto [read_error, bytes] = co_await http::async_read(stream, buffer, parser, net::as_tuple(net::use_awaitable));
        if (read_error == http::error::body_limit) {
            context.metrics.count_error("http_body_too_large");
            auto response = error_response(parser.get().version(), false, http::status::payload_too_large,
                                           "body_too_large",
                                           "the request body is over " + std::to_string(limits.max_http_body_bytes) + " bytes");
            co_await beast::async_write(stream, http::message_generator(std::move(response)),
                                        net::as_tuple(net::use_awaitable));
            break;
        }
        if (read_error) {
            if (read_error != http::error::end_of_stream && read_error != beast::error::timeout &&
                read_error != net::error::operation_aborted && read_error != net::error::connection_reset) {
                context.metrics.count_error("http_bad_request");
                auto response = error_response(11, false, http::status::bad_request, "bad_request",
                                               "the request could not be read: " + read_error.message());
                co_await beast::async_write(stream, http::message_generator(std::move(response)),
                                            net::as_tuple(net::use_awaitable));
            }
            break;
        }
        auto request = parser.release();
        if (over_capacity) {
            context.metrics.count_error("connection_limit");
            auto response = error_response(request.version(), false, http::status::service_unavailable, "server_busy",
                                           "the server is at its connection limit (" +
                                               std::to_string(limits.max_connections) + "); try again shortly");
            response.set(http::field::retry_after, "1");
            co_await beast::async_write(stream, http::message_generator(std::move(response)),
                                        net::as_tuple(net::use_awaitable));
            break;
        }
        if (websocket::is_upgrade(request)) {
            if (auto refusal = refuse_upgrade(context, request)) {
                co_await beast::async_write(stream, http::message_generator(std::move(*refusal)),
                                            net::as_tuple(net::use_awaitable));
                break;
            }
            stream.expires_never();
            co_await run_websocket_session(context, std::move(stream), std::move(request));
            co_return;
        }
        auto response = co_await handle_request(context, std::move(request));
        const bool keep_alive = response.keep_alive();
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

struct HttpServer::Impl {
    explicit Impl(ServerConfig server_config, InterviewService& service, Metrics& metrics)
        : interview_thread(1),
          context{std::move(server_config), {}, service, metrics, interview_thread.get_executor(), {}, {}, {}},
          io(static_cast<int>(context.config.limits.io_threads)),
          acceptor(io),
          signals(io, SIGINT, SIGTERM) {
        std::error_code error;
        context.web_root = std::filesystem::canonical(context.config.web_dir, error);
        if (error) {
            spdlog::warn("web folder {} not found: only the API and WebSocket are served", context.config.web_dir);
            context.web_root.clear();
        }
    }

    net::awaitable<void> accept_loop() {
        const auto& limits = context.config.limits;
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
            const bool over_capacity =
                context.metrics.open_connections() >= static_cast<std::int64_t>(limits.max_connections);
            auto count = std::make_shared<ConnectionCount>(context.metrics);
            auto executor = socket.get_executor();
            net::co_spawn(executor, run_http_session(context, std::move(socket), over_capacity, std::move(count)),
                          log_session_failure);
        }
    }

    void begin_shutdown() {
        if (context.shutting_down.exchange(true)) return;
        spdlog::info("shutting down: no new connections, closing {} WebSocket sessions", context.sessions.size());
        beast::error_code ignored;
        acceptor.close(ignored);
        signals.cancel(ignored);
        for (const auto& session : context.sessions.all()) shut_down_session(session);
        net::co_spawn(io, wait_for_sessions_then_stop(), net::detached);
    }

    net::awaitable<void> wait_for_sessions_then_stop() {
        const auto deadline = std::chrono::steady_clock::now() + context.config.limits.shutdown_timeout;
        net::steady_timer tick(io);
        while (context.sessions.size() > 0 && std::chrono::steady_clock::now() < deadline) {
            tick.expires_after(std::chrono::milliseconds(20));
            co_await tick.async_wait(net::as_tuple(net::use_awaitable));
        }
        if (context.sessions.size() > 0) {
            spdlog::warn("shutdown: {} sessions did not close within {} ms", context.sessions.size(),
                         context.config.limits.shutdown_timeout.count());
        }
        io.stop();
    }

    // Declaration order matters for destruction: the io_context goes first (destroying the
    // coroutine frames of open connections, which refer to the context), the interview thread
    // (already joined by run()) and the context after it.
    net::thread_pool interview_thread;
    ServerContext context;
    net::io_context io;
    tcp::acceptor acceptor;
    net::signal_set signals;
    bool started = false;
};

HttpServer::HttpServer(ServerConfig config, InterviewService& service, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(config), service, metrics)) {}

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
    // Commits that were under way when the network stopped finish here.
    impl.interview_thread.join();
    spdlog::info("server stopped");
}

void HttpServer::stop() {
    net::post(impl_->io, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace mi::server
