// Pure metrics for `mock-interviewer eval` (docs: shared eval-corpus.md): micro-averaged
// precision / recall / F1 over yes/no decisions, Spearman rank correlation with averaged ties,
// and the label normalisation used to match corpus texts to content texts.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mi::dialogue {

// Lower-cases ASCII letters and drops every character that is not an ASCII letter or digit:
// "Understanding the backend role's impact" -> "understandingthebackendrolesimpact".
[[nodiscard]] std::string normalize_label(std::string_view text);

struct DecisionCounts {
    std::size_t true_positives = 0;
    std::size_t false_positives = 0;
    std::size_t false_negatives = 0;

    void add(bool expected, bool predicted);
    // 0 when undefined (no positive predictions / no positive labels).
    [[nodiscard]] double precision() const;
    [[nodiscard]] double recall() const;
    [[nodiscard]] double f1() const;
};

// Ranks 1..n, tied values sharing the mean of the ranks they span.
[[nodiscard]] std::vector<double> average_ranks(std::span<const double> values);

// Spearman's rho: Pearson correlation of the average ranks. 0 when either side is constant or
// there are fewer than two pairs. Throws std::invalid_argument when the sizes differ.
[[nodiscard]] double spearman(std::span<const double> first, std::span<const double> second);

}  // namespace mi::dialogue
