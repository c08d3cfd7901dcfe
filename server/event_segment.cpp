#include "server/event_segment.hpp"

#include <array>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <zlib.h>
#include <zstd.h>

namespace mi::server {

namespace {

// Events before compression: for each, its type and payload (a varint byte count, then the
// bytes) and its time as a zigzag varint of the difference to the event before (the first one's
// to 0). Seqs are not stored: a segment's events are first_seq, first_seq + 1, ...
void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void put_bytes(std::string& out, std::string_view bytes) {
    put_varint(out, bytes.size());
    out.append(bytes);
}

std::uint64_t zigzag(std::int64_t value) {
    return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}

std::int64_t unzigzag(std::uint64_t value) {
    return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
}

// A time's difference to the one before, and back, wrapping modulo 2^64 as two's complement does:
// a damaged segment can hold any delta, and signed overflow would be undefined (fuzz_event_segment
// found it). For times that do not overflow, these are plain subtraction and addition.
std::int64_t wrapping_difference(std::int64_t to, std::int64_t from) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from));
}

std::int64_t wrapping_sum(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

// Reads the uncompressed layout; every failure says what was expected.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    [[nodiscard]] bool done() const { return position_ == bytes_.size(); }
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (done()) throw std::runtime_error("it ends inside a number");
            const auto byte = static_cast<unsigned char>(bytes_[position_++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if ((byte & 0x80) == 0) return value;
        }
        throw std::runtime_error("a number is longer than 64 bits");
    }
    std::string bytes() {
        const auto size = varint();
        if (size > bytes_.size() - position_) throw std::runtime_error("a text runs past its end");
        std::string text(bytes_.substr(position_, size));
        position_ += size;
        return text;
    }

private:
    std::string_view bytes_;
    std::size_t position_ = 0;
};

// Zstandard levels: see SegmentCompression. Level 1 for segments that are replaced at the finish,
// level 3 (zstd's default) for the merged one that stays.
constexpr int appended_segment_level = 1;
constexpr int merged_segment_level = 3;
// A frame that says it holds more than this is refused before anything is allocated: a corrupt
// header could claim exabytes. Far above any interview's events (a 30-answer one has ~100 KB; the
// limits on message size and count keep the longest under a few MB).
constexpr unsigned long long largest_segment_content = 256ULL << 20;

std::string zstd_compress(std::string_view input, SegmentCompression compression) {
    const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    if (!context) throw StoreError("cannot start compressing events (out of memory)");
    const int level = compression == SegmentCompression::fast ? appended_segment_level : merged_segment_level;
    // The checksum lets a read tell a damaged segment from one that only decodes to other bytes.
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(context.get(), ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(input.size()), '\0');
    const auto written = ZSTD_compress2(context.get(), out.data(), out.size(), input.data(), input.size());
    if (ZSTD_isError(written) != 0) {
        throw StoreError(std::string("compressing events failed (") + ZSTD_getErrorName(written) + ")");
    }
    out.resize(written);
    return out;
}

std::string zstd_decompress(std::string_view input) {
    const auto declared = ZSTD_getFrameContentSize(input.data(), input.size());
    if (declared == ZSTD_CONTENTSIZE_ERROR) throw std::runtime_error("the compressed stream is cut short or corrupt");
    if (declared == ZSTD_CONTENTSIZE_UNKNOWN) throw std::runtime_error("the compressed stream does not say its size");
    if (declared > largest_segment_content) {
        throw std::runtime_error("the compressed stream says it holds " + std::to_string(declared) + " bytes");
    }
    const auto frame = ZSTD_findFrameCompressedSize(input.data(), input.size());
    if (ZSTD_isError(frame) != 0) throw std::runtime_error("the compressed stream is cut short or corrupt");
    if (frame < input.size()) throw std::runtime_error("bytes follow the compressed stream");
    std::string out(static_cast<std::size_t>(declared), '\0');
    const auto produced = ZSTD_decompress(out.data(), out.size(), input.data(), input.size());
    if (ZSTD_isError(produced) != 0 || produced != out.size()) {
        throw std::runtime_error("the compressed stream is cut short or corrupt");
    }
    return out;
}

// Segments of format 1: raw deflate (no zlib header or checksum), any window up to 2^15.
std::string inflate_raw(std::string_view input) {
    z_stream stream{};
    if (inflateInit2(&stream, -15) != Z_OK) throw std::runtime_error("cannot start decompressing (out of memory)");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    std::string out;
    std::array<char, 16384> chunk{};
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(chunk.size());
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(chunk.data(), chunk.size() - stream.avail_out);
        if (result == Z_BUF_ERROR && stream.avail_in == 0) break;    // input ended before the stream did
    }
    const bool whole = result == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!whole) {
        throw std::runtime_error(result == Z_STREAM_END ? "bytes follow the compressed stream"
                                                        : "the compressed stream is cut short or corrupt");
    }
    return out;
}

}  // namespace

