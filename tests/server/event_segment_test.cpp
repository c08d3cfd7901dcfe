// The stored form of the event log (server/event_segment.hpp) and the search snippet cut from
// an answer read back from it (server/coach/answer_snippet.hpp): pure, no database.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "server/coach/answer_snippet.hpp"
#include "server/coach/coach_rules.hpp"
#include "server/event_segment.hpp"

using namespace mi::server;

namespace {

// One event of every type the engine writes, in the shapes it writes them, and a few no engine
// writes (the store never looks inside a payload).
constexpr char nul_inside[] = "nul \0 inside, and \xff bytes";

std::vector<EventRecord> sample_events(std::int64_t first_seq) {
    const std::vector<std::pair<std::string, std::string>> typed = {
        {"interview_started", R"({"at_ms":1796181804025,"greeting":"Welcome","plan":{"seed":42},"seq":1,"type":"interview_started"})"},
        {"stage_started", R"({"at_ms":1,"participants":["HR Manager","Recruiter"],"stage_id":"hr","type":"stage_started"})"},
        {"question_asked", R"({"item_id":"why-backend","kind":"main","text":"Why do you want to work as a backend developer?"})"},
        {"answer_received", R"({"text":"We cut Redis latency \"a lot\" \\ café 日本 🙂\nnext line","type":"answer_received"})"},
        {"feedback", R"({"confidence":0.8500000000000001,"detail":"","evidence":[{"begin":1209,"end":1213,"message":0,"term":"grpc"}],"section":""})"},
        {"answer_scored", R"({"breakdown":{"total":53},"feedback":{"tip":"To cover \"Projects\""},"score":53})"},
        {"follow_up", R"({"follow_up_id":"fu","targets":["a","b"],"text":"What was your biggest challenge?"})"},
        {"task_checked", R"({"passed":3,"total":4})"},
        {"stage_completed", R"({"stage_id":"hr"})"},
        {"report", R"({"type":"report"})"},
        {"", ""},
        {"a \"typed\" {name}", std::string(nul_inside, sizeof nul_inside - 1)},
        {"large", std::string(100000, 'x')},
    };
    std::vector<EventRecord> events;
    std::int64_t at = 1796181804025;
    for (const auto& [type, payload] : typed) {
        // Times go back as well as forward (a clock set back) and repeat.
        at += events.size() % 3 == 0 ? -7 : 40;
        events.push_back(EventRecord{first_seq + static_cast<std::int64_t>(events.size()), type, payload, at});
    }
    return events;
}

void check_same(const std::vector<EventRecord>& read, const std::vector<EventRecord>& written) {
    REQUIRE(read.size() == written.size());
    for (std::size_t index = 0; index < read.size(); ++index) {
        INFO("event " << index << " (" << written[index].type << ")");
        CHECK(read[index].seq == written[index].seq);
        CHECK(read[index].type == written[index].type);
        CHECK(read[index].payload_json == written[index].payload_json);
        CHECK(read[index].recorded_at_ms == written[index].recorded_at_ms);
    }
}

}  // namespace

TEST_CASE("an event segment gives back every event byte for byte, with its seq and time", "[store][segment]") {
    const auto events = sample_events(41);
    const auto segment = encode_event_segment(events);
    CHECK(static_cast<unsigned char>(segment.front()) == event_segment_zstd);
    check_same(decode_event_segment(segment, "i1", 41, 41 + static_cast<std::int64_t>(events.size()) - 1), events);
    // Repetitive text is stored once: the 100,000 x's take a few hundred bytes.
    CHECK(segment.size() < 2000);
}

