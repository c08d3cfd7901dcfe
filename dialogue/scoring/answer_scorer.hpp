// Scores a candidate's answer to one guide question (or a practical-task submission) in a way a
// person can check: which key points are covered and by which words (byte spans into the text),
// which red flags are raised and why, the STAR structure of behavioural answers, and a 0-100
// score whose breakdown adds up visibly.
//
// Pure logic: no I/O, no clock. Deterministic: the same pack, question and text always give the
// same result. Every result records scoring_version(); change it whenever the rules change.
//
// Thread safety: an AnswerScorer may be shared between threads; every scoring call borrows a
// private workspace (tokeniser buffers, stemmer, word cache) from a small pool, because
// libstemmer's sb_stemmer is not thread-safe. The pool holds at most `max_workspaces`; a call
// made while all are lent waits for one, so memory does not follow the number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"

namespace mi::dialogue {

// [begin, end) byte offsets into one message of the answer, always on UTF-8 character boundaries.
struct ByteSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// One place in the answer that a rule matched.
struct Evidence {
    std::string term;           // the vocabulary term as the pack writes it ("debugger", "<percent>")
    ByteSpan span;              // where it matched
    std::size_t message = 0;    // index into the messages passed to score_answers (0 for score_answer)
};

// A key point / expected-knowledge item / metric (or a task's requirement, criterion, ...).
struct CoverageResult {
    std::string item_id;
    std::string text;
    bool covered = false;
    double confidence = 0.0;           // 0..1: how strongly the evidence shows the item
    std::vector<Evidence> evidence;    // non-negated matches that count towards coverage
    std::vector<Evidence> negated;     // matches inside a negation ("I never use a debugger")
    std::vector<Evidence> wrong;       // statements that get this item's fact the wrong way round
    bool topic = false;                // the answer speaks of what the item is about, covered or not
};

struct RedFlagResult {
    std::string flag_id;
    std::string text;
    bool raised = false;
    std::string reason;                // why it was raised, for a person ("no tool is named ...")
    std::vector<Evidence> evidence;    // the words that raised it, when a vocabulary did
};

enum class StarPart { situation, task, action, result };

struct StarSentence {
    ByteSpan span;
    std::size_t message = 0;
    std::optional<StarPart> part;      // empty when the sentence plays no STAR role
};

// Whether the actions are told as the candidate's own ("I profiled ...") or only as "we".
enum class Ownership { not_applicable, individual, team_only, mixed };

struct StarResult {
    bool applicable = false;                    // the question is behavioural (has STAR guidance)
    std::array<bool, 4> present{};              // indexed by StarPart
    std::vector<StarSentence> sentences;
    std::vector<Evidence> metrics;              // measurable results, each one whole figure ("from 900 ms to 200 ms")
    Ownership ownership = Ownership::not_applicable;

    [[nodiscard]] bool has(StarPart part) const { return present[static_cast<std::size_t>(part)]; }
};

// Answers that score low whatever keywords they contain.
enum class Gate { none, empty, gibberish, one_word, off_topic, keyword_stuffing };

struct Penalty {
    std::string reason;
    int points = 0;
    std::vector<Evidence> evidence;    // the words it was given for (a wrong statement, a risky practice)
};

// coverage + structure + specificity - penalties == total, and 0 <= total <= 100.
struct ScoreBreakdown {
    int coverage = 0;       // 0..max_coverage_points
    int structure = 0;      // 0..max_structure_points
    int specificity = 0;    // 0..max_specificity_points
    int penalties = 0;      // sum of penalty_items, capped so that total never drops below 0
    int total = 0;
    std::vector<Penalty> penalty_items;
};

struct Feedback {
    std::vector<std::string> strengths;
    std::vector<std::string> missing;
    std::string tip;            // one concrete tip drawn from the guide
    std::string gate_reason;    // empty unless gate != Gate::none
};

struct AnswerScore {
    std::string scoring_version;
    std::string question_id;
    Gate gate = Gate::none;
    std::vector<CoverageResult> coverage;
    std::vector<RedFlagResult> red_flags;
    StarResult star;
    ScoreBreakdown breakdown;
    int score = 0;              // == breakdown.total
    Feedback feedback;
};

// One list of a practical task ("requirements", "deliverables", ...), named as in the guide.
struct TaskSection {
    std::string name;           // "requirements", "scenario_elements", "deliverables", "areas_to_analyze", "evaluation_criteria"
    std::vector<CoverageResult> items;
};

struct TaskScore {
    std::string scoring_version;
    std::string task_id;
    Gate gate = Gate::none;
    std::vector<TaskSection> sections;              // only the lists the task has, in guide order
    std::vector<RedFlagResult> common_mistakes;
    ScoreBreakdown breakdown;
    int score = 0;
    Feedback feedback;
};

// Every tunable number of the scorer in one place.
struct ScoringConfig {
    std::size_t max_answer_bytes = 64 * 1024;       // longer text is scored on its first bytes only
    std::size_t word_cache_entries = 8192;          // per workspace; cleared when full
    std::size_t max_workspaces = 4;                 // answers scored at once; more wait (RSS stays bounded)
    std::size_t negation_window_tokens = 4;         // how far a "not"/"never" reaches forward
    int max_coverage_points = 60;
    int max_structure_points = 20;
    int max_specificity_points = 20;
    int red_flag_penalty_points = 6;
    int wrong_statement_penalty_points = 10;        // per key point whose fact the answer gets the wrong way round
    double avoided_term_confidence = 0.8;           // a key point told by what it spares: as sure as one `any` term
    int risky_practice_penalty_points = 12;         // per kind of risky practice ("I skip the tests")
    // An interviewer does not pass an answer that presents a risky practice as routine, whatever
    // else it says: with one, the total is brought down to this (by the practice's penalty).
    int risky_practice_score_cap = 40;
    int gated_score_cap = 10;                       // a gated answer never scores above this
    std::size_t keyword_stuffing_min_terms = 4;     // at least this many terms ...
    double keyword_stuffing_max_words_per_term = 1.5;  // ... with this few words around them

