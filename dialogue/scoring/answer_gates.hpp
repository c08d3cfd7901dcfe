// Gates: answers that score low whatever keywords they contain. Empty, gibberish ("xyz"),
// one word ("fine"), keyword stuffing (a list of terms without sentences) and off-topic (an
// answer to a different question). Each comes with a reason a person can act on.
#pragma once

#include <string>

#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

struct GateLimits {
    std::size_t max_short_answer_words = 3;        // "fine", "I don't know"
    double min_known_word_share = 0.4;             // below: gibberish
    std::size_t keyword_stuffing_min_terms = 4;
    double keyword_stuffing_max_stop_share = 0.12;
    double keyword_stuffing_max_words_per_term = 1.5;  // terse notes have more words around their terms
    // Terse notes relate their terms ("branch off main", "rebase onto main", "resources plus HTTP verbs"):
    // this many list items that join two words with a function word are notes, not a bare list.
    std::size_t terse_notes_min_related_items = 2;
    std::size_t off_topic_min_words = 6;
};

// How much of the answer speaks to this question and to the best other one.
struct TopicRelevance {
    std::size_t own_terms = 0;             // distinct vocabulary terms of this question found
    std::size_t own_items_covered = 0;
    std::size_t best_other_terms = 0;
    std::string best_other_question;       // its text, for the reason
};

struct GateDecision {
    Gate gate = Gate::none;
    std::string reason;
};

[[nodiscard]] GateDecision check_gates(const MatchedText& answer, std::size_t vocabulary_terms_found,
                                       const TopicRelevance& relevance, const GateLimits& limits,
                                       bool allow_term_lists);

}  // namespace mi::dialogue