TEST_CASE("segments written as raw deflate before 2026-12-04 still read back", "[store][segment]") {
    // Format 1 as the zlib encoder wrote it (level 4, a 2^9 window): three events, the third 6 ms later.
    constexpr char written[] =
        "\x01\xe3\x4f\xcc\x2b\x2e\x4f\x2d\x8a\x2f\x4a\x4d\x4e\xcd\x2c\x4b\x4d\x71\xa9\x56\x2a\x49\xad\x28"
        "\x51\xb2\x52\x0a\x4f\x55\x48\x2e\x2d\x51\x28\xb0\xb4\x54\x48\x2b\xca\xcf\x55\xb0\x34\x30\x50\xc8"
        "\x2d\x56\x28\xc9\x57\x30\x02\xb3\x94\x74\x94\x4a\x2a\x0b\x52\x81\x2a\xd1\x8c\x50\xaa\xfd\xd4\xbf"
        "\xeb\xcc\xb1\x0c\x8e\xb4\xd4\xd4\x94\xa4\xc4\xe4\x6c\xa5\x6a\xa5\x82\xfc\xe2\xcc\x12\xa0\xa4\x92"
        "\x55\x49\x51\x69\xaa\x0e\xcc\x0e\xe7\xc4\xe4\x8c\xcc\xbc\x74\xa5\x5a\x06\x5e\xa8\x21\xc5\xc9\xf9"
        "\x45\xa9\x29\x3c\xd5\x4a\x60\x86\x92\x95\xb9\x51\x2d\x0f\x00";
    const std::string segment(written, sizeof written - 1);
    REQUIRE(static_cast<unsigned char>(segment.front()) == event_segment_deflate);
    const std::vector<EventRecord> events = {
        EventRecord{7, "answer_received", R"({"text":"We cut p99 from 900 ms to 200 ms","type":"answer_received"})",
                    1796181804025},
        EventRecord{8, "feedback", R"({"positive":true,"text":"Caching"})", 1796181804025},
        EventRecord{9, "answer_scored", R"({"score":72})", 1796181804031},
    };
    check_same(decode_event_segment(segment, "i1", 7, 9), events);
    CHECK_THROWS_WITH(decode_event_segment(segment.substr(0, 60), "i1", 7, 9), Catch::Contains("cut short or corrupt"));
}

TEST_CASE("a segment of one event, and one of an empty event, read back", "[store][segment]") {
    const std::vector<EventRecord> one = {EventRecord{1, "", "", 0}};
    check_same(decode_event_segment(encode_event_segment(one), "i1", 1, 1), one);
}

TEST_CASE("segments of every size read back, plain or compressed fast or small", "[store][segment]") {
    // Around each window size the compressor picks (2^9 to 2^15 bytes) and past the largest.
    for (const std::size_t size : {0UL, 1UL, 511UL, 512UL, 513UL, 4095UL, 4097UL, 8200UL, 32767UL, 32769UL, 70000UL}) {
        std::string payload;
        for (std::size_t index = 0; payload.size() < size; ++index) payload += std::to_string(index * 7919 % 1000) + ",";
        payload.resize(size);
        const std::vector<EventRecord> events = {EventRecord{5, "answer_received", payload, 10}, EventRecord{6, "t", "{}", 12}};
        INFO("payload of " << size << " bytes");
        const auto plain = encode_event_segment(events, SegmentCompression::none);
        const auto fast = encode_event_segment(events, SegmentCompression::fast);
        const auto small = encode_event_segment(events, SegmentCompression::small);
        check_same(decode_event_segment(plain, "i1", 5, 6), events);
        check_same(decode_event_segment(fast, "i1", 5, 6), events);
        check_same(decode_event_segment(small, "i1", 5, 6), events);
        CHECK(static_cast<unsigned char>(plain.front()) == event_segment_plain);
        CHECK(plain.size() > size);
        if (size > 4000) CHECK(fast.size() < size / 2);   // digits and commas: compressible
    }
}

TEST_CASE("times at the ends of their range read back, one after the other", "[store][segment]") {
    // Differences between neighbours overflow 64 bits here (fuzz_event_segment found the undefined
    // arithmetic on a damaged segment): they wrap, and read back as written.
    constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
    constexpr auto highest = std::numeric_limits<std::int64_t>::max();
    const std::vector<EventRecord> events = {EventRecord{1, "a", "{}", highest}, EventRecord{2, "b", "{}", lowest},
                                             EventRecord{3, "c", "{}", highest}, EventRecord{4, "d", "{}", -1},
                                             EventRecord{5, "e", "{}", lowest}};
    for (const auto compression : {SegmentCompression::none, SegmentCompression::fast, SegmentCompression::small}) {
        check_same(decode_event_segment(encode_event_segment(events, compression), "i1", 1, 5), events);
    }
}

TEST_CASE("a segment whose events are not consecutive is refused when written", "[store][segment]") {
    std::vector<EventRecord> events = sample_events(1);
    events[3].seq = 9;
    CHECK_THROWS_WITH(encode_event_segment(events), Catch::Contains("seq 9 follows 3"));
}

