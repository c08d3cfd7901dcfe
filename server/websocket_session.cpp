// One interview WebSocket connection (docs/protocol.md). Three coroutines share the session's
// strand:
// - the reader validates each message and waits for its answer from an interview thread before
//   reading the next (so a client's messages are handled in order, one at a time); a submission
//   to a practical task that runs, and a Run, first go to a check thread (never this strand or
//   the interview threads: a check costs up to seconds), so the reader waits for the check too;
// - the writer sends queued frames (text, pings, the close frame) in batches, each batch in one
//   socket write (gathered_write_stream.hpp); the queue is capped, so a client that stops reading is closed rather than allowed to grow our memory, and
//   a frame the client does not take within the write timeout drops the connection;
// - the watchdog pings a quiet client, closes one silent for the idle timeout with a close
//   frame (4001), closes one whose message does not arrive whole in time (1008), and drops a
//   socket whose closing handshake is not answered.
// Whatever ends the reader, the session's cleanup runs (a guard, not code at the end of run()).
#include <chrono>
#include <deque>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "server/api_routes.hpp"
#include "server/gathered_write_stream.hpp"
#include "server/protocol.hpp"
#include "server/rate_limiter.hpp"
#include "server/server_context.hpp"
#include "server/task_check_flow.hpp"

namespace mi::server::detail {

namespace {

using Clock = std::chrono::steady_clock;
using protocol::CloseCode;

websocket::close_reason close_reason(CloseCode code, std::string reason) {
    return websocket::close_reason(static_cast<websocket::close_code>(code), std::move(reason));
}

bool is_expected_end(const beast::error_code& error) {
    return error == websocket::error::closed || error == net::error::operation_aborted ||
           error == net::error::eof || error == beast::error::timeout || error == net::error::connection_reset ||
           error == net::error::broken_pipe || error == net::error::not_connected ||
           error == websocket::error::message_too_big;
}

std::string seconds_text(std::chrono::milliseconds duration) {
    const auto ms = duration.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string rate_text(double per_second) {
    std::string text = std::to_string(per_second);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
}

// Beast answers a malformed upgrade itself, with a plain-text body; ours are JSON like every other
// error, with the same headers.
void decorate_handshake_response(websocket::response_type& response) {
    set_common_headers(response);
    const auto status = response.result();
    if (status == http::status::switching_protocols) return;
    const bool version = status == http::status::upgrade_required;
    const auto api = json_error(version ? ErrorCode::upgrade_required : ErrorCode::bad_handshake,
                                "the WebSocket upgrade was refused: " + response.body() +
                                    (version ? " (this server speaks WebSocket version 13)" : ""));
    response.set(http::field::content_type, "application/json");
    response.set(http::field::cache_control, "no-store");
    if (version) response.set(http::field::sec_websocket_version, "13");
    response.body() = api.body;
    response.prepare_payload();
}

}  // namespace

class WebSocketSession : public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(ServerContext& context, beast::tcp_stream stream, std::shared_ptr<ConnectionSlot> slot)
        : context_(context),
          limits_(context.config.limits),
          id_(context.next_connection_id++),
          slot_(std::move(slot)),
          ws_(std::move(stream)),
          wake_writer_(ws_.get_executor()),
          watchdog_(ws_.get_executor()),
          write_deadline_(ws_.get_executor()),
          rate_limiter_(limits_.max_messages_per_second) {}

