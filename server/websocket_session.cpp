// One interview WebSocket connection (docs/protocol.md). Two coroutines share the session's
// strand: the reader validates each message and waits for its answer from the interview thread
// before reading the next (so a client's messages are handled in order, one at a time); the
// writer sends queued frames one at a time. The queue is capped: a client that stops reading
// is closed rather than allowed to grow the server's memory.
#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "server/protocol.hpp"
#include "server/rate_limiter.hpp"
#include "server/server_context.hpp"

namespace mi::server::detail {

namespace {

// Close code for "another connection took this interview over" (private-use range 4000-4999).
constexpr auto close_superseded = static_cast<websocket::close_code>(4000);

constexpr std::size_t read_chunk_bytes = 16 * 1024;

bool is_expected_end(const beast::error_code& error) {
    return error == websocket::error::closed || error == net::error::operation_aborted ||
           error == net::error::eof || error == beast::error::timeout || error == net::error::connection_reset ||
           error == net::error::broken_pipe || error == net::error::not_connected;
}

}  // namespace

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(ServerContext& context, beast::tcp_stream stream)
        : context_(context),
          limits_(context.config.limits),
          id_(context.next_connection_id++),
          ws_(std::move(stream)),
          wake_writer_(ws_.get_executor()),
          rate_limiter_(limits_.max_messages_per_second) {}

    net::awaitable<void> run(http::request<http::string_body> upgrade_request) {
        ws_.set_option(websocket::stream_base::timeout{limits_.handshake_timeout, limits_.idle_timeout,
                                                       /*keep_alive_pings=*/true});
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& response) { response.set(http::field::server, "mock-interviewer"); }));
        // We enforce max_message_bytes ourselves, to close with a reason that says so.
        ws_.read_message_max(0);
        ws_.text(true);
        beast::get_lowest_layer(ws_).expires_never();

        auto [accept_error] = co_await ws_.async_accept(upgrade_request, net::as_tuple(net::use_awaitable));
        if (accept_error) {
            spdlog::debug("connection {}: WebSocket handshake failed: {}", id_, accept_error.message());
            co_return;
        }
        context_.sessions.add(id_, weak_from_this());
        spdlog::debug("connection {}: WebSocket open", id_);
        net::co_spawn(ws_.get_executor(), [self = shared_from_this()] { return self->write_loop(); }, net::detached);
        if (context_.shutting_down) begin_shutdown();

        co_await read_loop();

        reading_done_ = true;
        wake_writer_.cancel();
        context_.sessions.remove(id_);
        if (interview_id_) {
            try {
                const std::string& interview = *interview_id_;
                co_await on_interview_thread(context_, [this, &interview] { context_.service.leave(interview, id_); });
            } catch (const std::exception& failure) {
                spdlog::error("connection {}: leaving interview {} failed: {}", id_, *interview_id_, failure.what());
            }
        }
        spdlog::debug("connection {}: WebSocket closed", id_);
    }

    // Both run on the session's strand; callable from any thread.
    void supersede() {
        net::post(ws_.get_executor(), [self = shared_from_this()] {
            if (self->close_queued_) return;
            self->superseded_ = true;
            spdlog::info("interview {} connection {} superseded", self->interview_id_.value_or("-"), self->id_);
            self->send(protocol::superseded_frame());
            self->close_with({close_superseded, "superseded by another connection"});
        });
    }

    void shut_down() {
        net::post(ws_.get_executor(), [self = shared_from_this()] { self->begin_shutdown(); });
    }

