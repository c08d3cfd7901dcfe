// Answer-level signals that red flags may name (content::AnswerSignal): lack of specifics, no
// context, no real-world experience, no teamwork, restarting as the fix, no testing, no tools,
// no structure. Each is computed from cue phrases over the whole answer, negation-aware.
#pragma once

#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/answer_scorer.hpp"
#include "dialogue/vocabulary.hpp"

namespace mi::dialogue {

struct SignalCues {
    std::vector<TermRef> technologies;    // the pack's named technologies
    std::vector<TermRef> examples;        // "for example", "one time"
    std::vector<TermRef> context;         // a project, a place of work, a situation
    std::vector<TermRef> real_world;      // a job, a client, production work
    std::vector<TermRef> teamwork;
    std::vector<TermRef> restart;
    std::vector<TermRef> investigation;
    std::vector<TermRef> testing;
    std::vector<TermRef> tools;           // generic tool words beyond the technologies
    std::vector<TermRef> sequence;        // "first", "then", "after that"
    std::vector<TermRef> trial_and_error;
    std::vector<TermRef> reasoning;       // "because", "so that", "which means"

    static SignalCues compile(VocabularyCompiler& compiler, const std::vector<std::string>& technologies);
};

struct SignalOutcome {
    bool raised = false;
    std::string reason;
    std::vector<Evidence> evidence;     // the words that raised it (restart_as_fix) or the negated mentions
};

[[nodiscard]] SignalOutcome evaluate_signal(content::AnswerSignal signal, const MatchedText& answer, const SignalCues& cues);

// Distinct sequence cues ("first", "then", numbered lines): how clearly the answer orders its steps.
[[nodiscard]] std::size_t count_sequence_cues(const MatchedText& answer, const SignalCues& cues);
[[nodiscard]] std::size_t count_distinct_terms(const std::vector<TermRef>& terms, const MatchedText& answer, HitFilter filter);

}  // namespace mi::dialogue
