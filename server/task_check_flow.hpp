// Internal to the Beast translation units (like server_context.hpp, which it needs): how a
// candidate's message to a practical task that runs gets its check before the service scores it.
// One place for every front end that hands answers to the service over the interview thread
// (the WebSocket session and the chat webhooks); each asks the service first whether a message
// is a submission (InterviewService::task_submission) and, when it is, runs it here.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <spdlog/spdlog.h>

#include "server/server_context.hpp"

namespace mi::server::detail {

// Runs a submission on a check thread and returns the result, to pass to handle_message; nullopt
// when the check failed on the server (logged and counted: the answer is then scored in words,
// rather than refused). `who` names the front end in the log ("interview ... connection ...").
inline net::awaitable<std::optional<dialogue::TaskCheckResult>> run_check(ServerContext& context,
                                                                          const dialogue::TaskSubmission& submission,
                                                                          std::string who) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<dialogue::TaskCheckResult> check;
    try {
        check = co_await on_check_thread(context, [&context, &submission] { return context.checkers->check(submission); });
    } catch (const std::exception& failure) {
        context.metrics.count_error("check_failure");
        spdlog::error("{}: the check of {} failed: {}", who, submission.task_id, failure.what());
        co_return std::nullopt;
    }
    const auto took = std::chrono::steady_clock::now() - started;
    context.metrics.check_ran(took);
    if (check) {
        spdlog::info("{}: {} checked ({}) in {} ms", who, submission.task_id, dialogue::to_string(check->outcome),
                     std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
    }
    co_return check;
}

}  // namespace mi::server::detail
