#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "dialogue/scoring/english_words.hpp"
#include "dialogue/scoring/text_analysis.hpp"

using namespace mi::dialogue;

namespace {

struct Analysis {
    Lexicon lexicon;
    AnalyzedText text;
    std::vector<std::string> words;   // each token's bytes
};

Analysis analyse(std::string_view answer, AnalyzerLimits limits = {}) {
    LexiconBuilder builder;
    add_english_words(builder);
    builder.add_word("debugger");
    Analysis result{builder.build(), {}, {}};
    TextAnalyzer analyzer(result.lexicon, limits);
    const std::string_view messages[] = {answer};
    analyzer.analyze(messages, result.text);
    for (const Token& token : result.text.tokens) result.words.emplace_back(answer.substr(token.span().begin, token.span().end - token.span().begin));
    return result;
}

}  // namespace

TEST_CASE("token spans point at the words' bytes, also after multi-byte characters", "[text_analysis]") {
    const std::string answer = "Café — naïve résumé: I used Node.js and C++ in 2021.";
    const Analysis analysis = analyse(answer);
    // "Node.js" is two tokens with nothing between them, so the phrase "node js" (how the pack's "node.js" tokenises) matches it.
    CHECK(analysis.words == std::vector<std::string>{"Café", "naïve", "résumé", "I", "used", "Node", "js", "and", "C++", "in", "2021"});
    CHECK_FALSE(analysis.text.tokens[6].clause_break_before);
    for (const Token& token : analysis.text.tokens) {
        CHECK(token.span().end <= answer.size());
        CHECK((static_cast<unsigned char>(answer[token.span().begin]) & 0xC0u) != 0x80u);   // starts on a character
    }
}

TEST_CASE("upper and lower case words get the same term, and inflections share a stem", "[text_analysis]") {
    const Analysis analysis = analyse("DEBUGGER debugger Debuggers");
    REQUIRE(analysis.text.tokens.size() == 3);
    CHECK(analysis.text.tokens[0].term != unknown_term);
    CHECK(analysis.text.tokens[0].term == analysis.text.tokens[1].term);
    CHECK(analysis.text.tokens[1].term == analysis.text.tokens[2].term);
}

TEST_CASE("a word derived with -ful, -ly or -ivity keeps a stem of its own, apart from its root", "[text_analysis][scorer-2.3]") {
    LexiconBuilder builder;
    for (std::string_view word : {"care", "careful", "fast", "fastly", "select", "selectivity"}) builder.add_word(word);
    const Lexicon lexicon = builder.build();
    TextAnalyzer analyzer(lexicon, {});
    CHECK(analyzer.lookup_word("careful") != analyzer.lookup_word("care"));
    CHECK(analyzer.lookup_word("careful") == analyzer.lookup_word("carefully"));
    CHECK(analyzer.lookup_word("Fastly") != analyzer.lookup_word("fast"));
    CHECK(analyzer.lookup_word("SELECTs") != analyzer.lookup_word("selectivity"));
    CHECK(analyzer.lookup_word("SELECTs") == analyzer.lookup_word("selected"));
    CHECK(analyzer.lookup_word("fastly") != unknown_term);
}

TEST_CASE("sentences end at full stops but not inside names, numbers or abbreviations", "[text_analysis]") {
    const Analysis analysis = analyse("I use Node.js, e.g. for APIs. It took 2.5 days! Then it worked?\nDone");
    REQUIRE(analysis.text.sentences.size() == 4);
    CHECK(analysis.words[analysis.text.sentences[1].first_token] == "It");
    CHECK(analysis.words[analysis.text.sentences[2].first_token] == "Then");
    CHECK(analysis.words[analysis.text.sentences[3].first_token] == "Done");
}

TEST_CASE("a negation covers the next few words of its clause only", "[text_analysis]") {
    const Analysis analysis = analyse("I never use a debugger, but I read logs");
    const auto& tokens = analysis.text.tokens;
    CHECK(tokens[2].negated);    // use
    CHECK(tokens[4].negated);    // debugger
    CHECK_FALSE(tokens[7].negated);   // read, after the comma and "but"
    CHECK_FALSE(tokens[8].negated);
}

TEST_CASE("contractions negate: \"don't\", \"didn't\", \"can’t\" with a typographic apostrophe", "[text_analysis]") {
    for (const char* answer : {"I don't write tests", "I didn't write tests", "I can’t write tests"}) {
        const Analysis analysis = analyse(answer);
        REQUIRE(analysis.text.tokens.size() == 4);
        CHECK(analysis.text.tokens[3].negated);
    }
}

TEST_CASE("\"not just X\" marks X as said but hedged, not negated", "[text_analysis]") {
    const Analysis analysis = analyse("I don't just restart the server");
    const Token& restart = analysis.text.tokens[3];
    CHECK_FALSE(restart.negated);
    CHECK(restart.hedged);
}

TEST_CASE("invalid UTF-8 and control bytes are tokenised without leaving the text", "[text_analysis]") {
    const std::string answer = "ok \xff\xfe broken \xc3 end\x01 \xe2\x82";
    const Analysis analysis = analyse(answer);
    CHECK_FALSE(analysis.text.tokens.empty());
    for (const Token& token : analysis.text.tokens) {
        CHECK(token.span().begin < token.span().end);
        CHECK(token.span().end <= answer.size());
    }
}

