// The API Implementation task, checked: the candidate describes their todo-list API as an OpenAPI 3
// document (YAML or JSON); the checker reads it (document_tree.hpp), validates its structure and
// applies the REST rules an interviewer applies, each finding a sentence naming the operation or the
// field and where it is (docs/practical-tasks.md):
//
//   rule            finds                                                   decides (role pack)
//   document        not OpenAPI 3, no info.title/version, an operation      requirement "Documentation of endpoints"
//                   without responses, a $ref that leads nowhere, an
//                   undeclared path parameter, an unknown key under a path
//   crud            GET and POST on the collection, GET, PUT or PATCH and   requirement "CRUD operations"
//                   DELETE on one item
//   naming          verbs in paths (/getTodos), singular collections,       criterion "Adherence to REST principles",
//                   upper case, literal ids                                 mistake "Not following RESTful conventions"
//   status_codes    201 with a Location header on create, 204 on delete,    the same
//                   a success response on every operation
//   pagination      a limit/offset, page or cursor parameter on the list    the same
//   versioning      /v1 in the paths or the server URL                      the same
//   errors          404 on every operation on one item, 400 or 422 with an  requirement "Error handling"
//                   error body on every write
//   validation      a request body schema on every write, required fields,  requirement "Input validation",
//                   typed properties, limits on strings                     mistake "Ignoring input sanitation"
//   authentication  securitySchemes applied to the operations, or the notes criterion "Robustness and error handling"
//                   saying how clients authenticate                         (with errors and validation)
//   documentation   a summary or description on every operation            requirement "Documentation of endpoints",
//                                                                           mistake "Poor documentation"
//   hardcoding      a server URL on localhost or a fixed port, a literal id  mistake "Hardcoding values"
//
// Pure: no I/O; the same document gives the same findings.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"
#include "practical/document_tree.hpp"

namespace mi::practical {

enum class ApiRule {
    document,
    crud,
    naming,
    status_codes,
    pagination,
    versioning,
    errors,
    validation,
    authentication,
    documentation,
    hardcoding,
};
[[nodiscard]] std::string_view to_string(ApiRule rule);

struct ApiFinding {
    ApiRule rule = ApiRule::document;
    std::string text;        // "POST /todos answers 200, not 201 Created ..."
    std::size_t offset = 0;  // byte offset in the document of the node it is about
};

struct ApiOperation {
    std::string method;      // "GET"
    std::string path;        // "/v1/todos/{id}"
    std::string summary;     // summary, else description, else ""
    std::vector<std::string> responses;  // status codes as written ("201", "4XX", "default")
    std::size_t offset = 0;
};

// One role-pack item (a requirement or an evaluation criterion) as the check decides it.
struct ApiItemResult {
    std::string item_id;     // "api-implementation-req-crud"
    std::string text;        // "CRUD operations"
    std::vector<ApiRule> rules;
    std::vector<ApiFinding> findings;  // empty = met
    [[nodiscard]] bool met() const { return findings.empty(); }
};

// One common mistake as the check decides it.
struct ApiMistakeResult {
    std::string mistake_id;  // "api-implementation-mistake-hardcoding"
    std::string text;
    std::vector<ApiFinding> findings;  // non-empty = raised
    [[nodiscard]] bool raised() const { return !findings.empty(); }
};

struct OpenApiCheck {
    std::optional<DocumentError> error;  // the document could not be read; nothing else is filled
    std::string openapi_version;         // "3.0.3"
    std::string title;
    std::vector<ApiOperation> operations;    // in document order
    std::vector<ApiFinding> findings;        // every rule broken, in rule order then document order
    std::vector<ApiItemResult> items;        // in the pack's order
    std::vector<ApiMistakeResult> mistakes;  // in the pack's order
    bool authentication_in_notes = false;    // the notes say how clients authenticate
};

// The findings of `document` alone, by rule (no role pack needed).
[[nodiscard]] std::vector<ApiFinding> find_api_problems(const DocumentNode& document, std::string_view notes,
                                                        std::vector<ApiOperation>& operations, bool& authentication_in_notes);

class OpenApiChecker {
public:
    // `task` is the role pack's API Implementation task; its requirements, criteria and mistakes must
    // include those the rules above decide, else std::invalid_argument names the missing one.
    explicit OpenApiChecker(const content::PracticalTask& task, DocumentLimits limits = {});

    // `document` is the OpenAPI text; `notes` the candidate's prose (it may say how clients authenticate).
    [[nodiscard]] OpenApiCheck check(std::string_view document, std::string_view notes) const;

private:
    struct Decided {
        std::string id;
        std::string text;
        std::vector<ApiRule> rules;
    };
    std::vector<Decided> items_;
    std::vector<Decided> mistakes_;
    DocumentLimits limits_;
};

}  // namespace mi::practical
