// When an outbound chat message goes, and what a platform's answer means: exponential backoff
// with jitter, Retry-After (header or Telegram's parameters.retry_after), which answers are
// worth retrying, and the pacing that keeps us under each platform's rate limits. Pure: the
// clock and the random generator are passed in, so tests fix both.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "server/chat/chat_inbound.hpp"

namespace mi::server::chat {

struct RetryPolicy {
    std::chrono::milliseconds base{1000};       // the first retry's delay
    std::chrono::milliseconds max{600'000};     // no delay grows past this
    int max_attempts = 10;                      // after this many failures the message is a dead letter
};

// The delay after `failed_attempts` failures (1 = the first): min(max, base * 2^(n-1)), of which
// half is kept and half drawn at random ("equal jitter"): many messages failing together come
// back spread out, yet none sooner than half its delay.
[[nodiscard]] std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts,
                                                      std::mt19937_64& random);

// A Retry-After header: delta-seconds ("3") or an HTTP date; nothing for anything else.
[[nodiscard]] std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view header,
                                                                        std::chrono::system_clock::time_point now);

// What came back from one attempt; status 0 means no HTTP answer at all (connection refused,
// timeout), with `transport_error` saying which.
struct AttemptResult {
    int status = 0;
    std::string body;
    std::string retry_after;                    // the Retry-After header, if any
    std::string transport_error;
};

enum class DeliveryOutcome { delivered, retry, give_up };

struct DeliveryVerdict {
    DeliveryOutcome outcome = DeliveryOutcome::retry;
    std::optional<std::chrono::milliseconds> wait_at_least;    // the platform said how long
    std::string reason;                         // for the outbox's last_error: never a secret
};

// 2xx is delivered, except Slack's {"ok": false}; 429, 408 and 5xx and transport failures are
// retried (Slack's ratelimited and its transient errors too); any other 4xx will fail the same
// way again, so it gives up at once.
[[nodiscard]] DeliveryVerdict judge_attempt(ChatPlatform platform, const AttemptResult& result,
                                            std::chrono::system_clock::time_point now);

// Spaces one platform's sends: at most `overall_per_second` in all and `per_conversation_per_second`
// to any one conversation (Telegram: about 30/s and 1/s per chat; Slack: about 1/s per channel).
class SendPacer {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    SendPacer(double overall_per_second, double per_conversation_per_second);

    // The earliest moment a message to `conversation` may go, no sooner than `now`.
    [[nodiscard]] TimePoint earliest(const std::string& conversation, TimePoint now) const;
    void record_send(const std::string& conversation, TimePoint at);

private:
    std::chrono::nanoseconds overall_gap_;
    std::chrono::nanoseconds conversation_gap_;
    std::optional<TimePoint> last_send_;
    std::map<std::string, TimePoint, std::less<>> last_send_to_;
};

}  // namespace mi::server::chat
