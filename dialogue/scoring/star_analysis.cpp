#include "dialogue/scoring/star_analysis.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace mi::dialogue {
namespace {

constexpr std::size_t situation = 0, task = 1, action = 2, result = 3;
constexpr int strong_cue = 2;
constexpr int weak_cue = 1;
// A template: this many sentences opening with "Situation:", "Task:", ... with fewer content words
// each than this, on average.
constexpr std::size_t template_min_labelled_sentences = 3;
constexpr std::size_t template_min_content_words_per_sentence = 5;
// A sentence naming this many of the STAR headings ("situation, task, action and result") recites the method.
constexpr std::size_t recital_min_labels = 3;

constexpr std::string_view situation_strong[] = {
    "while working on", "when i was working", "when i worked", "at my previous", "at my last", "in my previous",
    "in my last", "at my current", "in my current", "at my old", "at my first", "years ago", "months ago",
    "last year", "at the time", "back when", "there was a", "there was an", "we had a", "we had an", "we were",
    "we faced", "i faced", "i was working", "during a", "during the", "during my", "on a project", "on one project",
    "the problem was", "the issue was", "we noticed", "i noticed", "we started seeing", "started failing",
    "customers complained", "users complained", "disagreed", "disagreement", "disagree", "conflict", "argument",
    "argued", "we argued", "clashed",
    "we were building", "i was building", "we had to", "was struggling", "kept crashing", "kept timing out",
    "was too slow", "were too slow", "we inherited", "i joined", "when i joined", "a few years back", "once we",
};
constexpr std::string_view situation_weak[] = {
    "project", "company", "production", "client", "system", "service", "legacy", "startup", "previous", "team",
    "was", "were", "had", "problem", "issue", "slow", "outage", "bug", "deadline", "migration", "latency",
};
constexpr std::string_view task_strong[] = {
    "my role", "my task", "my job was", "my job", "my responsibility", "i was responsible", "responsible for",
    "i was asked to", "i was tasked", "tasked with", "i was in charge", "in charge of", "as the", "as a backend",
    "as the only", "as lead", "i needed to", "i had to", "i was supposed to", "my goal was", "the goal was",
    "my goal", "i wanted to", "i believed", "i thought", "i felt", "in my view", "my view", "my perspective",
    "my opinion", "my position", "i argued", "i preferred", "i was convinced", "my concern", "i was worried",
    "i insisted", "i advocated", "i pushed for", "i owned", "i was assigned", "assigned to me", "fell to me",
    "it fell on me", "i took ownership", "took ownership", "i volunteered", "i was on call", "i was the",
    "my point was", "i wanted", "i think", "i believe", "i was sure", "i was pretty sure", "i favoured",
    "i favored", "i suggested we", "i argued for", "from my side", "on my side", "i disagreed", "i was against",
    "i didn't agree", "i did not agree", "my part", "i had been asked", "i got the ticket", "i picked up",
    "i was the one", "i was leading", "i led the", "i led an", "it was my", "was on me", "took it on",
    "i took on", "i was one of", "it was up to me", "my side was", "i was the backend",
};
constexpr std::string_view task_weak[] = {"goal", "needed to", "had to", "responsible", "ownership", "assigned", "expected to"};
constexpr std::string_view result_strong[] = {
    "as a result", "in the end", "eventually", "ultimately", "ended up", "led to", "resulted in", "the result",
    "the outcome", "outcome was", "which improved", "which reduced", "which cut", "improved", "reduced",
    "increased", "decreased", "dropped", "went down", "went from", "cut", "saved", "i learned", "i learnt",
    "we learned", "taught me", "lesson", "learned that", "since then", "from then on", "it worked",
    "successful", "successfully", "success", "was resolved", "was fixed", "got fixed", "no longer",
    "never happened again", "relationship", "was cancelled", "was canceled", "was shelved", "compromise",
    "we agreed", "agreed to", "shipped", "launched", "went live", "on time", "afterwards", "after that we",
    "turned out", "worked out", "in hindsight", "looking back", "stopped", "solved", "fixed the", "the fix",
    "we reached", "we settled", "we went with", "we chose", "got merged", "was merged", "were happy",
    "was happy", "became", "now we", "now i", "today", "still use", "got rolled out", "rolled out",
    "brought it down", "brought down", "faster", "halved", "doubled", "fell", "better", "lower",
};
constexpr std::string_view result_weak[] = {"finally", "then", "so", "now", "after", "outcome", "result", "impact"};
constexpr std::string_view action_verb_words[] = {
    "analyzed", "analysed", "identified", "investigated", "proposed", "suggested", "implemented", "refactored",
    "led", "profiled", "wrote", "rewrote", "built", "created", "set up", "migrated", "introduced", "organized",
    "organised", "scheduled", "presented", "discussed", "talked", "spoke", "met", "fixed", "debugged",
    "reviewed", "tested", "deployed", "designed", "redesigned", "optimized", "optimised", "measured",
    "monitored", "added", "switched", "replaced", "collaborated", "coordinated", "communicated", "explained",
    "prototyped", "benchmarked", "decided", "chose", "tried", "reached out", "asked", "listened", "compared",
    "gathered", "researched", "documented", "automated", "escalated", "paired", "split", "isolated",
    "reproduced", "traced", "instrumented", "cached", "indexed", "rolled back", "patched", "started", "began",
    "dug", "moved", "changed", "reworked", "ran", "called", "looked", "checked", "found", "worked", "sat down",
    "walked", "showed", "convinced", "shared", "brought", "pulled", "put", "took", "made", "removed",
    "upgraded", "tuned", "batched", "parallelized", "parallelised", "sharded", "partitioned", "restructured",
    "wrote up", "drafted", "set", "mapped", "dropped", "rebuilt", "ported", "spun up", "profile", "rewrite",
    "introduce", "implement", "build", "propose", "analyze", "investigate", "fix", "ask", "talk", "explain",
    "suggest", "organize", "schedule", "refactor", "add", "replace", "measure", "split", "switch", "debug",
};

// The headings of a template answer.
constexpr std::string_view label_words[] = {"situation", "task", "action", "actions", "result", "results", "outcome", "context"};

// Cue phrases tolerate a few extra stop words ("I really thought" ~ "i thought").
template <std::size_t N>
TermList compile_cue_list(VocabularyCompiler& compiler, const std::string_view (&phrases)[N]) {
    std::vector<TermRef> terms;
    terms.reserve(N);
    for (std::string_view phrase : phrases) {
        TermRef term = compiler.compile_term(phrase);
        if (!term.phrases.empty()) terms.push_back(std::move(term));
    }
    return TermList(std::move(terms));
}

// Bits of StarCues::lists_of_phrase.
constexpr std::array<std::size_t, 3> scored_parts{situation, task, result};
constexpr std::uint8_t strong_bit(std::size_t slot) { return static_cast<std::uint8_t>(1u << slot); }
constexpr std::uint8_t weak_bit(std::size_t slot) { return static_cast<std::uint8_t>(1u << (3 + slot)); }
constexpr std::uint8_t action_verb_bit = 1u << 6;

}  // namespace

