// Any bytes as a WebSocket text frame: parse_client_message must return a message or an error
// naming the problem, never throw or crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const mi::server::ServerLimits limits{};
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    const auto parsed = mi::server::protocol::parse_client_message(frame, limits);
    if (const auto* error = std::get_if<mi::server::protocol::Error>(&parsed)) {
        if (error->message.empty()) __builtin_trap();   // every refusal says why
    }
    return 0;
}
