// What a Run shows, for the wire (run_to_json: the server's run_result frame) and for a terminal.
#include <algorithm>

#include "checkers/check_adapters.hpp"

namespace mi::checkers {

std::string RunFailure::describe() const {
    // The sandbox's wording of a place in the code, for failures that did not come from it too.
    practical::SqlError error;
    error.message = message;
    error.line = line;
    error.column = column;
    error.statement_index = statement;
    return error.describe();
}

nlohmann::json run_to_json(const TaskRun& run) {
    using nlohmann::json;
    json out{{"checker", run.checker}, {"variant_id", run.variant_id}, {"ok", !run.failure}, {"summary", run.summary}};
    if (run.failure) {
        out["error"] = {{"kind", run.failure->kind},
                        {"message", run.failure->message},
                        {"line", run.failure->line},
                        {"column", run.failure->column},
                        {"statement", run.failure->statement},
                        {"offset", run.failure->offset ? json(*run.failure->offset) : json(nullptr)}};
    }
    if (run.table) {
        out["columns"] = run.table->columns;
        out["rows"] = run.table->rows;
        out["row_count"] = run.table->row_count;
        out["truncated"] = run.table->truncated;
    }
    if (run.cost) out["cost"] = detail::cost_json(*run.cost);
    if (run.index_build_cost) out["index_build_cost"] = detail::cost_json(*run.index_build_cost);
    if (run.original_cost) out["original_cost"] = detail::cost_json(*run.original_cost);
    if (!run.plan.empty()) out["plan"] = run.plan;
    if (!run.original_plan.empty()) out["original_plan"] = run.original_plan;
    if (!run.schema.is_null()) out["schema"] = run.schema;
    if (!run.mermaid.empty()) out["mermaid"] = run.mermaid;
    if (run.checker == "openapi" && !run.failure) {
        json operations = json::array();
        for (const auto& operation : run.operations) {
            operations.push_back({{"method", operation.method}, {"path", operation.path}, {"summary", operation.summary},
                                  {"responses", operation.responses}});
        }
        out["operations"] = operations;
        out["problems"] = run.document_problems;
    }
    return out;
}

std::string run_to_text(const TaskRun& run) {
    std::string text = run.summary + "\n";
    if (run.table) {
        // Columns as wide as their longest shown value (at most 40 characters), then the rows.
        std::vector<std::size_t> widths;
        for (const auto& column : run.table->columns) widths.push_back(std::min<std::size_t>(40, column.size()));
        for (const auto& row : run.table->rows) {
            for (std::size_t index = 0; index < row.size() && index < widths.size(); ++index) {
                widths[index] = std::min<std::size_t>(40, std::max(widths[index], row[index].size()));
            }
        }
        auto line = [&](const std::vector<std::string>& cells) {
            std::string out = " ";
            for (std::size_t index = 0; index < cells.size() && index < widths.size(); ++index) {
                std::string cell = cells[index].size() > 40 ? cells[index].substr(0, 39) + "~" : cells[index];
                cell.resize(std::max(cell.size(), widths[index]), ' ');
                out += " " + cell + (index + 1 < cells.size() ? " |" : "");
            }
            while (!out.empty() && out.back() == ' ') out.pop_back();
            return out + "\n";
        };
        text += line(run.table->columns);
        for (const auto& row : run.table->rows) text += line(row);
        if (run.table->truncated) {
            text += "  (" + detail::with_thousands(static_cast<std::int64_t>(run.table->rows.size())) + " of " +
                    detail::with_thousands(run.table->row_count) + " rows shown)\n";
        }
    }
    if (run.cost) text += "Cost: " + detail::describe_cost(*run.cost) + "\n";
    if (run.index_build_cost) text += "Building your indexes: " + detail::with_thousands(run.index_build_cost->vm_steps) + " steps\n";
    if (!run.plan.empty()) {
        text += "Plan:\n";
        for (const auto& line : run.plan) text += "  " + line + "\n";
    }
    if (!run.mermaid.empty()) text += "Diagram (Mermaid):\n" + run.mermaid + (run.mermaid.back() == '\n' ? "" : "\n");
    for (const auto& operation : run.operations) {
        text += "  " + operation.method + " " + operation.path + (operation.summary.empty() ? "" : " — " + operation.summary) + "\n";
    }
    for (const auto& problem : run.document_problems) text += "  ! " + problem + "\n";
    return text;
}

}  // namespace mi::checkers