StarCues StarCues::compile(VocabularyCompiler& compiler) {
    StarCues cues;
    cues.strong[situation] = compile_cue_list(compiler, situation_strong);
    cues.weak[situation] = compile_cue_list(compiler, situation_weak);
    cues.strong[task] = compile_cue_list(compiler, task_strong);
    cues.weak[task] = compile_cue_list(compiler, task_weak);
    cues.strong[result] = compile_cue_list(compiler, result_strong);
    cues.weak[result] = compile_cue_list(compiler, result_weak);
    cues.action_verbs = compile_cue_list(compiler, action_verb_words);
    for (std::string_view word : label_words) (void)compiler.compile_exact(word);
    return cues;
}

bool StarCues::is_label(TermId term) const { return std::binary_search(labels.begin(), labels.end(), term); }

void StarCues::index(std::size_t phrase_count, TextAnalyzer& analyzer) {
    labels.clear();
    for (std::string_view word : label_words) {
        if (const TermId term = analyzer.lookup_word(word); term != unknown_term) labels.push_back(term);
    }
    std::sort(labels.begin(), labels.end());
    for (std::size_t part = 0; part < 4; ++part) {
        strong[part].index(phrase_count);
        weak[part].index(phrase_count);
    }
    action_verbs.index(phrase_count);
    lists_of_phrase.assign(phrase_count, 0);
    for (PhraseId phrase = 0; phrase < phrase_count; ++phrase) {
        for (std::size_t slot = 0; slot < scored_parts.size(); ++slot) {
            if (strong[scored_parts[slot]].contains(phrase)) lists_of_phrase[phrase] |= strong_bit(slot);
            if (weak[scored_parts[slot]].contains(phrase)) lists_of_phrase[phrase] |= weak_bit(slot);
        }
        if (action_verbs.contains(phrase)) lists_of_phrase[phrase] |= action_verb_bit;
    }
}

