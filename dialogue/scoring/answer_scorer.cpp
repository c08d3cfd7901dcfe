#include "dialogue/scoring/answer_scorer.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "dialogue/scoring/answer_gates.hpp"
#include "dialogue/scoring/answer_signals.hpp"
#include "dialogue/scoring/english_words.hpp"
#include "dialogue/scoring/example_similarity.hpp"
#include "dialogue/scoring/feedback.hpp"
#include "dialogue/scoring/result_metrics.hpp"
#include "dialogue/scoring/sentence_judgement.hpp"
#include "dialogue/scoring/star_analysis.hpp"
#include "dialogue/scoring/text_analysis.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {
namespace {

// Change whenever a rule, a word list or a weight changes: every stored score records it.
constexpr std::string_view version = "scorer-2.9";

struct CompiledRedFlag {
    const content::RedFlag* flag = nullptr;
    std::optional<content::AnswerSignal> signal;
    std::optional<CompiledRule> when_present;
    std::optional<CompiledRule> when_absent;
};

struct CompiledQuestion {
    const content::Question* question = nullptr;
    std::vector<CompiledRule> coverage;
    std::vector<CompiledRedFlag> red_flags;
    ItemExamples item_examples;
    std::vector<TermId> no_content_words;   // its own words and empty praise: saying them adds nothing (sorted)
    std::vector<std::vector<TermId>> label_words;   // per coverage item: the words of its text (sorted)
    std::vector<std::size_t> example_items;          // per coverage item: its index in Impl::examples
    std::vector<TermId> question_words;              // the question's own words and empty praise (sorted)
    bool asks_to_compare = false;                    // "Explain the differences between REST and SOAP"
    std::vector<TermId> compared;                    // what it asks to compare: the words beside its "and"/"vs" ("rest", "soap")
    std::string compared_text;                       // the same, as the question writes them ("REST or SOAP")
    std::vector<std::string> compared_words;         // folded, as written ("rest", "soap"): "RESTful" names REST too
};

struct CompiledSection {
    std::string name;
    const std::vector<content::CoverageItem>* items = nullptr;
    std::vector<CompiledRule> rules;
};

struct CompiledTask {
    const content::PracticalTask* task = nullptr;
    std::vector<CompiledSection> sections;
    std::vector<CompiledRedFlag> common_mistakes;
};

// Everything one scoring call needs that changes: borrowed from the pool, one caller at a time.
struct Workspace {
    Workspace(const Lexicon& lexicon, const AnalyzerLimits& limits) : analyzer(lexicon, limits) {}
    TextAnalyzer analyzer;
    AnalyzedText text;
    PhraseHits hits;
    std::vector<TermMatch> matches;
    StarScratch star;
    std::vector<std::uint32_t> question_terms;   // relevance count per question
    SentenceTerms sentence_terms;
};

int round_points(double points) { return static_cast<int>(std::lround(points)); }

// Whether an occurrence is made of stop words only ("from", "now", "under").
bool only_function_words(const AnalyzedText& text, const PhraseHit& hit) {
    if (hit.phrase <= last_special_phrase) return false;
    for (std::uint32_t t = hit.first_token; t <= hit.last_token; ++t) {
        if (is_content_word(text.tokens[t])) return false;
    }
    return true;
}

// The earliest negated occurrence of a term that is not in a guess, or no_hit.
std::uint32_t find_avoided(const TermRef& term, const PhraseHits& hits) {
    std::uint32_t earliest = no_hit;
    for (PhraseId phrase : term.phrases) {
        for (std::uint32_t index = hits.first_matching(phrase, HitFilter::negated); index != no_hit; index = hits.hit(index).next) {
            const PhraseHit& hit = hits.hit(index);
            if (!hit.negated || hit.uncertain) continue;
            if (earliest == no_hit || hit.first_token < hits.hit(earliest).first_token) earliest = index;
            break;
        }
    }
    return earliest;
}

// Adds the points up visibly. A gated answer (empty, gibberish, stuffing, ...) keeps its parts on
// show but gets a "gate" penalty that brings the total down to the gate's cap.
ScoreBreakdown compose_breakdown(int coverage, int structure, int specificity, std::vector<Penalty> penalties,
                                 const GateDecision& gate, int gated_score_cap) {
    ScoreBreakdown breakdown;
    breakdown.coverage = coverage;
    breakdown.structure = structure;
    breakdown.specificity = specificity;
    const int earned = coverage + structure + specificity;
    int penalty_sum = 0;
    for (const Penalty& penalty : penalties) penalty_sum += penalty.points;
    if (gate.gate != Gate::none) {
        const int over_cap = earned - penalty_sum - gated_score_cap;
        if (over_cap > 0) {
            penalties.push_back({std::string("gate: ") + std::string(to_string(gate.gate)), over_cap, {}});
            penalty_sum += over_cap;
        }
    }
    breakdown.penalties = std::min(penalty_sum, earned);   // never below zero, so the sum stays visible
    breakdown.total = earned - breakdown.penalties;
    breakdown.penalty_items = std::move(penalties);
    return breakdown;
}

}  // namespace

struct AnswerScorer::Impl {
    Impl(const content::RolePack& role_pack, ScoringConfig scoring_config);

    const content::RolePack& pack;
    ScoringConfig config;
    AnalyzerLimits analyzer_limits;
    GateLimits gate_limits;
    PhraseTable phrases;
    Lexicon lexicon;
    StarCues star_cues;
    SignalCues signal_cues;
    SentenceCues sentence_cues;
    MetricCues metric_cues;
    SentenceJudgementLimits sentence_limits;
    LabelOnlyLimits label_only_limits;
    SimilarityLimits similarity_limits;
    ExampleIndex examples;
    TermId compare_term = unknown_term;          // "I can't really compare": a comparison disowned
    std::vector<CompiledQuestion> questions;     // parallel to pack.questions
    std::vector<CompiledTask> tasks;             // parallel to pack.practical_tasks
    // For off-topic and keyword-stuffing checks: which questions each phrase belongs to (CSR).
    std::vector<std::uint32_t> phrase_question_offsets;
    std::vector<std::uint32_t> phrase_questions;
    std::vector<bool> vocabulary_phrase;

