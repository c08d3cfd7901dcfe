#include "tools/load/server_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace mi::load {

ProcessUsage read_process_usage(pid_t pid) {
    ProcessUsage usage;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (std::getline(stat, line)) {
        // Fields after the command name (which may hold spaces, so start after its ')').
        std::istringstream fields(line.substr(line.rfind(')') + 2));
        std::string field;
        long long utime = 0, stime = 0;
        for (int index = 3; fields >> field; ++index) {
            if (index == 14) utime = std::stoll(field);
            if (index == 15) {
                stime = std::stoll(field);
                break;
            }
        }
        usage.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) usage.rss_kib = std::stoll(line.substr(6));
        if (line.rfind("VmHWM:", 0) == 0) usage.peak_rss_kib = std::stoll(line.substr(6));
    }
    return usage;
}

ServerProcess::ServerProcess(const std::vector<std::string>& argv, const std::string& log_path,
                             std::chrono::seconds startup) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        const int log = open(log_path.empty() ? "/dev/null" : log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) dup2(log, STDERR_FILENO);
        std::vector<char*> args;
        for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    std::string printed;
    const auto deadline = std::chrono::steady_clock::now() + startup;
    while (port_ == 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd ready{out[0], POLLIN, 0};
        if (left.count() <= 0 || poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
        char chunk[256];
        const auto got = read(out[0], chunk, sizeof chunk);
        if (got <= 0) break;
        printed.append(chunk, static_cast<std::size_t>(got));
        const auto at = printed.find("listening on http://");
        const auto end = printed.find('\n', at == std::string::npos ? 0 : at);
        if (at != std::string::npos && end != std::string::npos) {
            const auto line = printed.substr(at, end - at);
            const auto colon = line.rfind(':');
            port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
        }
    }
    close(out[0]);   // the server prints nothing else on stdout
    if (port_ == 0) {
        stop(std::chrono::milliseconds(1000));
        throw std::runtime_error(argv[0] + " did not say where it listens (see its log " +
                                 (log_path.empty() ? std::string("/dev/null") : log_path) + ")");
    }
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) stop();
}

ProcessUsage ServerProcess::usage() const { return read_process_usage(pid_); }

int ServerProcess::stop(std::chrono::milliseconds grace) {
    if (pid_ <= 0) return 0;
    kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));   // a tool, not a test: polling a child is fine
    }
    pid_ = -1;
    return status;
}

}  // namespace mi::load
