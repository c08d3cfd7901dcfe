#include "checkers/check_adapters.hpp"

#include <algorithm>

namespace mi::checkers::detail {

dialogue::EvidenceSpan line_evidence(std::string_view message, std::size_t offset, int message_index, std::string term) {
    offset = std::min(offset, message.size());
    std::size_t end = message.find('\n', offset);
    if (end == std::string_view::npos) end = message.size();
    end = std::min(end, offset + 120);
    // Never end inside a UTF-8 character.
    while (end < message.size() && end > offset && (static_cast<unsigned char>(message[end]) & 0xC0u) == 0x80u) --end;
    return {std::move(term), message_index, offset, end};
}

dialogue::EvidenceSpan range_evidence(std::size_t begin, std::size_t end, int message_index, std::string term) {
    return {std::move(term), message_index, begin, std::max(begin, end)};
}

RunFailure failure_of(const practical::SqlError& error) {
    RunFailure failure;
    failure.kind = std::string(practical::to_string(error.kind));
    failure.message = error.message;
    failure.offset = error.byte_offset;
    failure.line = error.line;
    failure.column = error.column;
    failure.statement = error.statement_index;
    return failure;
}

practical::SubmittedCode code_to_run(std::string_view text, practical::CodeLanguage language) {
    auto code = practical::extract_code(text, language);
    if (!code.empty() || code.fenced()) return code;
    return practical::SubmittedCode(std::string(text), {{0, 0, text.size()}});
}

nlohmann::json cost_json(const practical::StatementCost& cost) {
    return {{"vm_steps", cost.vm_steps},
            {"fullscan_steps", cost.fullscan_steps},
            {"sort_ops", cost.sort_ops},
            {"autoindex_rows", cost.autoindex_rows},
            {"wall_ms", cost.wall_ms}};
}

std::string describe_cost(const practical::StatementCost& cost) {
    std::string text = with_thousands(cost.vm_steps) + " steps, " + with_thousands(cost.fullscan_steps) + " rows read by full scans";
    if (cost.sort_ops > 0) text += ", " + with_thousands(cost.sort_ops) + (cost.sort_ops == 1 ? " sort" : " sorts");
    if (cost.autoindex_rows > 0) text += ", " + with_thousands(cost.autoindex_rows) + " rows into automatic indexes";
    return text;
}

dialogue::TaskCheckResult not_run(const dialogue::TaskSubmission& submission, std::string summary,
                                  std::vector<dialogue::EvidenceSpan> evidence, const std::vector<std::string>& decided_items) {
    dialogue::TaskCheckResult result;
    result.item_id = submission.task_id;
    result.checker = submission.checker;
    result.variant_id = submission.variant_id;
    result.message_index = submission.message_index;
    result.outcome = dialogue::CheckOutcome::not_run;
    result.summary = summary;
    result.findings.push_back({submission.checker + ".not_run", summary, false, evidence});
    for (const auto& item : decided_items) result.items.push_back({item, false, summary, {}});
    return result;
}

}  // namespace mi::checkers::detail