    // Workspaces are built on demand up to config.max_workspaces and then shared: a thread that
    // finds them all lent waits rather than building one more (each holds a 256 KiB word cache).
    mutable std::mutex pool_mutex;
    mutable std::condition_variable workspace_returned;
    mutable std::vector<std::unique_ptr<Workspace>> pool;
    mutable std::size_t workspaces_built = 0;

    class Lease {
    public:
        explicit Lease(const Impl& impl) : impl_(impl) {
            std::unique_lock lock(impl_.pool_mutex);
            const std::size_t most = std::max<std::size_t>(1, impl_.config.max_workspaces);
            impl_.workspace_returned.wait(lock, [&] { return !impl_.pool.empty() || impl_.workspaces_built < most; });
            if (!impl_.pool.empty()) {
                workspace_ = std::move(impl_.pool.back());
                impl_.pool.pop_back();
                return;
            }
            ++impl_.workspaces_built;
            lock.unlock();
            try {
                workspace_ = std::make_unique<Workspace>(impl_.lexicon, impl_.analyzer_limits);
            } catch (...) {
                const std::lock_guard relock(impl_.pool_mutex);
                --impl_.workspaces_built;
                impl_.workspace_returned.notify_one();
                throw;
            }
        }
        ~Lease() {
            {
                const std::lock_guard lock(impl_.pool_mutex);
                impl_.pool.push_back(std::move(workspace_));
            }
            impl_.workspace_returned.notify_one();
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Workspace& operator*() const { return *workspace_; }
        Workspace* operator->() const { return workspace_.get(); }

    private:
        const Impl& impl_;
        std::unique_ptr<Workspace> workspace_;
    };

