// Compiled scorer vocabularies: phrases as sequences of term ids, the pack's match rules over them,
// and one pass over an analysed answer that finds every phrase occurrence (plus the special terms
// <number>, <percent>, <duration>, <metric>, <own-work>, <aspiration>, <colleague>, <outcome>) with its negation state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/text_analysis.hpp"

namespace mi::dialogue {

using PhraseId = std::uint32_t;

// The special terms have fixed phrase ids; their hits come from find_special_terms.
inline constexpr PhraseId number_phrase = 0;
inline constexpr PhraseId percent_phrase = 1;
inline constexpr PhraseId duration_phrase = 2;
// A quantified or comparative result ("from 400 to 120 ms", "cut it in half", "3x faster"): find_result_metrics.
inline constexpr PhraseId metric_phrase = 3;
// A sentence telling the candidate's own work on a system ("Owned the ledger service", "I wrote the
// APIs in front of the mainframe"): find_told_signals.
inline constexpr PhraseId own_work_phrase = 4;
// A plan for the candidate's own future ("in a few years I'd like to be the one drawing the
// architecture", "would love to end up on a platform team someday"): find_told_signals.
inline constexpr PhraseId aspiration_phrase = 5;
// Someone worked with, named by what they are ("with our dba", "with the infrastructure chaps",
// "sat down with our two ops people"): find_told_signals (scorer-2.6).
inline constexpr PhraseId colleague_phrase = 6;
// The same as own_work_phrase, but a job title that stems to a work verb ("backend developer") counts
// as the verb: what the real-world flags ask for. Found once per answer, with <own-work>, by
// add_told_signals; not a term the content pack can name.
inline constexpr PhraseId told_work_phrase = 7;
// A lasting outcome told through what people (or the system) stopped or can now do: "since then no
// clinic has called about a vanished booking", "the receptionists stopped keeping a paper backup",
// "complaints basically stopped", "customers can now apply at midnight": find_told_signals (scorer-2.7).
inline constexpr PhraseId outcome_phrase = 8;
inline constexpr PhraseId last_special_phrase = outcome_phrase;

struct PhraseHit {
    std::uint32_t first_token = 0;
    std::uint32_t last_token = 0;
    bool negated = false;
    bool hedged = false;        // "not just X": said, but as not enough
    bool uncertain = false;     // in a hedged guess or a sentence that only names labels: said, not shown
    std::uint32_t next = 0;     // next hit of the same phrase, or no_hit
    PhraseId phrase = 0;
};

inline constexpr std::uint32_t no_hit = 0xFFFFFFFFu;

// Which occurrences count.
enum class HitFilter : std::uint8_t {
    affirmed,     // not negated and not uncertain ("not just X" still says X)
    asserted,     // affirmed and not hedged: X is presented as what the candidate does
    negated,      // negated only
    mentioned,    // not negated, even if uncertain: the words are there (off-topic and stuffing checks)
};

// Whether one occurrence counts under `filter`.
inline bool passes(const PhraseHit& hit, HitFilter filter) {
    switch (filter) {
        case HitFilter::negated: return hit.negated;
        case HitFilter::asserted: return !hit.negated && !hit.hedged && !hit.uncertain;
        case HitFilter::mentioned: return !hit.negated;
        case HitFilter::affirmed: break;
    }
    return !hit.negated && !hit.uncertain;
}

// All phrase occurrences of one analysed text. Reused between calls without clearing per phrase:
// a generation stamp tells current entries from stale ones.
class PhraseHits {
public:
    void reset(std::size_t phrase_count);
    void add(PhraseId phrase, const PhraseHit& hit) {
        const auto index = static_cast<std::uint32_t>(hits_.size());
        PhraseHit& added = hits_.emplace_back(hit);
        added.next = no_hit;
        added.phrase = phrase;
        mark(present_, phrase);
        if (hit.negated) {
            ++negated_hits_;
            mark(negated_present_, phrase);
        }
        Occurrences& occurrences = occurrences_[phrase];
        if (occurrences.stamp != generation_) {
            occurrences.stamp = generation_;
            occurrences.head = index;
        } else {
            hits_[occurrences.tail].next = index;
        }
        occurrences.tail = index;
    }
    [[nodiscard]] std::uint32_t first(PhraseId phrase) const {
        return occurrences_[phrase].stamp == generation_ ? occurrences_[phrase].head : no_hit;
    }
    [[nodiscard]] const PhraseHit& hit(std::uint32_t index) const { return hits_[index]; }
    // Later judgements of a sentence (a negation pointing back, a hedged guess) change what an occurrence counts as.
    void negate(std::uint32_t index) {
        PhraseHit& hit = hits_[index];
        if (hit.negated) return;
        hit.negated = true;
        ++negated_hits_;
        mark(negated_present_, hit.phrase);
    }
    void mark_uncertain(std::uint32_t index) { hits_[index].uncertain = true; }
    [[nodiscard]] std::size_t size() const { return hits_.size(); }
    // The first occurrence of `phrase` that passes `filter`, or no_hit.
    [[nodiscard]] std::uint32_t first_matching(PhraseId phrase, HitFilter filter) const {
        // Most phrases do not occur at all, or not negated: one bit tells, from a table small enough to stay in cache.
        if (!may_occur(phrase, filter == HitFilter::mentioned ? HitFilter::affirmed : filter)) return no_hit;
        for (std::uint32_t index = occurrences_[phrase].head; index != no_hit; index = hits_[index].next) {
            if (passes(hits_[index], filter)) return index;
        }
        return no_hit;
    }
    // False when no occurrence of `phrase` can pass `filter`: a quick test before first_matching.
    [[nodiscard]] bool may_occur(PhraseId phrase, HitFilter filter) const {
        return marked(filter == HitFilter::negated ? negated_present_ : present_, phrase);
    }
    // Whether any occurrence at all is negated: most answers have none, and then negated lookups can be skipped.
    [[nodiscard]] bool any_negated() const { return negated_hits_ > 0; }

private:
    // Where one phrase's occurrences are; valid only when stamp == generation_.
    struct Occurrences {
        std::uint32_t stamp = 0;
        std::uint32_t head = no_hit;
        std::uint32_t tail = no_hit;
    };
    using PhraseBits = std::vector<std::uint64_t>;
    static void mark(PhraseBits& bits, PhraseId phrase) { bits[phrase / 64] |= std::uint64_t{1} << (phrase % 64); }
    static bool marked(const PhraseBits& bits, PhraseId phrase) { return ((bits[phrase / 64] >> (phrase % 64)) & 1u) != 0; }

