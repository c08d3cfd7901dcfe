// The Beast side of the load generator: simulated candidates (REST create, WebSocket join, answers
// with think time, whole interviews one after another) and the echo baseline server.
#include "tools/load/load_run.hpp"

#include <atomic>
#include <csignal>
#include <deque>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "tools/load/frame_scan.hpp"

namespace mi::load {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// What every candidate of a run shares. Counters are touched from the generator's I/O threads.
struct Shared {
    const RunOptions& options;
    tcp::endpoint server;
    Clock::time_point window_start, window_end;
    std::atomic<bool> stopping{false};
    std::atomic<int> open{0};
    std::atomic<int> held{0};           // interviews that gave answers_per_interview answers
    std::mutex mutex;               // guards what follows
    RunResult result;

    bool in_window(Clock::time_point sent) const { return sent >= window_start && sent < window_end; }
    void count_error(const std::string& kind) {
        const std::lock_guard lock(mutex);
        ++result.errors;
        ++result.errors_by_kind[kind];
    }
};

struct Created {
    std::string interview_id, token;
};

net::awaitable<std::optional<Created>> create_interview(Shared& shared) {
    auto executor = co_await net::this_coro::executor;
    beast::tcp_stream stream(executor);
    stream.expires_after(std::chrono::seconds(30));
    auto [connect_error] = co_await stream.async_connect(shared.server, use_tuple);
    if (connect_error) {
        shared.count_error("create_connect: " + connect_error.message());
        co_return std::nullopt;
    }
    stream.socket().set_option(tcp::no_delay(true));
    http::request<http::string_body> request{http::verb::post, "/api/v1/interviews", 11};
    request.set(http::field::host, shared.options.host);
    request.set(http::field::content_type, "application/json");
    request.keep_alive(false);
    request.body() = shared.options.plan_json;
    request.prepare_payload();
    auto [write_error, written] = co_await http::async_write(stream, request, use_tuple);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    auto [read_error, read] = co_await http::async_read(stream, buffer, response, use_tuple);
    if (write_error || read_error) {
        shared.count_error("create_io: " + (write_error ? write_error : read_error).message());
        co_return std::nullopt;
    }
    if (response.result() != http::status::created) {
        shared.count_error("create_status_" + std::to_string(response.result_int()));
        co_return std::nullopt;
    }
    const auto body = nlohmann::json::parse(response.body(), nullptr, false);
    if (!body.is_object()) {
        shared.count_error("create_body");
        co_return std::nullopt;
    }
    co_return Created{body.value("interview_id", ""), body.value("token", "")};
}

std::string answer_frame(const std::string& text, const std::string& client_id) {
    return nlohmann::json{{"type", "answer"}, {"v", 1}, {"text", text}, {"client_id", client_id}}.dump();
}

// One candidate: interviews one after another until the run ends.
net::awaitable<void> candidate(Shared& shared, int index) {
    const auto& options = shared.options;
    auto executor = co_await net::this_coro::executor;
    net::steady_timer timer(executor);
    if (options.connections > 1) {
        timer.expires_at(shared.window_start - options.ramp + options.ramp * index / options.connections);
        co_await timer.async_wait(use_tuple);
    }
    std::size_t next_answer = static_cast<std::size_t>(index) * 7919;
    std::uint64_t message_number = 0;
    beast::flat_buffer buffer;
    while (!shared.stopping) {
        Created interview{"load", "load"};
        if (!options.echo) {
            auto created = co_await create_interview(shared);
            if (!created) {
                timer.expires_after(std::chrono::milliseconds(100));
                co_await timer.async_wait(use_tuple);
                continue;
            }
            interview = std::move(*created);
        }
        websocket::stream<beast::tcp_stream> ws(executor);
        beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(30));
        auto [connect_error] = co_await beast::get_lowest_layer(ws).async_connect(shared.server, use_tuple);
        if (connect_error) {
            shared.count_error("ws_connect: " + connect_error.message());
            timer.expires_after(std::chrono::milliseconds(100));
            co_await timer.async_wait(use_tuple);
            continue;
        }
        beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true));
        auto [handshake_error] = co_await ws.async_handshake(options.host, "/ws", use_tuple);
        if (handshake_error) {
            shared.count_error("ws_handshake: " + handshake_error.message());
            timer.expires_after(std::chrono::milliseconds(100));
            co_await timer.async_wait(use_tuple);
            continue;
        }
        beast::get_lowest_layer(ws).expires_never();
        ws.text(true);
        ++shared.open;
        bool failed = false;
        auto read_frame = [&]() -> net::awaitable<std::string_view> {
            buffer.consume(buffer.size());
            auto [error, bytes] = co_await ws.async_read(buffer, use_tuple);
            if (error) {
                if (!shared.stopping) shared.count_error("ws_read: " + error.message());
                failed = true;
                co_return std::string_view{};
            }
            co_return std::string_view(static_cast<const char*>(buffer.data().data()), buffer.size());
        };
        const std::string join = nlohmann::json{{"type", "join"}, {"v", 1}, {"interview_id", interview.interview_id},
                                                {"token", interview.token}}.dump();
        auto [join_error, join_written] = co_await ws.async_write(net::buffer(join), use_tuple);
        if (join_error) failed = true;
        while (!failed) {
            const auto frame = co_await read_frame();
            if (failed) break;
            const auto kinds = scan_frame_kinds(frame);
            if (kinds.type == "joined" || kinds.type == "join") break;
            if (kinds.type == "error") {
                shared.count_error("join_refused");
                failed = true;
            }
        }
        bool finished = false;
        int answered = 0;
        while (!failed && !finished && !shared.stopping) {
            if (options.answers_per_interview > 0 && answered >= options.answers_per_interview) {
                ++shared.held;
                while (!shared.stopping) {
                    timer.expires_after(std::chrono::milliseconds(200));
                    co_await timer.async_wait(use_tuple);
                }
                break;
            }
            if (options.think.count() > 0) {
                timer.expires_after(options.think);
                co_await timer.async_wait(use_tuple);
                if (shared.stopping) break;
            }
            const auto& text = options.answers[next_answer++ % options.answers.size()];
            const auto frame_out = answer_frame(text, "l" + std::to_string(index) + "-" + std::to_string(++message_number));
            const auto sent = Clock::now();
            auto [write_error, written] = co_await ws.async_write(net::buffer(frame_out), use_tuple);
            if (write_error) {
                if (!shared.stopping) shared.count_error("ws_write: " + write_error.message());
                break;
            }
            std::optional<Clock::time_point> acked, first_feedback;
            bool complete = false, refused = false;
            while (!complete && !refused) {
                const auto frame = co_await read_frame();
                if (failed) break;
                const auto now = Clock::now();
                const auto kinds = scan_frame_kinds(frame);
                if (kinds.type == "answer") {             // the echo baseline: one reply is the whole turn
                    acked = first_feedback = now;
                    complete = true;
                } else if (kinds.type == "ack") {
                    acked = now;
                } else if (kinds.type == "event") {
                    if (!first_feedback && kinds.nested_type == "feedback") first_feedback = now;
                } else if (kinds.type == "turn_complete") {
                    complete = true;
                    finished = frame.find("\"status\":\"finished\"") != std::string_view::npos;
                } else if (kinds.type == "error") {
                    const auto code_at = frame.find("\"code\":\"");
                    std::string code = "error";
                    if (code_at != std::string_view::npos) {
                        const auto start = code_at + 8;
                        code = "error " + std::string(frame.substr(start, frame.find('"', start) - start));
                    }
                    shared.count_error(code);
                    refused = true;
                }
            }
            if (!complete) continue;
            ++answered;
            if (shared.in_window(sent)) {
                const auto done = Clock::now();
                const std::lock_guard lock(shared.mutex);
                ++shared.result.answers;
                if (finished) ++shared.result.interviews_finished;
                shared.result.to_ack.add(*acked - sent);
                // An answer without feedback (a command word, a task) has none: complete stands in.
                shared.result.to_first_feedback.add(first_feedback.value_or(done) - sent);
                shared.result.to_complete.add(done - sent);
            }
        }
        --shared.open;
        if (!failed) {
            beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(2));
            co_await ws.async_close(websocket::close_code::normal, use_tuple);
        }
    }
}

}  // namespace

