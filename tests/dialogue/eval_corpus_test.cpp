// The eval corpus reader as a pure function: text in, labelled answers or the first problem (with
// its line) out. The command's own tests (eval_command_test.cpp) run it through the binary.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "content/pack_loader.hpp"
#include "dialogue/scoring/eval_corpus.hpp"

namespace {

using mi::dialogue::EvalCorpusProblem;
using mi::dialogue::LabelledAnswer;
using mi::dialogue::parse_eval_corpus;

const mi::content::ContentLibrary& library() {
    static const mi::content::LoadResult loaded = mi::content::load_content_library(MI_SOURCE_DIR "/content");
    return loaded.library;
}

const std::string indexing_line =
    R"({"id": "a", "question": "What is the purpose of indexing in databases?", "answer": "Indexes make reads faster.", "key_points": ["Database performance"], "grade": 3})";

std::string problem_of(const std::string& text) {
    const auto read = parse_eval_corpus(text, library());
    const auto* problem = std::get_if<EvalCorpusProblem>(&read);
    return problem == nullptr ? "(read without a problem)" : problem->message;
}

}  // namespace

TEST_CASE("eval corpus: each non-blank line is one labelled answer, numbered by its line in the text", "[eval_corpus]") {
    std::string second = indexing_line;
    second.replace(second.find("\"a\""), 3, "\"b\"");
    const auto read = parse_eval_corpus("\n" + indexing_line + "\r\n \t\n" + second, library());
    REQUIRE(std::holds_alternative<std::vector<LabelledAnswer>>(read));
    const auto& answers = std::get<std::vector<LabelledAnswer>>(read);
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].line == 2);
    CHECK(answers[1].line == 4);     // no newline after the last line: still read
    CHECK(answers[0].answer == "Indexes make reads faster.");
    CHECK(answers[0].grade == 3);
    REQUIRE(answers[0].question != nullptr);
    CHECK(answers[0].key_points.size() == answers[0].question->coverage.size());
    CHECK_FALSE(answers[0].red_flags.has_value());
}

TEST_CASE("eval corpus: the first problem names its line and what is wrong", "[eval_corpus]") {
    CHECK(problem_of(indexing_line + "\n" + indexing_line) == "line 2: id \"a\" is used twice");
    CHECK_THAT(problem_of("{\"id\": \n"), Catch::StartsWith("line 1: not valid JSON at byte"));
    CHECK(problem_of("[1, 2]") == "line 1: expected one JSON object");
    std::string graded = indexing_line;
    graded.replace(graded.find("\"grade\": 3"), 10, "\"grade\": 18446744073709551615");
    CHECK(problem_of(graded) == "line 1: \"grade\" must be an integer from 1 to 5");
    std::string starred = indexing_line;
    starred.replace(starred.find("\"grade\""), 7, "\"star\": [\"moral\"], \"grade\"");
    CHECK(problem_of(starred) == "line 1: star part \"moral\" is not one of situation, task, action, result");
}

TEST_CASE("eval corpus: an empty text is an empty corpus", "[eval_corpus]") {
    const auto read = parse_eval_corpus("", library());
    REQUIRE(std::holds_alternative<std::vector<LabelledAnswer>>(read));
    CHECK(std::get<std::vector<LabelledAnswer>>(read).empty());
}