    void match(Workspace& workspace, std::span<const std::string_view> messages) const;
    const CompiledQuestion& compiled(const content::Question& question) const;
    std::vector<CoverageResult> cover(const std::vector<content::CoverageItem>& items,
                                      const std::vector<CompiledRule>& rules, const MatchedText& answer,
                                      Workspace& workspace) const;
    bool discount_label_only(const CompiledQuestion& question, Workspace& workspace) const;
    void discount_wrong_sentences(const CompiledQuestion& question, Workspace& workspace) const;
    void cover_by_examples(const CompiledQuestion& question, std::vector<CoverageResult>& coverage, const MatchedText& answer,
                           Workspace& workspace) const;
    std::vector<RedFlagResult> detect(const std::vector<content::RedFlag>& flags,
                                      const std::vector<CompiledRedFlag>& compiled_flags, const MatchedText& answer,
                                      Workspace& workspace, bool gated, bool covers_no_key_point = false) const;
    TopicRelevance relevance(const CompiledQuestion& question, std::size_t items_covered, Workspace& workspace,
                             std::size_t& vocabulary_terms) const;
    ItemExamples find_item_examples(const CompiledQuestion& question) const;
};

AnswerScorer::Impl::Impl(const content::RolePack& role_pack, ScoringConfig scoring_config)
    : pack(role_pack), config(scoring_config) {
    analyzer_limits.max_message_bytes = config.max_answer_bytes;
    analyzer_limits.word_cache_entries = config.word_cache_entries;
    analyzer_limits.negation_window_tokens = config.negation_window_tokens;
    gate_limits.keyword_stuffing_min_terms = config.keyword_stuffing_min_terms;
    gate_limits.keyword_stuffing_max_words_per_term = config.keyword_stuffing_max_words_per_term;
    sentence_limits.soft_hedges_for_a_guess = config.soft_hedges_for_a_guess;
    label_only_limits.min_items = config.label_only_min_items;
    similarity_limits.min_similarity = config.example_min_similarity;
    similarity_limits.min_shared_words = config.example_min_shared_words;

    LexiconBuilder builder;
    add_english_words(builder);
    for (const auto& group : pack.synonyms) builder.add_synonym_words(group);
    VocabularyCompiler compiler(builder, phrases);
    for (const auto& group : pack.synonyms) compiler.add_synonym_group(group);

    auto compile_flags = [&](const std::vector<content::RedFlag>& flags) {
        std::vector<CompiledRedFlag> compiled;
        for (const content::RedFlag& flag : flags) {
            CompiledRedFlag entry;
            entry.flag = &flag;
            entry.signal = flag.detect.signal;
            if (flag.detect.when_present) entry.when_present = compiler.compile(*flag.detect.when_present);
            if (flag.detect.when_absent) entry.when_absent = compiler.compile(*flag.detect.when_absent);
            compiled.push_back(std::move(entry));
        }
        return compiled;
    };

    // Which phrases speak to which question: its coverage vocabulary and the words of its text.
    std::vector<std::vector<PhraseId>> question_phrases(pack.questions.size());
    for (std::size_t q = 0; q < pack.questions.size(); ++q) {
        const content::Question& question = pack.questions[q];
        CompiledQuestion entry;
        entry.question = &question;
        for (const content::CoverageItem& item : question.coverage) {
            entry.coverage.push_back(compiler.compile(item.match));
            auto collect = [&](const std::vector<TermRef>& terms) {
                for (const TermRef& term : terms) {
                    for (PhraseId phrase : term.phrases) question_phrases[q].push_back(phrase);
                }
            };
            collect(entry.coverage.back().any);
            collect(entry.coverage.back().cues);
            for (const auto& group : entry.coverage.back().all) collect(group);
        }
        for (std::string_view text : {std::string_view(question.text), std::string_view(question.interviewer_wants)}) {
            std::vector<RawToken> words;
            tokenize(text, words);
            for (const RawToken& word : words) {
                const TermRef term = compiler.compile_term(text.substr(word.span.begin, word.span.end - word.span.begin));
                for (PhraseId phrase : term.phrases) question_phrases[q].push_back(phrase);
            }
        }
        entry.red_flags = compile_flags(question.red_flags);
        questions.push_back(std::move(entry));
    }
    for (const content::PracticalTask& task : pack.practical_tasks) {
        CompiledTask entry;
        entry.task = &task;
        for (const content::TaskSectionDefinition& definition : content::task_sections()) {
            const std::vector<content::CoverageItem>* items = &(task.*definition.items);
            if (items->empty()) continue;
            CompiledSection section;
            section.name = std::string(definition.id);
            section.items = items;
            for (const content::CoverageItem& item : *items) section.rules.push_back(compiler.compile(item.match));
            entry.sections.push_back(std::move(section));
        }
        entry.common_mistakes = compile_flags(task.common_mistakes);
        tasks.push_back(std::move(entry));
    }
    star_cues = StarCues::compile(compiler);
    signal_cues = SignalCues::compile(compiler, pack.technologies);
    sentence_cues = SentenceCues::compile(compiler);
    metric_cues = MetricCues::compile(compiler);
    for (std::string_view word : empty_praise_words()) (void)compiler.compile_exact(word);
    for (std::string_view word : {"compare", "difference"}) (void)compiler.compile_exact(word);
    for (const content::Question& question : pack.questions) {   // example words must be in the lexicon
        for (const content::CoverageItem& item : question.coverage) {
            for (const std::string& example : item.match.examples) (void)builder.add_phrase(example);
        }
    }

    lexicon = builder.build();
    phrases.finish(lexicon.size());
    TextAnalyzer lookups(lexicon, analyzer_limits);
    star_cues.index(phrases.size(), lookups);
    signal_cues.index(phrases.size());
    sentence_cues.index(phrases.size(), lookups);
    metric_cues.index(phrases.size(), lookups);
    for (CompiledQuestion& question : questions) {
        for (const content::CoverageItem& item : question.question->coverage) {
            std::vector<std::vector<TermId>> analysed;
            for (const std::string& example : item.match.examples) analysed.push_back(content_terms(lookups, example));
            question.example_items.push_back(examples.add_item(std::move(analysed), item.match.examples));
        }
        const std::vector<TermId> asked_words = content_terms(lookups, question.question->text);
        question.asks_to_compare = std::any_of(asked_words.begin(), asked_words.end(), [&](TermId term) {
            return term == lookups.lookup_word("compare") || term == lookups.lookup_word("difference");
        });
        // The things compared: the word on each side of the question's "and" / "vs" ("between REST and SOAP APIs").
        if (question.asks_to_compare) {
            std::vector<RawToken> raw;
            const std::string_view text = question.question->text;
            tokenize(text, raw);
            auto word_at = [&](std::size_t i) { return text.substr(raw[i].span.begin, raw[i].span.end - raw[i].span.begin); };
            for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
                const std::string_view joiner = word_at(i);
                if (joiner != "and" && joiner != "vs" && joiner != "versus") continue;
                for (std::size_t side : {i - 1, i + 1}) {
                    const TermId term = lookups.lookup_word(word_at(side));
                    if (term != unknown_term) question.compared.push_back(term);
                    std::string folded(word_at(side));
                    for (char& c : folded) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    question.compared_words.push_back(std::move(folded));
                }
                question.compared_text = std::string(word_at(i - 1)) + " or " + std::string(word_at(i + 1));
                break;
            }
        }
        std::vector<TermId>& asked = question.question_words;
        for (std::string_view word : empty_praise_words()) asked.push_back(lookups.lookup_word(word));
        for (TermId term : content_terms(lookups, question.question->text)) asked.push_back(term);
        std::sort(asked.begin(), asked.end());
        asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
        std::erase(asked, unknown_term);

        std::vector<TermId>& words = question.no_content_words;
        for (std::string_view word : empty_praise_words()) words.push_back(lookups.lookup_word(word));
        // The question's words and the key points' own labels: a sentence made of them names, it does not say.
        std::vector<std::string_view> texts{question.question->text};
        for (const content::CoverageItem& item : question.question->coverage) texts.push_back(item.text);
        for (std::string_view text : texts) {
            std::vector<RawToken> raw;
            tokenize(text, raw);
            for (const RawToken& token : raw) words.push_back(lookups.lookup_word(text.substr(token.span.begin, token.span.end - token.span.begin)));
        }
        std::sort(words.begin(), words.end());
        words.erase(std::unique(words.begin(), words.end()), words.end());
        std::erase(words, unknown_term);
        for (const content::CoverageItem& item : question.question->coverage) {
            std::vector<TermId>& labels = question.label_words.emplace_back();
            std::vector<RawToken> raw;
            tokenize(item.text, raw);
            for (const RawToken& token : raw) labels.push_back(lookups.lookup_word(std::string_view(item.text).substr(token.span.begin, token.span.end - token.span.begin)));
            std::sort(labels.begin(), labels.end());
            std::erase(labels, unknown_term);
        }
    }

    // Phrase -> questions, leaving out words that are common or stop words ("you", "work").
    vocabulary_phrase.assign(phrases.size(), false);
    std::vector<std::vector<std::uint32_t>> by_phrase(phrases.size());
    for (std::size_t q = 0; q < question_phrases.size(); ++q) {
        auto& list = question_phrases[q];
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        for (PhraseId phrase : list) {
            if (phrase <= last_special_phrase) continue;
            by_phrase[phrase].push_back(static_cast<std::uint32_t>(q));
            vocabulary_phrase[phrase] = true;
        }
    }
    for (const TermRef& term : signal_cues.technologies.terms()) {
        for (PhraseId phrase : term.phrases) vocabulary_phrase[phrase] = true;
    }
    phrase_question_offsets.assign(phrases.size() + 1, 0);
    for (std::size_t p = 0; p < by_phrase.size(); ++p) {
        phrase_question_offsets[p + 1] = phrase_question_offsets[p] + static_cast<std::uint32_t>(by_phrase[p].size());
        phrase_questions.insert(phrase_questions.end(), by_phrase[p].begin(), by_phrase[p].end());
    }

    compare_term = lookups.lookup_word("compare");
    examples.finish();
    for (CompiledQuestion& question : questions) question.item_examples = find_item_examples(question);
}