RunResult drive_load(const RunOptions& options) {
    net::io_context io(options.threads);
    Shared shared{options, {}, {}, {}, {}, {}, {}, {}, {}};
    shared.server = tcp::endpoint(net::ip::make_address(options.host), options.port);
    const auto start = Clock::now();
    shared.window_start = start + options.ramp;
    shared.window_end = shared.window_start + options.duration;
    for (int index = 0; index < options.connections; ++index) {
        net::co_spawn(io, candidate(shared, index), [&shared](std::exception_ptr failure) {
            if (!failure) return;
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& error) {
                shared.count_error(std::string("candidate: ") + error.what());
            }
        });
    }
    net::steady_timer window_opens(io, shared.window_start), window_closes(io, shared.window_end);
    window_opens.async_wait([&](beast::error_code) {
        if (options.server_pid > 0) shared.result.server_before = read_process_usage(options.server_pid);
    });
    window_closes.async_wait([&](beast::error_code) {
        if (options.server_pid > 0) shared.result.server_after = read_process_usage(options.server_pid);
        shared.result.connections_open_at_end = shared.open;
        shared.result.interviews_held = shared.held;
        shared.stopping = true;
        io.stop();   // answers in flight are not counted: their send time is in the window, their end is not
    });
    std::vector<std::thread> threads;
    for (int i = 1; i < options.threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
    shared.result.seconds = std::chrono::duration<double>(options.duration).count();
    return std::move(shared.result);
}

