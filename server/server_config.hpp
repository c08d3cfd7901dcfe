// Everything the server can be told: where to listen, where its data lives, and every limit it
// enforces, as named numbers in one place. The serve command fills it from flags and environment
// variables; tests build it directly. Nothing here does I/O.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mi::server {

struct ServerLimits {
    // WebSocket: a frame (message) larger than this closes the connection with 1009.
    std::size_t max_message_bytes = 64 * 1024;
    // An answer longer than this (in Unicode characters) is refused with an error frame.
    std::size_t max_answer_chars = 20'000;
    // No frame (data, ping or pong) for this long closes the connection; the server pings the
    // client at half this interval so a live but quiet client never hits it.
    std::chrono::milliseconds idle_timeout{60'000};
    // WebSocket and HTTP handshakes must complete within this time.
    std::chrono::milliseconds handshake_timeout{10'000};
    // Per connection: messages above this rate get a `rate_limited` error instead of a reply ...
    double max_messages_per_second = 5.0;
    // ... and this many rate-limited messages in a row close the connection with 1008.
    int rate_limit_strikes_before_close = 10;
    // Origins allowed to open the WebSocket (exact "scheme://host[:port]" strings, or "*").
    // Empty: only same-origin pages (Origin's host equals the Host header) and clients that send
    // no Origin at all (command-line tools, tests).
    std::vector<std::string> allowed_origins;
    // Open TCP connections (HTTP and WebSocket) at once; one more gets 503 and is closed.
    std::size_t max_connections = 1024;
    // Frames waiting to be written to one client; a client that falls this far behind is closed.
    std::size_t max_queued_writes = 256;
    // Largest HTTP request body accepted (POST /api/v1/interviews); larger gets 413.
    std::size_t max_http_body_bytes = 64 * 1024;
    // An HTTP connection idle for this long (between requests) is closed.
    std::chrono::milliseconds http_idle_timeout{30'000};
    // On SIGINT/SIGTERM: how long to wait for clients to take their close frames before exiting.
    std::chrono::milliseconds shutdown_timeout{5'000};
    // Threads running network I/O (the store and the interview engine have one thread of their own).
    unsigned io_threads = 2;
};

struct ServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;                  // 0: the operating system picks a free port
    std::string database_path = "./data/mock-interviewer.db";
    std::string content_dir = "./content";
    std::string web_dir = "./web";
    ServerLimits limits;
};

// Every problem with a configuration, one sentence each naming the setting; empty when usable.
[[nodiscard]] std::vector<std::string> validate(const ServerConfig& config);

}  // namespace mi::server