void AnswerScorer::Impl::match(Workspace& workspace, std::span<const std::string_view> messages) const {
    workspace.analyzer.analyze(messages, workspace.text);
    workspace.hits.reset(phrases.size());
    phrases.find_hits(workspace.text, workspace.hits);
    find_special_terms(workspace.text, workspace.hits);
    find_result_metrics(workspace.text, workspace.hits, metric_cues);
    judge_sentences(messages, workspace.text, workspace.hits, sentence_cues, sentence_limits);
    add_told_signals(MatchedText{messages, workspace.text, workspace.hits}, signal_cues, workspace.hits);
}

void AnswerScorer::Impl::cover_by_examples(const CompiledQuestion& question, std::vector<CoverageResult>& coverage,
                                           const MatchedText& answer, Workspace& workspace) const {
    bool collected = false;
    for (std::size_t i = 0; i < coverage.size() && i < question.example_items.size(); ++i) {
        CoverageResult& item = coverage[i];
        if (item.covered || !item.wrong.empty() || !examples.has_examples(question.example_items[i])) continue;
        if (!collected) {
            workspace.sentence_terms.collect(answer.text, answer.hits);
            collected = true;
        }
        const ExampleIndex::Match match =
            examples.best_match(question.example_items[i], workspace.sentence_terms, question.question_words, similarity_limits);
        if (!match.matched) continue;
        item.covered = true;
        item.confidence = std::min(1.0, config.example_base_confidence + (1.0 - config.example_base_confidence) * match.similarity);
        // The evidence: the candidate's words that the example shares, named by the example they matched.
        item.evidence.clear();
        const Sentence& sentence = answer.text.sentences[match.sentence];
        const std::string term = "like: " + examples.example_text(question.example_items[i], match.example);
        for (std::uint32_t t = sentence.first_token; t < sentence.end_token; ++t) {
            const Token& token = answer.text.tokens[t];
            if (std::binary_search(match.shared.begin(), match.shared.end(), token.term) &&
                !std::binary_search(question.question_words.begin(), question.question_words.end(), token.term)) {
                item.evidence.push_back({term, token.span(), token.message});
            }
        }
    }
}

void AnswerScorer::Impl::discount_wrong_sentences(const CompiledQuestion& question, Workspace& workspace) const {
    std::vector<bool> wrong_sentence(workspace.text.sentences.size(), false);
    bool any = false;
    for (const CompiledRule& rule : question.coverage) {
        for (const TermRef& wrong : rule.wrong) {
            const std::uint32_t hit = find_term(wrong, workspace.hits, HitFilter::asserted);
            if (hit == no_hit) continue;
            wrong_sentence[workspace.text.tokens[workspace.hits.hit(hit).first_token].sentence] = true;
            any = true;
        }
    }
    if (!any) return;
    for (std::uint32_t index = 0; index < workspace.hits.size(); ++index) {
        const PhraseHit& hit = workspace.hits.hit(index);
        bool is_wrong_statement = false;
        for (const CompiledRule& rule : question.coverage) {
            for (const TermRef& wrong : rule.wrong) {
                is_wrong_statement = is_wrong_statement || std::find(wrong.phrases.begin(), wrong.phrases.end(), hit.phrase) != wrong.phrases.end();
            }
        }
        // The wrong statement itself stays asserted, so that it is still found and shown.
        if (!is_wrong_statement && wrong_sentence[workspace.text.tokens[hit.first_token].sentence]) workspace.hits.mark_uncertain(index);
    }
}

bool AnswerScorer::Impl::discount_label_only(const CompiledQuestion& question, Workspace& workspace) const {
    std::vector<ItemHits> items;
    for (std::size_t i = 0; i < question.coverage.size(); ++i) {
        workspace.matches.clear();
        if (!evaluate_rule(question.coverage[i], workspace.hits, HitFilter::affirmed, &workspace.matches).matched) {
            // Its label may still be recited where no vocabulary reaches ("specific technologies, many
            // projects handled"): an item without hits, for the echo count only.
            items.emplace_back().label_words = question.label_words[i];
            continue;
        }
        ItemHits& item = items.emplace_back();
        for (const TermMatch& match : workspace.matches) {
            // Work told, a plan stated or an outcome told is the candidate's own sentence, never an echo of a label.
            const PhraseId phrase = workspace.hits.hit(match.hit).phrase;
            if (phrase != own_work_phrase && phrase != aspiration_phrase && phrase != outcome_phrase) item.hits.push_back(match.hit);
        }
        item.label_words = question.label_words[i];
    }
    return discount_label_only_sentences(workspace.text, workspace.hits, items, question.no_content_words, label_only_limits);
}

const CompiledQuestion& AnswerScorer::Impl::compiled(const content::Question& question) const {
    if (!pack.questions.empty() && &question >= pack.questions.data() && &question < pack.questions.data() + pack.questions.size()) {
        return questions[static_cast<std::size_t>(&question - pack.questions.data())];
    }
    for (const CompiledQuestion& entry : questions) {
        if (entry.question->id == question.id) return entry;
    }
    throw std::invalid_argument("question '" + question.id + "' is not part of role pack '" + pack.id + "'");
}

