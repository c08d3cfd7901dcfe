#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../content/command_runner.hpp"

namespace {

// A corpus file in the test's temporary directory, removed afterwards.
class CorpusFile {
public:
    explicit CorpusFile(const std::string& lines)
        : path_(std::filesystem::temp_directory_path() / ("mi-eval-" + std::to_string(::getpid()) + "-" +
                                                         std::to_string(counter()++) + ".jsonl")) {
        std::ofstream(path_) << lines;
    }
    ~CorpusFile() { std::filesystem::remove(path_); }
    CorpusFile(const CorpusFile&) = delete;
    CorpusFile& operator=(const CorpusFile&) = delete;
    [[nodiscard]] std::string arguments() const {
        return "eval --content " + mi::test::quoted_path(MI_SOURCE_DIR "/content") + " --corpus " + mi::test::quoted_path(path_.string());
    }

private:
    static int& counter() {
        static int next = 0;
        return next;
    }
    std::filesystem::path path_;
};

const std::string indexing_line =
    R"({"id": "a", "question": "What is the purpose of indexing in databases?", "answer": "Indexes let the database find rows without scanning the whole table, so reads are faster, but every insert must update them too.", "key_points": ["Database performance", "Trade-offs"], "grade": 3})";
const std::string debugging_line =
    R"({"id": "b", "question": "What is your approach to debugging issues?", "answer": "I just restart the server.", "key_points": [], "red_flags": ["Lack of a structured approach", "Over-reliance on restarting tools", "No mention of proper testing", "Not using debugging tools effectively"], "grade": 1})";

}  // namespace

TEST_CASE("eval --json prints exactly one JSON object with the figures and one item per line", "[eval_command]") {
    const CorpusFile corpus(indexing_line + "\n" + debugging_line + "\n");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments() + " --json", false);
    REQUIRE(result.exit_code == 0);
    const auto report = nlohmann::json::parse(result.output);
    CHECK(report.at("answers") == 2);
    for (const char* part : {"key_points", "red_flags", "star"}) {
        for (const char* field : {"tp", "fp", "fn", "precision", "recall", "f1"}) CHECK(report.at(part).contains(field));
    }
    CHECK(report.contains("grade_spearman"));
    CHECK(report.at("scoring_version").is_string());
    REQUIRE(report.at("items").size() == 2);
    CHECK(report.at("items").at(0).at("id") == "a");
    CHECK(report.at("items").at(1).at("red_flags").size() >= 2);
}

TEST_CASE("eval without --json prints a table and every disagreement", "[eval_command]") {
    // Label "Index types" as covered although the answer does not name one: a disagreement.
    std::string line = indexing_line;
    line.replace(line.find("\"Trade-offs\""), 12, "\"Trade-offs\", \"Index types\"");
    const CorpusFile corpus(line + "\n");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments());
    REQUIRE(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("key points"));
    CHECK_THAT(result.output, Catch::Contains("Spearman"));
    CHECK_THAT(result.output, Catch::Contains("a  key point \"Index types\"  expected yes, got no"));
}

TEST_CASE("eval names the line of a malformed corpus line and exits 2", "[eval_command]") {
    const CorpusFile corpus(indexing_line + "\n{\"id\": \"broken\", \n");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("line 2"));
}

TEST_CASE("eval refuses a line that gives a field twice, naming the line and the field", "[eval_command]") {
    const CorpusFile corpus(indexing_line + "\n" +
                            R"({"id": "x", "question": "What is the purpose of indexing in databases?", "answer": "a", "key_points": [], "grade": 2, "grade": 5})");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("line 2") && Catch::Contains("\"grade\" appears more than once"));
}

TEST_CASE("eval names a line whose required field is missing or mistyped", "[eval_command]") {
    const CorpusFile corpus(R"({"id": "x", "question": "What is the purpose of indexing in databases?", "answer": "a", "key_points": [], "grade": 9})");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("line 1") && Catch::Contains("grade"));
}

TEST_CASE("eval rejects an unknown question, key point or red flag naming the line and the text", "[eval_command]") {
    const CorpusFile unknown_question(R"({"id": "x", "question": "What is your favourite colour?", "answer": "", "key_points": [], "grade": 1})");
    auto result = mi::test::run_mock_interviewer(unknown_question.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("line 1") && Catch::Contains("What is your favourite colour?"));

    std::string line = indexing_line;
    line.replace(line.find("\"Trade-offs\""), 12, "\"Speed of light\"");
    const CorpusFile unknown_point(line);
    result = mi::test::run_mock_interviewer(unknown_point.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("line 1") && Catch::Contains("Speed of light"));

    std::string flagged = debugging_line;
    flagged.replace(flagged.find("\"No mention of proper testing\""), 30, "\"Too quiet\"");
    const CorpusFile unknown_flag(flagged);
    result = mi::test::run_mock_interviewer(unknown_flag.arguments());
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("Too quiet"));
}

TEST_CASE("eval matches guide texts whatever their case and punctuation", "[eval_command]") {
    const CorpusFile corpus(
        R"({"id": "m", "question": "why do you want to work as a BACKEND developer", "answer": "I enjoy it.", "key_points": ["Understanding the backend role’s impact"], "grade": 2})");
    CHECK(mi::test::run_mock_interviewer(corpus.arguments() + " --json", false).exit_code == 0);
}

TEST_CASE("eval --baseline naive judges by plain word overlap and raises every red flag", "[eval_command]") {
    const CorpusFile corpus(indexing_line + "\n" + debugging_line + "\n");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments() + " --baseline naive --json", false);
    REQUIRE(result.exit_code == 0);
    const auto report = nlohmann::json::parse(result.output);
    CHECK(report.at("scoring_version") == "naive-baseline");
    // "database" is a word of the answer; neither "trade" nor "offs" is.
    const auto& covered = report.at("items").at(0).at("key_points");
    CHECK(std::find(covered.begin(), covered.end(), "Database performance") != covered.end());
    CHECK(std::find(covered.begin(), covered.end(), "Trade-offs") == covered.end());
    CHECK(report.at("items").at(1).at("red_flags").size() == 4);
    CHECK(report.at("red_flags").at("fp") == 0);
}

TEST_CASE("eval refuses an unknown baseline, naming it, and exits 2", "[eval_command]") {
    const CorpusFile corpus(indexing_line + "\n");
    const auto result = mi::test::run_mock_interviewer(corpus.arguments() + " --baseline clever");
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("unknown baseline \"clever\""));
}