    net::awaitable<void> run(http::request<http::string_body> upgrade_request) {
        // Our watchdog owns idle time and pings (Beast's idle timeout drops the socket without a
        // close frame); Beast keeps the opening and closing handshake deadlines.
        ws_.set_option(websocket::stream_base::timeout{limits_.handshake_timeout, websocket::stream_base::none(),
                                                       /*keep_alive_pings=*/false});
        ws_.set_option(websocket::stream_base::decorator(decorate_handshake_response));
        // More than this closes with 1009 as soon as it arrives, even from a frame header alone.
        ws_.read_message_max(limits_.max_message_bytes);
        ws_.text(true);
        ws_.control_callback([this](websocket::frame_type, beast::string_view) { last_received_ = Clock::now(); });
        beast::get_lowest_layer(ws_).expires_never();

        auto [accept_error] = co_await ws_.async_accept(upgrade_request, net::as_tuple(net::use_awaitable));
        if (accept_error) {
            spdlog::debug("connection {}: WebSocket handshake failed: {}", id_, accept_error.message());
            co_return;
        }
        Cleanup cleanup(*this);
        context_.sessions.add(id_, weak_from_this());
        spdlog::debug("connection {}: WebSocket open", id_);
        last_received_ = Clock::now();
        net::co_spawn(ws_.get_executor(), [self = shared_from_this()] { return self->write_loop(); }, net::detached);
        net::co_spawn(ws_.get_executor(), [self = shared_from_this()] { return self->watchdog(); }, net::detached);
        if (context_.shutting_down) begin_shutdown();

        bool failed = false;
        try {
            co_await read_loop();
        } catch (const std::exception& failure) {
            // A bug, not the client's doing: log it once here, at the session's boundary.
            context_.metrics.count_error("internal");
            spdlog::error("interview {} connection {}: session failed: {}", interview_id_.value_or("-"), id_,
                          failure.what());
            failed = true;
        }
        if (failed) close_with(close_reason(CloseCode::internal_error, "internal server error"));
        spdlog::debug("connection {}: WebSocket closed", id_);
    }

    // Both run on the session's strand; callable from any thread.
    void supersede() {
        net::post(ws_.get_executor(), [self = shared_from_this()] {
            if (self->is_closing()) return;
            spdlog::info("interview {} connection {} superseded", self->interview_id_.value_or("-"), self->id_);
            self->send(protocol::superseded_frame());
            self->close_with(close_reason(CloseCode::superseded, "superseded by another connection"));
        });
    }

    void shut_down() {
        net::post(ws_.get_executor(), [self = shared_from_this()] { self->begin_shutdown(); });
    }

private:
    // Runs when the reader stops, however it stops: the session leaves the registry and its
    // interview, and the writer and watchdog end. The socket itself closes when the last
    // coroutine lets go of the session.
    class Cleanup {
    public:
        explicit Cleanup(WebSocketSession& session) : session_(session) {}
        ~Cleanup() { session_.finish(); }
        Cleanup(const Cleanup&) = delete;
        Cleanup& operator=(const Cleanup&) = delete;

    private:
        WebSocketSession& session_;
    };

    // Where the session stands. One value, so it cannot be busy and closed at once.
    enum class SessionState {
        ready,                  // reading; no message in flight
        busy,                   // a message is being handled on an interview or check thread
        busy_then_shut_down,    // busy, and the server is shutting down: close 1001 once answered
        closing,                // the close frame is queued: nothing more is written
        finished,               // the reader ended: the writer and the watchdog end too
    };

    [[nodiscard]] bool is_closing() const { return state_ == SessionState::closing || state_ == SessionState::finished; }

    // Held while a message is handled (RAII, so an exception cannot leave the session busy).
    // When it goes, after the message's replies were queued, a shutdown asked for meanwhile closes
    // the session with 1001.
    class BusyGuard {
    public:
        explicit BusyGuard(WebSocketSession& session) : session_(session) {
            if (session_.state_ == SessionState::ready) session_.state_ = SessionState::busy;
        }
        ~BusyGuard() {
            if (session_.state_ == SessionState::busy_then_shut_down) {
                session_.state_ = SessionState::ready;
                session_.close_with(close_reason(CloseCode::going_away, "server shutting down"));
            } else if (session_.state_ == SessionState::busy) {
                session_.state_ = SessionState::ready;
            }
        }
        BusyGuard(const BusyGuard&) = delete;
        BusyGuard& operator=(const BusyGuard&) = delete;

    private:
        WebSocketSession& session_;
    };