std::vector<CoverageResult> AnswerScorer::Impl::cover(const std::vector<content::CoverageItem>& items,
                                                      const std::vector<CompiledRule>& rules, const MatchedText& answer,
                                                      Workspace& workspace) const {
    std::vector<CoverageResult> results;
    results.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        CoverageResult result;
        result.item_id = items[i].id;
        result.text = items[i].text;
        workspace.matches.clear();
        const RuleMatch matched = evaluate_rule(rules[i], answer.hits, HitFilter::affirmed, &workspace.matches);
        result.covered = matched.matched;
        result.confidence = matched.confidence;
        result.topic = rules[i].all.empty() ? matched.any_terms + matched.cue_terms > 0 : matched.first_group_met;
        result.evidence.reserve(workspace.matches.size());
        for (const TermMatch& match : workspace.matches) {
            // A rule may need "from" or "now" beside its real terms; highlighting them would say nothing.
            if (only_function_words(answer.text, answer.hits.hit(match.hit))) continue;
            result.evidence.push_back(make_evidence(answer.text, answer.hits, match));
        }
        // The fact stated the wrong way round: whatever else is said, the item is not shown.
        for (const TermRef& wrong : rules[i].wrong) {
            const std::uint32_t hit = find_term(wrong, answer.hits, HitFilter::asserted);
            if (hit != no_hit) result.wrong.push_back(make_evidence(answer.text, answer.hits, TermMatch{&wrong, hit}));
        }
        if (!result.wrong.empty()) {
            result.covered = false;
            result.confidence = 0.0;
        }
        // What the item spares, said as spared ("so those queries don't scan the whole table"): the
        // candidate tells what it is for (scorer-2.6). A guess does not count.
        if (!result.covered && result.wrong.empty() && answer.hits.any_negated()) {
            for (const TermRef& avoided : rules[i].avoided) {
                const std::uint32_t hit = find_avoided(avoided, answer.hits);
                if (hit == no_hit) continue;
                result.covered = true;
                result.confidence = config.avoided_term_confidence;
                result.evidence.push_back(make_evidence(answer.text, answer.hits, TermMatch{&avoided, hit}));
                break;
            }
        }
        if (answer.hits.any_negated()) {
            workspace.matches.clear();
            (void)evaluate_rule(rules[i], answer.hits, HitFilter::negated, &workspace.matches);
            result.negated.reserve(workspace.matches.size());
            for (const TermMatch& match : workspace.matches) result.negated.push_back(make_evidence(answer.text, answer.hits, match));
        }
        results.push_back(std::move(result));
    }
    return results;
}

std::vector<RedFlagResult> AnswerScorer::Impl::detect(const std::vector<content::RedFlag>& flags,
                                                      const std::vector<CompiledRedFlag>& compiled_flags,
                                                      const MatchedText& answer, Workspace& workspace, bool gated,
                                                      bool covers_no_key_point) const {
    std::vector<RedFlagResult> results;
    results.reserve(flags.size());
    for (std::size_t i = 0; i < flags.size(); ++i) {
        const CompiledRedFlag& compiled_flag = compiled_flags[i];
        RedFlagResult result;
        result.flag_id = flags[i].id;
        result.text = flags[i].text;
        std::vector<std::string> reasons;
        if (compiled_flag.when_present) {
            workspace.matches.clear();
            if (evaluate_rule(*compiled_flag.when_present, answer.hits, HitFilter::asserted, &workspace.matches).matched) {
                result.raised = true;
                for (const TermMatch& match : workspace.matches) result.evidence.push_back(make_evidence(answer.text, answer.hits, match));
                reasons.push_back("the answer says " + std::string(answer.quote(result.evidence.front().message, result.evidence.front().span)));
            }
        }
        if (compiled_flag.signal) {
            const bool restart_signal = *compiled_flag.signal == content::AnswerSignal::restart_as_fix;
            SignalOutcome outcome = evaluate_signal(*compiled_flag.signal, answer, signal_cues);
            // A gated answer shows none of the qualities a signal looks for; only a restart needs saying.
            if (gated && !restart_signal) outcome.raised = true;
            if (covers_no_key_point && !outcome.raised && raised_without_key_points(*compiled_flag.signal)) {
                outcome.raised = true;
                outcome.reason = "the answer covers none of what the question asks about";
            }
            if (outcome.raised) {
                result.raised = true;
                reasons.push_back(outcome.reason);
                for (Evidence& evidence : outcome.evidence) result.evidence.push_back(std::move(evidence));
            }
        }
        if (compiled_flag.when_absent) {
            workspace.matches.clear();
            const bool present = !gated && evaluate_rule(*compiled_flag.when_absent, answer.hits, HitFilter::affirmed).matched;
            if (!present) {
                result.raised = true;
                if (reasons.empty()) reasons.push_back("nothing in the answer addresses it");
                (void)evaluate_rule(*compiled_flag.when_absent, answer.hits, HitFilter::negated, &workspace.matches);
                for (const TermMatch& match : workspace.matches) {
                    result.evidence.push_back(make_evidence(answer.text, answer.hits, match));
                }
                if (!workspace.matches.empty()) reasons.back() += " (it is mentioned only as something not done)";
            }
        }
        for (std::size_t r = 0; r < reasons.size(); ++r) result.reason += (r == 0 ? "" : "; ") + reasons[r];
        results.push_back(std::move(result));
    }
    return results;
}

TopicRelevance AnswerScorer::Impl::relevance(const CompiledQuestion& question, std::size_t items_covered,
                                             Workspace& workspace, std::size_t& vocabulary_terms) const {
    TopicRelevance relevance;
    relevance.own_items_covered = items_covered;
    workspace.question_terms.assign(questions.size(), 0);
    vocabulary_terms = 0;
    const PhraseHits& hits = workspace.hits;
    for (std::uint32_t index = 0; index < hits.size(); ++index) {
        const PhraseHit& hit = hits.hit(index);
        // Count each phrase once: at its first affirmed occurrence.
        if (hit.phrase <= last_special_phrase || hits.first_matching(hit.phrase, HitFilter::mentioned) != index) continue;
        if (vocabulary_phrase[hit.phrase]) ++vocabulary_terms;
        for (std::uint32_t slot = phrase_question_offsets[hit.phrase]; slot < phrase_question_offsets[hit.phrase + 1]; ++slot) {
            ++workspace.question_terms[phrase_questions[slot]];
        }
    }
    const auto own = static_cast<std::size_t>(&question - questions.data());
    relevance.own_terms = workspace.question_terms[own];
    for (std::size_t q = 0; q < questions.size(); ++q) {
        if (q == own || questions[q].question->coverage.empty()) continue;
        if (workspace.question_terms[q] > relevance.best_other_terms) {
            relevance.best_other_terms = workspace.question_terms[q];
            relevance.best_other_question = questions[q].question->text;
        }
    }
    return relevance;
}