    std::vector<PhraseHit> hits_;
    std::vector<Occurrences> occurrences_;
    PhraseBits present_;            // a bit per phrase that occurs in this text
    PhraseBits negated_present_;    // a bit per phrase that occurs negated
    std::uint32_t generation_ = 0;
    std::size_t negated_hits_ = 0;
};

class PhraseTable {
public:
    PhraseTable();   // reserves the special phrases
    // Adds (or finds) a phrase. Every word of the phrase must appear, in order; with skip_stop_words the
    // answer may have a few extra stop words between them ("i built" ~ "I have built").
    PhraseId add(const std::vector<LexiconBuilder::PhraseWord>& words, bool skip_stop_words);
    // Builds the first-word index; call once after the last add.
    void finish(std::size_t lexicon_size);
    [[nodiscard]] std::size_t size() const { return phrases_.size(); }
    [[nodiscard]] bool empty_phrase(PhraseId id) const { return phrases_[id].length == 0; }

    void find_hits(const AnalyzedText& text, PhraseHits& hits) const;

private:
    struct Phrase {
        std::uint32_t begin = 0;     // into terms_
        std::uint32_t length = 0;
        bool skip_stop_words = false;
        bool contains_negation = false;
    };
    std::vector<TermId> terms_;
    std::vector<Phrase> phrases_;
    // Phrases by first term id: for term t, index_[starts_[t].begin, starts_[t].multi) are its one-word
    // phrases and index_[starts_[t].multi, starts_[t].end) the longer ones, sorted by second term, so a
    // token only tries the phrases whose second word follows it.
    struct FirstTermPhrases {
        std::uint32_t begin = 0;
        std::uint32_t multi = 0;
        std::uint32_t end = 0;
    };
    std::vector<FirstTermPhrases> starts_;
    std::vector<PhraseId> index_;
    std::vector<TermId> index_second_;   // parallel to index_
    // A bit per hashed (first term, second term) pair that begins some phrase: most pairs of words in
    // an answer begin none, and this rules them out without a search.
    static constexpr std::size_t pair_filter_bits = std::size_t{1} << 16;
    std::vector<std::uint64_t> pair_filter_;
    static std::size_t pair_bit(TermId first, TermId second) {
        return ((first * 0x9E3779B1u) ^ (second * 0x85EBCA77u)) >> 16;
    }