TEST_CASE("a tiny word cache that keeps filling up still gives the same terms", "[text_analysis]") {
    AnalyzerLimits limits;
    limits.word_cache_entries = 2;
    const Analysis small = analyse("debugger logs tests debugging traces debugger profiles", limits);
    const Analysis normal = analyse("debugger logs tests debugging traces debugger profiles");
    REQUIRE(small.text.tokens.size() == normal.text.tokens.size());
    for (std::size_t i = 0; i < small.text.tokens.size(); ++i) CHECK(small.text.tokens[i].term == normal.text.tokens[i].term);
}

TEST_CASE("an over-long message is analysed up to the limit, cut on a character boundary", "[text_analysis]") {
    AnalyzerLimits limits;
    limits.max_message_bytes = 10;
    const std::string answer = "aaaaaaaaaé tail";   // 'é' straddles byte 10
    const Analysis analysis = analyse(answer, limits);
    REQUIRE(analysis.text.tokens.size() == 1);
    CHECK(analysis.words[0] == "aaaaaaaaa");
}

TEST_CASE("the word cache gives every word the term a fresh lookup gives, whatever its length and position", "[text_analysis]") {
    // Words from 1 to 30 bytes, alone (the last bytes of the message), followed by text, and repeated
    // (the second time from the cache). Words sharing their first eight or sixteen bytes stay apart.
    const std::vector<std::string> words = {
        "a", "we", "log", "logs", "index", "tested", "debugger", "profiling", "performance", "performing",
        "configuration", "configurations", "observabilities", "internationalization", "internationalizations",
        "programming", "programmer", "Debugging", "DEBUGGERS", "don't", "supercalifragilisticexpialidocious"};
    LexiconBuilder builder;
    add_english_words(builder);
    for (const std::string& word : words) builder.add_word(word);
    const Lexicon lexicon = builder.build();
    TextAnalyzer reference(lexicon, {});
    TextAnalyzer analyzer(lexicon, {});
    AnalyzedText text;
    for (const std::string& word : words) {
        INFO(word);
        const TermId expected = reference.lookup_word(word);
        for (const std::string& message : {word, word + " and more text after it", "x " + word}) {
            const std::string_view messages[] = {message};
            analyzer.analyze(messages, text);
            REQUIRE_FALSE(text.tokens.empty());
            const Token& token = message.starts_with("x ") ? text.tokens[1] : text.tokens[0];
            CHECK(token.term == expected);
        }
        const std::string twice = word + " " + word;   // the second from the cache, at the very end
        const std::string_view messages[] = {twice};
        analyzer.analyze(messages, text);
        CHECK(text.tokens.back().term == expected);
    }
    CHECK(reference.lookup_word("programming") != reference.lookup_word("programmer"));   // same first eight bytes
    CHECK(reference.lookup_word("configuration") == reference.lookup_word("configurations"));
}

TEST_CASE("words that differ only after their first eight bytes are not confused by the cache", "[text_analysis]") {
    const Analysis analysis = analyse("debuggerX debugger debuggerX debugger");
    REQUIRE(analysis.text.tokens.size() == 4);
    CHECK_FALSE(analysis.text.tokens[0].known);
    CHECK(analysis.text.tokens[1].known);
    CHECK_FALSE(analysis.text.tokens[2].known);
    CHECK(analysis.text.tokens[3].known);
}

TEST_CASE("a negation with its condition in the clause ('not ... until', 'never ... unless') negates nothing", "[text_analysis][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const Analysis until = analyse("Nothing gets merged until a colleague has reviewed it.");
    for (const Token& token : until.text.tokens) CHECK_FALSE(token.negated);
    const Analysis unless = analyse("We never deploy unless the debugger session is closed.");
    for (const Token& token : unless.text.tokens) CHECK_FALSE(token.negated);
    // Without the condition the same negation holds, and a condition in the next clause does not lift it.
    const Analysis plain = analyse("We never deploy on Fridays, until now that was the rule.");
    CHECK(plain.text.tokens[2].negated);   // deploy
}

TEST_CASE("a negation ends at an 'and' that opens a clause of its own", "[text_analysis][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    auto negated = [](const Analysis& analysis, std::string_view word) {
        for (std::size_t i = 0; i < analysis.words.size(); ++i) {
            if (analysis.words[i] == word) return analysis.text.tokens[i].negated;
        }
        FAIL("no word " << word);
        return false;
    };
    // A subject and its own verb after "and": a new statement, not negated.
    const Analysis verb = analyse("We moved it with no debugger and the build went from an hour to ten minutes.");
    CHECK(negated(verb, "debugger"));
    CHECK_FALSE(negated(verb, "build"));
    CHECK_FALSE(negated(verb, "hour"));
    // A pronoun right after "and" opens a clause too.
    const Analysis pronoun = analyse("I never use a debugger and I write tests first.");
    CHECK(negated(pronoun, "debugger"));
    CHECK_FALSE(negated(pronoun, "tests"));
    // "and" joining two things denied keeps the negation on both.
    const Analysis list = analyse("I never use a debugger and tests.");
    CHECK(negated(list, "tests"));
}
