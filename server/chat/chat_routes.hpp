// The chat integrations' HTTP routes (docs/protocol.md, "Chat webhooks"): translate a request
// into a verified, parsed message for ChatService and its result into a response. Every refusal
// names what was wrong (never a secret) and is counted by outcome in /metrics.
//   POST /api/v1/webhooks/generic    signed JSON, the reply in the response (and to the callback)
//   POST /api/v1/webhooks/slack      Events API
//   POST /api/v1/webhooks/telegram   Bot API webhook
//   GET  /api/v1/reports/{id}?sig=   the transcript behind a signed report link
// Runs on the interview thread, like every ChatService call.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "server/api_routes.hpp"
#include "server/chat/chat_config.hpp"
#include "server/chat/chat_metrics.hpp"
#include "server/chat/chat_service.hpp"

namespace mi::server::chat {

// What the routes need, owned by the server runner.
struct ChatGateway {
    ChatService& service;
    InterviewService& interviews;
    const ChatConfig& config;
    ChatMetrics& metrics;
};

struct WebhookRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string, std::less<>> headers;   // names in lower case
    std::string body;
};

// `check`: the run of the message's submission to a practical task, made beforehand off the
// interview thread (chat_submission says what to run); nullopt when there was nothing to run.
[[nodiscard]] ApiResponse handle_chat_request(const WebhookRequest& request, ChatGateway& gateway,
                                              WallClock::time_point now,
                                              std::optional<dialogue::TaskCheckResult> check = std::nullopt);

// What to run before handle_chat_request: the submission, when the request is a valid message to
// a conversation whose interview awaits a practical task that runs. Records and counts nothing.
[[nodiscard]] std::optional<dialogue::TaskSubmission> chat_submission(const WebhookRequest& request, ChatGateway& gateway,
                                                                      WallClock::time_point now);

}  // namespace mi::server::chat