    // Calls the service on an interview thread. A failure of ours (an exception) becomes an
    // internal error saying `fallback`, counted and logged once here; the caller tells the client.
    // Plain pointers in, nothing owning: GCC 12 destroys owning temporaries of a co_await
    // expression twice.
    template <typename Result, typename Work>
    net::awaitable<Outcome<Result>> call_service(const char* what, const char* fallback, Work work) {
        Outcome<Result> outcome = ServiceError{ErrorCode::internal, fallback, {}};
        try {
            outcome = co_await on_interview_thread(context_, std::move(work));
        } catch (const std::exception& failure) {
            context_.metrics.count_error("internal");
            spdlog::error("interview {} connection {}: {} failed: {}", interview_id_.value_or("-"), id_, what,
                          failure.what());
        }
        co_return outcome;
    }

    // What the first interview-thread call of a candidate message gives: the events it produced, or
    // the submission to check before the message can be handled.
    struct FirstStep {
        std::optional<dialogue::TaskSubmission> submission;
        ProducedEvents produced;
    };

    enum class OutgoingKind { text, ping, close };
    struct Outgoing {
        OutgoingKind kind = OutgoingKind::text;
        std::string text;
        websocket::close_reason close;
    };

    void finish() noexcept {
        state_ = SessionState::finished;
        wake_writer_.cancel();
        watchdog_.cancel();
        write_deadline_.cancel();
        context_.sessions.remove(id_);
        if (interview_id_) {
            // Posted, not awaited: a destructor cannot wait. The service drops the interview from
            // memory; the store already has everything.
            net::post(context_.interview_executor, [&service = context_.service, interview = *interview_id_,
                                                    id = id_] {
                try {
                    service.leave(interview, id);
                } catch (const std::exception& failure) {
                    spdlog::error("connection {}: leaving interview {} failed: {}", id, interview, failure.what());
                }
            });
        }
    }

    void begin_shutdown() {
        // A message being handled is answered first (its commit is under way); its BusyGuard
        // closes the session right after.
        if (state_ == SessionState::busy) {
            state_ = SessionState::busy_then_shut_down;
        } else if (state_ == SessionState::ready) {
            close_with(close_reason(CloseCode::going_away, "server shutting down"));
        }
    }

    net::awaitable<void> read_loop() {
        beast::flat_buffer buffer;
        for (;;) {
            buffer.clear();
            do {
                auto [error, bytes] = co_await ws_.async_read_some(buffer, limits_.max_message_bytes,
                                                                   net::as_tuple(net::use_awaitable));
                last_received_ = Clock::now();
                if (error) {
                    message_started_.reset();
                    if (error == websocket::error::message_too_big) {
                        context_.metrics.count_error("message_too_large");
                        spdlog::info("interview {} connection {}: message over {} bytes, closed with 1009",
                                     interview_id_.value_or("-"), id_, limits_.max_message_bytes);
                    } else if (!is_expected_end(error)) {
                        spdlog::warn("connection {}: read failed: {}", id_, error.message());
                        context_.metrics.count_error("websocket_read");
                    }
                    co_return;
                }
                if (!ws_.is_message_done() && !message_started_) {
                    message_started_ = last_received_;
                    watchdog_.cancel();     // it sleeps until the message's deadline instead
                }
            } while (!ws_.is_message_done());
            message_started_.reset();
            if (is_closing()) continue;     // draining until the peer answers our close frame
            co_await handle_message(beast::buffers_to_string(buffer.data()));
        }
    }

