// The practical tasks that run, behind the two interfaces the interview needs (dialogue/interview/
// task_check.hpp): the material a task gives the candidate, and the check of a submission, each
// checker of practical/ translated into the dialogue's typed result. The server and the terminal
// use the same object, so a submission gets the same findings and score in both.
//
// Dependencies stay one way: checkers -> {practical, dialogue} -> content. dialogue/ never sees
// SQLite; practical/ never sees an interview.
//
//   task (role pack)      checker      what runs
//   perf-optimization     slow_query   the candidate's index DDL and query on the shop dataset (slow_query_task.hpp)
//   db-schema-design      schema       their DDL in an empty database, then introspected (schema_check.hpp)
//   api-implementation    openapi      their OpenAPI document read and judged (openapi_check.hpp)
//
// Thread safety: after load(), material_for() is a lookup, and check() and run() may be called from
// several threads at once (each check has its own sandbox). Nothing here limits how many at once:
// the host does (the server's check pool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/content_problem.hpp"
#include "content/role_pack.hpp"
#include "dialogue/interview/task_check.hpp"
#include "practical/openapi_check.hpp"
#include "practical/sandbox_limits.hpp"
#include "practical/sql_sandbox.hpp"

namespace mi::practical {
class SlowQueryChecker;
class SchemaChecker;
}  // namespace mi::practical

namespace mi::checkers {

struct CheckerLimits {
    practical::SandboxLimits sandbox;
    // Rows a Run shows of the candidate's query: a screenful; the full result is counted and digested.
    std::size_t max_run_rows = 50;
};

// Why a Run (or a check) could not run the code, and where in the text it failed.
struct RunFailure {
    std::string kind;                   // practical::SqlErrorKind's name, or "no_code", "document"
    std::string message;                // SQLite's (or the document reader's) own words
    std::optional<std::size_t> offset;  // byte offset in the text that was run
    std::size_t line = 0;               // 1-based, with offset
    std::size_t column = 0;             // 1-based, in characters
    std::size_t statement = 0;          // 1-based statement of the SQL; 0 when not known
    // "line 3, column 8 (statement 2): near \"FORM\": syntax error"
    [[nodiscard]] std::string describe() const;
};

struct RunTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // rendered as the checker compares them (practical::render_value)
    std::int64_t row_count = 0;                  // every row the query returned
    bool truncated = false;                      // rows holds fewer
};

// What the Run button shows: the candidate's code run as a check would run it, not judged.
struct TaskRun {
    std::string checker;
    std::string variant_id;
    std::optional<RunFailure> failure;
    std::string summary;                          // one sentence
    // slow_query
    std::optional<RunTable> table;
    std::optional<practical::StatementCost> cost;
    std::optional<practical::StatementCost> index_build_cost;
    std::optional<practical::StatementCost> original_cost;
    std::vector<std::string> plan;
    std::vector<std::string> original_plan;
    // schema: the model SQLite built (tables, columns, keys, indexes) and its diagram
    nlohmann::json schema;
    std::string mermaid;
    // openapi
    std::vector<practical::ApiOperation> operations;
    std::vector<std::string> document_problems;   // what makes it invalid OpenAPI (not the REST judgements)
};

[[nodiscard]] nlohmann::json run_to_json(const TaskRun& run);
// The same for a terminal: a few lines, the rows as a small table.
[[nodiscard]] std::string run_to_text(const TaskRun& run);

class TaskCheckers final : public dialogue::TaskMaterials {
public:
    struct Loaded {
        std::unique_ptr<TaskCheckers> checkers;        // present even with problems: the tasks it could set up
        std::vector<content::ContentProblem> problems; // a task pack that does not load, a task the checker cannot serve
    };
    // Sets up a checker for every task of `library` that has one: reads content_dir/tasks/*.json
    // (the slow-query packs), builds their datasets and measures each given query once (what the
    // task card shows), about 0.6 s in all.
    [[nodiscard]] static Loaded load(const content::ContentLibrary& library, const std::filesystem::path& content_dir,
                                     const CheckerLimits& limits = {});

    ~TaskCheckers() override;
    TaskCheckers(const TaskCheckers&) = delete;
    TaskCheckers& operator=(const TaskCheckers&) = delete;

    [[nodiscard]] std::optional<dialogue::TaskMaterial> material_for(const content::PracticalTask& task,
                                                                     const dialogue::InterviewPlan& plan) const override;

    // Runs one submission. nullopt for a later message of the task that carries no code: the check
    // of the earlier one stands (handle_message applies it again). Throws std::invalid_argument for
    // a checker this object does not have.
    [[nodiscard]] std::optional<dialogue::TaskCheckResult> check(const dialogue::TaskSubmission& submission) const;

    // Runs `code` (SQL, or an OpenAPI document; fenced or not) for the Run button.
    [[nodiscard]] TaskRun run(std::string_view checker, std::string_view variant_id, std::string_view code) const;

    // The checkers set up, by name ("slow_query", ...), and the task each serves.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> checkers() const;
    [[nodiscard]] bool has_checker(std::string_view checker) const;
    [[nodiscard]] const CheckerLimits& limits() const { return limits_; }

private:
    explicit TaskCheckers(CheckerLimits limits);
    struct SlowQueryTask;

    CheckerLimits limits_;
    std::unique_ptr<SlowQueryTask> slow_query_;
    std::unique_ptr<practical::SchemaChecker> schema_;
    std::unique_ptr<practical::OpenApiChecker> openapi_;
    std::map<std::string, std::string, std::less<>> task_of_checker_;  // checker -> role-pack task id
};

}  // namespace mi::checkers
