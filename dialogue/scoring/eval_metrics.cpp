#include "dialogue/scoring/eval_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mi::dialogue {

std::string normalize_label(std::string_view text) {
    std::string normalized;
    normalized.reserve(text.size());
    for (char ch : text) {
        if (ch >= 'A' && ch <= 'Z') normalized.push_back(static_cast<char>(ch - 'A' + 'a'));
        else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) normalized.push_back(ch);
    }
    return normalized;
}

void DecisionCounts::add(bool expected, bool predicted) {
    if (expected && predicted) ++true_positives;
    else if (predicted) ++false_positives;
    else if (expected) ++false_negatives;
}

double DecisionCounts::precision() const {
    const std::size_t predicted = true_positives + false_positives;
    return predicted == 0 ? 0.0 : static_cast<double>(true_positives) / static_cast<double>(predicted);
}

double DecisionCounts::recall() const {
    const std::size_t expected = true_positives + false_negatives;
    return expected == 0 ? 0.0 : static_cast<double>(true_positives) / static_cast<double>(expected);
}

double DecisionCounts::f1() const {
    const double p = precision();
    const double r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

std::vector<double> average_ranks(std::span<const double> values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start;
        while (end + 1 < order.size() && values[order[end + 1]] == values[order[start]]) ++end;
        const double rank = (static_cast<double>(start) + static_cast<double>(end)) / 2.0 + 1.0;
        for (std::size_t k = start; k <= end; ++k) ranks[order[k]] = rank;
        start = end + 1;
    }
    return ranks;
}

double spearman(std::span<const double> first, std::span<const double> second) {
    if (first.size() != second.size()) throw std::invalid_argument("spearman: the two series differ in length");
    if (first.size() < 2) return 0.0;
    const std::vector<double> a = average_ranks(first);
    const std::vector<double> b = average_ranks(second);
    const double n = static_cast<double>(a.size());
    const double mean = (n + 1.0) / 2.0;
    double covariance = 0.0, variance_a = 0.0, variance_b = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        covariance += (a[i] - mean) * (b[i] - mean);
        variance_a += (a[i] - mean) * (a[i] - mean);
        variance_b += (b[i] - mean) * (b[i] - mean);
    }
    if (variance_a == 0.0 || variance_b == 0.0) return 0.0;
    return covariance / std::sqrt(variance_a * variance_b);
}

}  // namespace mi::dialogue
