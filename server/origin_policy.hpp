// Which pages may open the interview WebSocket (checked on the handshake's Origin header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mi::server {

// `origin` is the request's Origin header (empty when absent), `host` its Host header.
// With an empty allowlist only same-origin pages and clients without an Origin are allowed;
// otherwise the origin must be listed exactly (case-insensitive), or the list holds "*".
[[nodiscard]] bool is_origin_allowed(std::string_view origin, std::string_view host,
                                     const std::vector<std::string>& allowed_origins);

}  // namespace mi::server
