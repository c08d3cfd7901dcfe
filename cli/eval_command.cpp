// `mock-interviewer eval --corpus FILE [--json] [--content DIR]`: how well the scorer agrees with
// a labelled corpus (format and report: docs eval-corpus.md). Reading and checking the file lives
// here; the scoring and the metrics are the dialogue library's.
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
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/content_dir.hpp"
#include "content/json_text.hpp"
#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/eval_metrics.hpp"
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
};

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

// The corpus file or content is unusable: said once, exit 2.
struct EvalInputError {
    std::string message;
};

struct LabelledAnswer {
    std::size_t line = 0;
    std::string id;
    const content::RolePack* role = nullptr;
    const content::Question* question = nullptr;
    std::string answer;
    std::vector<bool> key_points;                 // per coverage item of the question
    std::optional<std::vector<bool>> red_flags;   // per red flag of the question
    std::optional<std::array<bool, 4>> star;
    int grade = 0;
};

struct Disagreement {
    std::string id;
    std::string kind;    // "key point", "red flag", "star"
    std::string item;
    bool expected = false;
};

std::string at_line(std::size_t line) { return "line " + std::to_string(line) + ": "; }

const json& require_field(const json& object, const char* name, std::size_t line) {
    const auto found = object.find(name);
    if (found == object.end()) throw EvalInputError{at_line(line) + "missing required field \"" + name + "\""};
    return *found;
}

std::string require_string(const json& object, const char* name, std::size_t line) {
    const json& value = require_field(object, name, line);
    if (!value.is_string()) throw EvalInputError{at_line(line) + "\"" + name + "\" must be a string"};
    return value.get<std::string>();
}

std::vector<std::string> require_strings(const json& value, const char* name, std::size_t line) {
    if (!value.is_array()) throw EvalInputError{at_line(line) + "\"" + name + "\" must be an array of strings"};
    std::vector<std::string> texts;
    for (const json& entry : value) {
        if (!entry.is_string()) throw EvalInputError{at_line(line) + "\"" + name + "\" must be an array of strings"};
        texts.push_back(entry.get<std::string>());
    }
    return texts;
}

// Marks, for each item, whether the labels name it; a label that names no item is an error.
template <typename Item>
std::vector<bool> match_labels(const std::vector<Item>& items, const std::vector<std::string>& labels, const char* what,
                               const content::Question& question, std::size_t line) {
    std::vector<bool> chosen(items.size(), false);
    for (const std::string& label : labels) {
        const std::string wanted = dialogue::normalize_label(label);
        bool found = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (dialogue::normalize_label(items[i].text) == wanted) {
                chosen[i] = true;
                found = true;
            }
        }
        if (!found) {
            throw EvalInputError{at_line(line) + what + " \"" + label + "\" is not one of the question's " + what +
                                 "s (question \"" + question.text + "\")"};
        }
    }
    return chosen;
}

LabelledAnswer parse_line(const std::string& text, std::size_t line, const content::ContentLibrary& library) {
    json object;
    try {
        content::JsonText parsed = content::parse_json_text(text);
        if (!parsed.duplicate_keys.empty()) {
            throw EvalInputError{at_line(line) + content::describe_duplicate_key(parsed.duplicate_keys.front())};
        }
        object = std::move(parsed.value);
    } catch (const content::JsonTextError& error) {
        throw EvalInputError{at_line(line) + "not valid JSON at byte " + std::to_string(error.byte) + " (" + error.what() + ")"};
    }
    if (!object.is_object()) throw EvalInputError{at_line(line) + "expected one JSON object"};

    LabelledAnswer labelled;
    labelled.line = line;
    labelled.id = require_string(object, "id", line);
    const std::string question_text = require_string(object, "question", line);
    labelled.answer = require_string(object, "answer", line);
    const json& grade = require_field(object, "grade", line);
    if (!grade.is_number_integer() || grade.get<long long>() < 1 || grade.get<long long>() > 5) {
        throw EvalInputError{at_line(line) + "\"grade\" must be an integer from 1 to 5"};
    }
    labelled.grade = grade.get<int>();

    const std::string wanted = dialogue::normalize_label(question_text);
    for (const content::RolePack& role : library.roles) {
        for (const content::Question& question : role.questions) {
            if (dialogue::normalize_label(question.text) == wanted) {
                labelled.role = &role;
                labelled.question = &question;
                break;
            }
        }
        if (labelled.question != nullptr) break;
    }
    if (labelled.question == nullptr) {
        throw EvalInputError{at_line(line) + "question \"" + question_text + "\" matches no question in the content"};
    }
    const content::Question& question = *labelled.question;
    labelled.key_points = match_labels(question.coverage, require_strings(require_field(object, "key_points", line), "key_points", line),
                                       "key point", question, line);
    if (const auto flags = object.find("red_flags"); flags != object.end()) {
        labelled.red_flags = match_labels(question.red_flags, require_strings(*flags, "red_flags", line), "red flag", question, line);
    }
    if (const auto star = object.find("star"); star != object.end()) {
        std::array<bool, 4> present{};
        for (const std::string& part : require_strings(*star, "star", line)) {
            const auto parsed = dialogue::parse_star_part(part);
            if (!parsed) {
                throw EvalInputError{at_line(line) + "star part \"" + part +
                                     "\" is not one of situation, task, action, result"};
            }
            present[static_cast<std::size_t>(*parsed)] = true;
        }
        labelled.star = present;
    }
    return labelled;
}