    net::awaitable<void> handle_message(std::string frame) {
        const auto received = Clock::now();
        if (!rate_limiter_.allow(received)) {
            context_.metrics.count_error("rate_limited");
            if (++rate_limit_strikes_ >= limits_.rate_limit_strikes_before_close) {
                spdlog::info("interview {} connection {}: rate limit exceeded repeatedly, closing with 1008",
                             interview_id_.value_or("-"), id_);
                close_with(close_reason(CloseCode::policy, "too many messages: rate limit exceeded repeatedly"));
            } else {
                protocol::Error error{ErrorCode::rate_limited,
                                      "too many messages; at most " + rate_text(limits_.max_messages_per_second) +
                                          " per second. This message was not processed; send it again after " +
                                          "retry_after_ms",
                                      "", rate_limiter_.retry_after_ms(received)};
                send_error(error);
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
            co_await handle_candidate_message(std::move(answer->text), std::move(answer->client_id), "answer",
                                              received);
        } else if (auto* command = std::get_if<protocol::Command>(&message)) {
            co_await handle_candidate_message(std::move(command->name), std::move(command->client_id), "command",
                                              received);
        } else if (auto* run = std::get_if<protocol::Run>(&message)) {
            co_await handle_run(std::move(*run));
        }
    }

    net::awaitable<void> handle_run(protocol::Run run) {
        auto refuse = [this, &run](ErrorCode code, std::string message, std::string field = {},
                                   std::optional<protocol::CodePosition> position = std::nullopt) {
            context_.metrics.count_error(to_string(code));
            spdlog::info("interview {} connection {}: run refused: {}", interview_id_.value_or("-"), id_, to_string(code));
            send(protocol::run_error_frame({code, std::move(message), std::move(field), std::nullopt}, run.client_id, position));
        };
        if (!interview_id_) {
            refuse(ErrorCode::not_joined, "send a 'join' message with the interview id and token first", "type");
            co_return;
        }
        if (context_.checkers == nullptr) {
            refuse(ErrorCode::nothing_to_run, "this server runs no practical task");
            co_return;
        }
        const BusyGuard busy(*this);
        const std::string& interview = *interview_id_;
        const auto target = co_await call_service<RunTarget>(
            "run", "the run could not be prepared",
            [this, &interview] { return context_.service.run_target(interview, id_); });
        if (const auto* error = std::get_if<ServiceError>(&target)) {
            refuse(error->code, error->message);
            co_return;
        }
        const auto& goal = std::get<RunTarget>(target);
        const auto started = Clock::now();
        std::optional<checkers::TaskRun> ran;
        try {
            ran = co_await on_check_thread(context_, [this, &goal, &run] {
                return context_.checkers->run(goal.checker, goal.variant_id, run.code);
            });
        } catch (const std::exception& failure) {
            context_.metrics.count_error("check_failure");
            spdlog::error("interview {} connection {}: run of {} failed: {}", *interview_id_, id_, goal.task_id, failure.what());
        }
        context_.metrics.check_ran(Clock::now() - started);
        if (!ran) {
            refuse(ErrorCode::internal, "the code could not be run on the server; try again");
        } else if (ran->failure) {
            std::optional<protocol::CodePosition> position;
            if (ran->failure->line > 0) {
                position = protocol::CodePosition{ran->failure->line, ran->failure->column, ran->failure->offset,
                                                  ran->failure->statement};
            }
            refuse(ErrorCode::run_failed, ran->summary, "code", position);
        } else {
            send(protocol::run_result_frame(run.client_id, checkers::run_to_json(*ran)));
        }
    }

    net::awaitable<void> handle_join(protocol::Join join) {
        if (interview_id_) {
            send_error({ErrorCode::already_joined,
                        "this connection has already joined interview " + *interview_id_ +
                            "; open a new connection for another interview",
                        "", std::nullopt});
            co_return;
        }
        const BusyGuard busy(*this);
        auto outcome = co_await call_service<JoinedInterview>(
            "join", "the interview could not be opened",
            [this, &join] { return context_.service.join(join.interview_id, join.token, join.last_seq, id_); });
        if (auto* error = std::get_if<ServiceError>(&outcome)) {
            send_error({error->code, error->message, "", std::nullopt});
        } else {
            auto& joined = std::get<JoinedInterview>(outcome);
            interview_id_ = join.interview_id;
            send(protocol::joined_frame(join.interview_id, joined.state, joined.events, joined.last_seq));
            if (joined.superseded) {
                if (auto previous = context_.sessions.find(*joined.superseded)) previous->supersede();
            }
        }
    }

    net::awaitable<void> handle_candidate_message(std::string text, std::string client_id, std::string_view kind,
                                                  Clock::time_point received) {
        if (!interview_id_) {
            send_error({ErrorCode::not_joined, "send a 'join' message with the interview id and token first", "type",
                        std::nullopt});
            co_return;
        }
        const BusyGuard busy(*this);
        const std::string& interview = *interview_id_;
        // One hop to an interview thread and back for most messages: whether an answer is a
        // submission to a practical task that runs is asked there, and when it is not the message
        // is handled in the same call. A submission comes back here, goes to a check thread, and
        // then to an interview thread again with its check.
        const bool may_run = kind == "answer" && context_.checkers != nullptr;
        auto outcome = co_await call_service<FirstStep>(
            "message", "the message could not be handled; send it again",
            [this, &text, &interview, &client_id, may_run]() -> Outcome<FirstStep> {
                if (may_run) {
                    if (auto submission = context_.service.task_submission(interview, id_, text, client_id)) {
                        return FirstStep{std::move(submission), {}};
                    }
                }
                auto handled = context_.service.handle_message(interview, id_, text, WallClock::now(), client_id);
                if (auto* error = std::get_if<ServiceError>(&handled)) return std::move(*error);
                return FirstStep{std::nullopt, std::move(std::get<ProducedEvents>(handled))};
            });
        if (auto* first = std::get_if<FirstStep>(&outcome); first != nullptr && first->submission) {
            const std::string who = "interview " + interview + " connection " + std::to_string(id_);
            auto check = co_await run_check(context_, *first->submission, who);
            auto handled = co_await call_service<ProducedEvents>(
                "message", "the message could not be handled; send it again",
                [this, &text, &interview, &client_id, &check] {
                    return context_.service.handle_message(interview, id_, text, WallClock::now(), client_id,
                                                           std::move(check));
                });
            if (auto* error = std::get_if<ServiceError>(&handled)) {
                outcome = std::move(*error);
            } else {
                outcome = FirstStep{std::nullopt, std::move(std::get<ProducedEvents>(handled))};
            }
        }
        if (const auto* error = std::get_if<ServiceError>(&outcome)) {
            // A superseded connection hears `superseded` instead (its close is queued, so send()
            // writes nothing more); the error would only confuse.
            if (!is_closing()) send_error({error->code, error->message, "", std::nullopt});
        } else {
            const auto& produced = std::get<FirstStep>(outcome).produced;
            // Committed: acknowledge, stream each event as its own frame, in order, and say the
            // turn is over.
            send(protocol::ack_frame(produced.stored_seq, kind, client_id, produced.duplicate));
            for (const auto& entry : produced.events) send(protocol::event_frame(entry));
            send(protocol::turn_complete_frame(produced.state));
            context_.metrics.feedback_delivered(Clock::now() - received);
        }
    }

    void send_error(const protocol::Error& error) {
        context_.metrics.count_error(to_string(error.code));
        spdlog::info("interview {} connection {}: error {}{}{}", interview_id_.value_or("-"), id_,
                     to_string(error.code), error.field.empty() ? "" : " field=", error.field);
        send(protocol::error_frame(error));
    }

    void send(std::string frame) {
        if (is_closing()) return;
        if (outbox_.size() >= limits_.max_queued_writes) {
            context_.metrics.count_error("slow_consumer");
            spdlog::warn("interview {} connection {}: {} frames unsent, closing", interview_id_.value_or("-"), id_,
                         outbox_.size());
            outbox_.clear();
            close_with(close_reason(CloseCode::policy, "client is not reading its messages"));
            return;
        }
        outbox_.push_back(Outgoing{OutgoingKind::text, std::move(frame), {}});
        wake_writer_.cancel();
    }

    void close_with(websocket::close_reason reason) {
        if (is_closing()) return;
        state_ = SessionState::closing;
        close_queued_at_ = Clock::now();
        outbox_.push_back(Outgoing{OutgoingKind::close, {}, std::move(reason)});
        wake_writer_.cancel();
        watchdog_.cancel();
    }

    // Sends what is queued in batches: every text frame and ping queued when the writer wakes (a
    // turn's ack, its events and turn_complete) goes to the socket in one write, and the next batch
    // waits until the kernel took this one.
    net::awaitable<void> write_loop() {
        for (;;) {
            while (outbox_.empty()) {
                if (state_ == SessionState::finished) co_return;
                wake_writer_.expires_at(Clock::time_point::max());
                co_await wake_writer_.async_wait(net::as_tuple(net::use_awaitable));
            }
            beast::error_code error;
            if (outbox_.front().kind == OutgoingKind::close) {
                const auto reason = std::move(outbox_.front().close);
                outbox_.pop_front();
                std::tie(error) = co_await ws_.async_close(reason, net::as_tuple(net::use_awaitable));
                if (error && !is_expected_end(error)) spdlog::debug("connection {}: close failed: {}", id_, error.message());
                co_return;
            }
            arm_write_deadline();
            ws_.next_layer().gather();
            // At most a queue's worth in one batch, though the reader keeps queueing meanwhile.
            for (std::size_t batched = 0; !error && batched < limits_.max_queued_writes && !outbox_.empty() &&
                                          outbox_.front().kind != OutgoingKind::close;
                 ++batched) {
                Outgoing next = std::move(outbox_.front());
                outbox_.pop_front();
                if (next.kind == OutgoingKind::ping) {
                    std::tie(error) = co_await ws_.async_ping({}, net::as_tuple(net::use_awaitable));
                } else {
                    std::size_t taken = 0;
                    std::tie(error, taken) =
                        co_await ws_.async_write(net::buffer(next.text), net::as_tuple(net::use_awaitable));
                }
            }
            const auto flushed = co_await ws_.next_layer().flush();
            if (!error) error = flushed;
            write_started_.reset();
            write_deadline_.cancel();
            if (error) {
                if (!is_expected_end(error)) spdlog::warn("connection {}: write failed: {}", id_, error.message());
                outbox_.clear();
                if (state_ != SessionState::finished) state_ = SessionState::closing;
                drop_socket();
                co_return;
            }
        }
    }

    // A write stalls only once the socket's buffers are full, so a batch of frames not taken within
    // the write timeout means the client stopped reading. Its connection is dropped, with its unsent
    // bytes (a reset, not a close frame: that would wait behind the stalled frame).
    void arm_write_deadline() {
        write_started_ = Clock::now();
        write_deadline_.expires_after(limits_.write_timeout);
        write_deadline_.async_wait([self = shared_from_this()](const beast::error_code& error) {
            // A deadline that fired as its write completed finds the write over.
            if (error || !self->write_started_ || Clock::now() - *self->write_started_ < self->limits_.write_timeout) return;
            if (self->state_ == SessionState::finished) return;
            self->context_.metrics.count_error("write_timeout");
            spdlog::info("interview {} connection {}: a frame not taken within {}, dropped", self->interview_id_.value_or("-"),
                         self->id_, seconds_text(self->limits_.write_timeout));
            self->outbox_.clear();
            self->state_ = SessionState::closing;
            self->drop_socket(/*discard_unsent=*/true);
        });
    }

    // Sleeps until the next deadline: a ping due, the idle timeout, an unfinished message's
    // deadline, or an unanswered close frame's.
    net::awaitable<void> watchdog() {
        const auto ping_after = limits_.idle_timeout / 2;
        // The quiet period a ping was sent for, named by when it began. A flag reset only when the
        // watchdog woke early enough missed the next period's ping when it woke late (on a loaded
        // machine), and a client that answered every ping was closed as idle.
        std::optional<Clock::time_point> pinged_for;
        while (state_ != SessionState::finished) {
            const auto now = Clock::now();
            if (state_ == SessionState::closing) {
                const auto give_up = close_queued_at_ + limits_.handshake_timeout;
                if (now >= give_up) {
                    drop_socket();
                    co_return;
                }
                co_await sleep_until(give_up);
                continue;
            }
            if (message_started_ && now >= *message_started_ + limits_.message_timeout) {
                context_.metrics.count_error("message_timeout");
                spdlog::info("interview {} connection {}: message not complete within {}, closing with 1008",
                             interview_id_.value_or("-"), id_, seconds_text(limits_.message_timeout));
                close_with(close_reason(CloseCode::policy,
                                        "message not complete within " + seconds_text(limits_.message_timeout)));
                continue;
            }
            const auto quiet_since = last_received_;
            if (now >= quiet_since + limits_.idle_timeout) {
                context_.metrics.count_error("idle_timeout");
                spdlog::info("interview {} connection {}: nothing received for {}, closing with 4001",
                             interview_id_.value_or("-"), id_, seconds_text(limits_.idle_timeout));
                close_with(close_reason(CloseCode::idle_timeout,
                                        "idle timeout: nothing received for " + seconds_text(limits_.idle_timeout)));
                continue;
            }
            const bool pinged = pinged_for == quiet_since;
            if (!pinged && now >= quiet_since + ping_after) {
                pinged_for = quiet_since;
                if (!is_closing() && outbox_.size() < limits_.max_queued_writes) {
                    outbox_.push_back(Outgoing{OutgoingKind::ping, {}, {}});
                    wake_writer_.cancel();
                }
            }
            auto next = quiet_since + (pinged_for == quiet_since ? limits_.idle_timeout : ping_after);
            if (message_started_) next = std::min(next, *message_started_ + limits_.message_timeout);
            co_await sleep_until(next);
        }
    }

    net::awaitable<void> sleep_until(Clock::time_point when) {
        watchdog_.expires_at(when);
        co_await watchdog_.async_wait(net::as_tuple(net::use_awaitable));
    }

    // `discard_unsent`: reset the connection, so the kernel frees the bytes the client never read
    // at once instead of holding them while it retries.
    void drop_socket(bool discard_unsent = false) {
        beast::error_code ignored;
        if (discard_unsent) beast::get_lowest_layer(ws_).socket().set_option(net::socket_base::linger(true, 0), ignored);
        beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    ServerContext& context_;
    const ServerLimits& limits_;
    const ConnectionId id_;
    std::shared_ptr<ConnectionSlot> slot_;  // released with the session, after the socket
    websocket::stream<GatheredWriteStream> ws_;
    net::steady_timer wake_writer_;
    net::steady_timer watchdog_;
    net::steady_timer write_deadline_;
    std::optional<Clock::time_point> write_started_;     // the frame being written, if one is
    std::deque<Outgoing> outbox_;
    RateLimiter rate_limiter_;
    int rate_limit_strikes_ = 0;
    std::optional<std::string> interview_id_;
    Clock::time_point last_received_ = Clock::now();
    std::optional<Clock::time_point> message_started_;   // the first bytes of an unfinished message
    Clock::time_point close_queued_at_{};
    SessionState state_ = SessionState::ready;
};

net::awaitable<void> run_websocket_session(ServerContext& context, beast::tcp_stream stream,
                                           http::request<http::string_body> upgrade_request,
                                           std::shared_ptr<ConnectionSlot> slot) {
    auto session = std::make_shared<WebSocketSession>(context, std::move(stream), std::move(slot));
    co_await session->run(std::move(upgrade_request));
}

void shut_down_session(const std::shared_ptr<WebSocketSession>& session) { session->shut_down(); }

void supersede_session(const std::shared_ptr<WebSocketSession>& session) { session->supersede(); }

void SessionRegistry::add(ConnectionId id, const std::weak_ptr<WebSocketSession>& session) {
    const std::lock_guard lock(mutex_);
    sessions_[id] = session;
}

void SessionRegistry::remove(ConnectionId id) {
    std::function<void()> emptied;
    {
        const std::lock_guard lock(mutex_);
        if (sessions_.erase(id) == 1 && sessions_.empty()) emptied = on_empty_;
    }
    if (emptied) emptied();
}

void SessionRegistry::on_empty(std::function<void()> callback) {
    const std::lock_guard lock(mutex_);
    on_empty_ = std::move(callback);
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
