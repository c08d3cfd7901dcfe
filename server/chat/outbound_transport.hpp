// One outbound HTTP request to a chat platform or the webhook callback, behind an interface so
// the delivery loop is tested with a fake and runs with cpp-httplib (http_transport.cpp).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server/chat/delivery_policy.hpp"

namespace mi::server::chat {

struct OutboundRequest {
    std::string url;                    // may hold a credential (Telegram's bot token): never logged
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                   // JSON
};

class OutboundTransport {
public:
    virtual ~OutboundTransport() = default;
    // POSTs the request and waits for the answer (or the timeout). Never throws.
    virtual AttemptResult post(const OutboundRequest& request) = 0;
};

// cpp-httplib, a new connection per request (http:// and https://), each request within `timeout`.
[[nodiscard]] std::unique_ptr<OutboundTransport> make_http_transport(std::chrono::milliseconds timeout);

}  // namespace mi::server::chat
