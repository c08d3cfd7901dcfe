// `mock-interviewer practice` end to end: scripted answers through a pipe, the report at EOF.
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "interview_test_support.hpp"

namespace {

struct RunResult {
    int exit_code = -1;
    std::string output;
};

// Runs the binary with stdin from a file of answers (one per line); stdout and stderr captured together.
RunResult run_practice(const std::string& arguments, const std::string& answers) {
    const std::string input_path = "interview_practice_input_" + std::to_string(std::hash<std::string>{}(arguments + answers)) + ".txt";
    {
        std::ofstream input(input_path);
        input << answers;
    }
    const std::string command = std::string("\"") + MI_BINARY + "\" practice --content \"" MI_SOURCE_DIR "/content\" " +
                                arguments + " < " + input_path + " 2>&1";
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    while (const auto read = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, read);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::remove(input_path.c_str());
    return result;
}

}  // namespace

TEST_CASE("practice holds a whole interview from piped answers and ends with the report", "[interview][practice]") {
    const auto result = run_practice(
        "--stages hr,coding-challenge --seniority junior --seed 4",
        "I have built REST APIs in Node.js and PostgreSQL for three years; at my last job I cut response times by 40%.\n"
        "\n"
        "hint\n"
        "I use Git every day with feature branches and pull requests.\n"
        "skip\n"
        "I would build CRUD endpoints with Express, validate input, return clear errors and document every endpoint.\n"
        "repeat\n");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("(seed 4;"));
    CHECK_THAT(result.output, Catch::Contains("== Stage 1/2: HR Interview =="));
    CHECK_THAT(result.output, Catch::Contains("== Stage 2/2: Coding Challenge =="));
    CHECK_THAT(result.output, Catch::Contains("> I have built REST APIs"));
    CHECK_THAT(result.output, Catch::Contains("Score: "));
    CHECK_THAT(result.output, Catch::Contains("Preparation tips for the HR Interview"));
    CHECK_THAT(result.output, Catch::Contains("Practical task: "));
    CHECK_THAT(result.output, Catch::Contains("# Interview report: Backend Developer"));
}

TEST_CASE("practice with the same seed and answers prints the same interview", "[interview][practice]") {
    const std::string answers = "I debug by reproducing the issue and reading logs.\nend\n";
    const auto first = run_practice("--stages technical --seed 12", answers);
    const auto second = run_practice("--stages technical --seed 12", answers);
    CHECK(first.exit_code == 0);
    // Times differ between runs; everything but the time lines must match.
    const auto strip_times = [](std::string text) {
        std::string out;
        std::size_t start = 0;
        while (start < text.size()) {
            auto end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            const auto line = text.substr(start, end - start);
            if (line.find("Time answering") == std::string::npos && line.find("- Score:") == std::string::npos) out += line + "\n";
            start = end + 1;
        }
        return out;
    };
    CHECK(strip_times(first.output) == strip_times(second.output));
}

TEST_CASE("practice refuses unknown flag values, listing the valid ones, with exit code 2", "[interview][practice]") {
    const auto industry = run_practice("--industry bank", "");
    CHECK(industry.exit_code == 2);
    CHECK_THAT(industry.output, Catch::Contains("industry \"bank\"") && Catch::Contains("\"startup\", \"enterprise\", \"agency\""));

    const auto seniority = run_practice("--seniority principal", "");
    CHECK(seniority.exit_code == 2);
    CHECK_THAT(seniority.output, Catch::Contains("\"junior\", \"mid\", \"senior\""));

    const auto stages = run_practice("--stages hr,lunch", "");
    CHECK(stages.exit_code == 2);
    CHECK_THAT(stages.output, Catch::Contains("stage \"lunch\"") && Catch::Contains("\"coding-challenge\""));

    const auto role = run_practice("--role astronaut", "");
    CHECK(role.exit_code == 2);
    CHECK_THAT(role.output, Catch::Contains("\"backend-developer\""));
}

