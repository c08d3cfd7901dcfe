// What a check costs per submission, next to a baseline: the bare run of the same code (what a
// Run, or any tool that only executed it, would pay). Not a test: it prints a Markdown table.
//
//   ./build/tests/checkers/bench_checks [runs=3] [seconds per measurement=0.3]
//
// Each figure is the median time of one call over a measurement of at least the given seconds;
// a measurement is repeated `runs` times and the table gives the median of the runs and their
// spread (lowest to highest). Wall time on a shared machine: read the step counts for exactness.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "practical/document_tree.hpp"
#include "practical/slow_query_task.hpp"
#include "practical/sql_sandbox.hpp"
#include "tests/source_file.hpp"

using namespace mi;
using Clock = std::chrono::steady_clock;

namespace {

// Median milliseconds of one call, over calls that last at least `seconds` in all (at least 3).
double measure(const std::function<void()>& call, double seconds) {
    std::vector<double> times;
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (times.size() < 3 || Clock::now() < until) {
        const auto started = Clock::now();
        call();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - started).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

struct Figure {
    double median = 0;
    double low = 0;
    double high = 0;
};

Figure repeat(const std::function<void()>& call, int runs, double seconds) {
    std::vector<double> medians;
    for (int run = 0; run < runs; ++run) medians.push_back(measure(call, seconds));
    std::sort(medians.begin(), medians.end());
    return {medians[medians.size() / 2], medians.front(), medians.back()};
}

std::string show(const Figure& figure) {
    char text[96];
    std::snprintf(text, sizeof text, "%.2f (%.2f–%.2f)", figure.median, figure.low, figure.high);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const double seconds = argc > 2 ? std::max(0.01, std::atof(argv[2])) : 0.3;
    const auto library = content::load_content_library(MI_SOURCE_DIR "/content");
    const auto load_started = Clock::now();
    const auto loaded = checkers::TaskCheckers::load(library.library, MI_SOURCE_DIR "/content");
    const double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - load_started).count();
    if (!loaded.problems.empty()) {
        for (const auto& problem : loaded.problems) std::fprintf(stderr, "%s: %s\n", problem.file.c_str(), problem.message.c_str());
        return 1;
    }
    const auto& task_checkers = *loaded.checkers;
    const auto pack = practical::load_performance_pack(MI_SOURCE_DIR "/content/tasks/performance-optimization.json").pack;
    practical::SlowQueryChecker bare(*pack, practical::SandboxLimits{});
    const practical::SandboxLimits limits;

    std::printf("Setting the checkers up (dataset, each original measured once): %.0f ms\n\n", load_ms);
    std::printf("%d runs of at least %.2f s each; milliseconds per submission, median of the runs (lowest–highest).\n\n", runs, seconds);
    std::printf("| submission | baseline: the bare run | the whole check | check / baseline |\n| --- | ---: | ---: | ---: |\n");
    auto row = [&](const std::string& name, const std::function<void()>& baseline, const std::function<void()>& check) {
        const auto base = repeat(baseline, runs, seconds);
        const auto full = repeat(check, runs, seconds);
        std::printf("| %s | %s | %s | %.1fx |\n", name.c_str(), show(base).c_str(), show(full).c_str(), full.median / base.median);
        std::fflush(stdout);
    };

    for (const auto& query : pack->queries) {
        const std::string message = "```sql\n" + query.reference.index_ddl + "\n" + query.reference.query + "\n```\n" +
                                    query.reference.explanation;
        const dialogue::TaskSubmission submission{"perf-optimization", "slow_query", query.id, 0, message};
        row("slow query `" + query.id + "` (reference)",
            [&] { (void)bare.try_query(query.reference.index_ddl, query.reference.query); },
            [&] { (void)task_checkers.check(submission); });
    }
    const std::string schema = mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-schema.sql");
    const dialogue::TaskSubmission schema_submission{"db-schema-design", "schema", "", 0, "```sql\n" + schema + "```\nNotes."};
    row("schema (the good five-table one)",
        [&] {
            practical::SqlSandbox sandbox(limits);
            (void)sandbox.run_script(schema, practical::StatementPolicy::schema_script);
        },
        [&] { (void)task_checkers.check(schema_submission); });
    const std::string api = mi::testing::read_source_file(MI_SOURCE_DIR "/tests/data/practical/good-api.yaml");
    const dialogue::TaskSubmission api_submission{"api-implementation", "openapi", "", 0, "```yaml\n" + api + "```\nNotes."};
    row("OpenAPI document (the good todo API)", [&] { (void)practical::parse_document(api); },
        [&] { (void)task_checkers.check(api_submission); });
    return 0;
}
