#include <catch2/catch.hpp>

#include "tools/load/frame_scan.hpp"
#include "tools/load/latency_stats.hpp"

using namespace mi::load;

TEST_CASE("the frame kind is the top-level type, wherever it stands among the keys", "[load]") {
    const auto event = scan_frame_kinds(
        R"({"event":{"at_ms":1,"evidence":[{"type":"x"}],"type":"feedback"},"seq":5,"type":"event","v":1})");
    CHECK(event.type == "event");
    CHECK(event.nested_type == "feedback");
    const auto first = scan_frame_kinds(R"({"type":"turn_complete","v":1,"state":{"status":"finished","type":"s"}})");
    CHECK(first.type == "turn_complete");
    CHECK(first.nested_type == "s");
}

TEST_CASE("strings holding quotes, braces and the word type do not mislead the scan", "[load]") {
    const auto kinds = scan_frame_kinds(R"({"message":"a \"type\":\"x\" {","list":["type","y"],"type":"error","v":1})");
    CHECK(kinds.type == "error");
    CHECK(kinds.nested_type.empty());
}

TEST_CASE("a frame cut short gives no kind", "[load]") {
    CHECK(scan_frame_kinds(R"({"type":"ack)").type.empty());
    CHECK(scan_frame_kinds("").type.empty());
}

TEST_CASE("percentiles are nearest-rank over the samples", "[load]") {
    LatencySamples samples;
    for (int ms = 1; ms <= 100; ++ms) samples.add(std::chrono::milliseconds(ms));
    const auto p = samples.percentiles();
    CHECK(p.count == 100);
    CHECK(p.p50_ms == Approx(50));
    CHECK(p.p95_ms == Approx(95));
    CHECK(p.p99_ms == Approx(99));
    CHECK(p.max_ms == Approx(100));
    CHECK(LatencySamples{}.percentiles().count == 0);
}

TEST_CASE("the spread of repeated runs is their median, lowest and highest", "[load]") {
    const auto odd = spread_of({3, 1, 2});
    CHECK(odd.median == 2);
    CHECK(odd.low == 1);
    CHECK(odd.high == 3);
    CHECK(spread_of({4, 1, 2, 3}).median == Approx(2.5));
}