namespace {

// One echo connection, shaped like the interview session: a reader, and a writer draining a queue.
class EchoSession : public std::enable_shared_from_this<EchoSession> {
public:
    EchoSession(beast::tcp_stream stream, std::size_t max_message_bytes)
        : ws_(std::move(stream)), wake_writer_(ws_.get_executor()), max_message_bytes_(max_message_bytes) {}

    net::awaitable<void> run(http::request<http::string_body> upgrade) {
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.read_message_max(max_message_bytes_);
        ws_.text(true);
        auto [accept_error] = co_await ws_.async_accept(upgrade, use_tuple);
        if (accept_error) co_return;
        net::co_spawn(ws_.get_executor(), [self = shared_from_this()] { return self->write_loop(); }, net::detached);
        beast::flat_buffer buffer;
        for (;;) {
            auto [error, bytes] = co_await ws_.async_read(buffer, use_tuple);
            if (error) break;
            outbox_.push_back(beast::buffers_to_string(buffer.data()));
            buffer.consume(buffer.size());
            wake_writer_.cancel();
        }
        reading_done_ = true;
        wake_writer_.cancel();
    }

private:
    net::awaitable<void> write_loop() {
        for (;;) {
            while (outbox_.empty()) {
                if (reading_done_) co_return;
                wake_writer_.expires_at(Clock::time_point::max());
                co_await wake_writer_.async_wait(use_tuple);
            }
            std::string next = std::move(outbox_.front());
            outbox_.pop_front();
            auto [error, written] = co_await ws_.async_write(net::buffer(next), use_tuple);
            if (error) co_return;
        }
    }

    websocket::stream<beast::tcp_stream> ws_;
    net::steady_timer wake_writer_;
    std::deque<std::string> outbox_;
    std::size_t max_message_bytes_;
    bool reading_done_ = false;
};

net::awaitable<void> echo_connection(tcp::socket socket, std::size_t max_message_bytes) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    stream.expires_after(std::chrono::seconds(10));
    auto [error, bytes] = co_await http::async_read(stream, buffer, request, use_tuple);
    if (error || !websocket::is_upgrade(request)) co_return;
    stream.expires_never();
    auto session = std::make_shared<EchoSession>(std::move(stream), max_message_bytes);
    co_await session->run(std::move(request));
}

}  // namespace

int serve_echo(const std::string& host, std::uint16_t port, int io_threads, std::size_t max_message_bytes) {
    net::io_context io(io_threads);
    tcp::acceptor acceptor(io, tcp::endpoint(net::ip::make_address(host), port));
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](beast::error_code, int) { io.stop(); });
    net::co_spawn(
        io,
        [&]() -> net::awaitable<void> {
            for (;;) {
                auto [error, socket] = co_await acceptor.async_accept(net::make_strand(io), use_tuple);
                if (error) continue;
                socket.set_option(tcp::no_delay(true));
                auto executor = socket.get_executor();
                net::co_spawn(executor, echo_connection(std::move(socket), max_message_bytes), net::detached);
            }
        },
        net::detached);
    std::cout << "listening on http://" << host << ":" << acceptor.local_endpoint().port() << "/" << std::endl;
    std::vector<std::thread> threads;
    for (int i = 1; i < io_threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
    return 0;
}

}  // namespace mi::load
