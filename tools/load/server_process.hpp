// The server under load as a child process: started with its arguments, its address read from
// the one line it prints ("listening on http://HOST:PORT/"), its CPU time and memory read from
// /proc, stopped with SIGTERM. No Asio here.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace mi::load {

struct ProcessUsage {
    double cpu_seconds = 0;         // user + system
    std::int64_t rss_kib = 0;       // resident now
    std::int64_t peak_rss_kib = 0;  // high-water mark (VmHWM)
};

class ServerProcess {
public:
    // Starts `argv[0]` with `argv`; stderr goes to `log_path` (or /dev/null when empty). Throws
    // std::runtime_error when it does not print its listening line within `startup`.
    ServerProcess(const std::vector<std::string>& argv, const std::string& log_path,
                  std::chrono::seconds startup = std::chrono::seconds(60));
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::uint16_t port() const { return port_; }
    [[nodiscard]] ProcessUsage usage() const;
    // SIGTERM, then waits; SIGKILL after `grace`. Returns the exit status as waitpid gave it.
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));

private:
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

// Usage of any process by pid, from /proc/PID/stat and /proc/PID/status.
ProcessUsage read_process_usage(pid_t pid);

}  // namespace mi::load
