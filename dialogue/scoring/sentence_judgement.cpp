#include "dialogue/scoring/sentence_judgement.hpp"

#include <algorithm>
#include <string_view>

namespace mi::dialogue {
namespace {

// A guess the candidate admits to: one of these makes its clauses uncertain.
constexpr std::string_view sure_hedge_phrases[] = {
    "i guess", "i would guess", "my guess", "i suppose", "no idea", "no clue", "not sure", "unsure",
    "not certain", "not an expert", "look it up", "look that up", "have to check", "need to check",
    "have to google", "google it", "or something", "something like that", "something along those lines",
    "if i remember", "i forget", "dunno", "i think maybe", "maybe maybe", "not 100",
    // Saying one would have to find out is saying one does not know ("I'd have to look into which kind").
    "i'd guess", "have to look", "need to look", "have to read up", "need to read up", "read up on it",
};
// Softer: "I'd probably shard by user" is a plan; "maybe caching, perhaps?" is a guess.
constexpr std::string_view soft_hedge_phrases[] = {
    "maybe", "perhaps", "probably", "possibly", "might", "i think", "kind of", "sort of", "somehow", "hopefully",
};
// Words that, right after a negation, say the candidate does not know: "I don't know", "not sure".
constexpr std::string_view unknowing_words[] = {"know", "sure", "remember", "recall", "certain"};
// Words that point back at what an earlier clause named.
constexpr std::string_view pointer_words[] = {"it", "them", "that", "those", "this", "these"};
// Words that dismiss what their clause named before them ("versioning is overkill").
constexpr std::string_view dismissal_words[] = {"overkill", "pointless", "useless", "headache", "unnecessary",
                                                 // scorer-2.6: "debuggers are overrated", "an overthought topic"
                                                 "overrated", "overhyped", "overthought"};
// Idioms that dismiss what their clause named before them (scorer-2.6): "docs are a waste of time",
// "code review is not worth it", "TDD is not my cup of tea". Matched word for word.
constexpr std::string_view dismissal_idiom_phrases[] = {
    "a waste of time", "waste of time", "a waste of effort", "not worth it", "not worth the effort",
    "not worth the bother", "not my cup of tea", "not my thing", "not for me",
    // scorer-2.8: a topic disowned ("testing is not my job").
    "not my job", "not my problem", "not my department", "not my responsibility",
};
// Words that open a clause of their own inside a clause (scorer-2.6).
constexpr std::string_view subordinator_words[] = {"so", "because", "since", "which", "when", "if", "until", "unless", "where", "who"};
// A topic handed to someone else (scorer-2.8): "Merging I usually leave to whoever's in charge", "when
// it gets hard I hand it to the senior devs". The candidate says who does it, not that they can.
constexpr std::string_view handoff_verb_words[] = {"leave", "leaves", "hand", "hands", "handed", "offload", "punt"};
// Who a topic is handed to, or whose it is said to be ("security is the ops team's problem").
constexpr std::string_view other_people_words[] = {
    "whoever", "someone", "somebody", "else", "others", "team", "teams", "lead", "leads", "senior", "seniors", "devs",
    "ops", "dba", "dbas", "admin", "admins", "manager", "managers", "architect", "architects", "owner", "owners", "qa",
    "tester", "testers", "frontend", "backend", "devops", "sre", "infra", "infrastructure", "security",
    // scorer-2.9: the people who choose the work ("the PM decides what ...").
    "pm", "pms", "po", "boss", "management",
};
// What a topic is when it is someone else's: "the ops team's problem", "the DBA's job". Compared as
// written, and only after a possessive of other people, which is rare enough not to need a term lookup.
constexpr std::string_view responsibility_words[] = {"problem", "job", "responsibility", "department", "concern", "headache", "business", "call", "area"};
// A choice of work made by other people (scorer-2.9): "The team decides what goes in the sprint", "my
// lead picks which tickets I do". Who chooses is theirs to tell; the candidate says they follow, not
// that they agree the order with anyone (and "we decide", "the PO and I decide" are the candidate's own).
constexpr std::string_view deciding_verb_words[] = {"decide", "decides", "decided", "choose", "chooses", "picks", "dictates"};
// What the deciding verb chooses: the work itself ("what", "which"), not a fact ("decided to shard").
constexpr std::string_view choice_words[] = {"what", "which", "whatever", "whichever"};
// Work put off or picked by the candidate's own taste (scorer-2.9): "the boring tickets can wait",
// "whatever seems fun that morning gets done first, the rest can wait". A liking is no criterion of
// urgency or importance; the sentence says how the candidate prefers to work, nothing the question asks.
// Only words that are a taste and nothing else: "interesting" stems with "interested" (a technical
// interest) and is left out.
constexpr std::string_view taste_words[] = {"fun", "funnest", "boring", "dull", "tedious"};
// The order the taste sets: something waits or comes later.
constexpr std::string_view deferral_words[] = {"wait", "waits", "later", "postpone", "whenever"};
// "even when they're dull": the work is done in spite of the taste.
constexpr std::string_view concession_words[] = {"even", "despite", "although", "though"};
// Pointers that are also determiners ("that load"): they point back only when no content word follows.
constexpr std::string_view determiner_pointers[] = {"that", "those", "this", "these"};

template <std::size_t N>
TermList compile_exact_list(VocabularyCompiler& compiler, const std::string_view (&phrases)[N]) {
    std::vector<TermRef> terms;
    for (std::string_view phrase : phrases) {
        TermRef term = compiler.compile_exact(phrase);
        if (!term.phrases.empty()) terms.push_back(std::move(term));
    }
    return TermList(std::move(terms));
}

bool ends_with_question_mark(std::string_view message, const Sentence& sentence) {
    std::size_t end = sentence.span.end;
    while (end > sentence.span.begin && (message[end - 1] == '"' || message[end - 1] == ')' || message[end - 1] == ' ')) --end;
    return end > sentence.span.begin && message[end - 1] == '?';
}


}  // namespace

SentenceCues SentenceCues::compile(VocabularyCompiler& compiler) {
    SentenceCues cues;
    cues.sure_hedges = compile_exact_list(compiler, sure_hedge_phrases);
    cues.soft_hedges = compile_exact_list(compiler, soft_hedge_phrases);
    cues.dismissal_idioms = compile_exact_list(compiler, dismissal_idiom_phrases);
    // The single words looked up later must be in the lexicon.
    for (std::string_view word : unknowing_words) (void)compiler.compile_exact(word);
    for (std::string_view word : pointer_words) (void)compiler.compile_exact(word);
    for (std::string_view word : dismissal_words) (void)compiler.compile_exact(word);
    for (std::string_view word : subordinator_words) (void)compiler.compile_exact(word);
    for (std::string_view word : handoff_verb_words) (void)compiler.compile_exact(word);
    for (std::string_view word : other_people_words) (void)compiler.compile_exact(word);
    for (std::string_view word : deciding_verb_words) (void)compiler.compile_exact(word);
    for (std::string_view word : choice_words) (void)compiler.compile_exact(word);
    for (std::string_view word : taste_words) (void)compiler.compile_exact(word);
    for (std::string_view word : deferral_words) (void)compiler.compile_exact(word);
    for (std::string_view word : concession_words) (void)compiler.compile_exact(word);
    return cues;
}

namespace {
// SentenceCues::word_marks bits.
constexpr std::uint16_t mark_pointer = 1, mark_determiner = 2, mark_unknowing = 4, mark_dismissal = 8, mark_subordinator = 16, mark_since = 32,
                         mark_handoff_verb = 64, mark_other_people = 128, mark_deciding_verb = 256, mark_choice = 512, mark_taste = 1024,
                         mark_deferral = 2048, mark_concession = 4096;
}  // namespace

void SentenceCues::index(std::size_t phrase_count, TextAnalyzer& analyzer) {
    sure_hedges.index(phrase_count);
    soft_hedges.index(phrase_count);
    dismissal_idioms.index(phrase_count);
    pointers_back.clear();
    // Layout: pointer words, then a 0 separator, then determiner pointers, 0, then unknowing words.
    for (std::string_view word : pointer_words) pointers_back.push_back(analyzer.lookup_word(word));
    pointers_back.push_back(unknown_term);
    for (std::string_view word : determiner_pointers) pointers_back.push_back(analyzer.lookup_word(word));
    pointers_back.push_back(unknown_term);
    for (std::string_view word : unknowing_words) pointers_back.push_back(analyzer.lookup_word(word));
    dismissals.clear();
    for (std::string_view word : dismissal_words) dismissals.push_back(analyzer.lookup_word(word));
    subordinators.clear();
    for (std::string_view word : subordinator_words) subordinators.push_back(analyzer.lookup_word(word));
    word_marks.clear();
    auto mark = [&](std::string_view word, std::uint16_t bit) {
        const TermId term = analyzer.lookup_word(word);
        if (term == unknown_term) return;
        if (term >= word_marks.size()) word_marks.resize(term + 1, 0);
        word_marks[term] |= bit;
    };
    for (std::string_view word : pointer_words) mark(word, mark_pointer);
    for (std::string_view word : determiner_pointers) mark(word, mark_determiner);
    for (std::string_view word : unknowing_words) mark(word, mark_unknowing);
    for (std::string_view word : dismissal_words) mark(word, mark_dismissal);
    for (std::string_view word : subordinator_words) mark(word, mark_subordinator);
    mark("since", mark_since);
    for (std::string_view word : handoff_verb_words) mark(word, mark_handoff_verb);
    for (std::string_view word : other_people_words) mark(word, mark_other_people);
    for (std::string_view word : deciding_verb_words) mark(word, mark_deciding_verb);
    for (std::string_view word : choice_words) mark(word, mark_choice);
    for (std::string_view word : taste_words) mark(word, mark_taste);
    for (std::string_view word : deferral_words) mark(word, mark_deferral);
    for (std::string_view word : concession_words) mark(word, mark_concession);
}

namespace {
// Negates every occurrence that starts in tokens [begin, end).
void negate_range(const AnalyzedText& text, PhraseHits& hits, std::uint32_t begin, std::uint32_t end) {
    (void)text;
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        if (hit.first_token >= begin && hit.first_token < end && hit.phrase > last_special_phrase) hits.negate(index);
    }
}
}  // namespace