private:
    struct Outgoing {
        std::string text;
        std::optional<websocket::close_reason> close;   // set: close the connection instead of writing
    };

    void begin_shutdown() {
        shutting_down_ = true;
        // A message being handled is answered first (its commit is under way); the reader
        // closes right after.
        if (!busy_) close_with({websocket::close_code::going_away, "server shutting down"});
    }

    net::awaitable<void> read_loop() {
        beast::flat_buffer buffer;
        bool draining = false;  // an oversize message was refused: discard until the close completes
        for (;;) {
            buffer.clear();
            bool too_large = false;
            do {
                auto [error, bytes] = co_await ws_.async_read_some(buffer, read_chunk_bytes,
                                                                   net::as_tuple(net::use_awaitable));
                if (error) {
                    if (!is_expected_end(error)) {
                        spdlog::warn("connection {}: read failed: {}", id_, error.message());
                        context_.metrics.count_error("websocket_read");
                    }
                    co_return;
                }
                if (buffer.size() > limits_.max_message_bytes) {
                    too_large = true;
                    buffer.clear();
                }
            } while (!ws_.is_message_done());
            if (draining) continue;
            if (too_large) {
                context_.metrics.count_error("message_too_large");
                spdlog::info("interview {} connection {}: message over {} bytes, closing with 1009",
                             interview_id_.value_or("-"), id_, limits_.max_message_bytes);
                close_with({websocket::close_code::too_big,
                            "message larger than " + std::to_string(limits_.max_message_bytes) + " bytes"});
                draining = true;
                continue;
            }
            if (close_queued_) continue;
            co_await handle_message(beast::buffers_to_string(buffer.data()));
        }
    }

    net::awaitable<void> handle_message(std::string frame) {
        const auto received = std::chrono::steady_clock::now();
        if (!rate_limiter_.allow(received)) {
            context_.metrics.count_error("rate_limited");
            if (++rate_limit_strikes_ >= limits_.rate_limit_strikes_before_close) {
                spdlog::info("interview {} connection {}: rate limit exceeded repeatedly, closing with 1008",
                             interview_id_.value_or("-"), id_);
                close_with({websocket::close_code::policy_error, "too many messages: rate limit exceeded repeatedly"});
            } else {
                send_error({"rate_limited",
                            "too many messages; at most " + std::to_string(limits_.max_messages_per_second) +
                                " per second. This message was not processed; send it again shortly",
                            ""});
            }
            co_return;
        }
        rate_limit_strikes_ = 0;

        auto parsed = protocol::parse_client_message(frame, limits_);
        if (auto* error = std::get_if<protocol::Error>(&parsed)) {
            send_error(*error);
            co_return;
        }
        auto& message = std::get<protocol::ClientMessage>(parsed);
        if (std::holds_alternative<protocol::Ping>(message)) {
            send(protocol::pong_frame());
        } else if (auto* join = std::get_if<protocol::Join>(&message)) {
            co_await handle_join(std::move(*join));
        } else if (auto* answer = std::get_if<protocol::Answer>(&message)) {
            co_await handle_candidate_message(std::move(answer->text), "answer", received);
        } else if (auto* command = std::get_if<protocol::Command>(&message)) {
            co_await handle_candidate_message(std::move(command->name), "command", received);
        }
    }

    net::awaitable<void> handle_join(protocol::Join join) {
        if (interview_id_) {
            send_error({"already_joined", "this connection has already joined interview " + *interview_id_ +
                                              "; open a new connection for another interview", ""});
            co_return;
        }
        busy_ = true;
        Outcome<JoinedInterview> outcome = ServiceError{"internal", "the interview could not be opened", 500, {}};
        try {
            outcome = co_await on_interview_thread(context_, [this, &join] {
                return context_.service.join(join.interview_id, join.token, join.last_seq, id_);
            });
        } catch (const std::exception& failure) {
            spdlog::error("connection {}: join failed: {}", id_, failure.what());
        }
        busy_ = false;
        if (auto* error = std::get_if<ServiceError>(&outcome)) {
            send_error({error->code, error->message, ""});
        } else {
            auto& joined = std::get<JoinedInterview>(outcome);
            interview_id_ = join.interview_id;
            send(protocol::joined_frame(join.interview_id, joined.state, joined.events, joined.last_seq));
            if (joined.superseded) {
                if (auto previous = context_.sessions.find(*joined.superseded)) previous->supersede();
            }
        }
        if (shutting_down_) begin_shutdown();
    }

    net::awaitable<void> handle_candidate_message(std::string text, std::string_view kind,
                                                  std::chrono::steady_clock::time_point received) {
        if (!interview_id_) {
            send_error({"not_joined", "send a 'join' message with the interview id and token first", "type"});
            co_return;
        }
        busy_ = true;
        Outcome<ProducedEvents> outcome = ServiceError{"internal", "the message could not be handled; send it again", 500, {}};
        try {
            const std::string& interview = *interview_id_;
            outcome = co_await on_interview_thread(context_, [this, &text, &interview] {
                return context_.service.handle_message(interview, id_, text, WallClock::now());
            });
        } catch (const std::exception& failure) {
            context_.metrics.count_error("internal");
            spdlog::error("interview {} connection {}: message failed: {}", *interview_id_, id_, failure.what());
        }
        busy_ = false;
        if (auto* error = std::get_if<ServiceError>(&outcome)) {
            // A superseded connection hears `superseded` instead; the error would only confuse.
            if (!superseded_) send_error({error->code, error->message, ""});
        } else {
            const auto& produced = std::get<ProducedEvents>(outcome);
            // Committed: acknowledge, then stream each event as its own frame, in order.
            send(protocol::ack_frame(produced.stored_seq, kind));
            for (const auto& entry : produced.events) send(protocol::event_frame(entry["seq"].get<std::int64_t>(), entry["event"]));
            context_.metrics.feedback_delivered(std::chrono::steady_clock::now() - received);
        }
        if (shutting_down_) begin_shutdown();
    }

    void send_error(const protocol::Error& error) {
        context_.metrics.count_error(error.code);
        spdlog::info("interview {} connection {}: error {}{}{}", interview_id_.value_or("-"), id_, error.code,
                     error.field.empty() ? "" : " field=", error.field);
        send(protocol::error_frame(error));
    }

    void send(std::string frame) {
        if (close_queued_) return;
        if (outbox_.size() >= limits_.max_queued_writes) {
            context_.metrics.count_error("slow_consumer");
            spdlog::warn("interview {} connection {}: {} frames unsent, closing", interview_id_.value_or("-"), id_,
                         outbox_.size());
            outbox_.clear();
            close_with({websocket::close_code::policy_error, "client is not reading its messages"});
            return;
        }
        outbox_.push_back(Outgoing{std::move(frame), std::nullopt});
        wake_writer_.cancel();
    }

    void close_with(websocket::close_reason reason) {
        if (close_queued_) return;
        close_queued_ = true;
        outbox_.push_back(Outgoing{{}, std::move(reason)});
        wake_writer_.cancel();
    }

    net::awaitable<void> write_loop() {
        for (;;) {
            while (outbox_.empty()) {
                if (reading_done_) co_return;
                wake_writer_.expires_at(std::chrono::steady_clock::time_point::max());
                co_await wake_writer_.async_wait(net::as_tuple(net::use_awaitable));
            }
            Outgoing next = std::move(outbox_.front());
            outbox_.pop_front();
            if (next.close) {
                auto [error] = co_await ws_.async_close(*next.close, net::as_tuple(net::use_awaitable));
                if (error && !is_expected_end(error)) {
                    spdlog::debug("connection {}: close failed: {}", id_, error.message());
                }
                co_return;
            }
            auto [error, bytes] = co_await ws_.async_write(net::buffer(next.text), net::as_tuple(net::use_awaitable));
            if (error) {
                if (!is_expected_end(error)) spdlog::warn("connection {}: write failed: {}", id_, error.message());
                outbox_.clear();
                close_queued_ = true;
                beast::error_code ignored;
                beast::get_lowest_layer(ws_).socket().close(ignored);
                co_return;
            }
        }
    }

    ServerContext& context_;
    const ServerLimits& limits_;
    const ConnectionId id_;
    websocket::stream<beast::tcp_stream> ws_;
    net::steady_timer wake_writer_;
    std::deque<Outgoing> outbox_;
    RateLimiter rate_limiter_;
    int rate_limit_strikes_ = 0;
    std::optional<std::string> interview_id_;
    bool busy_ = false;             // a message is being handled on the interview thread
    bool close_queued_ = false;     // nothing is written after the close frame
    bool reading_done_ = false;
    bool shutting_down_ = false;
    bool superseded_ = false;
};

net::awaitable<void> run_websocket_session(ServerContext& context, beast::tcp_stream stream,
                                           http::request<http::string_body> upgrade_request) {
    auto session = std::make_shared<WebSocketSession>(context, std::move(stream));
    co_await session->run(std::move(upgrade_request));
}

void shut_down_session(const std::shared_ptr<WebSocketSession>& session) { session->shut_down(); }

void SessionRegistry::add(ConnectionId id, const std::weak_ptr<WebSocketSession>& session) {
    const std::lock_guard lock(mutex_);
    sessions_[id] = session;
}

void SessionRegistry::remove(ConnectionId id) {
    const std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

std::shared_ptr<WebSocketSession> SessionRegistry::find(ConnectionId id) const {
    const std::lock_guard lock(mutex_);
    const auto found = sessions_.find(id);
    return found == sessions_.end() ? nullptr : found->second.lock();
}

std::vector<std::shared_ptr<WebSocketSession>> SessionRegistry::all() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<WebSocketSession>> sessions;
    for (const auto& [id, weak] : sessions_) {
        if (auto session = weak.lock()) sessions.push_back(std::move(session));
    }
    return sessions;
}

std::size_t SessionRegistry::size() const {
    const std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace mi::server::detail
