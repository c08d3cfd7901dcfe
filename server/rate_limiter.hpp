// Per-connection message rate limit: a token bucket refilled at `per_second`, holding at most one
// second's worth, so short bursts (an answer right after a command) pass and floods do not.
// Time is passed in; nothing here reads a clock.
#pragma once

#include <algorithm>
#include <chrono>

namespace mi::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit RateLimiter(double per_second) : per_second_(per_second), capacity_(std::max(1.0, per_second)), tokens_(capacity_) {}

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

private:
    double per_second_;
    double capacity_;
    double tokens_;
    Clock::time_point last_{};
};

}  // namespace mi::server