TEST_CASE("a stored segment that is damaged is refused naming the interview and its events", "[store][segment]") {
    const auto events = sample_events(1);
    const auto segment = encode_event_segment(events);
    const auto last = static_cast<std::int64_t>(events.size());
    const auto refused = [&](const std::string& bytes, std::int64_t first, std::int64_t to, const std::string& reason) {
        INFO(reason);
        CHECK_THROWS_AS(decode_event_segment(bytes, "i7", first, to), StoreError);
        CHECK_THROWS_WITH(decode_event_segment(bytes, "i7", first, to),
                          Catch::Contains("interview i7, events " + std::to_string(first) + " to " + std::to_string(to)) &&
                              Catch::Contains(reason));
    };
    refused("", 1, last, "empty");
    refused(std::string(1, '\x07') + segment.substr(1), 1, last, "format 7");
    refused(segment.substr(0, segment.size() / 2), 1, last, "cut short or corrupt");
    refused(segment + "trailing", 1, last, "bytes follow");
    refused(segment, 1, last + 1, "holds " + std::to_string(last) + " events");
    refused(segment, 1, last - 1, "holds " + std::to_string(last) + " events");
    std::string flipped = segment;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
    CHECK_THROWS_AS(decode_event_segment(flipped, "i7", 1, last), StoreError);
    // The frame's checksum catches a change that still decodes.
    for (std::size_t at = 20; at + 4 < segment.size(); at += segment.size() / 7) {
        std::string changed = segment;
        changed[at] = static_cast<char>(changed[at] ^ 0x01);
        INFO("bit flipped at byte " << at);
        CHECK_THROWS_AS(decode_event_segment(changed, "i7", 1, last), StoreError);
    }
    // A frame header claiming more than any interview holds is refused before anything is allocated,
    // and a frame without its size (never written) is refused too.
    const std::string magic = "\x03\x28\xb5\x2f\xfd";
    refused(magic + std::string("\xe0\x00\x00\x00\x00\x00\x01\x00\x00", 9), 1, last, "says it holds 1099511627776 bytes");
    refused(magic + std::string("\x00\x00", 2), 1, last, "does not say its size");

    const auto plain = encode_event_segment(events, SegmentCompression::none);
    refused(plain.substr(0, plain.size() / 2), 1, last, "not readable");
    refused(plain + "x", 1, last, "not readable");
    refused(plain, 1, last + 1, "holds " + std::to_string(last) + " events");
}

TEST_CASE("the search indexes an answer's text and nothing else", "[store][segment]") {
    CHECK(searchable_answer_text("answer_received", R"({"text":"caf\u00e9 \"quoted\"","type":"answer_received"})") ==
          std::optional<std::string>("café \"quoted\""));
    CHECK_FALSE(searchable_answer_text("question_asked", R"({"text":"a question"})"));
    CHECK_FALSE(searchable_answer_text("answer_received", R"({"type":"answer_received"})"));
    CHECK_FALSE(searchable_answer_text("answer_received", R"({"text":42})"));
    CHECK_FALSE(searchable_answer_text("answer_received", "not json"));
    CHECK_FALSE(searchable_answer_text("answer_received", ""));
}

TEST_CASE("bytea hex text carries any bytes and refuses what is not hex", "[store][segment]") {
    const std::string bytes("\x00\x01\xfe\xff text", 9);
    CHECK(bytea_hex_literal(bytes) == "\\x0001feff2074657874");
    CHECK(bytes_of_bytea_hex(bytea_hex_literal(bytes)) == bytes);
    CHECK(bytes_of_bytea_hex("\\xABcd") == "\xab\xcd");
    CHECK_THROWS_WITH(bytes_of_bytea_hex("0001"), Catch::Contains("not in hex form"));
    CHECK_THROWS_WITH(bytes_of_bytea_hex("\\x0"), Catch::Contains("not in hex form"));
    CHECK_THROWS_WITH(bytes_of_bytea_hex("\\xzz"), Catch::Contains("not a hex digit"));
}

TEST_CASE("a search snippet is about twelve words around the words searched for", "[coach][search]") {
    using mi::server::coach::answer_snippet;
    using mi::server::coach::fts_phrase_query;
    const std::string answer =
        "At my last job we had many services and one of them was slow, so we looked at it closely. "
        "We cut Redis latency by caching hot keys in memory, which took p99 from 80 ms to 9 ms. "
        "After that we moved on to the database and its indexes.";
    const auto snippet = answer_snippet(answer, fts_phrase_query("REDIS latency"));
    CHECK_THAT(snippet, Catch::Contains("Redis latency"));
    CHECK_THAT(snippet, Catch::StartsWith("…") && Catch::EndsWith("…"));
    const auto words = std::count(snippet.begin(), snippet.end(), ' ') + 1;
    CHECK(words == 12);
    // No match (a word the index stems or folds differently): the answer's start.
    CHECK_THAT(answer_snippet(answer, fts_phrase_query("zanzibar")), Catch::StartsWith("At my last job") &&
                                                                        Catch::EndsWith("…"));
    // A short answer is given whole, and an answer without words gives nothing.
    CHECK(answer_snippet("Redis was slow.", fts_phrase_query("redis")) == "Redis was slow");
    CHECK(answer_snippet("?!", fts_phrase_query("redis")).empty());
    CHECK(mi::server::coach::words_of_phrase_query(fts_phrase_query("redis, LATENCY")) == "redis LATENCY ");
}
