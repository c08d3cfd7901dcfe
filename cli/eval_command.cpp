// `mock-interviewer eval --corpus FILE [--json] [--content DIR]`: how well the scorer agrees with
// a labelled corpus (format and report: docs eval-corpus.md). Reading the file lives here; parsing
// it, the scoring and the metrics are the dialogue library's.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "cli/commands.hpp"
#include "cli/content_dir.hpp"
#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/eval_corpus.hpp"
#include "dialogue/scoring/eval_metrics.hpp"
#include "dialogue/scoring/naive_baseline.hpp"
#include "dialogue/scoring/score_json.hpp"
#include "dialogue/scoring/wording.hpp"

namespace mi::cli {
namespace {

namespace content = mi::content;
namespace dialogue = mi::dialogue;
using nlohmann::json;

constexpr int exit_bad_input = 2;
constexpr std::array<dialogue::StarPart, 4> star_parts{dialogue::StarPart::situation, dialogue::StarPart::task,
                                                       dialogue::StarPart::action, dialogue::StarPart::result};

struct EvalOptions {
    std::string corpus;
    std::string content_dir;   // empty: $MI_CONTENT_DIR, else ./content
    bool as_json = false;
    bool explain = false;      // with --json: every item carries its whole score (evidence, breakdown)
    std::string baseline;      // "naive": judge with dialogue::naive_judgement instead of the scorer
};

constexpr std::string_view naive_baseline_name = "naive";

// One answer's decisions, from the scorer or from the naive baseline, in the question's item order.
struct Judged {
    double score = 0.0;
    std::vector<bool> covered;
    std::vector<bool> raised;
    bool star_applicable = false;
    std::array<bool, 4> star{};
    json explanation;          // the scorer's whole score, with --explain
};

Judged from_score(const dialogue::AnswerScore& score, bool explain) {
    Judged judged{static_cast<double>(score.score), {}, {}, score.star.applicable, {}, nullptr};
    for (const auto& item : score.coverage) judged.covered.push_back(item.covered);
    for (const auto& flag : score.red_flags) judged.raised.push_back(flag.raised);
    for (std::size_t p = 0; p < star_parts.size(); ++p) judged.star[p] = score.star.applicable && score.star.present[p];
    if (explain) judged.explanation = dialogue::to_json(score);
    return judged;
}

Judged from_naive(const dialogue::NaiveJudgement& naive) {
    return Judged{naive.score, naive.covered, naive.raised, naive.star_applicable, naive.star, nullptr};
}

// Scores by the human's grade: whether the scorer ranks 5s above 4s, and how high a poor answer gets.
json grade_bands_json(const std::vector<double>& scores, const std::vector<double>& grades) {
    json bands = json::object();
    for (int grade = 1; grade <= 5; ++grade) {
        std::vector<double> in_band;
        for (std::size_t i = 0; i < scores.size(); ++i) {
            if (static_cast<int>(grades[i]) == grade) in_band.push_back(scores[i]);
        }
        if (in_band.empty()) continue;
        double sum = 0.0;
        for (double score : in_band) sum += score;
        bands[std::to_string(grade)] = {{"answers", in_band.size()},
                                        {"mean", sum / static_cast<double>(in_band.size())},
                                        {"min", *std::min_element(in_band.begin(), in_band.end())},
                                        {"max", *std::max_element(in_band.begin(), in_band.end())}};
    }
    return bands;
}

struct Disagreement {
    std::string id;
    std::string kind;    // "key point", "red flag", "star"
    std::string item;
    bool expected = false;
};

// The whole corpus file as text, or nullopt when it cannot be read.
std::optional<std::string> read_file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(text).str();
}

json counts_json(const dialogue::DecisionCounts& counts) {
    return {{"tp", counts.true_positives}, {"fp", counts.false_positives}, {"fn", counts.false_negatives},
            {"precision", counts.precision()}, {"recall", counts.recall()}, {"f1", counts.f1()}};
}

void print_counts_row(std::ostream& out, const std::string& name, const dialogue::DecisionCounts& counts) {
    out << std::left << std::setw(12) << name << std::right << std::setw(6) << counts.true_positives << std::setw(6)
        << counts.false_positives << std::setw(6) << counts.false_negatives << std::fixed << std::setprecision(3)
        << std::setw(11) << counts.precision() << std::setw(9) << counts.recall() << std::setw(9) << counts.f1() << '\n';
}

int run_eval(const EvalOptions& options) {
    const std::string content_dir = resolve_content_dir(options.content_dir);
    const content::LoadResult loaded = content::load_content_library(content_dir);
    if (!loaded.ok()) {
        std::cerr << "content in " << content_dir << " has " << dialogue::count_of(loaded.problems.size(), "problem")
                  << "; run `mock-interviewer content validate " << content_dir << "` for details\n";
        return exit_bad_input;
    }
    const auto text = read_file_text(options.corpus);
    if (!text) {
        std::cerr << options.corpus << ": cannot read corpus file " << options.corpus << '\n';
        return exit_bad_input;
    }
    auto read = dialogue::parse_eval_corpus(*text, loaded.library);
    if (const auto* problem = std::get_if<dialogue::EvalCorpusProblem>(&read)) {
        std::cerr << options.corpus << ": " << problem->message << '\n';
        return exit_bad_input;
    }
    const auto& corpus = std::get<std::vector<dialogue::LabelledAnswer>>(read);

    if (!options.baseline.empty() && options.baseline != naive_baseline_name) {
        std::cerr << "--baseline: unknown baseline \"" << options.baseline << "\" (the one there is: "
                  << naive_baseline_name << ")\n";
        return exit_bad_input;
    }
    const bool naive = !options.baseline.empty();
    const std::string version = naive ? "naive-baseline" : std::string(dialogue::scoring_version());
    std::map<const content::RolePack*, std::unique_ptr<dialogue::AnswerScorer>> scorers;
    dialogue::DecisionCounts key_points, red_flags, star;
    std::vector<double> scores, grades;
    std::vector<Disagreement> disagreements;
    json items = json::array();
    for (const dialogue::LabelledAnswer& labelled : corpus) {
        const content::Question& question = *labelled.question;
        Judged score;
        if (naive) {
            score = from_naive(dialogue::naive_judgement(question, labelled.answer));
        } else {
            auto& scorer = scorers[labelled.role];
            if (!scorer) scorer = std::make_unique<dialogue::AnswerScorer>(*labelled.role);
            score = from_score(scorer->score_answer(question, labelled.answer), options.explain);
        }

        json item = {{"id", labelled.id}, {"score", naive ? json(score.score) : json(static_cast<int>(score.score))}, {"key_points", json::array()},
                     {"red_flags", json::array()}, {"star", json::array()}};
        for (std::size_t i = 0; i < score.covered.size(); ++i) {
            const bool got = score.covered[i];
            if (got) item["key_points"].push_back(question.coverage[i].text);
            key_points.add(labelled.key_points[i], got);
            if (got != labelled.key_points[i]) disagreements.push_back({labelled.id, "key point", question.coverage[i].text, labelled.key_points[i]});
        }
        for (std::size_t i = 0; i < score.raised.size(); ++i) {
            const bool got = score.raised[i];
            if (got) item["red_flags"].push_back(question.red_flags[i].text);
            if (!labelled.red_flags) continue;
            red_flags.add((*labelled.red_flags)[i], got);
            if (got != (*labelled.red_flags)[i]) disagreements.push_back({labelled.id, "red flag", question.red_flags[i].text, (*labelled.red_flags)[i]});
        }
        for (std::size_t p = 0; p < star_parts.size(); ++p) {
            const bool got = score.star_applicable && score.star[p];
            const std::string name(dialogue::to_string(star_parts[p]));
            if (got) item["star"].push_back(name);
            if (!labelled.star) continue;
            star.add((*labelled.star)[p], got);
            if (got != (*labelled.star)[p]) disagreements.push_back({labelled.id, "star", name, (*labelled.star)[p]});
        }
        scores.push_back(score.score);
        grades.push_back(labelled.grade);
        if (!score.explanation.is_null()) item["explanation"] = std::move(score.explanation);
        items.push_back(std::move(item));
    }
    const double rho = dialogue::spearman(scores, grades);

    if (options.as_json) {
        const json report = {{"answers", corpus.size()},
                             {"key_points", counts_json(key_points)},
                             {"red_flags", counts_json(red_flags)},
                             {"star", counts_json(star)},
                             {"grade_spearman", rho},
                             {"by_grade", grade_bands_json(scores, grades)},
                             {"scoring_version", version},
                             {"items", items}};
        std::cout << report.dump() << '\n';
        return 0;
    }
    std::cout << "Scorer evaluation: " << corpus.size() << " answers from " << options.corpus << " (scoring "
              << version << ")\n\n";
    std::cout << std::left << std::setw(12) << "" << std::right << std::setw(6) << "tp" << std::setw(6) << "fp"
              << std::setw(6) << "fn" << std::setw(11) << "precision" << std::setw(9) << "recall" << std::setw(9) << "f1" << '\n';
    print_counts_row(std::cout, "key points", key_points);
    print_counts_row(std::cout, "red flags", red_flags);
    print_counts_row(std::cout, "star", star);
    std::cout << "\nSpearman(score, grade): " << std::fixed << std::setprecision(3) << rho << "\n\n";
    std::cout << "score by grade (answers, mean, min-max):\n";
    const json bands = grade_bands_json(scores, grades);
    for (int grade = 1; grade <= 5; ++grade) {
        const auto band = bands.find(std::to_string(grade));
        if (band == bands.end()) continue;
        std::cout << "  grade " << grade << ": " << (*band)["answers"].get<std::size_t>() << ", " << std::setprecision(1)
                  << (*band)["mean"].get<double>() << ", " << (*band)["min"].get<double>() << "-" << (*band)["max"].get<double>() << '\n';
    }
    std::cout << std::setprecision(3) << '\n';
    std::cout << dialogue::count_of(disagreements.size(), "disagreement") << (disagreements.empty() ? "" : ":") << '\n';
    for (const Disagreement& disagreement : disagreements) {
        std::cout << "  " << disagreement.id << "  " << disagreement.kind << " \"" << disagreement.item << "\"  expected "
                  << (disagreement.expected ? "yes" : "no") << ", got " << (disagreement.expected ? "no" : "yes") << '\n';
    }
    return 0;
}

}  // namespace

void register_eval_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<EvalOptions>();
    auto* eval = app.add_subcommand("eval", "Measure the scorer against a labelled corpus (JSON Lines); exit 2 on a bad file");
    eval->add_option("--corpus", options->corpus, "Labelled answers, one JSON object per line")->required();
    eval->add_flag("--json", options->as_json, "Print exactly one JSON object instead of the table");
    eval->add_flag("--explain", options->explain, "With --json: give every item its whole score (evidence, breakdown, feedback)");
    eval->add_option("--baseline", options->baseline,
                     "Judge with a baseline instead of the scorer: \"naive\" (word overlap; docs/scoring.md)");
    eval->add_option("--content", options->content_dir, "Content directory (default: $MI_CONTENT_DIR, else ./content)");
    eval->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace mi::cli
