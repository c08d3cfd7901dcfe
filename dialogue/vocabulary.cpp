#include "dialogue/vocabulary.hpp"

#include <algorithm>

namespace mi::dialogue {
namespace {

// How many stop words a content phrase may skip between two of its words.
constexpr std::size_t max_skipped_stop_words = 3;
// How many filler words ("a couple of") may stand between a quantity and its time unit.
constexpr std::size_t max_duration_gap = 3;

bool passes(const PhraseHit& hit, HitFilter filter) {
    switch (filter) {
        case HitFilter::affirmed: return !hit.negated;
        case HitFilter::asserted: return !hit.negated && !hit.hedged;
        case HitFilter::negated: return hit.negated;
    }
    return false;
}

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
    if (stamp_.size() < phrase_count) {
        head_.resize(phrase_count, no_hit);
        tail_.resize(phrase_count, no_hit);
        stamp_.resize(phrase_count, 0);
    }
    ++generation_;
    if (generation_ == 0) {   // wrapped: make every stale stamp unambiguous again
        std::fill(stamp_.begin(), stamp_.end(), 0);
        generation_ = 1;
    }
}

void PhraseHits::add(PhraseId phrase, const PhraseHit& hit) {
    const auto index = static_cast<std::uint32_t>(hits_.size());
    hits_.push_back(hit);
    hits_.back().next = no_hit;
    hits_.back().phrase = phrase;
    if (stamp_[phrase] != generation_) {
        stamp_[phrase] = generation_;
        head_[phrase] = index;
    } else {
        hits_[tail_[phrase]].next = index;
    }
    tail_[phrase] = index;
}

std::uint32_t PhraseHits::first_matching(PhraseId phrase, HitFilter filter) const {
    for (std::uint32_t index = first(phrase); index != no_hit; index = hits_[index].next) {
        if (passes(hits_[index], filter)) return index;
    }
    return no_hit;
}

PhraseTable::PhraseTable() { phrases_.resize(3); }   // number, percent, duration

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
    index_offsets_.assign(lexicon_size + 1, 0);
    for (PhraseId id = 3; id < phrases_.size(); ++id) {
        if (phrases_[id].length > 0) ++index_offsets_[terms_[phrases_[id].begin] + 1];
    }
    for (std::size_t k = 1; k < index_offsets_.size(); ++k) index_offsets_[k] += index_offsets_[k - 1];
    index_.assign(index_offsets_.back(), 0);
    std::vector<std::uint32_t> fill(index_offsets_.begin(), index_offsets_.end() - 1);
    for (PhraseId id = 3; id < phrases_.size(); ++id) {
        if (phrases_[id].length > 0) index_[fill[terms_[phrases_[id].begin]]++] = id;
    }
}

void PhraseTable::find_hits(const AnalyzedText& text, PhraseHits& hits) const {
    const auto& tokens = text.tokens;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const TermId first = tokens[i].term;
        if (first == unknown_term || first + 1 >= index_offsets_.size()) continue;
        for (std::uint32_t slot = index_offsets_[first]; slot < index_offsets_[first + 1]; ++slot) {
            const PhraseId id = index_[slot];
            const Phrase& phrase = phrases_[id];
            std::size_t at = i;
            std::size_t matched = 1;
            std::size_t skipped = 0;
            while (matched < phrase.length) {
                ++at;
                if (at >= tokens.size() || tokens[at].sentence != tokens[i].sentence || tokens[at].clause_break_before) break;
                if (tokens[at].term == terms_[phrase.begin + matched]) {
                    ++matched;
                } else if (phrase.skip_stop_words && (tokens[at].flags & word_stop) != 0 &&
                           ++skipped <= max_skipped_stop_words) {
                    continue;
                } else {
                    break;
                }
            }
            if (matched == phrase.length) hits.add(id, make_hit(text, i, at, phrase.contains_negation));
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

std::uint32_t find_term(const TermRef& term, const PhraseHits& hits, HitFilter filter) {
    std::uint32_t earliest = no_hit;
    for (PhraseId phrase : term.phrases) {
        const std::uint32_t hit = hits.first_matching(phrase, filter);
        if (hit != no_hit && (earliest == no_hit || hits.hit(hit).first_token < hits.hit(earliest).first_token)) earliest = hit;
    }
    return earliest;
}

bool any_term_found(const std::vector<TermRef>& terms, const PhraseHits& hits, HitFilter filter, TermMatch* found) {
    for (const TermRef& term : terms) {
        if (const std::uint32_t hit = find_term(term, hits, filter); hit != no_hit) {
            if (found != nullptr) *found = {&term, hit};
            return true;
        }
    }
    return false;
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
    if (term == "<number>") {
        ref.phrases.push_back(number_phrase);
    } else if (term == "<percent>") {
        ref.phrases.push_back(percent_phrase);
    } else if (term == "<duration>") {
        ref.phrases.push_back(duration_phrase);
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
    return compiled;
}

ByteSpan hit_span(const AnalyzedText& text, const PhraseHit& hit) {
    return {text.tokens[hit.first_token].span.begin, text.tokens[hit.last_token].span.end};
}

Evidence make_evidence(const AnalyzedText& text, const PhraseHits& hits, const TermMatch& match) {
    const PhraseHit& hit = hits.hit(match.hit);
    return {match.term->text, hit_span(text, hit), text.tokens[hit.first_token].message};
}

}  // namespace mi::dialogue
