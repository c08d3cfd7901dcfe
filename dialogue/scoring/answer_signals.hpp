// Answer-level signals that red flags may name (content::AnswerSignal): lack of specifics, no
// context, no real-world experience, no teamwork, restarting as the fix, no testing, no tools,
// no structure. Each is computed from cue phrases over the whole answer, negation-aware.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

// Practices an interviewer notes against a candidate, found in what the answer says they do.
enum class RiskyPractice { changes_production_directly, skips_tests, bypasses_review, blames_others, hides_problems };
inline constexpr std::size_t risky_practice_count = 5;

[[nodiscard]] std::string_view describe(RiskyPractice practice);   // "skips tests", for a person

struct RiskyPracticeFound {
    RiskyPractice practice;
    Evidence evidence;    // the sentence that says it
};

struct SignalCues {
    TermList technologies;    // the pack's named technologies
    TermList examples;        // "for example", "one time"
    TermList context;         // a project, a place of work, a situation
    TermList real_world;      // a job, a client, production work
    TermList served_people;   // "users", "customers": real-world work when said in the plural
    TermList teamwork;
    TermList colleagues;      // "dba", "chaps", "ops people": a person worked with (<colleague>)
    TermList work_verbs;          // "built", "owned", "looked after": work done on ...
    TermList worked_on_systems;   // ... a system: "service", "api", "monolith"
    TermList learning;            // "course", "side project": work that is no job
    TermList capability;          // "I can", "able to": a skill, not work done
    TermList aspiration_wishes;   // "I'd like to", "would love to" ...
    TermList aspiration_ahead;    // ... with a time ahead: "someday", "in a few years", "end up"
    TermList restart;
    TermList investigation;
    TermList testing;
    TermList tools;           // generic tool words beyond the technologies
    TermList sequence;        // "first", "then", "after that"
    TermList trial_and_error;
    TermList reasoning;       // "because", "so that", "which means"
    TermList tool_dismissals; // "overrated", "never needed one": a tool named only to be waved away
    std::array<TermList, risky_practice_count> risky;   // by RiskyPractice: phrases that say it whole
    // Or in the candidate's own words: one sentence that asserts both what is touched (production,
    // the tests, the review) and how ("over SSH", "didn't bother", "straight to main").
    std::array<TermList, risky_practice_count> risky_objects;
    std::array<TermList, risky_practice_count> risky_actions;

    static SignalCues compile(VocabularyCompiler& compiler, const std::vector<std::string>& technologies);
    // Call once the phrase table is complete.
    void index(std::size_t phrase_count);
};

struct SignalOutcome {
    bool raised = false;
    std::string reason;
    std::vector<Evidence> evidence;     // the words that raised it (restart_as_fix) or the negated mentions
};

// Each risky practice the answer asserts (not negated, not hedged), with its sentence, in RiskyPractice order.
[[nodiscard]] std::vector<RiskyPracticeFound> find_risky_practices(const MatchedText& answer, const SignalCues& cues);

// Adds an <own-work> occurrence for each sentence that tells of the candidate's own work on a
// system (a work verb and a system, told by "I"/"we" or opening with the verb; course work counts,
// it is a project too) and an <aspiration> occurrence for each that states a plan for their future
// (a wish and a time ahead), and a <colleague> occurrence for each person worked "with" named by
// what they are ("with our dba"), so that content rules can ask for them. Call after judge_sentences:
// a negated or hedged cue does not count.
void add_told_signals(const MatchedText& answer, const SignalCues& cues, PhraseHits& hits);

// Whether an answer that covers none of its question's key points raises `signal` whatever its words:
// with nothing of what the question asks about, it shows no specifics, situation, method, testing or
// tools (the labellers give empty, stuffed and off-topic answers every flag their emptiness implies).
// A named workplace or team still clears its flag, and a restart needs saying.
[[nodiscard]] bool raised_without_key_points(content::AnswerSignal signal);

[[nodiscard]] SignalOutcome evaluate_signal(content::AnswerSignal signal, const MatchedText& answer, const SignalCues& cues);

// Distinct sequence cues ("first", "then", numbered lines): how clearly the answer orders its steps.
[[nodiscard]] std::size_t count_sequence_cues(const MatchedText& answer, const SignalCues& cues);

}  // namespace mi::dialogue
