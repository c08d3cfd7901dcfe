// A stored event with its number: the event is the engine's JSON, exactly as stored. Shared by
// the service (which reads them) and the protocol and REST views (which send them).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace mi::server {

struct SequencedEvent {
    std::int64_t seq = 0;
    nlohmann::json event;
    // The event as serialised text, when the producer has it (a message's new events: the text that
    // was stored); empty otherwise. Frames use it instead of serialising `event` again.
    std::string event_text = {};
};

}  // namespace mi::server