std::vector<EventRecord> numbered_events(const std::vector<NewEvent>& events, std::int64_t after_seq,
                                         std::int64_t now_ms) {
    std::vector<EventRecord> records;
    records.reserve(events.size());
    for (const auto& event : events) {
        records.push_back(EventRecord{++after_seq, event.type, event.payload_json, now_ms, event.search_text});
    }
    return records;
}

std::string encode_event_segment(const std::vector<EventRecord>& events, SegmentCompression compression) {
    // The tag first, so a plain segment is this very string.
    std::string plain(1, static_cast<char>(event_segment_plain));
    std::int64_t previous_ms = 0;
    for (std::size_t index = 0; index < events.size(); ++index) {
        const auto& event = events[index];
        if (index > 0 && event.seq != events[index - 1].seq + 1) {
            throw std::invalid_argument("an event segment holds consecutive events; seq " + std::to_string(event.seq) +
                                        " follows " + std::to_string(events[index - 1].seq));
        }
        put_bytes(plain, event.type);
        put_bytes(plain, event.payload_json);
        put_varint(plain, zigzag(wrapping_difference(event.recorded_at_ms, previous_ms)));
        previous_ms = event.recorded_at_ms;
    }
    if (compression == SegmentCompression::none) return plain;
    std::string segment(1, static_cast<char>(event_segment_zstd));
    segment += zstd_compress(std::string_view(plain).substr(1), compression);
    return segment;
}

std::vector<EventRecord> decode_event_segment(std::string_view bytes, std::string_view interview_id,
                                              std::int64_t first_seq, std::int64_t last_seq) {
    const auto where = [&] {
        return "interview " + std::string(interview_id) + ", events " + std::to_string(first_seq) + " to " +
               std::to_string(last_seq);
    };
    if (bytes.empty()) throw StoreError(where() + ": the stored segment is empty");
    const auto tag = static_cast<unsigned char>(bytes.front());
    if (tag != event_segment_deflate && tag != event_segment_plain && tag != event_segment_zstd) {
        throw StoreError(where() + ": the stored segment has format " + std::to_string(tag) +
                         ", which this build does not know; run a newer mock-interviewer");
    }
    std::vector<EventRecord> events;
    try {
        const auto plain = tag == event_segment_plain ? std::string()
                           : tag == event_segment_zstd ? zstd_decompress(bytes.substr(1))
                                                       : inflate_raw(bytes.substr(1));
        Reader reader(tag == event_segment_plain ? bytes.substr(1) : std::string_view(plain));
        std::int64_t previous_ms = 0;
        for (std::int64_t seq = first_seq; !reader.done(); ++seq) {
            EventRecord event;
            event.seq = seq;
            event.type = reader.bytes();
            event.payload_json = reader.bytes();
            event.recorded_at_ms = wrapping_sum(previous_ms, unzigzag(reader.varint()));
            previous_ms = event.recorded_at_ms;
            events.push_back(std::move(event));
        }
    } catch (const std::runtime_error& failure) {
        throw StoreError(where() + ": the stored segment is not readable (" + failure.what() + ")");
    }
    if (static_cast<std::int64_t>(events.size()) != last_seq - first_seq + 1) {
        throw StoreError(where() + ": the stored segment holds " + std::to_string(events.size()) + " events");
    }
    return events;
}

std::optional<std::string> searchable_answer_text(std::string_view type, std::string_view payload_json) {
    if (type != "answer_received") return std::nullopt;
    const auto payload = nlohmann::json::parse(payload_json, nullptr, false);
    if (!payload.is_object()) return std::nullopt;
    const auto text = payload.find("text");
    if (text == payload.end() || !text->is_string()) return std::nullopt;
    return text->get<std::string>();
}

std::string bytea_hex_literal(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string literal = "\\x";
    literal.reserve(2 + bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        literal.push_back(digits[byte >> 4]);
        literal.push_back(digits[byte & 0x0f]);
    }
    return literal;
}

std::string bytes_of_bytea_hex(std::string_view literal) {
    const auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (literal.size() < 2 || literal[0] != '\\' || literal[1] != 'x' || literal.size() % 2 != 0) {
        throw StoreError("a bytea value is not in hex form ('\\x' and pairs of hex digits)");
    }
    std::string bytes;
    bytes.reserve((literal.size() - 2) / 2);
    for (std::size_t index = 2; index < literal.size(); index += 2) {
        const int high = value(literal[index]);
        const int low = value(literal[index + 1]);
        if (high < 0 || low < 0) throw StoreError("a bytea value has a character that is not a hex digit");
        bytes.push_back(static_cast<char>(high * 16 + low));
    }
    return bytes;
}

}  // namespace mi::server
