// Counters and histograms for GET /metrics (Prometheus text exposition format 0.0.4).
// Thread-safe: I/O threads and the interview thread update it concurrently.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace mi::server {

// A latency histogram with fixed bucket bounds in seconds.
class LatencyHistogram {
public:
    static constexpr std::array<double, 12> bucket_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                          0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
    void observe(std::chrono::nanoseconds latency);
    // Appends HELP, TYPE, buckets, sum and count for `name`.
    void render(std::string& out, std::string_view name, std::string_view help) const;

private:
    std::array<std::atomic<std::uint64_t>, bucket_bounds.size()> buckets_{};
    std::atomic<std::uint64_t> count_{0};
    std::atomic<std::uint64_t> sum_nanoseconds_{0};
};

class Metrics {
public:
    void connection_opened() { ++open_connections_; }
    void connection_closed() { --open_connections_; }
    void set_active_interviews(std::int64_t count) { active_interviews_ = count; }
    void interview_created() { ++interviews_created_; }
    void answer_scored(std::chrono::nanoseconds scoring_latency);
    // From the answer frame's arrival to the last of its feedback frames being queued.
    void feedback_delivered(std::chrono::nanoseconds feedback_latency) { feedback_latency_.observe(feedback_latency); }
    // A practical task's check or Run, from asking a check thread to its result.
    void check_ran(std::chrono::nanoseconds duration);
    // `kind` is a protocol error code or an internal failure name ("store_failure", ...).
    void count_error(std::string_view kind);

    [[nodiscard]] std::int64_t open_connections() const { return open_connections_; }
    [[nodiscard]] std::string render_prometheus() const;

private:
    std::atomic<std::int64_t> open_connections_{0};
    std::atomic<std::int64_t> active_interviews_{0};
    std::atomic<std::uint64_t> interviews_created_{0};
    std::atomic<std::uint64_t> answers_scored_{0};
    LatencyHistogram scoring_latency_;
    LatencyHistogram feedback_latency_;
    std::atomic<std::uint64_t> checks_run_{0};
    LatencyHistogram check_latency_;
    mutable std::mutex errors_mutex_;
    std::map<std::string, std::uint64_t, std::less<>> errors_by_kind_;
};

}  // namespace mi::server
