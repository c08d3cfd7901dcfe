// Runs the built mock-interviewer the way a user does, capturing what it prints and its exit code.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace mi::test {

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout, plus stderr when the command line redirects it
};

// `shell_command` goes to /bin/sh as is; quote paths in it.
inline CommandResult run_command(const std::string& shell_command) {
    CommandResult result;
    FILE* pipe = popen(shell_command.c_str(), "r");
    if (pipe == nullptr) return result;
    char buffer[4096];
    while (auto count = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, count);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string quoted_path(const std::string& path) { return "'" + path + "'"; }

// `mock-interviewer ARGS`, with MI_CONTENT_DIR unset so the tests do not depend on the caller's environment.
inline CommandResult run_mock_interviewer(const std::string& arguments, bool with_stderr = true) {
    return run_command("env -u MI_CONTENT_DIR " + quoted_path(MI_BINARY) + " " + arguments +
                       (with_stderr ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace mi::test
