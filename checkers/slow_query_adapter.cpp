// The Performance Optimization task in the interview: the given slow query as material, the
// candidate's SQL checked (practical::SlowQueryChecker) and the guide's four deliverables decided
// where running it can decide them:
//   Optimized query             the same rows, at least min_speedup fewer VM steps
//   Performance comparison      the same rows, and the explanation states a speed-up the measurement bears out
//   New execution plan analysis the explanation says what the new plan shows (plan_explanation.hpp)
//   Explanation of changes made stays with the text scorer.
#include <algorithm>

#include "checkers/check_adapters.hpp"
#include "practical/plan_explanation.hpp"
#include "practical/shop_dataset.hpp"
#include "practical/sql_text.hpp"

namespace mi::checkers::detail {
namespace {

using nlohmann::json;

constexpr std::string_view optimized_item = "perf-optimization-deliv-optimized-query";
constexpr std::string_view comparison_item = "perf-optimization-deliv-comparison";
constexpr std::string_view new_plan_item = "perf-optimization-deliv-new-plan";

const std::vector<std::string>& decided_items() {
    static const std::vector<std::string> items{std::string(optimized_item), std::string(comparison_item),
                                                std::string(new_plan_item)};
    return items;
}

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) {
        if (!text.empty()) text.push_back('\n');
        text.append(line);
    }
    return text;
}

json measurement_json(const practical::QueryMeasurement& measurement) {
    return {{"row_count", measurement.row_count},
            {"ordered", measurement.ordered},
            {"cost", cost_json(measurement.cost)},
            {"index_build_cost", cost_json(measurement.index_build_cost)},
            {"plan", measurement.plan}};
}


RunTable table_of(const practical::QueryMeasurement& measurement, std::size_t max_rows) {
    RunTable table;
    table.columns = measurement.columns;
    table.row_count = measurement.row_count;
    for (const auto& row : measurement.rows) {
        if (table.rows.size() >= max_rows) break;
        std::vector<std::string> rendered;
        for (const auto& value : row) rendered.push_back(practical::render_value(value));
        table.rows.push_back(std::move(rendered));
    }
    table.truncated = static_cast<std::int64_t>(table.rows.size()) < measurement.row_count;
    return table;
}

}  // namespace

dialogue::TaskMaterial slow_query_material(SlowQueryContext context, const practical::SlowQuery& query) {
    const auto original = context.checker.measure_original(query.id);
    dialogue::TaskMaterial material;
    material.checker = "slow_query";
    material.variant_id = query.id;
    material.title = query.title;
    material.language = "sql";
    material.runnable = true;
    material.instructions =
        "give your index DDL (CREATE INDEX ...) and the rewritten query, then explain what you changed, what the "
        "new plan shows and how much faster it is (in a chat message, the SQL goes in a ```sql block). Run tries "
        "your SQL on the dataset first.";
    material.blocks.push_back({"What the application needs", query.need, ""});
    material.blocks.push_back({"The slow query", query.sql, "sql"});
    material.blocks.push_back({"Its measured cost",
                               describe_cost(original.cost) + "; " + with_thousands(original.row_count) +
                                   (original.row_count == 1 ? " row" : " rows") + " returned. Plan:\n" +
                                   joined_lines(original.plan),
                               "text"});
    const auto& dataset = context.checker.dataset();
    std::string tables;
    for (const auto& count : dataset.row_counts) {
        if (!tables.empty()) tables += ", ";
        tables += count.table + " " + with_thousands(count.rows);
    }
    material.blocks.push_back({"The schema (" + with_thousands(dataset.total_rows()) + " rows: " + tables + ")",
                               std::string(practical::shop_schema_sql()), "sql"});
    // Steps only: they are the same on every machine, so the stored event is too.
    material.facts = {{"query_id", query.id},
                      {"difficulty", query.difficulty},
                      {"original",
                       {{"vm_steps", original.cost.vm_steps},
                        {"fullscan_steps", original.cost.fullscan_steps},
                        {"sort_ops", original.cost.sort_ops},
                        {"row_count", original.row_count}}},
                      {"dataset_rows", dataset.total_rows()}};
    return material;
}

