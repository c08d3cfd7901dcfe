// The layer between a WebSocket session's stream and its TCP stream that lets the session's writer
// hand the kernel every frame of a turn (the ack, each feedback event, turn_complete) in one
// write: one send syscall and one wake-up of the client per turn instead of one per frame
// (docs/performance.md, "Under load"). The frames stay separate WebSocket messages; only the
// socket writes are gathered, so the protocol does not change.
//
// Every write Beast makes through it (text frames, pings, its own pongs and close frames) is
// copied into the pending bytes in the order Beast made it and completes at once; the bytes go to
// the socket as one write when the writer calls flush(), or at once when nobody is gathering (a
// pong Beast sends while reading). Only one socket write is in flight at a time, so frames never
// interleave. A socket write that fails fails every later write and flush with its error.
//
// Internal to websocket_session.cpp: it pulls in Asio and Beast.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "server/server_context.hpp"

namespace mi::server::detail {

class GatheredWriteStream {
public:
    using next_layer_type = beast::tcp_stream;
    using executor_type = next_layer_type::executor_type;

    explicit GatheredWriteStream(next_layer_type stream) : state_(std::make_shared<State>(std::move(stream))) {}
    // Like beast::tcp_stream's: the socket closes with its owner, even while a write of it is still
    // pending (that write then ends with operation_aborted, keeping only the state alive).
    ~GatheredWriteStream() {
        beast::error_code ignored;
        state_->next.socket().close(ignored);
    }
    GatheredWriteStream(const GatheredWriteStream&) = delete;
    GatheredWriteStream& operator=(const GatheredWriteStream&) = delete;

    executor_type get_executor() noexcept { return state_->next.get_executor(); }
    next_layer_type& next_layer() noexcept { return state_->next; }
    const next_layer_type& next_layer() const noexcept { return state_->next; }

    // From now until flush(), writes only collect their bytes.
    void gather() { state_->gathering = true; }

    // Sends what was gathered and waits until the kernel took all of it (or a write failed): the
    // writer's backpressure, so the bytes held here stay one batch of frames.
    net::awaitable<beast::error_code> flush() {
        const auto state = state_;
        state->gathering = false;
        State::start_write(state);
        co_await State::wait_written(*state);
        co_return state->failure;
    }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return state_->next.async_read_some(buffers, std::forward<ReadToken>(token));
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return net::async_initiate<WriteToken, void(beast::error_code, std::size_t)>(
            [state = state_](auto handler, const ConstBufferSequence& bytes) {
                std::size_t taken = 0;
                if (!state->failure) {
                    for (const auto piece : beast::buffers_range_ref(bytes)) {
                        state->pending.append(static_cast<const char*>(piece.data()), piece.size());
                        taken += piece.size();
                    }
                    if (!state->gathering) State::start_write(state);
                }
                // Never from inside the initiating function.
                net::post(state->next.get_executor(), beast::bind_front_handler(std::move(handler), state->failure, taken));
            },
            token, buffers);
    }

    // The closing handshake's last step: the close frame may still be pending here, so it is
    // written before the socket is shut down.
    template <class TeardownHandler>
    friend void async_teardown(beast::role_type role, GatheredWriteStream& stream, TeardownHandler&& handler) {
        const auto state = stream.state_;
        State::start_write(state);
        net::co_spawn(
            state->next.get_executor(), [state]() -> net::awaitable<void> { co_await State::wait_written(*state); },
            [state, role, handler = std::forward<TeardownHandler>(handler)](const std::exception_ptr&) mutable {
                using beast::websocket::async_teardown;
                async_teardown(role, state->next, std::move(handler));
            });
    }

private:
    // Shared with the socket write in flight, which may end after the stream is gone.
    struct State {
        explicit State(next_layer_type stream) : next(std::move(stream)), written(next.get_executor()) {}

        next_layer_type next;
        std::string pending;            // taken from Beast, not yet handed to the socket
        std::string writing;            // handed to the socket write in flight
        bool gathering = false;
        bool write_in_flight = false;
        beast::error_code failure;
        net::steady_timer written;      // cancelled when a write ends with nothing left to send

        static void start_write(const std::shared_ptr<State>& state) {
            if (state->write_in_flight || state->pending.empty() || state->failure) return;
            state->write_in_flight = true;
            state->writing.swap(state->pending);
            net::async_write(state->next, net::buffer(state->writing),
                             [state](const beast::error_code& error, std::size_t) {
                                 state->write_in_flight = false;
                                 state->writing.clear();
                                 if (error) {
                                     state->failure = error;
                                     state->pending.clear();
                                 } else if (!state->gathering && !state->pending.empty()) {
                                     start_write(state);
                                     return;
                                 }
                                 state->written.cancel();
                             });
        }

        // The caller keeps the state alive (a reference, not an owning argument: GCC 12 destroys
        // owning temporaries of a co_await expression twice).
        static net::awaitable<void> wait_written(State& state) {
            while (state.write_in_flight && !state.failure) {
                state.written.expires_at(net::steady_timer::time_point::max());
                co_await state.written.async_wait(net::as_tuple(net::use_awaitable));
            }
        }
    };

    std::shared_ptr<State> state_;
};

}  // namespace mi::server::detail
