#include <catch2/catch.hpp>

#include "dialogue/scoring/english_words.hpp"
#include "dialogue/scoring/text_analysis.hpp"
#include "dialogue/scoring/vocabulary.hpp"
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

TEST_CASE("a cue list answers the same whether it walks its phrases or the answer's hits", "[vocabulary]") {
    // TermList picks the shorter walk: a short answer has fewer hits than a list has phrases, a long
    // one more. Both must find the same earliest cue and count the same distinct cues.
    LexiconBuilder builder;
    add_english_words(builder);   // "never" is a negation
    PhraseTable table;
    VocabularyCompiler compiler(builder, table);
    compiler.add_synonym_group({"log", "logging output"});
    TermList list(compiler.compile_terms({"log", "trace", "debugger", "stack trace", "profiler", "metrics"}));
    const TermRef other = compiler.compile_term("coffee");
    const Lexicon lexicon = builder.build();
    table.finish(lexicon.size());
    list.index(table.size());
    TextAnalyzer analyzer(lexicon, {});
    AnalyzedText text;
    PhraseHits hits;
    auto run = [&](std::string_view answer) {
        const std::string_view messages[] = {answer};
        analyzer.analyze(messages, text);
        hits.reset(table.size());
        table.find_hits(text, hits);
    };
    run("I read the stack trace, then the logging output.");
    REQUIRE(hits.size() < 7);   // fewer hits than the list has phrases
    TermMatch match;
    REQUIRE(list.first(hits, HitFilter::affirmed, &match));
    CHECK(match.term->text == "stack trace");   // it starts first, at "stack"
    CHECK(list.count_distinct(hits, HitFilter::affirmed) == 3);   // stack trace, trace, log (via its synonym)
    CHECK_FALSE(list.first(hits, HitFilter::negated));

    std::string long_answer = "Coffee first. ";
    for (int i = 0; i < 12; ++i) long_answer += "coffee coffee ";
    long_answer += "Then I never used a profiler but I checked the metrics and the trace.";
    run(long_answer);   // now more hits than phrases
    REQUIRE(hits.size() > 8);
    REQUIRE(list.first(hits, HitFilter::affirmed, &match));
    CHECK(match.term->text == "metrics");
    CHECK(list.count_distinct(hits, HitFilter::affirmed) == 2);
    REQUIRE(list.first(hits, HitFilter::negated, &match));
    CHECK(match.term->text == "profiler");
    CHECK(find_term(other, hits, HitFilter::affirmed) != no_hit);
}
