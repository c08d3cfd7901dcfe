#include <catch2/catch.hpp>

#include <chrono>

#include "server/origin_policy.hpp"
#include "server/rate_limiter.hpp"
#include "server/server_config.hpp"

using namespace mi::server;
using namespace std::chrono_literals;

TEST_CASE("the default configuration is usable", "[server][config]") {
    const ServerConfig config;
    CHECK(validate(config).empty());
    CHECK(config.limits.max_message_bytes == 64 * 1024);
    CHECK(config.port == 8080);
    CHECK(config.database_path == "./data/mock-interviewer.db");
}

TEST_CASE("an unusable limit is reported with the flag that sets it", "[server][config]") {
    ServerConfig config;
    config.limits.max_queued_writes = 2;
    config.limits.max_messages_per_second = 0;
    config.limits.allowed_origins = {"example.com"};
    const auto problems = validate(config);
    REQUIRE(problems.size() == 3);
    CHECK_THAT(problems[0], Catch::Contains("--max-messages-per-second"));
    CHECK_THAT(problems[1], Catch::Contains("--max-queued-writes"));
    CHECK_THAT(problems[2], Catch::Contains("--allowed-origin 'example.com'"));
}

TEST_CASE("an answer limit larger than a message is refused", "[server][config]") {
    ServerConfig config;
    config.limits.max_message_bytes = 2048;
    config.limits.max_answer_chars = 4096;
    CHECK_THAT(validate(config).at(0), Catch::Contains("--max-answer-chars"));
}

TEST_CASE("with no allowlist only same-origin pages and origin-less clients may connect", "[server][origin]") {
    const std::vector<std::string> none;
    CHECK(is_origin_allowed("", "localhost:8080", none));
    CHECK(is_origin_allowed("http://localhost:8080", "localhost:8080", none));
    CHECK(is_origin_allowed("http://LOCALHOST:8080", "localhost:8080", none));
    CHECK_FALSE(is_origin_allowed("http://evil.example", "localhost:8080", none));
    CHECK_FALSE(is_origin_allowed("http://localhost:9999", "localhost:8080", none));
    CHECK_FALSE(is_origin_allowed("null", "localhost:8080", none));
}

TEST_CASE("an allowlist admits exactly its origins, or any with *", "[server][origin]") {
    const std::vector<std::string> listed{"https://interviews.example.com"};
    CHECK(is_origin_allowed("https://interviews.example.com", "10.0.0.5:8080", listed));
    CHECK_FALSE(is_origin_allowed("http://interviews.example.com", "10.0.0.5:8080", listed));
    CHECK_FALSE(is_origin_allowed("http://10.0.0.5:8080", "10.0.0.5:8080", listed));
    CHECK(is_origin_allowed("http://anything", "host", {"*"}));
}

TEST_CASE("the rate limiter passes a burst up to one second's worth, then refuses", "[server][rate]") {
    RateLimiter limiter(3.0);
    const auto start = RateLimiter::Clock::time_point{} + 100s;
    CHECK(limiter.allow(start));
    CHECK(limiter.allow(start));
    CHECK(limiter.allow(start));
    CHECK_FALSE(limiter.allow(start));
}

TEST_CASE("the rate limiter refills at the configured rate", "[server][rate]") {
    RateLimiter limiter(2.0);
    const auto start = RateLimiter::Clock::time_point{} + 100s;
    CHECK(limiter.allow(start));
    CHECK(limiter.allow(start));
    CHECK_FALSE(limiter.allow(start + 100ms));
    CHECK(limiter.allow(start + 600ms));    // 0.5 s refilled one token
    CHECK_FALSE(limiter.allow(start + 610ms));
}

TEST_CASE("after a refusal the rate limiter says how long until the next message may come", "[server][rate]") {
    RateLimiter limiter(5.0);
    const auto start = RateLimiter::Clock::time_point{} + 100s;
    for (int i = 0; i < 5; ++i) CHECK(limiter.allow(start));
    CHECK_FALSE(limiter.allow(start));
    CHECK(limiter.retry_after_ms(start) == 200);            // one token refills in 1/5 s
    CHECK(limiter.retry_after_ms(start + 150ms) == 50);
    CHECK_FALSE(limiter.allow(start + 150ms));
    CHECK(limiter.allow(start + 200ms));
}

TEST_CASE("a limit outside its range names the flag, the range and the value", "[server][config]") {
    ServerConfig config;
    config.limits.message_timeout = 10ms;
    const auto problems = validate(config);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "--message-timeout-ms must be 100 ms to 600 s, not 10 ms");
}

TEST_CASE("a rate limiter with its own burst size: a minute's worth at once, then one per refill", "[server][rate]") {
    RateLimiter limiter(2.0 / 60.0, 2.0);   // 2 per minute, bursts of 2
    const auto start = RateLimiter::Clock::time_point{} + 100s;
    CHECK(limiter.allow(start));
    CHECK(limiter.allow(start));
    CHECK_FALSE(limiter.allow(start));
    CHECK(limiter.retry_after_ms(start) == 30000);
    CHECK_FALSE(limiter.is_full(start + 30s));
    CHECK(limiter.allow(start + 30s));
    CHECK(limiter.is_full(start + 120s));
}
