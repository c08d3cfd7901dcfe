#include <catch2/catch.hpp>

#include "scorer_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
using mi::content::MatchRule;

namespace {

AnswerScore score_with(const mi::content::RolePack& pack, std::string_view answer) {
    const AnswerScorer scorer(pack);
    return scorer.score_answer(pack.questions.front(), answer);
}

}  // namespace

TEST_CASE("an `any` term covers its item wherever its inflections appear", "[vocabulary]") {
    const auto pack = pack_with_items({any_of({"index"})});
    const std::string answer = "We added indexes on the hot columns.";
    const AnswerScore score = score_with(pack, answer);
    REQUIRE(score.coverage[0].covered);
    REQUIRE(score.coverage[0].evidence.size() == 1);
    CHECK(score.coverage[0].evidence[0].term == "index");
    CHECK(at(answer, score.coverage[0].evidence[0].span) == "indexes");
}

TEST_CASE("`cues` cover an item only when min_cues distinct cues appear", "[vocabulary]") {
    MatchRule rule;
    rule.cues = {"log", "trace", "inspect"};
    rule.min_cues = 2;
    const auto pack = pack_with_items({rule});
    CHECK_FALSE(score_with(pack, "I read the logs and then read the logs again, carefully.").coverage[0].covered);
    CHECK(score_with(pack, "I read the logs and inspect the request payloads carefully.").coverage[0].covered);
}

TEST_CASE("`all` groups must each match, in addition to `any`", "[vocabulary]") {
    MatchRule rule;
    rule.all = {{"latency", "response time"}, {"<percent>"}};
    const auto pack = pack_with_items({rule});
    CHECK_FALSE(score_with(pack, "The response time went down a lot after the change we made.").coverage[0].covered);
    const std::string answer = "The response time went down by 40% after the change we made.";
    const AnswerScore score = score_with(pack, answer);
    REQUIRE(score.coverage[0].covered);
    REQUIRE(score.coverage[0].evidence.size() == 2);
    CHECK(at(answer, score.coverage[0].evidence[0].span) == "response time");
    CHECK(at(answer, score.coverage[0].evidence[1].span) == "40%");
}

TEST_CASE("special tokens find numbers, percentages and durations written in words too", "[vocabulary]") {
    const auto pack = pack_with_items({any_of({"<number>"}), any_of({"<percent>"}), any_of({"<duration>"})});
    const std::string answer = "It took two weeks, and then the queue size halved for about a dozen services we ran.";
    const AnswerScore score = score_with(pack, answer);
    REQUIRE(score.coverage[0].covered);
    CHECK(at(answer, score.coverage[0].evidence[0].span) == "two");
    REQUIRE(score.coverage[1].covered);
    CHECK(at(answer, score.coverage[1].evidence[0].span) == "halved");
    REQUIRE(score.coverage[2].covered);
    CHECK(at(answer, score.coverage[2].evidence[0].span) == "two weeks");
    CHECK(score_with(pack, "It took 200ms per request before the change, now it is far less.").coverage[2].covered);
}

TEST_CASE("pack synonyms match single words and phrases alike", "[vocabulary]") {
    const auto pack = pack_with_items({any_of({"database index"}), any_of({"ci"})},
                                      {{"db", "database"}, {"ci", "continuous integration"}});
    const AnswerScore score = score_with(pack, "Every DB index we add is checked by continuous integration before release.");
    CHECK(score.coverage[0].covered);
    CHECK(score.coverage[1].covered);
}

TEST_CASE("a phrase tolerates an extra stop word but not a clause break", "[vocabulary]") {
    const auto pack = pack_with_items({any_of({"i built"}), any_of({"load balancer"})});
    const AnswerScore score = score_with(pack, "I have built a small service; it had some load, balancer nodes came later.");
    CHECK(score.coverage[0].covered);
    CHECK_FALSE(score.coverage[1].covered);
}

TEST_CASE("negated mentions do not cover an item and are reported as negated", "[vocabulary]") {
    const auto pack = pack_with_items({any_of({"index"})});
    const std::string answer = "Honestly we never add an index to anything in our database.";
    const AnswerScore score = score_with(pack, answer);
    CHECK_FALSE(score.coverage[0].covered);
    REQUIRE(score.coverage[0].negated.size() == 1);
    CHECK(at(answer, score.coverage[0].negated[0].span) == "index");
}
