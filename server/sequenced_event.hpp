// A stored event with its number: the event is the engine's JSON, exactly as stored. Shared by
// the service (which reads them) and the protocol and REST views (which send them).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace mi::server {

struct SequencedEvent {
    std::int64_t seq = 0;
    nlohmann::json event;
};

}  // namespace mi::server