std::optional<dialogue::TaskCheckResult> slow_query_check(SlowQueryContext context, const dialogue::TaskSubmission& submission) {
    const std::string& message = submission.text;
    const auto* query = context.pack.find_query(submission.variant_id);
    if (query == nullptr) {
        return not_run(submission,
                       "The slow query \"" + submission.variant_id + "\" this interview was given is no longer in the task pack, "
                       "so the submission cannot be compared with it.",
                       {}, decided_items());
    }
    const auto code = practical::extract_code(message, practical::CodeLanguage::sql);
    if (code.empty()) {
        if (submission.message_index > 0) return std::nullopt;
        return not_run(submission,
                       "No SQL found in the submission: put the index DDL and the rewritten query in a ```sql block "
                       "(or start the message with them), and the explanation around it.",
                       {}, decided_items());
    }
    const std::string explanation = practical::explanation_text(message, code, practical::CodeLanguage::sql);
    const auto parts = practical::split_query_submission(code.code());
    const practical::QuerySubmission sent{std::string(parts.index_ddl), std::string(parts.query), explanation};
    const auto check = context.checker.check(query->id, sent);

    if (check.error) {
        const std::size_t base = check.ddl_failed ? parts.index_ddl_begin : parts.query_begin;
        const auto located = practical::locate_in_message(*check.error, code, base, message);
        std::vector<dialogue::EvidenceSpan> evidence;
        if (located.byte_offset) evidence.push_back(line_evidence(message, *located.byte_offset, submission.message_index, "error"));
        auto result = not_run(submission,
                              std::string(check.ddl_failed ? "The index DDL" : "The query") + " did not run: " +
                                  located.describe() + ".",
                              std::move(evidence), decided_items());
        result.details = {{"query_id", query->id},
                          {"error",
                           {{"kind", practical::to_string(located.kind)},
                            {"message", located.message},
                            {"line", located.line},
                            {"column", located.column},
                            {"statement", located.statement_index},
                            {"in", check.ddl_failed ? "index_ddl" : "query"}}}};
        return result;
    }

    dialogue::TaskCheckResult result;
    result.item_id = submission.task_id;
    result.checker = submission.checker;
    result.variant_id = query->id;
    result.message_index = submission.message_index;
    const auto& original = check.original;
    const auto& submitted = *check.submitted;
    const bool same_rows = check.verdict != practical::QueryVerdict::different_rows;
    const bool optimized = check.verdict == practical::QueryVerdict::optimized;
    result.outcome = optimized ? dialogue::CheckOutcome::passed : dialogue::CheckOutcome::failed;
    const std::string rows = with_thousands(original.row_count) + (original.row_count == 1 ? " row" : " rows");
    const std::string measured = with_thousands(submitted.cost.vm_steps) + " steps instead of " +
                                 with_thousands(original.cost.vm_steps) + " (" + practical::format_ratio(check.speedup) + "x fewer)";
    switch (check.verdict) {
        case practical::QueryVerdict::optimized: result.summary = "Optimised: the same " + rows + " in " + measured + "."; break;
        case practical::QueryVerdict::not_faster:
            result.summary = "The same " + rows + ", but not faster enough: " + measured + ".";
            break;
        default: result.summary = "The query does not return the original's rows, so it is not an optimisation of it."; break;
    }

    // Where the query is in the message: what the rows and cost findings are about.
    std::vector<dialogue::EvidenceSpan> query_evidence;
    if (practical::skip_blank_and_semicolons(parts.query) < parts.query.size()) {
        const std::size_t begin = code.message_offset(parts.query_begin + practical::skip_blank(parts.query));
        query_evidence.push_back(line_evidence(message, begin, submission.message_index, "query"));
    }
    for (const auto& finding : check.findings) {
        const bool about_query = finding.aspect == practical::QueryAspect::rows || finding.aspect == practical::QueryAspect::cost;
        result.findings.push_back({"slow_query." + std::string(practical::to_string(finding.aspect)), finding.text,
                                   finding.positive, about_query ? query_evidence : std::vector<dialogue::EvidenceSpan>{}});
    }
    const auto plan = practical::check_plan_explanation(explanation, check, practical::created_index_names(parts.index_ddl));
    std::vector<dialogue::EvidenceSpan> plan_evidence;
    for (const auto& hit : plan.evidence) {
        plan_evidence.push_back(range_evidence(hit.begin, hit.end, submission.message_index, hit.term));
    }
    result.findings.push_back({"slow_query.plan_explained", plan.reason, plan.explained, plan_evidence});

    result.items.push_back({std::string(optimized_item), optimized,
                            optimized ? "the same " + rows + " in " + measured
                            : same_rows ? "the same " + rows + ", but " + measured + "; it must need at most half the steps"
                                        : "it does not return the original's rows",
                            query_evidence});
    std::string comparison;
    bool compared = false;
    if (!same_rows) {
        comparison = "there is no fair comparison: the query does not return the original's rows";
    } else if (!check.claimed_speedup) {
        comparison = "measured " + practical::format_ratio(check.speedup) + "x fewer steps, but the explanation gives no figure; say how much "
                     "faster it is (\"" + practical::format_ratio(check.speedup) + "x fewer steps\")";
    } else if (check.claim_matches.value_or(false)) {
        compared = true;
        comparison = "the explanation claims " + practical::format_ratio(*check.claimed_speedup) + "x and the measurement bears it out (" +
                     practical::format_ratio(check.speedup) + "x fewer steps)";
    } else {
        comparison = "the explanation claims " + practical::format_ratio(*check.claimed_speedup) + "x; measured " + practical::format_ratio(check.speedup) +
                     "x fewer steps";
    }
    result.items.push_back({std::string(comparison_item), compared, comparison, {}});
    result.items.push_back({std::string(new_plan_item), plan.explained, plan.reason, plan_evidence});

    json changes = json::array();
    for (const auto& change : check.plan_changes) {
        changes.push_back({{"table", change.table}, {"before", change.before}, {"after", change.after},
                           {"scan_to_search", change.scan_to_search()}});
    }
    result.details = {{"query_id", query->id},
                      {"verdict", practical::to_string(check.verdict)},
                      {"speedup", check.speedup},
                      {"claimed_speedup", check.claimed_speedup ? json(*check.claimed_speedup) : json(nullptr)},
                      {"claim_matches", check.claim_matches ? json(*check.claim_matches) : json(nullptr)},
                      {"reference_vm_steps", check.reference_vm_steps},
                      {"original", measurement_json(original)},
                      {"submitted", measurement_json(submitted)},
                      {"plan_changes", changes}};
    result.exhibits.push_back({"The plan before", joined_lines(original.plan), "text"});
    result.exhibits.push_back({"The plan after", joined_lines(submitted.plan), "text"});
    result.exhibits.push_back({"Measured cost",
                               "before: " + describe_cost(original.cost) + "\nafter:  " + describe_cost(submitted.cost) +
                                   (submitted.index_build_cost.vm_steps > 0
                                        ? "\nbuilding the indexes: " + with_thousands(submitted.index_build_cost.vm_steps) + " steps (once)"
                                        : std::string()) +
                                   "\nreference solution: " + with_thousands(check.reference_vm_steps) + " steps",
                               "text"});
    return result;
}