void judge_sentences(std::span<const std::string_view> messages, const AnalyzedText& text, PhraseHits& hits,
                     const SentenceCues& cues, const SentenceJudgementLimits& limits) {
    const auto& tokens = text.tokens;
    const auto& sentences = text.sentences;
    if (sentences.empty()) return;
    auto is = [&](const Token& token, std::uint16_t bit) { return (cues.marks_of(token.term) & bit) != 0; };

    // 1. Hedged guesses. A clause group runs from a contrast word ("but", "though") to the next, so
    //    "not sure of the syntax, but I'd add a composite index" keeps the index.
    std::vector<std::uint32_t> group_of_token(tokens.size(), 0);
    {
        std::uint32_t group = 0;
        for (std::size_t t = 0; t < tokens.size(); ++t) {
            if (t > 0 && (tokens[t].sentence != tokens[t - 1].sentence || (tokens[t].flags & word_contrast) != 0)) ++group;
            group_of_token[t] = group;
        }
    }
    const std::uint32_t groups = tokens.empty() ? 0 : group_of_token.back() + 1;
    std::vector<std::uint8_t> sure(groups, 0);
    std::vector<std::uint8_t> soft(groups, 0);
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        const std::uint32_t group = group_of_token[hit.first_token];
        if (cues.sure_hedges.contains(hit.phrase)) sure[group] = 1;
        else if (cues.soft_hedges.contains(hit.phrase) && soft[group] < 255) ++soft[group];
    }
    for (std::size_t t = 1; t < tokens.size(); ++t) {   // "I don't know", "I do not really remember"
        if (!is(tokens[t], mark_unknowing)) continue;
        for (std::size_t back = t; back-- > 0 && back + 3 > t && tokens[back].sentence == tokens[t].sentence;) {
            if ((tokens[back].flags & word_negation) != 0) {
                sure[group_of_token[t]] = 1;
                break;
            }
            if ((tokens[back].flags & word_stop) == 0) break;
        }
    }
    std::vector<bool> question(sentences.size(), false);
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        question[s] = ends_with_question_mark(messages[sentences[s].message], sentences[s]);
    }
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        const std::uint32_t group = group_of_token[hit.first_token];
        const bool asked = question[tokens[hit.first_token].sentence];
        if (sure[group] != 0 || asked || soft[group] >= limits.soft_hedges_for_a_guess) hits.mark_uncertain(index);
    }

    // Where a dismissing idiom starts ("a waste of time"): it dismisses its clause's topic as a
    // dismissal word does.
    std::vector<bool> dismissal_starts(tokens.size(), false);
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        if (cues.dismissal_idioms.contains(hit.phrase)) dismissal_starts[hit.first_token] = true;
    }

    // 2. Negations that point back: a clause opening with a contrast (or a sentence) that negates and
    //    then points at something ("but I have never found a use for them", "Nobody ran it.").
    auto points_back = [&](std::uint32_t at) {
        const Token& token = tokens[at];
        if (!is(token, mark_pointer)) return false;
        if (!is(token, mark_determiner)) return true;
        const std::uint32_t next = at + 1;
        return next >= tokens.size() || tokens[next].sentence != token.sentence || tokens[next].clause_break_before ||
               !is_content_word(tokens[next]);
    };
    // A topic handed to someone else (scorer-2.8), in tokens [begin, end) of one clause: the speaker leaves
    // or hands it "to" other people ("Merging I usually leave to whoever's in charge", "I hand it to the
    // senior devs"), or it is said to be theirs with no first person owning it ("security is the ops
    // team's problem"; "my team's job was to ..." is a task). Either says who does it, not that the
    // candidate can. A hand-off of "it" / "that" ("When it comes to merging, I hand that over to the team
    // lead") points back: the clause before it is handed off too (only that one: "They speed up lookups,
    // sure, but I never read query plans, I leave that to the DBA" still says what indexes do).
    enum class HandOff { none, clause, pointing_back };
    auto written = [&](const Token& token) {
        return messages[token.message].substr(token.span().begin, token.span().end - token.span().begin);
    };
    auto written_as = [&](const Token& token, std::string_view lower) {
        const std::string_view word = written(token);
        return word.size() == lower.size() &&
               std::equal(lower.begin(), lower.end(), word.begin(), [](char a, char b) { return a == (b | 0x20); });
    };
    auto possessive = [&](const Token& token) {
        const std::string_view word = written(token);
        return word.ends_with("'s") || word.ends_with("\xE2\x80\x99s");   // "team's", "team’s"
    };
    auto hands_off = [&](std::uint32_t begin, std::uint32_t end) {
        bool speaker = false;
        for (std::uint32_t k = begin; k < end; ++k) {
            const Token& token = tokens[k];
            if ((token.flags & (word_first_singular | word_first_plural)) != 0) {
                speaker = true;
                continue;
            }
            if (speaker && is(token, mark_handoff_verb)) {
                for (std::uint32_t to = k + 1; to < end && to <= k + limits.handoff_max_tokens_to_to; ++to) {
                    if (!written_as(tokens[to], "to")) continue;
                    for (std::uint32_t who = to + 1; who < end && who <= to + limits.handoff_max_tokens_to_people; ++who) {
                        if (!is(tokens[who], mark_other_people)) continue;
                        const bool pointer = std::any_of(tokens.begin() + k + 1, tokens.begin() + to,
                                                         [&](const Token& object) { return is(object, mark_pointer); });
                        return pointer ? HandOff::pointing_back : HandOff::clause;
                    }
                    break;
                }
            }
            // "The team decides what goes in the sprint", "my boss picks which ticket" (scorer-2.9): other people
            // choose the work. A first person before them is theirs ("my boss"); one between them and the
            // verb decides too ("the PO and I decide").
            if (is(token, mark_other_people)) {
                for (std::uint32_t verb = k + 1; verb < end && verb <= k + limits.decided_by_others_max_tokens_to_verb; ++verb) {
                    if ((tokens[verb].flags & (word_first_singular | word_first_plural)) != 0) break;   // "the PO and I decide"
                    if (!is(tokens[verb], mark_deciding_verb)) continue;
                    for (std::uint32_t choice = verb + 1; choice < end && choice <= verb + limits.decided_by_others_max_tokens_to_choice; ++choice) {
                        if (is(tokens[choice], mark_choice)) return HandOff::clause;
                    }
                    break;
                }
            }
            if (!speaker && k + 1 < end && is(token, mark_other_people) && possessive(token) &&
                std::any_of(std::begin(responsibility_words), std::end(responsibility_words),
                            [&](std::string_view noun) { return written_as(tokens[k + 1], noun); })) {
                return HandOff::clause;
            }
        }
        return HandOff::none;
    };
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        const Sentence& sentence = sentences[s];
        std::uint32_t clause_begin = sentence.first_token;
        std::uint32_t previous_clause_begin = sentence.first_token;
        for (std::uint32_t t = sentence.first_token; t <= sentence.end_token; ++t) {
            const bool clause_ends = t == sentence.end_token || (t > clause_begin && tokens[t].clause_break_before);
            if (!clause_ends) continue;
            const bool first_clause = clause_begin == sentence.first_token;
            const bool opens_with_contrast = (tokens[clause_begin].flags & word_contrast) != 0;
            if (first_clause || opens_with_contrast) {
                // The negation leads its clause ("Nobody ran it.", "but I have never found a use for them");
                // one deep inside ("... so nobody reintroduced it") is about something else.
                std::uint32_t negation = sentence.end_token;
                const std::uint32_t lead_end = std::min<std::uint32_t>(t, clause_begin + limits.back_reference_lead_tokens + (opens_with_contrast ? 1 : 0));
                for (std::uint32_t k = clause_begin; k < lead_end && negation == sentence.end_token; ++k) {
                    if ((tokens[k].flags & word_negation) != 0) negation = k;
                }
                bool pointer = false;
                for (std::uint32_t k = negation + 1; negation != sentence.end_token && k < t && !pointer; ++k) {
                    if (!points_back(k)) continue;
                    std::size_t words_after = 0;
                    for (std::uint32_t j = k + 1; j < t; ++j) words_after += is_content_word(tokens[j]) ? 1 : 0;
                    pointer = words_after <= limits.back_reference_max_words_after_pointer;
                    if (!pointer) break;   // the first pointer is the one the negation is about
                }
                // "Since then no accountant has phoned about it": an outcome told since the work, not the work taken back (scorer-2.7).
                for (std::uint32_t k = clause_begin; pointer && k < t; ++k) {
                    if (is(tokens[k], mark_since)) pointer = false;
                }
                if (pointer) {
                    if (!first_clause) {
                        negate_range(text, hits, sentence.first_token, clause_begin);
                    } else if (s > 0 && sentences[s - 1].message == sentence.message) {
                        negate_range(text, hits, sentences[s - 1].first_token, sentences[s - 1].end_token);
                    }
                }
                // "Tests for bugs, we don't really write.": a clause of a subject, a negation and a bare verb
                // takes back the object named before it.
                if (!first_clause && !opens_with_contrast && (tokens[clause_begin].flags & (word_first_singular | word_first_plural)) != 0) {
                    std::uint32_t k = clause_begin + 1;
                    while (k < t && (tokens[k].flags & word_stop) != 0 && (tokens[k].flags & word_negation) == 0) ++k;
                    std::size_t after = 0;
                    if (k < t && (tokens[k].flags & word_negation) != 0) {
                        for (std::uint32_t j = k + 1; j < t; ++j) after += is_content_word(tokens[j]) ? 1 : 0;
                        if (after <= 1) negate_range(text, hits, sentence.first_token, clause_begin);
                    }
                }
                // "Testing? Not really." A short question answered by a negation.
                const bool opens_with_negation = (tokens[clause_begin].flags & word_negation) != 0;
                if (first_clause && opens_with_negation && s > 0 && question[s - 1] &&
                    sentences[s - 1].message == sentence.message &&
                    sentences[s - 1].end_token - sentences[s - 1].first_token <= limits.back_reference_max_question_words) {
                    negate_range(text, hits, sentences[s - 1].first_token, sentences[s - 1].end_token);
                }
            }
            // 3. The speaker dismisses what the clause named before them: a first person, a negation
            //    within a few function words, and little after it ("Versioning we don't do", "Docs I've
            //    never found useful", "Sharding is a headache I'd avoid"); or a dismissal word
            //    ("versioning is overkill").
            for (std::uint32_t p = clause_begin + 1; p < t; ++p) {
                if (is(tokens[p], mark_subordinator)) break;   // "docs so we don't forget": another clause
                if ((tokens[p].flags & (word_first_singular | word_first_plural)) == 0) continue;
                std::uint32_t k = p + 1;
                while (k < t && k <= p + limits.dismissal_max_gap_tokens && (tokens[k].flags & word_stop) != 0 &&
                       (tokens[k].flags & word_negation) == 0) ++k;
                if (k >= t || k > p + limits.dismissal_max_gap_tokens || (tokens[k].flags & word_negation) == 0) continue;
                std::size_t after = 0;
                for (std::uint32_t j = k + 1; j < t; ++j) after += is_content_word(tokens[j]) ? 1 : 0;
                if (after <= limits.dismissal_max_words_after) negate_range(text, hits, clause_begin, p);
                break;
            }
            // The topic itself is the subject and is denied ("Conflicts don't really happen much",
            // "Tests aren't something we do"): a clause of a word or two, a negation, and little after it.
            {
                std::uint32_t k = clause_begin;
                std::size_t topic_words = 0;
                while (k < t && (tokens[k].flags & word_negation) == 0 && (tokens[k].flags & (word_first_singular | word_first_plural)) == 0 &&
                       (tokens[k].flags & word_contrast) == 0 && !is(tokens[k], mark_subordinator) &&
                       topic_words <= limits.dismissed_topic_max_words) {
                    topic_words += is_content_word(tokens[k]) ? 1 : 0;
                    ++k;
                }
                // "without", "lacks", "avoids" deny what follows them ("Faster lookups without full scans").
                const auto denies_what_follows = [&](const Token& token) {
                    const std::string_view word = messages[token.message].substr(token.span().begin, token.span().end - token.span().begin);
                    auto starts = [&](std::string_view prefix) {
                        return word.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), word.begin(),
                                                                          [](char a, char b) { return a == (b | 0x20); });
                    };
                    return starts("without") || starts("lack") || starts("avoid");
                };
                if (k < t && k > clause_begin && topic_words >= 1 && topic_words <= limits.dismissed_topic_max_words &&
                    (tokens[k].flags & word_negation) != 0 && !denies_what_follows(tokens[k])) {
                    std::size_t after = 0;
                    for (std::uint32_t j = k + 1; j < t; ++j) after += is_content_word(tokens[j]) ? 1 : 0;
                    if (after <= limits.dismissal_max_words_after) negate_range(text, hits, clause_begin, k);
                }
            }
            if (const HandOff handed = hands_off(clause_begin, t); handed != HandOff::none) {
                negate_range(text, hits, handed == HandOff::pointing_back ? previous_clause_begin : clause_begin, t);
            }
            for (std::uint32_t d = clause_begin + 1; d < t; ++d) {
                if (!is(tokens[d], mark_dismissal) && !dismissal_starts[d]) continue;
                negate_range(text, hits, clause_begin, d);
                break;
            }
            previous_clause_begin = clause_begin;
            clause_begin = t;
        }
        // 4. Work put off or picked by taste (scorer-2.9): a sentence with a taste word ("boring", "fun")
        //    and a deferral ("can wait", "later") tells how the candidate likes to work, not what is urgent
        //    or important: none of its words are shown ("the boring tickets can wait"). A taste conceded
        //    ("even when they're dull") is work done in spite of it, and keeps its credit.
        bool taste = false;
        bool deferral = false;
        for (std::uint32_t k = sentence.first_token; k < sentence.end_token; ++k) {
            const Token& token = tokens[k];
            if (is(token, mark_deferral)) deferral = true;
            if (!is(token, mark_taste) || token.negated) continue;
            bool conceded = false;
            for (std::uint32_t back = k; back-- > sentence.first_token && back + limits.taste_concession_max_tokens >= k && !conceded;) {
                conceded = is(tokens[back], mark_concession);
            }
            taste = taste || !conceded;
        }
        if (taste && deferral) {
            for (std::uint32_t index = 0; index < hits.size(); ++index) {
                const PhraseHit& hit = hits.hit(index);
                if (hit.phrase > last_special_phrase && tokens[hit.first_token].sentence == s) hits.mark_uncertain(index);
            }
        }
    }
}

