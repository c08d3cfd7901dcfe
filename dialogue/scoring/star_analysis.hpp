// STAR structure of a behavioural answer: each sentence classed as Situation, Task, Action, Result
// or none by cue phrases, which parts are present, the metrics quoted, and whether the actions are
// told as the candidate's own ("I profiled ...") or only as the team's ("we ...").
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

struct StarCues {
    // Per part: strong cues (one is enough to mark the part) and weak ones (add up).
    std::array<TermList, 4> strong;
    std::array<TermList, 4> weak;
    TermList action_verbs;     // an action when said with "I" / "we" in the sentence
    // Per phrase, which of the lists above hold it (bits: strong situation, task, result, weak situation,
    // task, result, action verb), so that one pass over the answer's hits scores every sentence.
    std::vector<std::uint8_t> lists_of_phrase;
    std::vector<TermId> labels;   // "Situation", "Task", "Action", "Result": a template's headings, sorted

    static StarCues compile(VocabularyCompiler& compiler);
    // Call once the phrase table and the lexicon are complete.
    void index(std::size_t phrase_count, TextAnalyzer& analyzer);
    [[nodiscard]] bool is_label(TermId term) const;
};

// Per-sentence cue scores, kept between calls to avoid reallocating.
struct StarScratch {
    std::vector<std::array<int, 4>> scores;
    std::vector<std::array<int, 2>> people;   // first-person singular and plural pronouns
    bool template_story = false;              // set by analyze_star: the answer is a template of labels
};

// Sentences with fewer than min_content_words content words (not counting a leading "Situation:"
// style label, nor `no_content_words`, sorted: the question's own words and empty praise) play no
// STAR part; nor does any sentence of a whole template of labels filled with the question's words.
[[nodiscard]] StarResult analyze_star(const MatchedText& answer, const StarCues& cues, StarScratch& scratch,
                                      std::size_t min_content_words, std::span<const TermId> no_content_words);

}  // namespace mi::dialogue
