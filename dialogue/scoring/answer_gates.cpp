#include "dialogue/scoring/answer_gates.hpp"

#include <algorithm>
#include <string_view>

namespace mi::dialogue {
namespace {

// Off-topic when another question's vocabulary is clearly what the answer speaks to.
constexpr std::size_t off_topic_min_other_terms = 3;
constexpr std::size_t off_topic_dominance = 3;

struct WordCounts {
    std::size_t words = 0;
    std::size_t known = 0;
    std::size_t stop = 0;
};

WordCounts count_words(const AnalyzedText& text) {
    WordCounts counts;
    for (const Token& token : text.tokens) {
        if (token.kind == RawTokenKind::percent_sign) continue;
        ++counts.words;
        if (token.known && (token.flags & word_filler) == 0) ++counts.known;
        if ((token.flags & word_stop) != 0) ++counts.stop;
    }
    return counts;
}

bool is_coordinator(std::string_view word) {
    constexpr std::string_view coordinators[] = {"and", "or", "vs", "versus", "nor"};
    for (std::string_view coordinator : coordinators) {
        if (word.size() == coordinator.size() &&
            std::equal(word.begin(), word.end(), coordinator.begin(), [](char a, char b) { return (a | 0x20) == b; })) return true;
    }
    return false;
}

// List items (clauses) in which a function word other than "and"/"or" stands between two content
// words: "branch off main", "force-push with lease", "JSON in practice". A bare list ("caching,
// sharding, Redis") and name pairs ("urgent vs important") have none.
std::size_t related_items(const MatchedText& answer) {
    const auto& tokens = answer.text.tokens;
    std::size_t items = 0;
    bool content_before = false;
    bool joined = false;      // a function word after a content word, waiting for one after it
    bool related = false;
    for (std::size_t t = 0; t <= tokens.size(); ++t) {
        const bool item_ends = t == tokens.size() || (t > 0 && (tokens[t].clause_break_before || tokens[t].sentence != tokens[t - 1].sentence));
        if (item_ends) {
            items += related ? 1 : 0;
            content_before = joined = related = false;
            if (t == tokens.size()) break;
        }
        const Token& token = tokens[t];
        if (is_content_word(token)) {
            related = related || joined;
            content_before = true;
            joined = false;
        } else if (content_before && token.kind == RawTokenKind::word &&
                   !is_coordinator(answer.quote(token.message, token.span()))) {
            joined = true;
        }
    }
    return items;
}

}  // namespace

GateDecision check_gates(const MatchedText& answer, std::size_t vocabulary_terms_found, const TopicRelevance& relevance,
                         const GateLimits& limits, bool allow_term_lists) {
    const WordCounts counts = count_words(answer.text);
    if (counts.words == 0) {
        return {Gate::empty, "The answer is empty: say what you did and why, in a few sentences."};
    }
    if (static_cast<double>(counts.known) < limits.min_known_word_share * static_cast<double>(counts.words)) {
        return {Gate::gibberish, "The answer does not read as English sentences, so nothing in it can be credited."};
    }
    if (counts.words <= limits.max_short_answer_words) {
        return {Gate::one_word, "A word or two is not an explanation: answer in full sentences with an example."};
    }
    const double stop_share = static_cast<double>(counts.stop) / static_cast<double>(counts.words);
    const double words_per_term = static_cast<double>(counts.words) / static_cast<double>(std::max<std::size_t>(vocabulary_terms_found, 1));
    if (!allow_term_lists && vocabulary_terms_found >= limits.keyword_stuffing_min_terms &&
        stop_share < limits.keyword_stuffing_max_stop_share && words_per_term <= limits.keyword_stuffing_max_words_per_term &&
        related_items(answer) < limits.terse_notes_min_related_items) {
        return {Gate::keyword_stuffing,
                "The answer lists terms without explaining them; a list of keywords earns no credit. "
                "Explain how you used each one."};
    }
    if (counts.words >= limits.off_topic_min_words && relevance.own_items_covered == 0 &&
        relevance.best_other_terms >= off_topic_min_other_terms &&
        relevance.best_other_terms >= off_topic_dominance * (relevance.own_terms + 1)) {
        return {Gate::off_topic, "The answer seems to address a different question (\"" + relevance.best_other_question +
                                     "\") rather than the one asked."};
    }
    return {};
}

}  // namespace mi::dialogue
