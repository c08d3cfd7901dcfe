// Any bytes as a stored event segment (server/event_segment.hpp), as a damaged or hostile
// database would hand them over: decode_event_segment either gives back events or throws
// StoreError, never anything else, and what it gives back survives being written again in every
// compression and read back, byte for byte.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "server/event_segment.hpp"

namespace {

bool same(const std::vector<mi::server::EventRecord>& a, const std::vector<mi::server::EventRecord>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t index = 0; index < a.size(); ++index) {
        if (a[index].seq != b[index].seq || a[index].type != b[index].type ||
            a[index].payload_json != b[index].payload_json || a[index].recorded_at_ms != b[index].recorded_at_ms) {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mi::server;
    if (size < 1) return 0;
    // The first byte picks how many events the segment is said to hold, the rest is the segment.
    const auto said = static_cast<std::int64_t>(data[0] % 16);
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<EventRecord> events;
    try {
        events = decode_event_segment(bytes, "fuzz", 10, 10 + said - 1);
    } catch (const StoreError&) {
        return 0;
    }
    if (events.empty()) return 0;
    for (const auto compression : {SegmentCompression::none, SegmentCompression::fast, SegmentCompression::small}) {
        const auto again = decode_event_segment(encode_event_segment(events, compression), "fuzz", 10, 10 + said - 1);
        if (!same(again, events)) __builtin_trap();
    }
    return 0;
}
