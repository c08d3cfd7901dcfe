#include "dialogue/scoring/example_similarity.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace mi::dialogue {
namespace {

bool counts_as_content(const Token& token) {
    return token.kind == RawTokenKind::word && token.term != unknown_term && (token.flags & word_stop) == 0 &&
           (token.flags & (word_negation | word_contrast | word_hedge)) == 0;
}

void sort_unique(std::vector<TermId>& terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
}

}  // namespace

void SentenceTerms::collect(const AnalyzedText& text, const PhraseHits& hits) {
    terms.resize(text.sentences.size());
    for (auto& sentence : terms) sentence.clear();
    std::vector<bool> discounted(text.sentences.size(), false);
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        if (hit.uncertain) discounted[text.tokens[hit.first_token].sentence] = true;
    }
    for (const Token& token : text.tokens) {
        if (!discounted[token.sentence] && !token.negated && counts_as_content(token)) terms[token.sentence].push_back(token.term);
    }
    for (auto& sentence : terms) sort_unique(sentence);
}

std::size_t ExampleIndex::add_item(std::vector<std::vector<TermId>> examples, std::vector<std::string> texts) {
    Item item;
    for (auto& example : examples) sort_unique(example);
    item.examples = std::move(examples);
    item.texts = std::move(texts);
    items_.push_back(std::move(item));
    return items_.size() - 1;
}

void ExampleIndex::finish() {
    std::map<TermId, std::uint32_t> frequency;
    documents_ = 0;
    for (const Item& item : items_) {
        for (const auto& example : item.examples) {
            ++documents_;
            for (TermId term : example) ++frequency[term];
        }
    }
    df_terms_.clear();
    df_counts_.clear();
    for (const auto& [term, count] : frequency) {
        df_terms_.push_back(term);
        df_counts_.push_back(count);
    }
    for (Item& item : items_) {
        item.weights.clear();
        for (const auto& example : item.examples) {
            double sum = 0.0;
            for (TermId term : example) sum += weight(term);
            item.weights.push_back(sum);
        }
    }
}

double ExampleIndex::weight(TermId term) const {
    const auto found = std::lower_bound(df_terms_.begin(), df_terms_.end(), term);
    const double df = found != df_terms_.end() && *found == term ? df_counts_[static_cast<std::size_t>(found - df_terms_.begin())] : 0.0;
    const double n = static_cast<double>(documents_);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));   // BM25's idf: rare words weigh more
}

ExampleIndex::Match ExampleIndex::best_match(std::size_t item_index, const SentenceTerms& sentences,
                                              std::span<const TermId> ignored, const SimilarityLimits& limits) const {
    Match best;
    if (item_index >= items_.size()) return best;
    const Item& item = items_[item_index];
    std::vector<TermId> shared;
    for (std::size_t e = 0; e < item.examples.size(); ++e) {
        const auto& example = item.examples[e];
        if (item.weights[e] <= 0.0) continue;
        for (std::uint32_t s = 0; s < sentences.terms.size(); ++s) {
            const auto& sentence = sentences.terms[s];
            shared.clear();
            std::set_intersection(sentence.begin(), sentence.end(), example.begin(), example.end(), std::back_inserter(shared));
            std::size_t telling = 0;
            double carried = 0.0;
            for (TermId term : shared) {
                carried += weight(term);
                if (!std::binary_search(ignored.begin(), ignored.end(), term)) ++telling;
            }
            const double similarity = carried / item.weights[e];
            if (telling < limits.min_shared_words || similarity < limits.min_similarity) continue;
            if (!best.matched || similarity > best.similarity) {
                best.matched = true;
                best.similarity = similarity;
                best.example = e;
                best.sentence = s;
                best.shared = shared;
            }
        }
    }
    return best;
}

std::vector<TermId> content_terms(TextAnalyzer& analyzer, std::string_view text) {
    AnalyzedText analyzed;
    const std::string_view messages[] = {text};
    analyzer.analyze(messages, analyzed);
    std::vector<TermId> terms;
    for (const Token& token : analyzed.tokens) {
        if (counts_as_content(token)) terms.push_back(token.term);
    }
    sort_unique(terms);
    return terms;
}

}  // namespace mi::dialogue
