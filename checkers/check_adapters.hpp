// Internal to checkers/: each checker of practical/ turned into the dialogue's typed result and a
// Run. One file per checker (slow_query_adapter.cpp, schema_adapter.cpp, openapi_adapter.cpp);
// the helpers they share are here.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "checkers/task_checkers.hpp"
#include "dialogue/interview/task_check.hpp"
#include "practical/schema_check.hpp"
#include "practical/slow_query_task.hpp"
#include "practical/sql_sandbox.hpp"
#include "practical/submission_text.hpp"

namespace mi::checkers::detail {

// Evidence for a place in a message: from `offset` to the end of its line (at most 120 bytes).
[[nodiscard]] dialogue::EvidenceSpan line_evidence(std::string_view message, std::size_t offset, int message_index,
                                                   std::string term);
// Evidence for a range of a message.
[[nodiscard]] dialogue::EvidenceSpan range_evidence(std::size_t begin, std::size_t end, int message_index, std::string term);

[[nodiscard]] RunFailure failure_of(const practical::SqlError& error);
[[nodiscard]] nlohmann::json cost_json(const practical::StatementCost& cost);
// "100 012 steps, 19 999 rows read by full scans, 1 sort"
[[nodiscard]] std::string describe_cost(const practical::StatementCost& cost);
using practical::with_thousands;

// What a Run runs: the code in the text (fenced or not); when none is found the whole text is
// still run, so that SQLite (or the document reader) says what is wrong with it and where.
[[nodiscard]] practical::SubmittedCode code_to_run(std::string_view text, practical::CodeLanguage language);

// A result that ran nothing: outcome not_run, one finding saying why, and every item the checker
// decides marked as not met for that reason.
[[nodiscard]] dialogue::TaskCheckResult not_run(const dialogue::TaskSubmission& submission, std::string summary,
                                                std::vector<dialogue::EvidenceSpan> evidence,
                                                const std::vector<std::string>& decided_items);

// --- slow_query ---
struct SlowQueryContext {
    practical::SlowQueryChecker& checker;
    const practical::PerformanceTaskPack& pack;
    const CheckerLimits& limits;
};
[[nodiscard]] dialogue::TaskMaterial slow_query_material(SlowQueryContext context, const practical::SlowQuery& query);
[[nodiscard]] std::optional<dialogue::TaskCheckResult> slow_query_check(SlowQueryContext context,
                                                                         const dialogue::TaskSubmission& submission);
[[nodiscard]] TaskRun slow_query_run(SlowQueryContext context, std::string_view variant_id, std::string_view code);

// --- schema ---
[[nodiscard]] dialogue::TaskMaterial schema_material();
[[nodiscard]] std::optional<dialogue::TaskCheckResult> schema_check(const practical::SchemaChecker& checker,
                                                                     const dialogue::TaskSubmission& submission);
[[nodiscard]] TaskRun schema_run(const practical::SchemaChecker& checker, std::string_view code);
[[nodiscard]] nlohmann::json schema_json(const practical::SchemaModel& schema);

// --- openapi ---
[[nodiscard]] dialogue::TaskMaterial openapi_material();
[[nodiscard]] std::optional<dialogue::TaskCheckResult> openapi_check(const practical::OpenApiChecker& checker,
                                                                      const dialogue::TaskSubmission& submission);
[[nodiscard]] TaskRun openapi_run(const practical::OpenApiChecker& checker, std::string_view code);

}  // namespace mi::checkers::detail
