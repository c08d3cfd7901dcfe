#include "dialogue/scoring/eval_corpus.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "content/json_text.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/eval_metrics.hpp"

namespace mi::dialogue {

namespace {

using nlohmann::json;

// Thrown inside the reader, caught once in parse_eval_corpus: the first problem ends the reading.
struct CorpusLineError {
    std::string message;
};

std::string at_line(std::size_t line) { return "line " + std::to_string(line) + ": "; }

const json& require_field(const json& object, const char* name, std::size_t line) {
    const auto found = object.find(name);
    if (found == object.end()) throw CorpusLineError{at_line(line) + "missing required field \"" + name + "\""};
    return *found;
}

std::string require_string(const json& object, const char* name, std::size_t line) {
    const json& value = require_field(object, name, line);
    if (!value.is_string()) throw CorpusLineError{at_line(line) + "\"" + name + "\" must be a string"};
    return value.get<std::string>();
}

std::vector<std::string> require_strings(const json& value, const char* name, std::size_t line) {
    if (!value.is_array()) throw CorpusLineError{at_line(line) + "\"" + name + "\" must be an array of strings"};
    std::vector<std::string> texts;
    for (const json& entry : value) {
        if (!entry.is_string()) throw CorpusLineError{at_line(line) + "\"" + name + "\" must be an array of strings"};
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
        const std::string wanted = normalize_label(label);
        bool found = false;
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (normalize_label(items[i].text) == wanted) {
                chosen[i] = true;
                found = true;
            }
        }
        if (!found) {
            throw CorpusLineError{at_line(line) + what + " \"" + label + "\" is not one of the question's " + what +
                                  "s (question \"" + question.text + "\")"};
        }
    }
    return chosen;
}

LabelledAnswer parse_line(std::string_view text, std::size_t line, const content::ContentLibrary& library) {
    json object;
    try {
        content::JsonText parsed = content::parse_json_text(text);
        if (!parsed.duplicate_keys.empty()) {
            throw CorpusLineError{at_line(line) + content::describe_duplicate_key(parsed.duplicate_keys.front())};
        }
        object = std::move(parsed.value);
    } catch (const content::JsonTextError& error) {
        throw CorpusLineError{at_line(line) + "not valid JSON at byte " + std::to_string(error.byte) + " (" + error.what() + ")"};
    }
    if (!object.is_object()) throw CorpusLineError{at_line(line) + "expected one JSON object"};

    LabelledAnswer labelled;
    labelled.line = line;
    labelled.id = require_string(object, "id", line);
    const std::string question_text = require_string(object, "question", line);
    labelled.answer = require_string(object, "answer", line);
    const json& grade = require_field(object, "grade", line);
    if (!grade.is_number_integer() || grade.get<long long>() < 1 || grade.get<long long>() > 5) {
        throw CorpusLineError{at_line(line) + "\"grade\" must be an integer from 1 to 5"};
    }
    labelled.grade = grade.get<int>();

    const std::string wanted = normalize_label(question_text);
    for (const content::RolePack& role : library.roles) {
        for (const content::Question& question : role.questions) {
            if (normalize_label(question.text) == wanted) {
                labelled.role = &role;
                labelled.question = &question;
                break;
            }
        }
        if (labelled.question != nullptr) break;
    }
    if (labelled.question == nullptr) {
        throw CorpusLineError{at_line(line) + "question \"" + question_text + "\" matches no question in the content"};
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
            const auto parsed = parse_star_part(part);
            if (!parsed) {
                throw CorpusLineError{at_line(line) + "star part \"" + part + "\" is not one of situation, task, action, result"};
            }
            present[static_cast<std::size_t>(*parsed)] = true;
        }
        labelled.star = present;
    }
    return labelled;
}

}  // namespace

EvalCorpus parse_eval_corpus(std::string_view text, const content::ContentLibrary& library) {
    std::vector<LabelledAnswer> corpus;
    std::set<std::string, std::less<>> ids;
    try {
        std::size_t line = 1;
        for (std::size_t start = 0; start < text.size(); ++line) {
            const auto end = std::min(text.find('\n', start), text.size());
            const std::string_view content = text.substr(start, end - start);
            start = end + 1;
            if (content.find_first_not_of(" \t\r") == std::string_view::npos) continue;   // blank lines separate nothing
            LabelledAnswer labelled = parse_line(content, line, library);
            if (!ids.insert(labelled.id).second) {
                throw CorpusLineError{at_line(line) + "id \"" + labelled.id + "\" is used twice"};
            }
            corpus.push_back(std::move(labelled));
        }
    } catch (const CorpusLineError& problem) {
        return EvalCorpusProblem{problem.message};
    }
    return corpus;
}

}  // namespace mi::dialogue
