#include "dialogue/scoring/result_metrics.hpp"

#include <algorithm>
#include <string_view>

namespace mi::dialogue {
namespace {

constexpr std::string_view comparison_phrases[] = {
    "in half", "by half", "half the time", "half as", "a fraction of", "fraction of the time", "twice as",
    "three times as", "orders of magnitude", "an order of magnitude", "a third of", "a quarter of",
    "a tenth of", "from minutes to seconds", "from hours to minutes", "from days to hours", "from weeks to days",
};
constexpr std::string_view from_word_list[] = {"from"};
constexpr std::string_view to_word_list[] = {"to", "under", "below", "by", "around", "about"};
constexpr std::string_view change_word_list[] = {
    "dropped", "drop", "fell", "reduced", "reduce", "cut", "brought", "went", "got", "improved", "sped", "decreased",
    "increased", "grew", "rose", "shrank", "lowered", "raised", "jumped", "climbed", "down", "saved", "shaved",
};
constexpr std::string_view comparative_list[] = {
    "faster", "slower", "fewer", "less", "more", "quicker", "cheaper", "lower", "higher", "smaller", "bigger", "shorter",
};
constexpr std::string_view instead_word_list[] = {"instead", "rather", "compared", "versus", "vs"};
// How far apart the words of one measurable result may be ("from about 900 ms at peak to 200").
constexpr std::size_t max_gap_tokens = 5;

template <std::size_t N>
void ensure_words(VocabularyCompiler& compiler, const std::string_view (&words)[N]) {
    for (std::string_view word : words) (void)compiler.compile_exact(word);
}

template <std::size_t N>
std::vector<TermId> look_up(TextAnalyzer& analyzer, const std::string_view (&words)[N]) {
    std::vector<TermId> terms;
    for (std::string_view word : words) {
        const TermId term = analyzer.lookup_word(word);
        if (term != unknown_term) terms.push_back(term);
    }
    std::sort(terms.begin(), terms.end());
    return terms;
}

// MetricCues::word_marks bits.
constexpr std::uint8_t mark_from = 1, mark_to = 2, mark_change = 4, mark_comparative = 8, mark_instead = 16;

bool is_in(const MetricCues& cues, std::uint8_t mark, TermId term) {
    return term < cues.word_marks.size() && (cues.word_marks[term] & mark) != 0;
}

bool is_number(const Token& token) { return token.kind == RawTokenKind::number || (token.flags & word_number) != 0; }

// The number at `at` and the unit after it ("900 ms", "40 %", "2 seconds"): the last token of the figure.
std::size_t figure_end(const AnalyzedText& text, std::size_t at) {
    const auto& tokens = text.tokens;
    const std::size_t next = at + 1;
    if (next < tokens.size() && tokens[next].sentence == tokens[at].sentence && !tokens[next].clause_break_before &&
        (tokens[next].kind == RawTokenKind::percent_sign ||
         (tokens[next].flags & (word_time_unit | word_percent | word_multiplier)) != 0)) {
        return next;
    }
    return at;
}

// The first number at or after `from`, within max_gap_tokens and the same sentence.
std::size_t next_number(const AnalyzedText& text, std::size_t from, std::uint32_t sentence) {
    const auto& tokens = text.tokens;
    for (std::size_t k = from; k < tokens.size() && k < from + max_gap_tokens; ++k) {
        if (tokens[k].sentence != sentence) break;
        if (is_number(tokens[k])) return k;
    }
    return tokens.size();
}

// The first time unit ("hour", "ms") in tokens [from, from + span) of the sentence, or tokens.size().
std::size_t time_unit_within(const AnalyzedText& text, std::size_t from, std::size_t span, std::uint32_t sentence) {
    const auto& tokens = text.tokens;
    for (std::size_t k = from; k < tokens.size() && k < from + span; ++k) {
        if (tokens[k].sentence != sentence || tokens[k].clause_break_before) break;
        if ((tokens[k].flags & word_time_unit) != 0) return k;
    }
    return tokens.size();
}

bool is_time_unit_within(const AnalyzedText& text, std::size_t from, std::size_t span, std::uint32_t sentence) {
    return time_unit_within(text, from, span, sentence) < text.tokens.size();
}

void add_metric(PhraseHits& hits, std::size_t first, std::size_t last, std::vector<bool>& claimed) {
    for (std::size_t k = first; k <= last; ++k) {
        if (claimed[k]) return;   // one figure, one highlight
    }
    PhraseHit hit;
    hit.first_token = static_cast<std::uint32_t>(first);
    hit.last_token = static_cast<std::uint32_t>(last);
    hits.add(metric_phrase, hit);
    for (std::size_t k = first; k <= last; ++k) claimed[k] = true;
}

}  // namespace

MetricCues MetricCues::compile(VocabularyCompiler& compiler) {
    MetricCues cues;
    std::vector<TermRef> terms;
    for (std::string_view phrase : comparison_phrases) {
        TermRef term = compiler.compile_exact(phrase);
        if (!term.phrases.empty()) terms.push_back(std::move(term));
    }
    cues.comparisons = TermList(std::move(terms));
    ensure_words(compiler, from_word_list);
    ensure_words(compiler, to_word_list);
    ensure_words(compiler, change_word_list);
    ensure_words(compiler, comparative_list);
    ensure_words(compiler, instead_word_list);
    return cues;
}

void MetricCues::index(std::size_t phrase_count, TextAnalyzer& analyzer) {
    comparisons.index(phrase_count);
    from_words = look_up(analyzer, from_word_list);
    to_words = look_up(analyzer, to_word_list);
    change_words = look_up(analyzer, change_word_list);
    comparatives = look_up(analyzer, comparative_list);
    instead_words = look_up(analyzer, instead_word_list);
    word_marks.clear();
    for (const auto& [terms, mark] : {std::pair{&from_words, mark_from}, std::pair{&to_words, mark_to}, std::pair{&change_words, mark_change},
                                      std::pair{&comparatives, mark_comparative}, std::pair{&instead_words, mark_instead}}) {
        for (TermId term : *terms) {
            if (term >= word_marks.size()) word_marks.resize(term + 1, 0);
            word_marks[term] |= mark;
        }
    }
}

void find_result_metrics(const AnalyzedText& text, PhraseHits& hits, const MetricCues& cues) {
    const auto& tokens = text.tokens;
    if (tokens.empty()) return;
    std::vector<bool> claimed(tokens.size(), false);
    // "from 900 ms to 200 ms": the whole change, from the first figure to the second.
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (!is_in(cues, mark_from, tokens[i].term)) continue;
        const std::size_t before = next_number(text, i + 1, tokens[i].sentence);
        if (before >= tokens.size() || before > i + 2) continue;
        for (std::size_t k = figure_end(text, before) + 1; k < tokens.size() && k < before + max_gap_tokens; ++k) {
            if (tokens[k].sentence != tokens[i].sentence) break;
            if (!is_in(cues, mark_to, tokens[k].term)) continue;
            const std::size_t after = next_number(text, k + 1, tokens[i].sentence);
            if (after < tokens.size() && after <= k + 2) {
                add_metric(hits, before, figure_end(text, after), claimed);
            } else if (is_time_unit_within(text, k + 1, 2, tokens[i].sentence)) {
                // "from 7 hours to one hour and a half": a written figure, told by its unit
                add_metric(hits, before, time_unit_within(text, k + 1, 2, tokens[i].sentence), claimed);
            }
            break;
        }
    }
    // "dropped to 200 ms", "cut it by 40%", "brought it down to 3 seconds".
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (!is_in(cues, mark_change, tokens[i].term)) continue;
        for (std::size_t k = i + 1; k < tokens.size() && k < i + max_gap_tokens; ++k) {
            if (tokens[k].sentence != tokens[i].sentence || tokens[k].clause_break_before) break;
            if (!is_in(cues, mark_to, tokens[k].term)) continue;
            const std::size_t figure = next_number(text, k + 1, tokens[i].sentence);
            if (figure < tokens.size() && figure <= k + 2) add_metric(hits, i, figure_end(text, figure), claimed);
            break;
        }
    }
    // "40 ms faster", "3 fewer incidents", "10x cheaper".
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (!is_number(tokens[i])) continue;
        const std::size_t end = figure_end(text, i);
        const std::size_t next = end + 1;
        if (next < tokens.size() && tokens[next].sentence == tokens[i].sentence && is_in(cues, mark_comparative, tokens[next].term)) {
            add_metric(hits, i, next, claimed);
        }
    }
    // "in a couple of minutes instead of an hour", "10 minutes rather than 2 hours", "2 s compared to 9 s":
    // a figure set against another.
    for (std::uint32_t index = 0, found = static_cast<std::uint32_t>(hits.size()); index < found; ++index) {
        const PhraseHit hit = hits.hit(index);
        if (hit.phrase != duration_phrase && hit.phrase != number_phrase) continue;
        const std::size_t k = hit.last_token + 1;
        if (k >= tokens.size() || tokens[k].sentence != tokens[hit.first_token].sentence || !is_in(cues, mark_instead, tokens[k].term)) continue;
        const std::uint32_t sentence = tokens[k].sentence;
        const std::size_t figure = next_number(text, k + 1, sentence);
        const std::size_t unit = time_unit_within(text, k + 1, 4, sentence);
        const std::size_t last = figure < tokens.size() && figure <= k + 3 ? figure_end(text, figure) : unit;
        if (last < tokens.size()) add_metric(hits, hit.first_token, last, claimed);
    }
    // "30%", "3x", "halved": a relative change on its own.
    for (std::uint32_t index = hits.first(percent_phrase); index != no_hit; index = hits.hit(index).next) {
        const PhraseHit hit = hits.hit(index);
        add_metric(hits, hit.first_token, hit.last_token, claimed);
    }
    // "cut it in half", "a fraction of the time", "twice as fast".
    const std::size_t phrase_hits = hits.size();
    for (std::uint32_t index = 0; index < phrase_hits; ++index) {
        const PhraseHit hit = hits.hit(index);
        if (!cues.comparisons.contains(hit.phrase)) continue;
        std::size_t last = hit.last_token;
        if (last + 1 < tokens.size() && tokens[last + 1].sentence == tokens[last].sentence && !tokens[last + 1].clause_break_before &&
            is_content_word(tokens[last + 1])) {
            ++last;   // "twice as fast", "a fraction of the cost"
        }
        add_metric(hits, hit.first_token, last, claimed);
    }
}

}  // namespace mi::dialogue
