// The API Implementation task in the interview: the candidate's OpenAPI document read and judged
// (practical::OpenApiChecker), its requirements, two evaluation criteria and four common mistakes
// decided by the rules (openapi_check.hpp); the notes are the explanation, and the text scorer
// scores the whole submission as before (functionality, clarity and the rest are in words).
#include <algorithm>

#include "checkers/check_adapters.hpp"
#include "practical/openapi_check.hpp"

namespace mi::checkers::detail {
namespace {

using nlohmann::json;

const std::vector<std::string>& decided_items() {
    static const std::vector<std::string> items{"api-implementation-req-crud",        "api-implementation-req-validation",
                                                "api-implementation-req-errors",      "api-implementation-req-docs",
                                                "api-implementation-eval-rest",       "api-implementation-eval-robustness"};
    return items;
}

std::string operation_list(const std::vector<practical::ApiOperation>& operations) {
    std::string text;
    for (const auto& operation : operations) {
        if (!text.empty()) text += "\n";
        text += operation.method + " " + operation.path;
        if (!operation.summary.empty()) text += " — " + operation.summary;
        if (!operation.responses.empty()) {
            text += " (";
            for (std::size_t index = 0; index < operation.responses.size(); ++index) {
                if (index > 0) text += ", ";
                text += operation.responses[index];
            }
            text += ")";
        }
    }
    return text;
}


}  // namespace

dialogue::TaskMaterial openapi_material() {
    dialogue::TaskMaterial material;
    material.checker = "openapi";
    material.title = "A todo-list API, described in OpenAPI";
    material.language = "openapi";
    material.runnable = true;
    material.instructions =
        "describe your todo-list API as an OpenAPI 3 document (YAML or JSON), with notes on how you would implement, "
        "test and secure it (in a chat message, the document goes in a ```yaml or ```json block). Run validates it.";
    material.blocks.push_back({"What is checked",
                               "The document is read and its endpoints judged as a reviewer would: resource naming, the "
                               "CRUD operations, 201 with a Location header, 204, 404, 400 or 422 with an error body, "
                               "input validation in the request schemas, pagination, a version, authentication, and a "
                               "summary on every endpoint.",
                               ""});
    return material;
}

std::optional<dialogue::TaskCheckResult> openapi_check(const practical::OpenApiChecker& checker,
                                                       const dialogue::TaskSubmission& submission) {
    const std::string& message = submission.text;
    const auto code = practical::extract_code(message, practical::CodeLanguage::openapi);
    if (code.empty()) {
        if (submission.message_index > 0) return std::nullopt;
        return not_run(submission,
                       "No OpenAPI document found in the submission: put it in a ```yaml or ```json block (or start the "
                       "message with openapi: 3.0.3), and your notes around it.",
                       {}, decided_items());
    }
    const std::string notes = practical::explanation_text(message, code, practical::CodeLanguage::openapi);
    const auto check = checker.check(code.code(), notes);
    if (check.error) {
        const std::size_t offset = code.message_offset(check.error->offset);
        const auto position = practical::position_in(message, offset);
        const std::string where = "line " + std::to_string(position.line) + ", column " + std::to_string(position.column);
        auto result = not_run(submission, "The document could not be read: " + where + ": " + check.error->message + ".",
                              {line_evidence(message, offset, submission.message_index, "error")}, decided_items());
        result.details = {{"error", {{"kind", "document"}, {"message", check.error->message},
                                     {"line", position.line}, {"column", position.column}}}};
        return result;
    }

    dialogue::TaskCheckResult result;
    result.item_id = submission.task_id;
    result.checker = submission.checker;
    result.message_index = submission.message_index;
    result.outcome = check.findings.empty() ? dialogue::CheckOutcome::passed : dialogue::CheckOutcome::failed;
    const std::string operations = std::to_string(check.operations.size()) + (check.operations.size() == 1 ? " operation" : " operations");
    result.summary = check.findings.empty()
                         ? "The document reads as OpenAPI " + check.openapi_version + " with " + operations + " and follows every rule checked."
                         : "The document reads as OpenAPI " + check.openapi_version + " with " + operations + "; " +
                               std::to_string(check.findings.size()) + (check.findings.size() == 1 ? " finding" : " findings") + " to fix.";
    result.findings.push_back({"openapi.document",
                               "The document reads as OpenAPI " + check.openapi_version +
                                   (check.title.empty() ? std::string() : " (\"" + check.title + "\")") + ": " + operations + ".",
                               true, {}});

    auto evidence_at = [&](std::size_t document_offset) {
        return line_evidence(message, code.message_offset(document_offset), submission.message_index, "document");
    };
    auto line_of = [&](std::size_t document_offset) {
        return practical::position_in(message, code.message_offset(document_offset)).line;
    };
    for (const auto& finding : check.findings) {
        result.findings.push_back({"openapi." + std::string(practical::to_string(finding.rule)),
                                   finding.text + " (line " + std::to_string(line_of(finding.offset)) + ")", false,
                                   {evidence_at(finding.offset)}});
    }
    for (const auto& item : check.items) {
        std::string reason;
        if (item.met()) {
            reason = "the document meets it";
        } else {
            reason = item.findings.front().text;
            if (item.findings.size() > 1) reason += " (and " + std::to_string(item.findings.size() - 1) + " more)";
        }
        std::vector<dialogue::EvidenceSpan> evidence;
        if (!item.met()) evidence.push_back(evidence_at(item.findings.front().offset));
        result.items.push_back({item.item_id, item.met(), reason, evidence});
        if (item.met()) result.findings.push_back({"openapi.met", item.text + ": met.", true, {}});
    }
    for (const auto& mistake : check.mistakes) {
        std::vector<dialogue::EvidenceSpan> evidence;
        if (mistake.raised()) evidence.push_back(evidence_at(mistake.findings.front().offset));
        result.mistakes.push_back({mistake.mistake_id, mistake.raised(),
                                   mistake.raised() ? mistake.findings.front().text : "", evidence});
    }

    json operation_list_json = json::array();
    for (const auto& operation : check.operations) {
        operation_list_json.push_back({{"method", operation.method}, {"path", operation.path}, {"summary", operation.summary},
                                       {"responses", operation.responses}, {"line", line_of(operation.offset)}});
    }
    json findings = json::array();
    for (const auto& finding : check.findings) {
        findings.push_back({{"rule", practical::to_string(finding.rule)}, {"text", finding.text}, {"line", line_of(finding.offset)}});
    }
    result.details = {{"openapi_version", check.openapi_version},
                      {"title", check.title},
                      {"operations", operation_list_json},
                      {"findings", findings},
                      {"authentication_in_notes", check.authentication_in_notes}};
    result.exhibits.push_back({"Endpoints", operation_list(check.operations), "text"});
    return result;
}

TaskRun openapi_run(const practical::OpenApiChecker& checker, std::string_view text) {
    TaskRun run;
    run.checker = "openapi";
    const auto code = code_to_run(text, practical::CodeLanguage::openapi);
    if (code.empty()) {
        run.failure = RunFailure{"no_code", "there is no document to read", {}, 0, 0, 0};
        run.summary = "Nothing to validate: write an OpenAPI document (openapi: 3.0.3 ...).";
        return run;
    }
    const auto check = checker.check(code.code(), "");
    if (check.error) {
        const std::size_t offset = code.message_offset(check.error->offset);
        const auto position = practical::position_in(text, offset);
        run.failure = RunFailure{"document", check.error->message, offset, position.line, position.column, 0};
        run.summary = "The document could not be read: " + run.failure->describe() + ".";
        return run;
    }
    run.operations = check.operations;
    for (const auto& finding : check.findings) {
        if (finding.rule != practical::ApiRule::document) continue;
        run.document_problems.push_back(finding.text + " (line " +
                                        std::to_string(practical::position_in(text, code.message_offset(finding.offset)).line) + ")");
    }
    run.summary = "OpenAPI " + check.openapi_version + ": " + std::to_string(check.operations.size()) +
                  (check.operations.size() == 1 ? " operation" : " operations") +
                  (run.document_problems.empty() ? ", no structural problem." : ", " + std::to_string(run.document_problems.size()) +
                                                                                  " structural problems.");
    return run;
}

}  // namespace mi::checkers::detail
