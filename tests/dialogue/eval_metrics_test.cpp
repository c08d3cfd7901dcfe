#include <catch2/catch.hpp>

#include <vector>

#include "dialogue/scoring/eval_metrics.hpp"

using namespace mi::dialogue;

TEST_CASE("labels match after lower-casing and dropping everything but ASCII letters and digits", "[eval_metrics]") {
    CHECK(normalize_label("Understanding the backend role’s impact") == normalize_label("understanding the backend roles impact"));
    CHECK(normalize_label("Balancing urgent vs. important tasks") == "balancingurgentvsimportanttasks");
    CHECK(normalize_label("Experience with Agile/Scrum methodology") == "experiencewithagilescrummethodology");
}

TEST_CASE("precision, recall and F1 are micro-averaged over decisions", "[eval_metrics]") {
    DecisionCounts counts;
    counts.add(true, true);
    counts.add(true, true);
    counts.add(false, true);
    counts.add(true, false);
    counts.add(false, false);
    CHECK(counts.true_positives == 2);
    CHECK(counts.false_positives == 1);
    CHECK(counts.false_negatives == 1);
    CHECK(counts.precision() == Approx(2.0 / 3.0));
    CHECK(counts.recall() == Approx(2.0 / 3.0));
    CHECK(counts.f1() == Approx(2.0 / 3.0));
}

TEST_CASE("metrics with nothing predicted or nothing expected are 0, not NaN", "[eval_metrics]") {
    DecisionCounts counts;
    counts.add(false, false);
    CHECK(counts.precision() == 0.0);
    CHECK(counts.recall() == 0.0);
    CHECK(counts.f1() == 0.0);
}

TEST_CASE("tied values share the average of their ranks", "[eval_metrics]") {
    const std::vector<double> values{10, 20, 20, 5, 20};
    CHECK(average_ranks(values) == std::vector<double>{2, 4, 4, 1, 4});
}

TEST_CASE("Spearman is 1 for the same order, -1 for the reverse, and handles ties", "[eval_metrics]") {
    const std::vector<double> grades{1, 2, 3, 4, 5};
    CHECK(spearman(std::vector<double>{5, 30, 40, 70, 90}, grades) == Approx(1.0));
    CHECK(spearman(std::vector<double>{90, 70, 40, 30, 5}, grades) == Approx(-1.0));
    // Pearson on average ranks: x ranks {1.5,1.5,3,4,5}, y ranks {1,2,3,4,5}.
    CHECK(spearman(std::vector<double>{10, 10, 40, 70, 90}, grades) == Approx(0.9746794).epsilon(1e-6));
}

TEST_CASE("Spearman of a constant series is 0 and mismatched sizes are refused", "[eval_metrics]") {
    CHECK(spearman(std::vector<double>{3, 3, 3}, std::vector<double>{1, 2, 3}) == 0.0);
    CHECK_THROWS(spearman(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3}));
}