ItemExamples AnswerScorer::Impl::find_item_examples(const CompiledQuestion& question) const {
    ItemExamples examples(question.coverage.size());
    const std::string& good = question.question->good_answer_example;
    if (good.empty()) return examples;
    Lease workspace(*this);
    const std::string_view messages[] = {good};
    match(*workspace, messages);
    for (std::size_t i = 0; i < question.coverage.size(); ++i) {
        workspace->matches.clear();
        if (!evaluate_rule(question.coverage[i], workspace->hits, HitFilter::affirmed, &workspace->matches).matched) continue;
        const PhraseHit& hit = workspace->hits.hit(workspace->matches.front().hit);
        const Sentence& sentence = workspace->text.sentences[workspace->text.tokens[hit.first_token].sentence];
        examples[i] = good.substr(sentence.span.begin, sentence.span.end - sentence.span.begin);
    }
    return examples;
}

AnswerScorer::AnswerScorer(const content::RolePack& pack, ScoringConfig config)
    : impl_(std::make_unique<Impl>(pack, config)) {}
AnswerScorer::~AnswerScorer() = default;
AnswerScorer::AnswerScorer(AnswerScorer&&) noexcept = default;
AnswerScorer& AnswerScorer::operator=(AnswerScorer&&) noexcept = default;

const content::RolePack& AnswerScorer::pack() const { return impl_->pack; }
const ScoringConfig& AnswerScorer::config() const { return impl_->config; }

AnswerScore AnswerScorer::score_answer(const content::Question& question, std::string_view answer) const {
    const std::string_view messages[] = {answer};
    return score_answers(question, messages);
}

