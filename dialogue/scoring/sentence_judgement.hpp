// Judgements of whole sentences and clauses that change what their words count as, made after the
// phrases are found and before anything is credited:
//
// - a hedged guess ("caching could perhaps help, I would have to look it up", "maybe indexes?")
//   says words without showing knowledge: its occurrences become uncertain;
// - a negation that points back ("profilers exist, sure, but I have never found a use for them",
//   "Testing? Not really.") negates what the earlier clause named;
// - a topic named and then dismissed by the speaker ("Versioning we don't do", "docs I've never
//   found useful", "sharding is a headache I'd avoid", "versioning is overkill") is not covered;
// - a sentence whose only content is the labels of several key points ("great APIs are all about
//   structure, versioning, errors and docs") names them without saying anything about them.
//
// Pure logic over an analysed answer; mutates only the PhraseHits it is given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dialogue/scoring/text_analysis.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

struct SentenceCues {
    TermList sure_hedges;       // one is enough: "i guess", "not sure", "look it up", "or something"
    TermList soft_hedges;       // "maybe", "perhaps", "probably": two, or one with a question mark
    std::vector<TermId> pointers_back;   // "it", "them", "that", "those": what an earlier clause named
    std::vector<TermId> dismissals;      // "overkill", "headache": the clause's own subject is dismissed
    TermList dismissal_idioms;           // "a waste of time", "not my cup of tea": the same, in several words
    // "so", "because", "which": a clause of its own starts inside the clause ("wrote it up for the team so
    // nobody repeats it"); a negation after one is about that clause, not about the topic before it.
    std::vector<TermId> subordinators;
    // The single-word cues above by term, one bit per list (word_mark_*), so that a token is looked up
    // once instead of searched for in each list.
    std::vector<std::uint16_t> word_marks;
    [[nodiscard]] std::uint16_t marks_of(TermId term) const { return term < word_marks.size() ? word_marks[term] : 0; }

    static SentenceCues compile(VocabularyCompiler& compiler);
    // Call once the phrase table and the lexicon are complete.
    void index(std::size_t phrase_count, TextAnalyzer& analyzer);
};

struct SentenceJudgementLimits {
    std::size_t soft_hedges_for_a_guess = 2;        // soft hedges in one clause group that make it a guess
    std::size_t back_reference_max_question_words = 4;   // "Testing? Not really.": the question is this short
    std::uint32_t back_reference_lead_tokens = 4;        // a negation pointing back comes this early in its clause
    // "I haven't used it in a real job yet": a pointer followed by more content words than this denies a
    // qualifier of what was named ("in a real job"), not the thing itself (scorer-2.6).
    std::size_t back_reference_max_words_after_pointer = 1;
    std::uint32_t dismissal_max_gap_tokens = 3;          // "we don't", "I've never": function words between
    std::size_t dismissal_max_words_after = 2;           // "... never found useful": what follows the negation
    std::size_t dismissed_topic_max_words = 2;           // "Merge conflicts don't really happen": the topic's words
    // "I leave merging to whoever's in charge" (scorer-2.8): the "to" comes this many tokens after the verb
    // at most, and the people it hands to this many after the "to" ("to the senior devs"). Two or three
    // function words and a topic fit; further away, the "to" belongs to something else.
    std::uint32_t handoff_max_tokens_to_to = 3;
    std::uint32_t handoff_max_tokens_to_people = 3;
    // "The team decides what goes in the sprint" (scorer-2.9): the deciding verb comes this many tokens
    // after the people at most ("the product owner decides", "our lead usually decides"), and the "what"
    // / "which" of the work chosen this many after the verb.
    std::uint32_t decided_by_others_max_tokens_to_verb = 2;
    std::uint32_t decided_by_others_max_tokens_to_choice = 2;
    // "even when they're dull" (scorer-2.9): a concession this many tokens before a taste word says the
    // work is done in spite of the taste, not put off because of it.
    std::uint32_t taste_concession_max_tokens = 3;
};

// Marks hedged guesses uncertain and negations that point back. Sentence by sentence.
void judge_sentences(std::span<const std::string_view> messages, const AnalyzedText& text, PhraseHits& hits,
                     const SentenceCues& cues, const SentenceJudgementLimits& limits);

// The occurrences that made a key point covered, per item (indices into PhraseHits).
struct ItemHits {
    std::vector<std::uint32_t> hits;   // empty for an item not covered: only its label words count
    std::vector<TermId> label_words;   // the words of the item's own text, sorted ("challenges", "faced")
};

struct LabelOnlyLimits {
    std::size_t min_items = 3;             // a sentence naming at least this many key points ...
    std::size_t max_other_words_per_item = 1;   // ... with at most this many other content words per item
    std::size_t min_items_without_words = 2;    // or this many with no other content word at all
    std::size_t min_echoed_items = 3;           // or this many items named only by their own labels' words
    // A terse expert names each point through several of its terms ("SOAP is XML envelopes described by a
    // WSDL contract, REST is resources and HTTP verbs"); a roll-call names each once. At least this many
    // distinct terms per item named, and the sentence is not a sentence of labels.
    std::size_t explaining_terms_per_item = 2;
    // An item named by one word of its label, in a clause with at least this many other content words,
    // is said something about; it does not count as an echo.
    std::size_t echo_explained_min_words = 3;
    // An item none of whose terms was found still counts as echoed in a sentence that recites this
    // many words of its label (scorer-2.6).
    std::size_t recited_label_min_words = 2;
};

// Marks uncertain every occurrence inside a sentence that only names key points. Words that add
// nothing (`no_content_words`, sorted: the question's own words, "great", "important") do not count
// as something said about them. Returns whether any occurrence was marked.
bool discount_label_only_sentences(const AnalyzedText& text, PhraseHits& hits, std::span<const ItemHits> items,
                                   std::span<const TermId> no_content_words, const LabelOnlyLimits& limits);

// Words that praise or point without saying anything ("great", "important", "key", "things").
[[nodiscard]] std::span<const std::string_view> empty_praise_words();

}  // namespace mi::dialogue
