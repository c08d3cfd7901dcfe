// A stored event with its number: the event is the engine's JSON, exactly as stored. Shared by
// the service (which reads them) and the protocol and REST views (which send them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mi::server {

struct SequencedEvent {
    std::int64_t seq = 0;
    // The event as a tree; null when only its text is at hand (a message's new events: the
    // WebSocket path sends the text and never needs the tree; see with_event_trees).
    nlohmann::json event;
    // The event as serialised text, when the producer has it (a message's new events: the text that
    // was stored); empty otherwise. Frames use it instead of serialising `event` again.
    std::string event_text = {};
};

// Gives every event that has only its text its tree, for the views that read the events' fields
// (chat replies, REST bodies).
inline void with_event_trees(std::vector<SequencedEvent>& events) {
    for (auto& entry : events) {
        if (entry.event.is_null() && !entry.event_text.empty()) entry.event = nlohmann::json::parse(entry.event_text);
    }
}

}  // namespace mi::server