AnswerScore AnswerScorer::score_answers(const content::Question& question, std::span<const std::string_view> messages) const {
    const Impl& impl = *impl_;
    const ScoringConfig& config = impl.config;
    const CompiledQuestion& compiled = impl.compiled(question);
    Impl::Lease workspace(impl);
    impl.match(*workspace, messages);
    // A sentence that only names several key points says nothing about them; one that states a fact
    // the wrong way round is not credited for the others it names either.
    (void)impl.discount_label_only(compiled, *workspace);
    impl.discount_wrong_sentences(compiled, *workspace);
    const MatchedText answer{messages, workspace->text, workspace->hits};

    AnswerScore score;
    score.scoring_version = std::string(version);
    score.question_id = question.id;
    score.coverage = impl.cover(question.coverage, compiled.coverage, answer, *workspace);
    impl.cover_by_examples(compiled, score.coverage, answer, *workspace);
    // Asked for a comparison, a candidate who says they cannot compare ("SOAP I've never touched, so I
    // can't really compare") has not made one, whatever they say about the side they know.
    if (compiled.asks_to_compare && impl.compare_term != unknown_term) {
        const bool disowned = std::any_of(workspace->text.tokens.begin(), workspace->text.tokens.end(),
                                          [&](const Token& token) { return token.term == impl.compare_term && token.negated; });
        if (disowned) {
            for (CoverageResult& item : score.coverage) {
                item.covered = false;
                item.confidence = std::min(item.confidence, 0.4);
            }
        }
    }
    const auto items_covered = static_cast<std::size_t>(
        std::count_if(score.coverage.begin(), score.coverage.end(), [](const CoverageResult& item) { return item.covered; }));

    std::size_t vocabulary_terms = 0;
    const TopicRelevance relevance = impl.relevance(compiled, items_covered, *workspace, vocabulary_terms);
    GateDecision gate = check_gates(answer, vocabulary_terms, relevance, impl.gate_limits, false);
    // Asked to compare, notes headed by each thing compared ("REST: architectural style, resources plus HTTP
    // verbs, stateless. SOAP: protocol, XML envelope, WSDL.") are a terse comparison, not a list of keywords (scorer-2.7).
    if (gate.gate == Gate::keyword_stuffing && compiled.compared.size() >= 2) {
        std::vector<TermId> headed;
        for (const Sentence& sentence : workspace->text.sentences) {
            const Token& first = workspace->text.tokens[sentence.first_token];
            const std::string_view message = messages[first.message];
            std::size_t after = first.span().end;
            while (after < message.size() && message[after] == ' ') ++after;
            const bool heading = after < message.size() && (message[after] == ':' || message[after] == '-');
            if (heading && std::find(compiled.compared.begin(), compiled.compared.end(), first.term) != compiled.compared.end() &&
                std::find(headed.begin(), headed.end(), first.term) == headed.end()) {
                headed.push_back(first.term);
            }
        }
        if (headed.size() >= 2) gate = {};
    }
    // Asked to compare two things, an answer that names neither is about something else, however
    // technical ("I'd skip both and use gRPC ...", a lecture on QUIC) (scorer-2.7).
    if (gate.gate == Gate::none && !compiled.compared.empty() && workspace->text.tokens.size() >= impl.gate_limits.off_topic_min_words &&
        std::none_of(workspace->text.tokens.begin(), workspace->text.tokens.end(), [&](const Token& token) {
            if (std::find(compiled.compared.begin(), compiled.compared.end(), token.term) != compiled.compared.end()) return true;
            // "RESTful": the compared word with "ful" after it.
            const std::string_view word = answer.quote(token.message, token.span());
            return std::any_of(compiled.compared_words.begin(), compiled.compared_words.end(), [&](const std::string& compared) {
                return word.size() == compared.size() + 3 && (word.substr(compared.size()) == "ful" || word.substr(compared.size()) == "FUL") &&
                       std::equal(compared.begin(), compared.end(), word.begin(),
                                  [](char a, char b) { return a == static_cast<char>(std::tolower(static_cast<unsigned char>(b))); });
            });
        })) {
        gate = {Gate::off_topic, "The answer never speaks of " + compiled.compared_text +
                                     ", the things the question asks to compare, so it addresses a different question."};
    }
    score.gate = gate.gate;
    const bool gated = gate.gate != Gate::none;
    if (gated) {
        for (CoverageResult& item : score.coverage) {
            item.covered = false;
            item.confidence = 0.0;
        }
    }
    score.red_flags = impl.detect(question.red_flags, compiled.red_flags, answer, *workspace, gated,
                                  !score.coverage.empty() && items_covered == 0);
    if (question.star && !gated) {
        score.star = analyze_star(answer, impl.star_cues, workspace->star, config.star_min_content_words, compiled.no_content_words);
        // A template story ("Result: latency improved by a significant percentage") reports no result
        // it could be credited with: what its labels name is not covered either.
        if (workspace->star.template_story) {
            for (CoverageResult& item : score.coverage) {
                item.covered = false;
                item.confidence = 0.0;
            }
        }
    } else {
        score.star.applicable = question.star.has_value();
    }
    // Every answer's measurable results are shown, behavioural or not, each as one whole figure, in
    // text order ("reads went from 900 ms to 20 ms").
    if (!gated) {
        for (std::uint32_t index = workspace->hits.first(metric_phrase); index != no_hit; index = workspace->hits.hit(index).next) {
            const PhraseHit& hit = workspace->hits.hit(index);
            if (!passes(hit, HitFilter::affirmed)) continue;
            score.star.metrics.push_back({"<metric>", hit_span(workspace->text, hit), workspace->text.tokens[hit.first_token].message});
        }
        std::sort(score.star.metrics.begin(), score.star.metrics.end(), [](const Evidence& a, const Evidence& b) {
            return a.message != b.message ? a.message < b.message : a.span.begin < b.span.begin;
        });
    }

    // Coverage: the share of key points covered (behavioural answers: part of it is STAR).
    const bool behavioural = question.star.has_value();
    double covered_share = 0.0;
    for (const CoverageResult& item : score.coverage) {
        if (item.covered) covered_share += config.covered_item_base + (1.0 - config.covered_item_base) * item.confidence;
    }
    if (!score.coverage.empty()) covered_share /= static_cast<double>(score.coverage.size());
    const double star_share = static_cast<double>(std::count(score.star.present.begin(), score.star.present.end(), true)) / 4.0;
    double coverage_share = covered_share;
    if (behavioural) {
        coverage_share = score.coverage.empty()
            ? star_share
            : (1.0 - config.behavioural_star_weight) * covered_share + config.behavioural_star_weight * star_share;
    }

    // Relevance: how much of what was asked the answer addresses. It scales structure and specificity.
    double relevance_share = std::min(1.0, covered_share / config.full_relevance_coverage_share);
    if (behavioural && !gated) {
        const bool someone_acts = score.star.ownership != Ownership::not_applicable;
        const double story = star_share * (someone_acts ? 1.0 : config.story_without_ownership_weight);
        // A story about something else ("a time you disagreed" answered with a debugging war story)
        // must still touch the question's own words.
        const double on_topic = score.coverage.empty() ? std::min(1.0, static_cast<double>(relevance.own_terms) / 2.0) : 1.0;
        relevance_share = std::max(relevance_share, story * on_topic);
    }
    const double relevance_scale = config.relevance_floor + (1.0 - config.relevance_floor) * relevance_share;

    // Structure: sentences, reasoning and order (behavioural: STAR order and ownership).
    const double sentences = static_cast<double>(workspace->text.sentences.size());
    const auto reasoning = static_cast<double>(impl.signal_cues.reasoning.count_distinct(workspace->hits, HitFilter::affirmed));
    const auto sequence = static_cast<double>(count_sequence_cues(answer, impl.signal_cues));
    double structure_share = 0.0;
    if (behavioural) {
        const bool own_actions = score.star.ownership == Ownership::individual || score.star.ownership == Ownership::mixed;
        structure_share = config.structure_sentences_weight * std::min(1.0, sentences / config.behavioural_structure_full_sentences) +
                          config.behavioural_star_structure_weight * star_share +
                          (own_actions ? config.behavioural_ownership_weight : 0.0);
    } else {
        structure_share = config.structure_sentences_weight * std::min(1.0, sentences / config.structure_full_sentences) +
                          config.structure_reasoning_weight * std::min(1.0, reasoning / config.structure_full_reasoning_cues) +
                          config.structure_sequence_weight * std::min(1.0, sequence / config.structure_full_sequence_cues);
    }

    // Specificity: named technologies, a measurable result or a number, a concrete example.
    const auto technologies = static_cast<double>(impl.signal_cues.technologies.count_distinct(workspace->hits, HitFilter::affirmed));
    const bool numbers = workspace->hits.first_matching(metric_phrase, HitFilter::affirmed) != no_hit ||
                         workspace->hits.first_matching(number_phrase, HitFilter::affirmed) != no_hit;
    // Work the candidate tells of ("owned the ledger service") is as concrete as a named workplace.
    const bool example = impl.signal_cues.examples.first(workspace->hits, HitFilter::affirmed) ||
                         impl.signal_cues.real_world.first(workspace->hits, HitFilter::affirmed) ||
                         impl.signal_cues.served_people.first(workspace->hits, HitFilter::affirmed) ||
                         workspace->hits.first_matching(own_work_phrase, HitFilter::affirmed) != no_hit;
    const bool result_told = workspace->hits.first_matching(metric_phrase, HitFilter::affirmed) != no_hit ||
                             workspace->hits.first_matching(outcome_phrase, HitFilter::affirmed) != no_hit;
    const double specificity_share =
        config.specificity_technology_weight * std::min(1.0, technologies / config.specificity_full_technologies) +
        config.specificity_number_weight * (numbers ? 1.0 : 0.0) + config.specificity_example_weight * (example ? 1.0 : 0.0) +
        config.specificity_result_weight * (result_told ? 1.0 : 0.0);

    const int coverage_points = round_points(config.max_coverage_points * coverage_share);
    const int structure_points = round_points(config.max_structure_points * structure_share * relevance_scale);
    const int specificity_points = round_points(config.max_specificity_points * specificity_share * relevance_scale);
    std::vector<Penalty> penalties;
    for (const RedFlagResult& flag : score.red_flags) {
        if (flag.raised) penalties.push_back({"red flag: " + flag.text, config.red_flag_penalty_points, {}});
    }
    if (!gated) {
        for (const CoverageResult& item : score.coverage) {
            if (!item.wrong.empty()) penalties.push_back({"wrong statement: " + item.text, config.wrong_statement_penalty_points, item.wrong});
        }
        const std::size_t first_risky = penalties.size();
        for (const RiskyPracticeFound& found : find_risky_practices(answer, impl.signal_cues)) {
            penalties.push_back({"risky practice: " + std::string(describe(found.practice)), config.risky_practice_penalty_points,
                                 {found.evidence}});
        }
        if (penalties.size() > first_risky) {
            int remaining = coverage_points + structure_points + specificity_points;
            for (const Penalty& penalty : penalties) remaining -= penalty.points;
            if (remaining > config.risky_practice_score_cap) penalties[first_risky].points += remaining - config.risky_practice_score_cap;
        }
    }
    score.breakdown = compose_breakdown(coverage_points, structure_points, specificity_points, std::move(penalties),
                                        gate, config.gated_score_cap);
    score.score = score.breakdown.total;
    score.feedback = build_answer_feedback(question, compiled.item_examples, score, answer, gate.reason);
    return score;
}