    void try_phrase(const AnalyzedText& text, std::size_t start, PhraseId id, PhraseHits& hits) const;
};

// Numbers, percentages and durations ("30%", "halved", "two weeks", "200 ms").
void find_special_terms(const AnalyzedText& text, PhraseHits& hits);

// One vocabulary term of a rule: its text as the pack writes it and every phrase that spells it
// (the term itself and its synonyms).
struct TermRef {
    std::string text;
    std::vector<PhraseId> phrases;
};

struct CompiledRule {
    std::vector<TermRef> any;
    std::vector<TermRef> cues;
    std::size_t min_cues = 2;
    std::vector<std::vector<TermRef>> all;
    std::vector<PhraseId> phrases;    // every phrase of every term above, to rule out a rule in one pass
    std::vector<TermRef> wrong;       // statements of the fact the wrong way round (not part of `phrases`)
    std::vector<TermRef> avoided;     // what the item spares: covers it when said negated (not part of `phrases`)
    [[nodiscard]] bool empty() const { return any.empty() && cues.empty() && all.empty(); }
};

// Where one term of a rule was found.
struct TermMatch {
    const TermRef* term = nullptr;
    std::uint32_t hit = no_hit;
};

struct RuleMatch {
    bool matched = false;
    std::size_t any_terms = 0;        // distinct `any` terms found
    std::size_t cue_terms = 0;        // distinct `cues` found
    std::size_t all_groups_met = 0;
    bool first_group_met = false;     // the rule's first `all` group: what the item is about ("latency")
    double confidence = 0.0;          // 0..1
};

// Evaluates a rule. When `matches` is given, the terms that counted are appended to it.
RuleMatch evaluate_rule(const CompiledRule& rule, const PhraseHits& hits, HitFilter filter,
                        std::vector<TermMatch>* matches = nullptr);

// The earliest occurrence of a term (any of its spellings) that passes the filter, or no_hit.
[[nodiscard]] inline std::uint32_t find_term(const TermRef& term, const PhraseHits& hits, HitFilter filter) {
    std::uint32_t earliest = no_hit;
    for (PhraseId phrase : term.phrases) {
        const std::uint32_t hit = hits.first_matching(phrase, filter);
        if (hit != no_hit && (earliest == no_hit || hits.hit(hit).first_token < hits.hit(earliest).first_token)) earliest = hit;
    }
    return earliest;
}

// A list of terms that is asked "does any of you occur?" as a whole (cue lists, the technologies).
// Answering either walks the list's phrases or the answer's hits, whichever is shorter; both give
// the same answer.
class TermList {
public:
    TermList() = default;
    explicit TermList(std::vector<TermRef> terms) : terms_(std::move(terms)) {}
    // Builds the phrase -> term map; call once the phrase table is complete.
    void index(std::size_t phrase_count);
    [[nodiscard]] const std::vector<TermRef>& terms() const { return terms_; }
    [[nodiscard]] bool contains(PhraseId phrase) const { return phrase < term_of_phrase_.size() && term_of_phrase_[phrase] != 0; }

    // The earliest occurrence (in text order) that passes the filter.
    [[nodiscard]] bool first(const PhraseHits& hits, HitFilter filter, TermMatch* found = nullptr) const;
    [[nodiscard]] std::size_t count_distinct(const PhraseHits& hits, HitFilter filter) const;

private:
    std::vector<TermRef> terms_;
    std::vector<std::uint32_t> term_of_phrase_;   // 1-based term index; 0 = not in the list
    std::vector<PhraseId> phrases_;               // every phrase of the list once, ordered by its term
};

// Turns pack terms into phrases while the lexicon is being built.
class VocabularyCompiler {
public:
    VocabularyCompiler(LexiconBuilder& builder, PhraseTable& table);
    // Multi-word synonym groups: a term that spells one member also matches the others.
    void add_synonym_group(const std::vector<std::string>& group);
    [[nodiscard]] TermRef compile_term(std::string_view term);
    // Exact phrases for the scorer's own cue lists: every word counts, none is skipped.
    [[nodiscard]] TermRef compile_exact(std::string_view phrase);
    [[nodiscard]] std::vector<TermRef> compile_terms(const std::vector<std::string>& terms);
    [[nodiscard]] CompiledRule compile(const content::MatchRule& rule);

private:
    LexiconBuilder& builder_;
    PhraseTable& table_;
    std::vector<std::vector<PhraseId>> synonym_groups_;
};

// Evidence (term text + byte span + message) for a match.
Evidence make_evidence(const AnalyzedText& text, const PhraseHits& hits, const TermMatch& match);
ByteSpan hit_span(const AnalyzedText& text, const PhraseHit& hit);

}  // namespace mi::dialogue

namespace mi::dialogue {

// An analysed answer with its phrase occurrences: what every later stage of scoring reads.
struct MatchedText {
    std::span<const std::string_view> messages;
    const AnalyzedText& text;
    const PhraseHits& hits;

    // The answer's own words at a span, for quoting back to the candidate.
    [[nodiscard]] std::string_view quote(std::size_t message, ByteSpan span) const {
        return messages[message].substr(span.begin, span.end - span.begin);
    }
};

}  // namespace mi::dialogue
