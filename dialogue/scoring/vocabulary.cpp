#include "dialogue/scoring/vocabulary.hpp"

#include <algorithm>
#include <iterator>
#include <utility>
#include <array>

namespace mi::dialogue {
namespace {

// How many stop words a content phrase may skip between two of its words.
constexpr std::size_t max_skipped_stop_words = 3;
// How many filler words ("a couple of") may stand between a quantity and its time unit.
constexpr std::size_t max_duration_gap = 3;

PhraseHit make_hit(const AnalyzedText& text, std::size_t first, std::size_t last, bool negation_inside) {
    PhraseHit hit;
    hit.first_token = static_cast<std::uint32_t>(first);
    hit.last_token = static_cast<std::uint32_t>(last);
    if (negation_inside) {
        // "no tests" as a vocabulary term: only a negation before the phrase negates it.
        hit.negated = text.tokens[first].negated;
        hit.hedged = text.tokens[first].hedged;
    } else {
        for (std::size_t k = first; k <= last; ++k) {
            hit.negated = hit.negated || text.tokens[k].negated;
            hit.hedged = hit.hedged || text.tokens[k].hedged;
        }
    }
    return hit;
}

}  // namespace

void PhraseHits::reset(std::size_t phrase_count) {
    hits_.clear();
    negated_hits_ = 0;
    if (occurrences_.size() < phrase_count) occurrences_.resize(phrase_count);
    present_.assign((occurrences_.size() + 63) / 64, 0);
    negated_present_.assign(present_.size(), 0);
    ++generation_;
    if (generation_ == 0) {   // wrapped: make every stale stamp unambiguous again
        for (Occurrences& occurrences : occurrences_) occurrences.stamp = 0;
        generation_ = 1;
    }
}

PhraseTable::PhraseTable() { phrases_.resize(last_special_phrase + 1); }   // number, percent, duration, metric, own work, aspiration, colleague, told work, outcome

PhraseId PhraseTable::add(const std::vector<LexiconBuilder::PhraseWord>& words, bool skip_stop_words) {
    std::vector<TermId> terms;
    bool contains_negation = false;
    for (const auto& word : words) {
        if ((word.flags & word_negation) != 0) contains_negation = true;
        terms.push_back(word.term);
    }
    const bool skip = skip_stop_words;
    for (PhraseId id = 3; id < phrases_.size(); ++id) {
        const Phrase& phrase = phrases_[id];
        if (phrase.skip_stop_words == skip && phrase.length == terms.size() &&
            std::equal(terms.begin(), terms.end(), terms_.begin() + phrase.begin)) {
            return id;
        }
    }
    Phrase phrase;
    phrase.begin = static_cast<std::uint32_t>(terms_.size());
    phrase.length = static_cast<std::uint32_t>(terms.size());
    phrase.skip_stop_words = skip;
    phrase.contains_negation = contains_negation;
    terms_.insert(terms_.end(), terms.begin(), terms.end());
    phrases_.push_back(phrase);
    return static_cast<PhraseId>(phrases_.size() - 1);
}

void PhraseTable::finish(std::size_t lexicon_size) {
    std::vector<PhraseId> ordered;
    for (PhraseId id = 3; id < phrases_.size(); ++id) {
        if (phrases_[id].length > 0) ordered.push_back(id);
    }
    auto second_term = [&](PhraseId id) {
        return phrases_[id].length > 1 ? terms_[phrases_[id].begin + 1] : unknown_term;
    };
    std::stable_sort(ordered.begin(), ordered.end(), [&](PhraseId a, PhraseId b) {
        const TermId first_a = terms_[phrases_[a].begin], first_b = terms_[phrases_[b].begin];
        return first_a != first_b ? first_a < first_b : second_term(a) < second_term(b);
    });
    starts_.assign(lexicon_size, FirstTermPhrases{});
    pair_filter_.assign(pair_filter_bits / 64, 0);
    index_ = ordered;
    index_second_.clear();
    for (std::size_t slot = 0; slot < ordered.size(); ++slot) {
        const PhraseId id = ordered[slot];
        const TermId first = terms_[phrases_[id].begin];
        const TermId second = second_term(id);
        index_second_.push_back(second);
        FirstTermPhrases& starts = starts_[first];
        if (starts.begin == starts.end) starts.begin = starts.multi = static_cast<std::uint32_t>(slot);
        starts.end = static_cast<std::uint32_t>(slot + 1);
        if (second == unknown_term) {
            starts.multi = starts.end;
        } else {
            const std::size_t bit = pair_bit(first, second);
            pair_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
    }
}

void PhraseTable::try_phrase(const AnalyzedText& text, std::size_t start, PhraseId id, PhraseHits& hits) const {
    const auto& tokens = text.tokens;
    const Phrase& phrase = phrases_[id];
    std::size_t at = start;
    std::size_t matched = 1;
    std::size_t skipped = 0;
    while (matched < phrase.length) {
        ++at;
        if (at >= tokens.size() || tokens[at].sentence != tokens[start].sentence || tokens[at].clause_break_before) return;
        if (tokens[at].term == terms_[phrase.begin + matched]) {
            ++matched;
        } else if (!phrase.skip_stop_words || (tokens[at].flags & word_stop) == 0 || ++skipped > max_skipped_stop_words) {
            return;
        }
    }
    hits.add(id, make_hit(text, start, at, phrase.contains_negation));
}

void PhraseTable::find_hits(const AnalyzedText& text, PhraseHits& hits) const {
    // Raw pointers and counts in locals: adding a hit writes memory the compiler cannot prove apart
    // from the vectors' own bookkeeping, and this loop runs for every token of every answer.
    const Token* const tokens = text.tokens.data();
    const std::size_t token_count = text.tokens.size();
    const FirstTermPhrases* const starts_of = starts_.data();
    const std::size_t term_count = starts_.size();
    const PhraseId* const index = index_.data();
    const TermId* const seconds = index_second_.data();
    const std::uint64_t* const pair_filter = pair_filter_.data();
    for (std::size_t i = 0; i < token_count; ++i) {
        const Token& token = tokens[i];
        if (token.term == unknown_term || token.term >= term_count) continue;
        const FirstTermPhrases starts = starts_of[token.term];
        // One-word phrases match the token itself.
        for (std::uint32_t slot = starts.begin; slot < starts.multi; ++slot) {
            PhraseHit hit;
            hit.first_token = hit.last_token = static_cast<std::uint32_t>(i);
            hit.negated = token.negated;
            hit.hedged = token.hedged;
            hits.add(index[slot], hit);
        }
        if (starts.multi == starts.end) continue;
        // Longer phrases: only those whose second word is one of the next few tokens.
        std::array<TermId, max_skipped_stop_words + 1> tried{};
        std::size_t tried_count = 0;
        for (std::size_t at = i + 1; at < token_count && tried_count < tried.size(); ++at) {
            const Token& next = tokens[at];
            if (next.sentence != token.sentence || next.clause_break_before) break;
            const std::size_t bit = pair_bit(token.term, next.term);
            if ((pair_filter[bit / 64] & (std::uint64_t{1} << (bit % 64))) != 0 &&
                std::find(tried.begin(), tried.begin() + static_cast<std::ptrdiff_t>(tried_count), next.term) ==
                    tried.begin() + static_cast<std::ptrdiff_t>(tried_count)) {
                tried[tried_count++] = next.term;
                const auto range = std::equal_range(seconds + starts.multi, seconds + starts.end, next.term);
                for (auto it = range.first; it != range.second; ++it) {
                    try_phrase(text, i, index[static_cast<std::size_t>(it - seconds)], hits);
                }
            }
            if ((next.flags & word_stop) == 0) break;   // only stop words may be skipped
        }
    }
}

void find_special_terms(const AnalyzedText& text, PhraseHits& hits) {
    const auto& tokens = text.tokens;
    auto joined = [&](std::size_t at) {
        return at < tokens.size() && !tokens[at].clause_break_before && tokens[at].sentence == tokens[at - 1].sentence;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& token = tokens[i];
        const bool numeral = token.kind == RawTokenKind::number;
        const bool number = numeral || (token.flags & word_number) != 0;
        if (number) hits.add(number_phrase, make_hit(text, i, i, false));
        if ((token.flags & word_change) != 0) hits.add(percent_phrase, make_hit(text, i, i, false));
        if (number && joined(i + 1) &&
            (tokens[i + 1].kind == RawTokenKind::percent_sign || (tokens[i + 1].flags & (word_percent | word_multiplier)) != 0)) {
            hits.add(percent_phrase, make_hit(text, i, i + 1, false));
        }
        if (number || (token.flags & word_quantity) != 0) {
            std::size_t at = i + 1;
            for (std::size_t gap = 0; joined(at) && gap <= max_duration_gap; ++gap, ++at) {
                const Token& next = tokens[at];
                if ((next.flags & word_time_unit) != 0) {
                    const bool short_unit = next.length <= 1;
                    if (!short_unit || (numeral && at == i + 1)) hits.add(duration_phrase, make_hit(text, i, at, false));
                    break;
                }
                if ((next.flags & (word_quantity | word_number | word_stop)) == 0 && next.kind != RawTokenKind::number) break;
            }
        }
    }
}

RuleMatch evaluate_rule(const CompiledRule& rule, const PhraseHits& hits, HitFilter filter,
                        std::vector<TermMatch>* matches) {
    RuleMatch result;
    if (rule.empty()) return result;
    // Most rules find nothing in a given answer (and nearly all find nothing negated): then the
    // result is the empty one, told by one pass over the rule's phrases.
    if (std::none_of(rule.phrases.begin(), rule.phrases.end(),
                     [&](PhraseId phrase) { return hits.may_occur(phrase, filter); })) {
        return result;
    }
    for (const TermRef& term : rule.any) {
        if (const std::uint32_t hit = find_term(term, hits, filter); hit != no_hit) {
            ++result.any_terms;
            if (matches != nullptr) matches->push_back({&term, hit});
        }
    }
    for (const TermRef& term : rule.cues) {
        if (const std::uint32_t hit = find_term(term, hits, filter); hit != no_hit) {
            ++result.cue_terms;
            if (matches != nullptr) matches->push_back({&term, hit});
        }
    }
    for (const auto& group : rule.all) {
        bool met = false;
        for (const TermRef& term : group) {
            if (const std::uint32_t hit = find_term(term, hits, filter); hit != no_hit) {
                if (!met && matches != nullptr) matches->push_back({&term, hit});
                met = true;
            }
        }
        if (met) ++result.all_groups_met;
        if (met && &group == &rule.all.front()) result.first_group_met = true;
    }
    const bool has_base = !rule.any.empty() || !rule.cues.empty();
    const bool base = !has_base || result.any_terms > 0 || result.cue_terms >= rule.min_cues;
    const bool groups = result.all_groups_met == rule.all.size();
    result.matched = base && groups;
    if (result.matched) {
        if (result.any_terms > 0) {
            result.confidence = 0.8 + 0.1 * static_cast<double>(result.any_terms - 1) + 0.05 * static_cast<double>(result.cue_terms);
        } else if (has_base) {
            result.confidence = 0.55 + 0.1 * static_cast<double>(result.cue_terms - rule.min_cues);
        } else {
            result.confidence = 0.75;
        }
        result.confidence = std::min(result.confidence, 1.0);
    } else {
        const double cue_progress = rule.min_cues == 0 ? 0.0
            : static_cast<double>(std::min(result.cue_terms, rule.min_cues)) / static_cast<double>(rule.min_cues);
        const double group_progress = rule.all.empty() ? 0.0
            : static_cast<double>(result.all_groups_met) / static_cast<double>(rule.all.size());
        result.confidence = 0.4 * std::max({cue_progress, group_progress, result.any_terms > 0 ? 1.0 : 0.0});
    }
    return result;
}

VocabularyCompiler::VocabularyCompiler(LexiconBuilder& builder, PhraseTable& table) : builder_(builder), table_(table) {}

void VocabularyCompiler::add_synonym_group(const std::vector<std::string>& group) {
    std::vector<PhraseId> phrases;
    for (const std::string& member : group) {
        const PhraseId id = table_.add(builder_.add_phrase(member), true);
        if (!table_.empty_phrase(id) && std::find(phrases.begin(), phrases.end(), id) == phrases.end()) phrases.push_back(id);
    }
    if (phrases.size() > 1) synonym_groups_.push_back(std::move(phrases));
}

TermRef VocabularyCompiler::compile_term(std::string_view term) {
    TermRef ref;
    ref.text = std::string(term);
    // The special terms the pack may name, each standing for a phrase the matcher finds itself.
    static constexpr std::pair<std::string_view, PhraseId> special_terms[] = {
        {"<number>", number_phrase},       {"<percent>", percent_phrase},         {"<duration>", duration_phrase},
        {"<metric>", metric_phrase},       {"<own-work>", own_work_phrase},       {"<aspiration>", aspiration_phrase},
        {"<colleague>", colleague_phrase}, {"<outcome>", outcome_phrase},
    };
    const auto* special = std::find_if(std::begin(special_terms), std::end(special_terms),
                                       [&](const auto& entry) { return entry.first == term; });
    if (special != std::end(special_terms)) {
        ref.phrases.push_back(special->second);
    } else {
        const PhraseId id = table_.add(builder_.add_phrase(term), true);
        if (table_.empty_phrase(id)) return ref;   // punctuation only: matches nothing
        ref.phrases.push_back(id);
        for (const auto& group : synonym_groups_) {
            if (std::find(group.begin(), group.end(), id) == group.end()) continue;
            for (PhraseId synonym : group) {
                if (std::find(ref.phrases.begin(), ref.phrases.end(), synonym) == ref.phrases.end()) ref.phrases.push_back(synonym);
            }
        }
    }
    return ref;
}

TermRef VocabularyCompiler::compile_exact(std::string_view phrase) {
    TermRef ref;
    ref.text = std::string(phrase);
    const PhraseId id = table_.add(builder_.add_phrase(phrase), false);
    if (!table_.empty_phrase(id)) ref.phrases.push_back(id);
    return ref;
}

std::vector<TermRef> VocabularyCompiler::compile_terms(const std::vector<std::string>& terms) {
    std::vector<TermRef> refs;
    refs.reserve(terms.size());
    for (const std::string& term : terms) {
        TermRef ref = compile_term(term);
        if (!ref.phrases.empty()) refs.push_back(std::move(ref));
    }
    return refs;
}

CompiledRule VocabularyCompiler::compile(const content::MatchRule& rule) {
    CompiledRule compiled;
    compiled.any = compile_terms(rule.any);
    compiled.cues = compile_terms(rule.cues);
    compiled.min_cues = static_cast<std::size_t>(std::max(rule.min_cues, 1));
    for (const auto& group : rule.all) {
        auto terms = compile_terms(group);
        if (!terms.empty()) compiled.all.push_back(std::move(terms));
    }
    auto collect = [&](const std::vector<TermRef>& terms) {
        for (const TermRef& term : terms) compiled.phrases.insert(compiled.phrases.end(), term.phrases.begin(), term.phrases.end());
    };
    collect(compiled.any);
    collect(compiled.cues);
    for (const auto& group : compiled.all) collect(group);
    std::sort(compiled.phrases.begin(), compiled.phrases.end());
    compiled.phrases.erase(std::unique(compiled.phrases.begin(), compiled.phrases.end()), compiled.phrases.end());
    compiled.wrong = compile_terms(rule.wrong);
    compiled.avoided = compile_terms(rule.avoided);
    return compiled;
}

void TermList::index(std::size_t phrase_count) {
    term_of_phrase_.assign(phrase_count, 0);
    for (std::size_t t = terms_.size(); t-- > 0;) {   // backwards: the first term naming a phrase wins
        for (PhraseId phrase : terms_[t].phrases) term_of_phrase_[phrase] = static_cast<std::uint32_t>(t + 1);
    }
    phrases_.clear();
    for (PhraseId phrase = 0; phrase < phrase_count; ++phrase) {
        if (term_of_phrase_[phrase] != 0) phrases_.push_back(phrase);
    }
    std::stable_sort(phrases_.begin(), phrases_.end(),
                     [&](PhraseId a, PhraseId b) { return term_of_phrase_[a] < term_of_phrase_[b]; });
}

bool TermList::first(const PhraseHits& hits, HitFilter filter, TermMatch* found) const {
    std::uint32_t earliest = no_hit;
    if (phrases_.size() <= hits.size()) {
        // Hits are numbered in text order, so the earliest is the smallest index.
        for (PhraseId phrase : phrases_) earliest = std::min(earliest, hits.first_matching(phrase, filter));
    } else {
        for (std::uint32_t index = 0; index < hits.size() && earliest == no_hit; ++index) {
            const PhraseHit& hit = hits.hit(index);
            if (contains(hit.phrase) && passes(hit, filter)) earliest = index;
        }
    }
    if (earliest == no_hit) return false;
    if (found != nullptr) *found = {&terms_[term_of_phrase_[hits.hit(earliest).phrase] - 1u], earliest};
    return true;
}

std::size_t TermList::count_distinct(const PhraseHits& hits, HitFilter filter) const {
    std::size_t count = 0;
    if (phrases_.size() <= hits.size()) {
        std::uint32_t last_counted = 0;   // phrases_ is ordered by term, so one term's phrases are adjacent
        for (PhraseId phrase : phrases_) {
            if (term_of_phrase_[phrase] == last_counted || hits.first_matching(phrase, filter) == no_hit) continue;
            last_counted = term_of_phrase_[phrase];
            ++count;
        }
        return count;
    }
    // A bit per term on the stack; lists are a few hundred terms, longer ones fall back to a rescan.
    constexpr std::size_t tracked_terms = 1024;
    std::array<std::uint64_t, tracked_terms / 64> seen{};
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        if (!contains(hit.phrase) || !passes(hit, filter)) continue;
        const std::uint32_t term = term_of_phrase_[hit.phrase];
        if (term < tracked_terms) {
            std::uint64_t& word = seen[term / 64];
            const std::uint64_t bit = std::uint64_t{1} << (term % 64);
            if ((word & bit) == 0) ++count;
            word |= bit;
            continue;
        }
        bool earlier_hit = false;
        for (std::uint32_t earlier = 0; earlier < index && !earlier_hit; ++earlier) {
            const PhraseHit& before = hits.hit(earlier);
            earlier_hit = contains(before.phrase) && term_of_phrase_[before.phrase] == term && passes(before, filter);
        }
        if (!earlier_hit) ++count;
    }
    return count;
}

ByteSpan hit_span(const AnalyzedText& text, const PhraseHit& hit) {
    return {text.tokens[hit.first_token].begin, text.tokens[hit.last_token].end};
}

Evidence make_evidence(const AnalyzedText& text, const PhraseHits& hits, const TermMatch& match) {
    const PhraseHit& hit = hits.hit(match.hit);
    return {match.term->text, hit_span(text, hit), text.tokens[hit.first_token].message};
}

}  // namespace mi::dialogue
