// The scorer's own English word lists: stop words, negation cues, numbers, units, pronouns and
// a few hundred common words (to tell prose from gibberish). Added to the Lexicon with their flags.
#pragma once

namespace mi::dialogue {

class LexiconBuilder;

void add_english_words(LexiconBuilder& builder);

}  // namespace mi::dialogue