TEST_CASE("practice prints a task card under the guide's section titles", "[interview][practice][task_sections]") {
    std::set<std::string> shown;
    for (int seed = 1; seed <= 12 && shown.size() < mi::dialogue::testing::backend_pack().practical_tasks.size(); ++seed) {
        const auto result = run_practice("--stages coding-challenge --seed " + std::to_string(seed), "end\n");
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
        const mi::content::PracticalTask* task = nullptr;
        for (const auto& candidate : mi::dialogue::testing::backend_pack().practical_tasks) {
            if (result.output.find("Practical task: " + candidate.name + ".") != std::string::npos) task = &candidate;
        }
        REQUIRE(task != nullptr);
        for (const auto& section : mi::content::task_sections()) {
            const auto heading = "\n  " + std::string(section.title) + ":\n";
            const bool on_card = section.on_task_card && !(task->*section.items).empty();
            CHECK((result.output.find(heading) != std::string::npos) == on_card);
        }
        shown.insert(task->id);
    }
    CHECK(shown.size() == mi::dialogue::testing::backend_pack().practical_tasks.size());
}

TEST_CASE("practice takes a task that runs over several lines, runs it with .run and prints the check", "[interview][practice][task-check]") {
    std::ifstream schema_file(MI_SOURCE_DIR "/tests/data/practical/good-schema.sql");
    REQUIRE(schema_file);
    std::ostringstream schema;
    schema << schema_file.rdbuf();
    const auto result = run_practice("--stages coding-challenge --task db-schema-design --follow-ups 0 --seed 3",
                                     "help\n" + schema.str() + ".run\n-- money is DECIMAL, never FLOAT\n.\n");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("a line with only \".\" submits it, \".run\" runs what you have so far"));
    CHECK_THAT(result.output, Catch::Contains("Commands work when typed as a whole message"));  // help before the draft
    CHECK_THAT(result.output, Catch::Contains("Built 5 tables with 5 foreign keys."));
    CHECK_THAT(result.output, Catch::Contains("Checked by running it: The schema ran (5 tables"));
    CHECK_THAT(result.output, Catch::Contains("  [ok] Normalization: every table has a primary key"));
    CHECK_THAT(result.output, Catch::Contains("    | erDiagram"));
    CHECK_THAT(result.output, Catch::Contains("(checked: a table for users)"));
    CHECK_THAT(result.output, Catch::Contains("#### Checked by running it"));
}

TEST_CASE("practice places a failed run at its line and submits what is typed when the input ends", "[interview][practice][task-check]") {
    const auto result = run_practice("--stages coding-challenge --task perf-optimization --follow-ups 0 --seed 3",
                                     "SELECT id\nFROM users\nWHERE name = = 1\n.run\n.clear\nI would add an index.\n");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("The query did not run: line 3, column 14: near \"=\": syntax error."));
    CHECK_THAT(result.output, Catch::Contains("(cleared)"));
    CHECK_THAT(result.output, Catch::Contains("Checked by running it: No SQL found in the submission"));
    CHECK_THAT(result.output, Catch::Contains("# Interview report: Backend Developer"));
}

TEST_CASE("practice: again re-answers the last question and prints before and after", "[interview][practice][retry]") {
    const auto result = run_practice("--stages hr --seed 4",
                                     "I like computers.\n"
                                     "again\n"
                                     "I have built REST APIs in Node.js and PostgreSQL for three years; at my last job I "
                                     "cut response times by 40% with Redis caching and better indexes.\n");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK_THAT(result.output, Catch::Contains("Try again (attempt 2): "));
    CHECK_THAT(result.output, Catch::Contains("Before and after:"));
    CHECK_THAT(result.output, Catch::Contains("the report counts "));
    CHECK_THAT(result.output, Catch::Contains("Answered 2 times (Try again)"));
}