TaskRun slow_query_run(SlowQueryContext context, std::string_view variant_id, std::string_view text) {
    TaskRun run;
    run.checker = "slow_query";
    run.variant_id = std::string(variant_id);
    const auto* query = context.pack.find_query(variant_id);
    if (query == nullptr) {
        run.failure = RunFailure{"no_code", "the slow query \"" + std::string(variant_id) + "\" is not in the task pack", {}, 0, 0, 0};
        run.summary = run.failure->message;
        return run;
    }
    const auto code = code_to_run(text, practical::CodeLanguage::sql);
    if (code.empty()) {
        run.failure = RunFailure{"no_code", "there is no SQL to run", {}, 0, 0, 0};
        run.summary = "Nothing to run: write a query (and any CREATE INDEX before it).";
        return run;
    }
    const auto parts = practical::split_query_submission(code.code());
    const bool own_query = practical::skip_blank_and_semicolons(parts.query) < parts.query.size();
    auto outcome = context.checker.try_query(parts.index_ddl, own_query ? parts.query : std::string_view(query->sql));
    const auto original = context.checker.measure_original(query->id);
    run.original_cost = original.cost;
    run.original_plan = original.plan;
    if (auto* failure = std::get_if<std::pair<practical::SqlError, bool>>(&outcome)) {
        const bool ddl = failure->second;
        const std::size_t base = ddl ? parts.index_ddl_begin : parts.query_begin;
        // The original query, run after the candidate's DDL, has no position in their text.
        const auto located = (ddl || own_query) ? practical::locate_in_message(failure->first, code, base, text) : failure->first;
        run.failure = failure_of(located);
        run.summary = std::string(ddl ? "The index DDL" : "The query") + " did not run: " + located.describe() + ".";
        return run;
    }
    const auto& measured = std::get<practical::QueryMeasurement>(outcome);
    run.table = table_of(measured, context.limits.max_run_rows);
    run.cost = measured.cost;
    if (measured.index_build_cost.vm_steps > 0) run.index_build_cost = measured.index_build_cost;
    run.plan = measured.plan;
    const double speedup = static_cast<double>(original.cost.vm_steps) /
                           static_cast<double>(std::max<std::int64_t>(1, measured.cost.vm_steps));
    run.summary = with_thousands(measured.row_count) + (measured.row_count == 1 ? " row" : " rows") + " in " +
                  with_thousands(measured.cost.vm_steps) + " steps" + (own_query ? "" : " (the original query, after your indexes)") +
                  "; the original takes " + with_thousands(original.cost.vm_steps) + " (" + practical::format_ratio(speedup) + "x).";
    return run;
}

}  // namespace mi::checkers::detail