TaskScore AnswerScorer::score_task_submission(const content::PracticalTask& task, std::string_view submission) const {
    const Impl& impl = *impl_;
    const ScoringConfig& config = impl.config;
    const CompiledTask* compiled = nullptr;
    for (const CompiledTask& entry : impl.tasks) {
        if (entry.task == &task || entry.task->id == task.id) {
            compiled = &entry;
            break;
        }
    }
    if (compiled == nullptr) throw std::invalid_argument("task '" + task.id + "' is not part of role pack '" + impl.pack.id + "'");

    Impl::Lease workspace(impl);
    const std::string_view messages[] = {submission};
    impl.match(*workspace, messages);
    const MatchedText answer{messages, workspace->text, workspace->hits};

    TaskScore score;
    score.scoring_version = std::string(version);
    score.task_id = task.id;
    std::size_t items = 0;
    std::size_t covered = 0;
    for (const CompiledSection& section : compiled->sections) {
        TaskSection result;
        result.name = section.name;
        result.items = impl.cover(*section.items, section.rules, answer, *workspace);
        for (const CoverageResult& item : result.items) {
            ++items;
            covered += item.covered ? 1 : 0;
        }
        score.sections.push_back(std::move(result));
    }
    TopicRelevance relevance;
    relevance.own_items_covered = covered;
    // A submission that touches none of the task's vocabulary is about something else.
    if (covered == 0 && workspace->text.tokens.size() >= impl.gate_limits.off_topic_min_words) {
        relevance.best_other_terms = 3;
        relevance.best_other_question = "another task";
    }
    const GateDecision gate = check_gates(answer, 0, relevance, impl.gate_limits, true);
    score.gate = gate.gate;
    const bool gated = gate.gate != Gate::none;
    if (gated) {
        for (TaskSection& section : score.sections) {
            for (CoverageResult& item : section.items) {
                item.covered = false;
                item.confidence = 0.0;
            }
        }
        covered = 0;
    }
    score.common_mistakes = impl.detect(task.common_mistakes, compiled->common_mistakes, answer, *workspace, gated);

    const double coverage_share = items == 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(items);
    const std::size_t sentences = workspace->text.sentences.size();
    const std::size_t reasoning = impl.signal_cues.reasoning.count_distinct(workspace->hits, HitFilter::affirmed);
    const double structure_share = 0.6 * std::min(1.0, static_cast<double>(sentences) / 6.0) +
                                   0.4 * std::min(1.0, static_cast<double>(reasoning) / 2.0);
    const std::size_t technologies = impl.signal_cues.technologies.count_distinct(workspace->hits, HitFilter::affirmed);
    const bool numbers = workspace->hits.first_matching(number_phrase, HitFilter::affirmed) != no_hit;
    const double specificity_share = 0.7 * std::min(1.0, static_cast<double>(technologies) / 2.0) + 0.3 * (numbers ? 1.0 : 0.0);

    const int coverage_points = gated ? 0 : round_points(config.max_coverage_points * coverage_share);
    const int structure_points = round_points(config.max_structure_points * structure_share);
    const int specificity_points = round_points(config.max_specificity_points * specificity_share);
    std::vector<Penalty> penalties;
    for (const RedFlagResult& mistake : score.common_mistakes) {
        if (mistake.raised) penalties.push_back({"common mistake: " + mistake.text, config.red_flag_penalty_points, {}});
    }
    score.breakdown = compose_breakdown(coverage_points, structure_points, specificity_points, std::move(penalties),
                                        gate, config.gated_score_cap);
    score.score = score.breakdown.total;
    score.feedback = build_task_feedback(task, score, answer, gate.reason);
    return score;
}

std::string_view scoring_version() { return version; }

std::string_view to_string(StarPart part) {
    switch (part) {
        case StarPart::situation: return "situation";
        case StarPart::task: return "task";
        case StarPart::action: return "action";
        case StarPart::result: return "result";
    }
    return "unknown";
}

std::string_view to_string(Ownership ownership) {
    switch (ownership) {
        case Ownership::not_applicable: return "not_applicable";
        case Ownership::individual: return "individual";
        case Ownership::team_only: return "team_only";
        case Ownership::mixed: return "mixed";
    }
    return "unknown";
}

std::string_view to_string(Gate gate) {
    switch (gate) {
        case Gate::none: return "none";
        case Gate::empty: return "empty";
        case Gate::gibberish: return "gibberish";
        case Gate::one_word: return "one_word";
        case Gate::off_topic: return "off_topic";
        case Gate::keyword_stuffing: return "keyword_stuffing";
    }
    return "unknown";
}

std::optional<StarPart> parse_star_part(std::string_view text) {
    for (StarPart part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) {
        if (to_string(part) == text) return part;
    }
    return std::nullopt;
}

}  // namespace mi::dialogue
