// Measurable results: any quantified or comparative outcome the answer states, as one span each
// ("p99 dropped from 900 ms to 200 ms", "cut it in half", "3x faster", "down to 2 seconds",
// "a fraction of the time"). They are added as <metric> occurrences, so content rules can ask for a
// measurable result and the candidate sees the whole figure highlighted, never a lone "from" or "ms".
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dialogue/scoring/text_analysis.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

struct MetricCues {
    TermList comparisons;               // "in half", "a fraction of", "twice as", "orders of magnitude"
    std::vector<TermId> from_words;     // "from"
    std::vector<TermId> to_words;       // "to", "under", "below", "by"
    std::vector<TermId> change_words;   // "dropped", "cut", "reduced", "went", "brought"
    std::vector<TermId> comparatives;   // "faster", "fewer", "less": after a number, a comparison
    std::vector<TermId> instead_words;  // "instead", "rather", "compared", "versus": "10 minutes instead of 2 hours"
    // The word lists above by term, one bit per list, so that each token is looked up once.
    std::vector<std::uint8_t> word_marks;

    static MetricCues compile(VocabularyCompiler& compiler);
    // Call once the phrase table and the lexicon are complete.
    void index(std::size_t phrase_count, TextAnalyzer& analyzer);
};

// Adds a <metric> occurrence for every measurable result. Call after find_special_terms and the
// phrase search (it reads <percent> and the comparison phrases).
void find_result_metrics(const AnalyzedText& text, PhraseHits& hits, const MetricCues& cues);

}  // namespace mi::dialogue
