// One load run: N simulated candidates against a server (the interviewer, or the echo baseline),
// and the echo baseline itself. Plain C++: Beast stays inside load_run.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include "tools/load/latency_stats.hpp"
#include "tools/load/server_process.hpp"

namespace mi::load {

struct RunOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    bool echo = false;                          // the peer echoes every message: no REST, no interview
    int connections = 1;
    std::chrono::milliseconds think{0};         // after each complete feedback, before the next answer
    std::chrono::milliseconds duration{10000};  // the measured window, after the ramp
    std::chrono::milliseconds ramp{1000};       // connections start spread over this
    std::vector<std::string> answers;           // sent in turn, each candidate from its own offset
    std::string plan_json;                      // POST /api/v1/interviews body
    pid_t server_pid = -1;                      // whose CPU and memory to report (-1: none)
    int threads = 1;                            // the generator's own I/O threads
    // After this many answers an interview is held open without answering until the run ends
    // (0: every interview runs to its report): memory per open interview with answers behind it.
    int answers_per_interview = 0;
};

struct RunResult {
    double seconds = 0;                         // the measured window
    std::uint64_t answers = 0;                  // answers whose complete feedback arrived in the window
    std::uint64_t interviews_finished = 0;
    std::uint64_t errors = 0;                   // error frames and failed connections
    std::map<std::string, std::uint64_t> errors_by_kind;
    LatencySamples to_ack, to_first_feedback, to_complete;
    ProcessUsage server_before, server_after;
    int connections_open_at_end = 0;
    int interviews_held = 0;                    // with answers_per_interview: those that gave them all
};

RunResult drive_load(const RunOptions& options);

// The echo baseline: the server's Beast stack (strand per connection, HTTP upgrade, a reader and a
// queued writer per WebSocket, the same message limit) answering every message with itself.
// Prints "listening on http://HOST:PORT/" and serves until SIGTERM or SIGINT.
int serve_echo(const std::string& host, std::uint16_t port, int io_threads, std::size_t max_message_bytes);

}  // namespace mi::load
