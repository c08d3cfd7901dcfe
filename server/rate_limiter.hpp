// Per-connection message rate limit: a token bucket refilled at `per_second`, holding at most one
// second's worth, so short bursts (an answer right after a command) pass and floods do not.
// Time is passed in; nothing here reads a clock.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace mi::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(double per_second) : RateLimiter(per_second, std::max(1.0, per_second)) {}
    // A bucket holding `capacity` tokens (the largest burst), refilled at `per_second`.
    RateLimiter(double per_second, double capacity) : per_second_(per_second), capacity_(capacity), tokens_(capacity) {}

    // True when a message arriving at `now` is within the rate (and uses up its share).
    bool allow(Clock::time_point now) {
        if (last_ != Clock::time_point{}) {
            const std::chrono::duration<double> elapsed = now - last_;
            tokens_ = std::min(capacity_, tokens_ + elapsed.count() * per_second_);
        }
        last_ = now;
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    // After a refused message: how long until one would be allowed, in whole milliseconds (at least 1).
    // Whether the bucket is full at `now`: nothing would change if it were forgotten.
    [[nodiscard]] bool is_full(Clock::time_point now) const {
        const std::chrono::duration<double> elapsed = now - last_;
        return last_ == Clock::time_point{} || tokens_ + elapsed.count() * per_second_ >= capacity_;
    }

    [[nodiscard]] std::int64_t retry_after_ms(Clock::time_point now) const {
        std::chrono::duration<double> elapsed = now - last_;
        const double tokens = std::min(capacity_, tokens_ + elapsed.count() * per_second_);
        const double wait_seconds = tokens >= 1.0 ? 0.0 : (1.0 - tokens) / per_second_;
        return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_seconds * 1000.0)));
    }

private:
    double per_second_;
    double capacity_;
    double tokens_;
    Clock::time_point last_{};
};

}  // namespace mi::server
