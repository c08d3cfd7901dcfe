// Latency samples and their percentiles, for the load generator's report. Pure.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <vector>

namespace mi::load {

struct Percentiles {
    double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;
    std::size_t count = 0;
};

class LatencySamples {
public:
    void add(std::chrono::nanoseconds latency) { samples_.push_back(latency.count()); }
    void merge(const LatencySamples& other) { samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end()); }
    [[nodiscard]] std::size_t size() const { return samples_.size(); }

    // Nearest-rank percentiles (the smallest sample with at least p % of samples at or below it).
    [[nodiscard]] Percentiles percentiles() const {
        Percentiles result;
        result.count = samples_.size();
        if (samples_.empty()) return result;
        auto sorted = samples_;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&sorted](double p) {
            const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
            return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1e6;
        };
        result.p50_ms = at(50);
        result.p95_ms = at(95);
        result.p99_ms = at(99);
        result.max_ms = static_cast<double>(sorted.back()) / 1e6;
        return result;
    }

private:
    std::vector<long long> samples_;   // nanoseconds
};

// The median of repeated measurements and their spread (smallest, largest).
struct Spread {
    double median = 0, low = 0, high = 0;
};

inline Spread spread_of(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return {median, values.front(), values.back()};
}

}  // namespace mi::load