StarResult analyze_star(const MatchedText& answer, const StarCues& cues, StarScratch& scratch, std::size_t min_content_words,
                        std::span<const TermId> no_content_words) {
    StarResult star;
    star.applicable = true;
    const auto& sentences = answer.text.sentences;
    const auto& tokens = answer.text.tokens;
    scratch.scores.assign(sentences.size(), {0, 0, 0, 0});
    scratch.template_story = false;
    // Actions: an action verb in a sentence where the candidate or their team is the subject.
    auto& people = scratch.people;
    people.assign(sentences.size(), {0, 0});
    for (const Token& token : tokens) {
        if ((token.flags & word_first_singular) != 0) ++people[token.sentence][0];
        if ((token.flags & word_first_plural) != 0) ++people[token.sentence][1];
    }
    // Cue phrases, in one pass over the hits: each adds to its sentence's score for its part.
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        const std::uint8_t lists = hit.phrase < cues.lists_of_phrase.size() ? cues.lists_of_phrase[hit.phrase] : 0;
        if (lists == 0 || !passes(hit, HitFilter::affirmed)) continue;
        const std::uint32_t sentence = tokens[hit.first_token].sentence;
        auto& score = scratch.scores[sentence];
        for (std::size_t slot = 0; slot < scored_parts.size(); ++slot) {
            if ((lists & strong_bit(slot)) != 0) score[scored_parts[slot]] += strong_cue;
            if ((lists & weak_bit(slot)) != 0) score[scored_parts[slot]] += weak_cue;
        }
        if ((lists & action_verb_bit) != 0) {
            const bool told_by_someone = people[sentence][0] + people[sentence][1] > 0;
            score[action] += told_by_someone ? strong_cue : weak_cue;
        }
    }
    // Measurable results belong to results; durations ("two weeks") lean that way a little.
    for (PhraseId metric : {metric_phrase, duration_phrase}) {
        for (std::uint32_t index = answer.hits.first(metric); index != no_hit; index = answer.hits.hit(index).next) {
            const PhraseHit& hit = answer.hits.hit(index);
            scratch.scores[tokens[hit.first_token].sentence][result] += metric == metric_phrase ? strong_cue : weak_cue;
        }
    }
    // A sentence that is only a label and a word or two ("Result: success.", "Action: we talked.")
    // tells no part of a story; nor does a whole template of labels filled with the question's own
    // words ("Situation: we faced a significant technical challenge. Task: I had to solve it.").
    auto says_nothing = [&](const Token& token) {
        return std::binary_search(no_content_words.begin(), no_content_words.end(), token.term);
    };
    std::size_t labelled_sentences = 0;
    std::size_t labelled_content_words = 0;
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        std::size_t content_words = 0;
        std::size_t telling_words = 0;   // content words that are not the question's or empty praise
        const bool labelled = cues.is_label(tokens[sentences[s].first_token].term);
        for (std::uint32_t t = sentences[s].first_token; t < sentences[s].end_token; ++t) {
            const bool label = t == sentences[s].first_token && labelled;
            if (label || !is_content_word(tokens[t])) continue;
            ++content_words;
            if (!says_nothing(tokens[t])) ++telling_words;
        }
        if (labelled) {
            ++labelled_sentences;
            labelled_content_words += telling_words;
        }
        if (content_words < min_content_words) scratch.scores[s] = {0, 0, 0, 0};
        // A sentence that names the method's parts ("I always use situation, task, action and result: I
        // describe the disagreement ...") recites STAR; it tells no part of a story (scorer-2.7).
        std::array<TermId, recital_min_labels> named{};
        std::size_t labels_named = 0;
        for (std::uint32_t t = sentences[s].first_token; t < sentences[s].end_token && labels_named < recital_min_labels; ++t) {
            if (!cues.is_label(tokens[t].term) || std::find(named.begin(), named.begin() + labels_named, tokens[t].term) != named.begin() + labels_named) continue;
            named[labels_named++] = tokens[t].term;
        }
        if (labels_named >= recital_min_labels) scratch.scores[s] = {0, 0, 0, 0};
    }
    const bool template_story = labelled_sentences >= template_min_labelled_sentences &&
                                labelled_content_words < template_min_content_words_per_sentence * labelled_sentences;
    scratch.template_story = template_story;
    // A story is somebody's: an answer in which nobody is "I" or "we" (a lecture on the CAP
    // theorem, a list of soft-skill words) tells no part of one, unless its sentences open with
    // what was done, the way terse notes drop the "I" ("Found it eventually and fixed it.").
    bool told_by_nobody = std::all_of(people.begin(), people.end(), [](const auto& p) { return p[0] + p[1] == 0; });
    for (std::uint32_t index = 0; told_by_nobody && index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        const bool action_verb = hit.phrase < cues.lists_of_phrase.size() && (cues.lists_of_phrase[hit.phrase] & action_verb_bit) != 0;
        if (action_verb && passes(hit, HitFilter::affirmed) &&
            sentences[tokens[hit.first_token].sentence].first_token == hit.first_token) {
            told_by_nobody = false;
        }
    }
    if (template_story || told_by_nobody) {
        for (auto& score : scratch.scores) score = {0, 0, 0, 0};
    }

    int singular_actions = 0;
    int plural_actions = 0;
    star.sentences.reserve(sentences.size());
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        auto& score = scratch.scores[s];
        // A story opens with its situation: the first sentence leans that way when nothing else is clear.
        if (s == 0 && score[situation] > 0) score[situation] += weak_cue;
        StarSentence classified{sentences[s].span, sentences[s].message, std::nullopt};
        const auto best = std::max_element(score.begin(), score.end());
        if (*best > 0) {
            classified.part = static_cast<StarPart>(best - score.begin());
            star.present[static_cast<std::size_t>(best - score.begin())] = true;
        }
        for (std::size_t part = 0; part < 4; ++part) {
            if (score[part] >= strong_cue) star.present[part] = true;
        }
        if (score[action] >= strong_cue) {
            singular_actions += people[s][0] > 0 ? 1 : 0;
            plural_actions += people[s][1] > 0 ? 1 : 0;
        }
        star.sentences.push_back(classified);
    }
    if (singular_actions > 0 && plural_actions > 0) star.ownership = Ownership::mixed;
    else if (singular_actions > 0) star.ownership = Ownership::individual;
    else if (plural_actions > 0) star.ownership = Ownership::team_only;
    else star.ownership = Ownership::not_applicable;
    return star;
}

}  // namespace mi::dialogue
