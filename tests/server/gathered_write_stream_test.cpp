// The layer under a WebSocket session's stream that gathers a turn's frames into one socket write:
// over a real loopback connection, nothing reaches the peer until flush(), and then every frame
// arrives whole, as its own message, in the order written.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "server/gathered_write_stream.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using mi::server::detail::GatheredWriteStream;

struct Loopback {
    net::io_context io;
    tcp::acceptor acceptor{io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
    net::steady_timer flushed{io};            // cancelled once the server flushed
    std::size_t bytes_at_peer_before_flush = 1;
    beast::error_code flush_error;
    std::vector<std::string> received;
};

net::awaitable<void> serve(Loopback& loop, std::vector<std::string> frames, websocket::stream<beast::tcp_stream>& client) {
    auto socket = co_await loop.acceptor.async_accept(net::use_awaitable);
    websocket::stream<GatheredWriteStream> server(beast::tcp_stream(std::move(socket)));
    co_await server.async_accept(net::use_awaitable);
    server.next_layer().gather();
    for (const auto& frame : frames) co_await server.async_write(net::buffer(frame), net::use_awaitable);
    // Every write completed, yet nothing went to the socket: the client's kernel holds no byte.
    loop.bytes_at_peer_before_flush = beast::get_lowest_layer(client).socket().available();
    loop.flush_error = co_await server.next_layer().flush();
    loop.flushed.cancel();
    auto [error] = co_await server.async_close(websocket::close_code::normal, net::as_tuple(net::use_awaitable));
    CHECK_FALSE(error);
}

net::awaitable<void> connect(Loopback& loop, std::size_t count, websocket::stream<beast::tcp_stream>& client) {
    co_await beast::get_lowest_layer(client).async_connect(loop.acceptor.local_endpoint(), net::use_awaitable);
    co_await client.async_handshake("127.0.0.1", "/", net::use_awaitable);
    loop.flushed.expires_at(net::steady_timer::time_point::max());
    co_await loop.flushed.async_wait(net::as_tuple(net::use_awaitable));
    for (std::size_t i = 0; i < count; ++i) {
        beast::flat_buffer buffer;
        co_await client.async_read(buffer, net::use_awaitable);
        loop.received.push_back(beast::buffers_to_string(buffer.data()));
    }
    beast::flat_buffer closing;
    auto [error, bytes] = co_await client.async_read(closing, net::as_tuple(net::use_awaitable));
    (void)bytes;
    CHECK(error == websocket::error::closed);
}

}  // namespace

TEST_CASE("frames gathered into one socket write reach the peer only at the flush, whole and in order", "[websocket]") {
    Loopback loop;
    const std::vector<std::string> frames{R"({"type":"ack","seq":4})", std::string(20000, 'x'), R"({"type":"turn_complete"})"};
    websocket::stream<beast::tcp_stream> client(loop.io);
    net::co_spawn(loop.io, serve(loop, frames, client), [](const std::exception_ptr& failure) {
        if (failure) std::rethrow_exception(failure);
    });
    net::co_spawn(loop.io, connect(loop, frames.size(), client), [](const std::exception_ptr& failure) {
        if (failure) std::rethrow_exception(failure);
    });
    loop.io.run();
    CHECK(loop.bytes_at_peer_before_flush == 0);
    CHECK_FALSE(loop.flush_error);
    CHECK(loop.received == frames);
}