std::vector<LabelledAnswer> read_corpus(const std::string& path, const content::ContentLibrary& library) {
    std::ifstream in(path);
    if (!in) throw EvalInputError{"cannot open corpus file " + path};
    std::vector<LabelledAnswer> corpus;
    std::set<std::string> ids;
    std::string text;
    for (std::size_t line = 1; std::getline(in, text); ++line) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;   // blank lines separate nothing
        LabelledAnswer labelled = parse_line(text, line, library);
        if (!ids.insert(labelled.id).second) throw EvalInputError{at_line(line) + "id \"" + labelled.id + "\" is used twice"};
        corpus.push_back(std::move(labelled));
    }
    if (in.bad()) throw EvalInputError{"cannot read corpus file " + path};
    return corpus;
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
    std::vector<LabelledAnswer> corpus;
    try {
        corpus = read_corpus(options.corpus, loaded.library);
    } catch (const EvalInputError& error) {
        std::cerr << options.corpus << ": " << error.message << '\n';
        return exit_bad_input;
    }

    std::map<const content::RolePack*, std::unique_ptr<dialogue::AnswerScorer>> scorers;
    dialogue::DecisionCounts key_points, red_flags, star;
    std::vector<double> scores, grades;
    std::vector<Disagreement> disagreements;
    json items = json::array();
    for (const LabelledAnswer& labelled : corpus) {
        auto& scorer = scorers[labelled.role];
        if (!scorer) scorer = std::make_unique<dialogue::AnswerScorer>(*labelled.role);
        const dialogue::AnswerScore score = scorer->score_answer(*labelled.question, labelled.answer);
        const content::Question& question = *labelled.question;

        json item = {{"id", labelled.id}, {"score", score.score}, {"key_points", json::array()},
                     {"red_flags", json::array()}, {"star", json::array()}};
        for (std::size_t i = 0; i < score.coverage.size(); ++i) {
            const bool got = score.coverage[i].covered;
            if (got) item["key_points"].push_back(question.coverage[i].text);
            key_points.add(labelled.key_points[i], got);
            if (got != labelled.key_points[i]) disagreements.push_back({labelled.id, "key point", question.coverage[i].text, labelled.key_points[i]});
        }
        for (std::size_t i = 0; i < score.red_flags.size(); ++i) {
            const bool got = score.red_flags[i].raised;
            if (got) item["red_flags"].push_back(question.red_flags[i].text);
            if (!labelled.red_flags) continue;
            red_flags.add((*labelled.red_flags)[i], got);
            if (got != (*labelled.red_flags)[i]) disagreements.push_back({labelled.id, "red flag", question.red_flags[i].text, (*labelled.red_flags)[i]});
        }
        for (std::size_t p = 0; p < star_parts.size(); ++p) {
            const bool got = score.star.applicable && score.star.present[p];
            const std::string name(dialogue::to_string(star_parts[p]));
            if (got) item["star"].push_back(name);
            if (!labelled.star) continue;
            star.add((*labelled.star)[p], got);
            if (got != (*labelled.star)[p]) disagreements.push_back({labelled.id, "star", name, (*labelled.star)[p]});
        }
        scores.push_back(score.score);
        grades.push_back(labelled.grade);
        if (options.explain) item["explanation"] = dialogue::to_json(score);
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
                             {"scoring_version", std::string(dialogue::scoring_version())},
                             {"items", items}};
        std::cout << report.dump() << '\n';
        return 0;
    }
    std::cout << "Scorer evaluation: " << corpus.size() << " answers from " << options.corpus << " (scoring "
              << dialogue::scoring_version() << ")\n\n";
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
    eval->add_option("--content", options->content_dir, "Content directory (default: $MI_CONTENT_DIR, else ./content)");
    eval->callback([options, &exit_code] { exit_code = run_eval(*options); });
}

}  // namespace mi::cli