    // Coverage: a covered item earns covered_item_base of its share, plus confidence times the rest.
    double covered_item_base = 0.75;
    double behavioural_star_weight = 0.5;           // behavioural answers: this share of coverage is STAR

    // Relevance: covering this share of the key points (or telling this much of a STAR story) makes an
    // answer fully relevant. Structure and specificity points are scaled by relevance, never below the
    // floor, so fluent off-topic or stuffed answers keep their coverage (none) and little else.
    double full_relevance_coverage_share = 0.5;
    double relevance_floor = 0.15;
    double story_without_ownership_weight = 0.25;   // a "story" with no one acting in it is hardly one

    // Structure: sentences, reasoning and order (behavioural: sentences, STAR and ownership).
    double structure_full_sentences = 3.0;
    double behavioural_structure_full_sentences = 4.0;
    double structure_sentences_weight = 0.4;
    double structure_reasoning_weight = 0.3;
    double structure_sequence_weight = 0.3;
    double structure_full_reasoning_cues = 2.0;
    double structure_full_sequence_cues = 2.0;
    double behavioural_star_structure_weight = 0.3;
    double behavioural_ownership_weight = 0.3;

    // Specificity: named technologies, a number, a measurable result, a concrete example.
    double specificity_technology_weight = 0.35;     // scorer-2.6: 0.5
    double specificity_full_technologies = 2.0;
    double specificity_number_weight = 0.2;          // scorer-2.6: 0.25
    double specificity_example_weight = 0.25;
    // scorer-2.7: a measurable result or a lasting outcome told ("p99 from 900 ms to 200 ms", "no clinic
    // has called since") is more specific than any number ("five years"): this share on top of the number's.
    double specificity_result_weight = 0.2;

    // Sentence judgements (sentence_judgement.hpp).
    std::size_t soft_hedges_for_a_guess = 2;
    std::size_t label_only_min_items = 3;
    std::size_t star_min_content_words = 2;          // "Result: success." tells no result

    // The semantic layer (example_similarity.hpp): a sentence carrying this share of an example's
    // word weight, with at least this many shared words beyond the question's own, covers the item.
    double example_min_similarity = 0.3;
    std::size_t example_min_shared_words = 2;
    double example_base_confidence = 0.5;
};

class AnswerScorer {
public:
    // Compiles every vocabulary of the pack (stemmed once). The pack must outlive the scorer.
    explicit AnswerScorer(const content::RolePack& pack, ScoringConfig config = {});
    ~AnswerScorer();
    AnswerScorer(AnswerScorer&&) noexcept;
    AnswerScorer& operator=(AnswerScorer&&) noexcept;
    AnswerScorer(const AnswerScorer&) = delete;
    AnswerScorer& operator=(const AnswerScorer&) = delete;

    [[nodiscard]] AnswerScore score_answer(const content::Question& question, std::string_view answer) const;

    // A question answered over several messages (the answer, then answers to follow-ups):
    // coverage accumulates across them; evidence carries the message index and spans into it.
    [[nodiscard]] AnswerScore score_answers(const content::Question& question,
                                            std::span<const std::string_view> messages) const;

    [[nodiscard]] TaskScore score_task_submission(const content::PracticalTask& task,
                                                  std::string_view submission) const;

    [[nodiscard]] const content::RolePack& pack() const;
    [[nodiscard]] const ScoringConfig& config() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The version of the scoring rules; recorded in every AnswerScore and TaskScore.
[[nodiscard]] std::string_view scoring_version();

[[nodiscard]] std::string_view to_string(StarPart part);
[[nodiscard]] std::string_view to_string(Ownership ownership);
[[nodiscard]] std::string_view to_string(Gate gate);
[[nodiscard]] std::optional<StarPart> parse_star_part(std::string_view text);

}  // namespace mi::dialogue