std::span<const std::string_view> empty_praise_words() {
    static constexpr std::string_view words[] = {
        "great", "good", "important", "key", "crucial", "essential", "vital", "matter", "matters", "main", "core",
        "thing", "things", "stuff", "everything", "nice", "solid", "proper", "best", "practice", "practices", "basics",
        "fundamentals", "need", "needs", "should", "focus", "care", "aspects", "aspect", "areas", "topics", "concepts",
        "mostly", "principles", "pillars", "big", "super", "definitely", "obviously", "ones", "right", "close", "mindset",
        "passionate", "passion", "perfect", "perfectly", "strong", "clean", "maximum", "value", "leverage", "all", "four", "three",
        "problem", "solution", "solve", "solved", "resolve", "resolved", "happy", "success", "successful", "outcome", "openly",
        "common", "ground", "stronger", "relationship", "improved", "better", "worked", "fine", "implemented", "analysed", "analyzed",
    };
    return words;
}

bool discount_label_only_sentences(const AnalyzedText& text, PhraseHits& hits, std::span<const ItemHits> items,
                                   std::span<const TermId> no_content_words, const LabelOnlyLimits& limits) {
    const auto& tokens = text.tokens;
    const auto& sentences = text.sentences;
    const auto matched_items = static_cast<std::size_t>(std::count_if(items.begin(), items.end(), [](const ItemHits& item) { return !item.hits.empty(); }));
    if (matched_items < limits.min_items_without_words) return false;
    // Per sentence: which items it names, and which of its tokens are inside an item's occurrence.
    std::vector<std::uint32_t> items_named(sentences.size(), 0);
    std::vector<bool> inside(tokens.size(), false);
    std::vector<std::vector<PhraseId>> terms_named(sentences.size());   // distinct phrases naming items, per sentence
    for (const ItemHits& item : items) {
        std::vector<std::uint32_t> seen;
        for (std::uint32_t index : item.hits) {
            const PhraseHit& hit = hits.hit(index);
            auto& terms = terms_named[tokens[hit.first_token].sentence];
            if (hit.phrase > last_special_phrase && std::find(terms.begin(), terms.end(), hit.phrase) == terms.end()) terms.push_back(hit.phrase);
            for (std::uint32_t t = hit.first_token; t <= hit.last_token && t < tokens.size(); ++t) inside[t] = true;
            const std::uint32_t sentence = tokens[hit.first_token].sentence;
            if (std::find(seen.begin(), seen.end(), sentence) == seen.end()) {
                seen.push_back(sentence);
                ++items_named[sentence];
            }
        }
    }
    bool discounted = false;
    auto is_in = [](const std::vector<TermId>& sorted, TermId term) { return std::binary_search(sorted.begin(), sorted.end(), term); };
    // "a portfolio of impactful projects, plenty of challenges faced": items named by their own labels.
    // One word of a label in a clause that says more about it ("a Redis cache for the hot reads", "the
    // database split by customer id across several shards") is a terse expert's, not an echo.
    auto says_more = [&](const ItemHits& item, const PhraseHit& hit) {
        const std::uint32_t sentence = tokens[hit.first_token].sentence;
        // The label's words in the occurrence and right beside it: "challenges faced", "key achievements".
        std::vector<TermId> label_words_said;
        auto note_label_word = [&](std::uint32_t t) {
            if (is_content_word(tokens[t]) && is_in(item.label_words, tokens[t].term) &&
                std::find(label_words_said.begin(), label_words_said.end(), tokens[t].term) == label_words_said.end()) {
                label_words_said.push_back(tokens[t].term);
            }
        };
        for (std::uint32_t t = hit.first_token; t <= hit.last_token && t < tokens.size(); ++t) note_label_word(t);
        for (std::uint32_t t = hit.first_token; t-- > 0 && tokens[t].sentence == sentence && !tokens[t + 1].clause_break_before;) {
            note_label_word(t);
            if (is_content_word(tokens[t])) break;
        }
        for (std::uint32_t t = hit.last_token + 1; t < tokens.size() && tokens[t].sentence == sentence && !tokens[t].clause_break_before; ++t) {
            note_label_word(t);
            if (is_content_word(tokens[t])) break;
        }
        if (label_words_said.size() >= 2) return false;
        std::uint32_t begin = hit.first_token;
        while (begin > 0 && !tokens[begin].clause_break_before && tokens[begin - 1].sentence == sentence) --begin;
        std::uint32_t end = hit.last_token + 1;
        while (end < tokens.size() && !tokens[end].clause_break_before && tokens[end].sentence == sentence) ++end;
        std::size_t other_words = 0;
        for (std::uint32_t t = begin; t < end; ++t) {
            if (is_content_word(tokens[t]) && !is_in(item.label_words, tokens[t].term) &&
                !std::binary_search(no_content_words.begin(), no_content_words.end(), tokens[t].term)) ++other_words;
        }
        return other_words >= limits.echo_explained_min_words;
    };
    std::vector<std::uint32_t> echoes(sentences.size(), 0);
    for (const ItemHits& item : items) {
        std::vector<std::uint32_t> seen;
        for (std::uint32_t index : item.hits) {
            const PhraseHit& hit = hits.hit(index);
            bool echo = true;
            for (std::uint32_t t = hit.first_token; t <= hit.last_token && t < tokens.size() && echo; ++t) {
                if (!is_content_word(tokens[t])) continue;
                echo = is_in(item.label_words, tokens[t].term) ||
                       std::binary_search(no_content_words.begin(), no_content_words.end(), tokens[t].term);
            }
            echo = echo && !says_more(item, hit);
            const std::uint32_t sentence = tokens[hit.first_token].sentence;
            if (echo && std::find(seen.begin(), seen.end(), sentence) == seen.end()) {
                seen.push_back(sentence);
                ++echoes[sentence];
            }
        }
    }
    // scorer-2.6: an item no vocabulary found is echoed where the sentence recites two or more words of
    // its label ("specific technologies", "projects handled"); it adds to the sentence's echoes.
    for (const ItemHits& item : items) {
        if (!item.hits.empty() || item.label_words.size() < limits.recited_label_min_words) continue;
        for (std::size_t s = 0; s < sentences.size(); ++s) {
            std::vector<TermId> said;
            for (std::uint32_t t = sentences[s].first_token; t < sentences[s].end_token; ++t) {
                if (is_content_word(tokens[t]) && is_in(item.label_words, tokens[t].term) &&
                    std::find(said.begin(), said.end(), tokens[t].term) == said.end()) said.push_back(tokens[t].term);
            }
            if (said.size() >= limits.recited_label_min_words) ++echoes[s];
        }
    }
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        if (echoes[s] < limits.min_echoed_items) continue;
        for (std::uint32_t index = 0; index < hits.size(); ++index) {
            if (tokens[hits.hit(index).first_token].sentence == s) hits.mark_uncertain(index);
        }
        discounted = true;
    }
    for (std::size_t s = 0; s < sentences.size(); ++s) {
        const std::uint32_t named = items_named[s];
        if (named < limits.min_items_without_words) continue;
        std::size_t other_words = 0;
        for (std::uint32_t t = sentences[s].first_token; t < sentences[s].end_token; ++t) {
            if (!inside[t] && is_content_word(tokens[t]) &&
                !std::binary_search(no_content_words.begin(), no_content_words.end(), tokens[t].term)) {
                ++other_words;
            }
        }
        const bool explained = terms_named[s].size() >= named * limits.explaining_terms_per_item;
        const bool label_only = (named >= limits.min_items && other_words <= named * limits.max_other_words_per_item && !explained) ||
                                other_words == 0;
        if (!label_only) continue;
        for (std::uint32_t index = 0; index < hits.size(); ++index) {
            if (tokens[hits.hit(index).first_token].sentence == s) hits.mark_uncertain(index);
        }
        discounted = true;
    }
    return discounted;
}

}  // namespace mi::dialogue
