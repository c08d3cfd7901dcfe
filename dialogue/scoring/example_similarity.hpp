// The semantic layer: a key point is also covered when one sentence of the answer says much of
// what one of the key point's example sentences says (content pack: `match.examples`), in any
// order and in the candidate's own inflections and synonyms. Similarity is BM25-style: the shared
// content words (stemmed, synonyms folded into one id by the lexicon), each weighted by how rare it
// is across all examples of the pack, over the weight of the whole example.
//
// This reaches paraphrases no phrase list holds ("something spreads the requests evenly across
// many identical copies" ~ "a load balancer spreads requests across several identical servers")
// while staying deterministic and checkable: the evidence is the candidate's shared words, and the
// example they matched is named.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dialogue/scoring/text_analysis.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

struct SimilarityLimits {
    double min_similarity = 0.4;          // share of the example's weight the sentence must carry
    std::size_t min_shared_words = 2;     // distinct shared content words, not counting the question's own
};

// The content words of each sentence of one answer, sorted and distinct; empty for a sentence whose
// words are not credited (a hedged guess, a sentence of labels). Reused between calls.
struct SentenceTerms {
    std::vector<std::vector<TermId>> terms;
    void collect(const AnalyzedText& text, const PhraseHits& hits);
};

class ExampleIndex {
public:
    // Adds one item's examples (each analysed into its content-word ids); returns the item's index.
    std::size_t add_item(std::vector<std::vector<TermId>> examples, std::vector<std::string> texts);
    // Computes the word weights; call once after the last add_item.
    void finish();

    struct Match {
        bool matched = false;
        double similarity = 0.0;
        std::size_t example = 0;           // which example of the item
        std::uint32_t sentence = 0;        // which sentence of the answer
        std::vector<TermId> shared;        // the shared words (ids)
    };
    // The best-matching sentence for an item. `ignored` (sorted): the question's own words, which
    // every answer repeats and which therefore prove nothing.
    [[nodiscard]] Match best_match(std::size_t item, const SentenceTerms& sentences, std::span<const TermId> ignored,
                                   const SimilarityLimits& limits) const;
    [[nodiscard]] bool has_examples(std::size_t item) const { return item < items_.size() && !items_[item].examples.empty(); }
    [[nodiscard]] const std::string& example_text(std::size_t item, std::size_t example) const { return items_[item].texts[example]; }

private:
    struct Item {
        std::vector<std::vector<TermId>> examples;
        std::vector<std::string> texts;
        std::vector<double> weights;       // per example: the sum of its words' weights
    };
    [[nodiscard]] double weight(TermId term) const;
    std::vector<Item> items_;
    std::vector<TermId> df_terms_;         // sorted terms with their document frequency in df_counts_
    std::vector<std::uint32_t> df_counts_;
    std::size_t documents_ = 0;
};

// The content-word ids of a text as an answer's sentence would give them (for building the index).
[[nodiscard]] std::vector<TermId> content_terms(TextAnalyzer& analyzer, std::string_view text);

}  // namespace mi::dialogue
