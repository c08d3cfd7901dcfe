// The Database Schema Design task in the interview: the candidate's DDL run and introspected
// (practical::SchemaChecker), and every item of the task that the schema SQLite built can decide:
//   scenario elements (Products, Orders, Users, Categories)  a table for it
//   Entity-relationship diagram                              tables related by foreign keys to draw
//   Data types for each entity                               no column without a type
//   Indexes for optimization                                 an index of their own, every foreign key indexed
//   Relationships between entities                           foreign keys for every relationship, the junction
//   the four evaluation criteria                             no finding under the criterion
#include <algorithm>
#include <array>

#include "checkers/check_adapters.hpp"
#include "practical/sql_text.hpp"

namespace mi::checkers::detail {
namespace {

using nlohmann::json;
using practical::SchemaAspect;
using practical::SchemaDefect;

struct EntityItem {
    std::string_view item_id;
    std::string_view entity;   // the subject of a missing_entity finding
};
constexpr std::array<EntityItem, 4> entity_items{{
    {"db-schema-design-scen-products", "products"},
    {"db-schema-design-scen-orders", "orders"},
    {"db-schema-design-scen-users", "users"},
    {"db-schema-design-scen-categories", "categories"},
}};
constexpr std::string_view erd_item = "db-schema-design-deliv-erd";
constexpr std::string_view data_types_item = "db-schema-design-deliv-data-types";
constexpr std::string_view indexes_item = "db-schema-design-deliv-indexes";
constexpr std::string_view relationships_item = "db-schema-design-deliv-relationships";

// What a criterion without findings has, said as a reviewer would.
std::string_view met_sentence(SchemaAspect aspect) {
    switch (aspect) {
        case SchemaAspect::normalization: return "every table has a primary key, and no column holds a list or a repeated group";
        case SchemaAspect::data_types: return "money is exact, orders have a timestamp, every column has a type";
        case SchemaAspect::optimization: return "every foreign key has an index to follow it";
        case SchemaAspect::completeness:
            return "users, categories, products, orders and the order items are there, related by foreign keys, with the "
                   "constraints the data needs";
    }
    return "";
}

const std::vector<std::string>& decided_items() {
    static const std::vector<std::string> items = [] {
        std::vector<std::string> ids;
        for (const auto& entity : entity_items) ids.emplace_back(entity.item_id);
        for (auto id : {erd_item, data_types_item, indexes_item, relationships_item}) ids.emplace_back(id);
        for (auto id : {"db-schema-design-eval-normalization", "db-schema-design-eval-data-types",
                        "db-schema-design-eval-optimization", "db-schema-design-eval-completeness"}) {
            ids.emplace_back(id);
        }
        return ids;
    }();
    return items;
}

// Where "orders.total" (or "orders") is defined in the DDL: the column's name inside the table's
// CREATE TABLE, or the statement itself; npos when it is not found.
std::size_t locate_subject(std::string_view ddl, std::string_view subject) {
    const auto dot = subject.find('.');
    const std::string table = practical::ascii_lower(subject.substr(0, dot));
    const std::string lowered = practical::ascii_lower(ddl);
    std::size_t at = 0;
    while ((at = lowered.find("create table", at)) != std::string::npos) {
        std::size_t name = at + 12;
        name += practical::skip_blank(std::string_view(lowered).substr(name));
        if (lowered.compare(name, 13, "if not exists") == 0) {
            name += 13;
            name += practical::skip_blank(std::string_view(lowered).substr(name));
        }
        if (name < lowered.size() && (lowered[name] == '"' || lowered[name] == '`' || lowered[name] == '[')) ++name;
        const bool match = lowered.compare(name, table.size(), table) == 0 &&
                           (name + table.size() >= lowered.size() ||
                            !(std::isalnum(static_cast<unsigned char>(lowered[name + table.size()])) != 0 ||
                              lowered[name + table.size()] == '_'));
        if (!match) {
            at = name;
            continue;
        }
        if (dot == std::string_view::npos) return at;
        const std::string column = practical::ascii_lower(subject.substr(dot + 1, subject.find(',') - dot - 1));
        const std::size_t end = practical::statement_end(std::string_view(ddl).substr(at)) + at;
        for (std::size_t hit = lowered.find(column, name + table.size()); hit != std::string::npos && hit < end;
             hit = lowered.find(column, hit + 1)) {
            const bool starts = std::isalnum(static_cast<unsigned char>(lowered[hit - 1])) == 0 && lowered[hit - 1] != '_';
            const std::size_t after = hit + column.size();
            const bool ends = after >= lowered.size() ||
                              (std::isalnum(static_cast<unsigned char>(lowered[after])) == 0 && lowered[after] != '_');
            if (starts && ends) return hit;
        }
        return at;
    }
    return std::string::npos;
}

bool has_defect(const practical::SchemaCheck& check, std::initializer_list<SchemaDefect> defects,
                std::string_view subject = {}) {
    for (const auto& criterion : check.criteria) {
        for (const auto& finding : criterion.findings) {
            if (std::find(defects.begin(), defects.end(), finding.defect) == defects.end()) continue;
            if (subject.empty() || finding.subject == subject) return true;
        }
    }
    return false;
}

std::string first_defect_text(const practical::SchemaCheck& check, std::initializer_list<SchemaDefect> defects) {
    for (const auto& criterion : check.criteria) {
        for (const auto& finding : criterion.findings) {
            if (std::find(defects.begin(), defects.end(), finding.defect) != defects.end()) return finding.text;
        }
    }
    return {};
}


}  // namespace

json schema_json(const practical::SchemaModel& schema) {
    json tables = json::array();
    for (const auto& table : schema.tables) {
        json columns = json::array();
        for (const auto& column : table.columns) {
            columns.push_back({{"name", column.name},
                               {"type", column.declared_type},
                               {"not_null", column.not_null},
                               {"primary_key", column.primary_key_position}});
        }
        json keys = json::array();
        for (const auto& key : table.foreign_keys) {
            keys.push_back({{"from", key.from_columns}, {"to_table", key.to_table}, {"to", key.to_columns}});
        }
        json indexes = json::array();
        for (const auto& index : table.indexes) {
            indexes.push_back({{"name", index.name}, {"columns", index.columns}, {"unique", index.unique}, {"origin", index.origin}});
        }
        tables.push_back({{"name", table.name}, {"columns", columns}, {"foreign_keys", keys}, {"indexes", indexes}});
    }
    return {{"tables", tables}};
}

dialogue::TaskMaterial schema_material() {
    dialogue::TaskMaterial material;
    material.checker = "schema";
    material.title = "An e-commerce schema, run";
    material.language = "sql";
    material.runnable = true;
    material.instructions =
        "write your schema as SQL DDL (CREATE TABLE and CREATE INDEX, in SQLite's dialect, which accepts most PostgreSQL "
        "and MySQL column types), with notes on your choices (in a chat message, the SQL goes in a ```sql block). Run "
        "builds it and draws its diagram.";
    material.blocks.push_back({"What is checked",
                               "Your DDL runs in an empty database; what SQLite built is then read back: the scenario's "
                               "entities, foreign keys, data types (money not as floating point), constraints (primary "
                               "keys, NOT NULL, a unique email, quantity > 0) and indexes on foreign keys. The diagram "
                               "is drawn from it.",
                               ""});
    return material;
}

std::optional<dialogue::TaskCheckResult> schema_check(const practical::SchemaChecker& checker,
                                                      const dialogue::TaskSubmission& submission) {
    const std::string& message = submission.text;
    const auto code = practical::extract_code(message, practical::CodeLanguage::sql);
    if (code.empty()) {
        if (submission.message_index > 0) return std::nullopt;
        return not_run(submission,
                       "No SQL found in the submission: put your CREATE TABLE statements in a ```sql block (or start "
                       "the message with them), and your notes around it.",
                       {}, decided_items());
    }
    const auto check = checker.check(code.code());
    if (check.error) {
        const auto located = practical::locate_in_message(*check.error, code, 0, message);
        std::vector<dialogue::EvidenceSpan> evidence;
        if (located.byte_offset) evidence.push_back(line_evidence(message, *located.byte_offset, submission.message_index, "error"));
        auto result = not_run(submission, "The DDL did not run: " + located.describe() + ".", std::move(evidence), decided_items());
        result.details = {{"error",
                           {{"kind", practical::to_string(located.kind)},
                            {"message", located.message},
                            {"line", located.line},
                            {"column", located.column},
                            {"statement", located.statement_index}}}};
        return result;
    }

    dialogue::TaskCheckResult result;
    result.item_id = submission.task_id;
    result.checker = submission.checker;
    result.message_index = submission.message_index;
    result.outcome = check.finding_count() == 0 ? dialogue::CheckOutcome::passed : dialogue::CheckOutcome::failed;
    std::size_t keys = 0;
    std::size_t own_indexes = 0;
    for (const auto& table : check.schema.tables) {
        keys += table.foreign_keys.size();
        own_indexes += static_cast<std::size_t>(std::count_if(table.indexes.begin(), table.indexes.end(),
                                                              [](const auto& index) { return index.origin == "c"; }));
    }
    const std::string built = std::to_string(check.schema.tables.size()) + (check.schema.tables.size() == 1 ? " table, " : " tables, ") +
                              std::to_string(keys) + (keys == 1 ? " foreign key, " : " foreign keys, ") +
                              std::to_string(own_indexes) + (own_indexes == 1 ? " index of your own" : " indexes of your own");
    result.summary = check.finding_count() == 0
                         ? "The schema ran (" + built + ") and meets all four criteria."
                         : "The schema ran (" + built + "); " + std::to_string(check.finding_count()) +
                               (check.finding_count() == 1 ? " finding" : " findings") + " to fix.";
    result.findings.push_back({"schema.built", "The schema ran: " + built + ".", true, {}});

    auto evidence_for = [&](const std::string& subject) {
        std::vector<dialogue::EvidenceSpan> evidence;
        const auto at = locate_subject(code.code(), subject);
        if (at != std::string::npos) evidence.push_back(line_evidence(message, code.message_offset(at), submission.message_index, subject));
        return evidence;
    };
    for (const auto& criterion : check.criteria) {
        const std::string id = "schema." + std::string(practical::to_string(criterion.aspect));
        if (criterion.met()) {
            result.findings.push_back({id, criterion.criterion_text + ": " + std::string(met_sentence(criterion.aspect)) + ".", true, {}});
        }
        for (const auto& finding : criterion.findings) {
            auto evidence = evidence_for(finding.subject);
            std::string text = criterion.criterion_text + ": " + finding.text;
            if (!evidence.empty()) {
                text += " (line " + std::to_string(practical::position_in(message, evidence.front().begin).line) + ")";
            }
            result.findings.push_back({id, std::move(text), false, std::move(evidence)});
        }
        result.items.push_back({criterion.criterion_id, criterion.met(),
                                criterion.met() ? std::string(met_sentence(criterion.aspect))
                                                : criterion.findings.front().text +
                                                      (criterion.findings.size() > 1
                                                           ? " (and " + std::to_string(criterion.findings.size() - 1) + " more)"
                                                           : ""),
                                {}});
    }
    for (const auto& entity : entity_items) {
        const bool missing = has_defect(check, {SchemaDefect::missing_entity}, entity.entity);
        result.items.push_back({std::string(entity.item_id), !missing,
                                missing ? "no table for " + std::string(entity.entity) : "a table for " + std::string(entity.entity),
                                missing ? std::vector<dialogue::EvidenceSpan>{} : evidence_for(std::string(entity.entity))});
    }
    const bool related = keys > 0 && check.schema.tables.size() >= 2;
    result.items.push_back({std::string(erd_item), related,
                            related ? "the diagram is drawn from your schema: " + built
                                    : "there is nothing to draw between the tables: no foreign key relates them",
                            {}});
    const bool untyped = has_defect(check, {SchemaDefect::untyped_column});
    result.items.push_back({std::string(data_types_item), !untyped,
                            untyped ? first_defect_text(check, {SchemaDefect::untyped_column}) : "every column has a declared type", {}});
    const bool unindexed = has_defect(check, {SchemaDefect::unindexed_foreign_key});
    const bool indexed = own_indexes > 0 && !unindexed;
    result.items.push_back({std::string(indexes_item), indexed,
                            indexed      ? std::to_string(own_indexes) + " indexes of your own; every foreign key is indexed"
                            : unindexed ? first_defect_text(check, {SchemaDefect::unindexed_foreign_key})
                                        : "no CREATE INDEX: only the keys' own indexes",
                            {}});
    const std::initializer_list<SchemaDefect> relationship_defects{SchemaDefect::missing_foreign_key, SchemaDefect::dangling_foreign_key,
                                                                   SchemaDefect::missing_junction};
    const bool relationships = keys > 0 && !has_defect(check, relationship_defects);
    result.items.push_back({std::string(relationships_item), relationships,
                            relationships ? std::to_string(keys) + " foreign keys, the order items between orders and products"
                            : keys == 0   ? "no foreign key: nothing declares how the tables relate"
                                          : first_defect_text(check, relationship_defects),
                            {}});

    json criteria = json::array();
    for (const auto& criterion : check.criteria) {
        json findings = json::array();
        for (const auto& finding : criterion.findings) {
            findings.push_back({{"defect", practical::to_string(finding.defect)}, {"subject", finding.subject}, {"text", finding.text}});
        }
        criteria.push_back({{"id", criterion.criterion_id}, {"text", criterion.criterion_text}, {"met", criterion.met()},
                            {"findings", findings}});
    }
    result.details = {{"schema", schema_json(check.schema)}, {"mermaid", check.mermaid}, {"criteria", criteria}};
    result.exhibits.push_back({"Entity-relationship diagram (Mermaid)", check.mermaid, "mermaid"});
    return result;
}

TaskRun schema_run(const practical::SchemaChecker& checker, std::string_view text) {
    TaskRun run;
    run.checker = "schema";
    const auto code = code_to_run(text, practical::CodeLanguage::sql);
    if (code.empty()) {
        run.failure = RunFailure{"no_code", "there is no SQL to run", {}, 0, 0, 0};
        run.summary = "Nothing to run: write CREATE TABLE statements.";
        return run;
    }
    const auto check = checker.check(code.code());
    if (check.error) {
        const auto located = practical::locate_in_message(*check.error, code, 0, text);
        run.failure = failure_of(located);
        run.summary = "The DDL did not run: " + located.describe() + ".";
        return run;
    }
    run.schema = schema_json(check.schema);
    run.mermaid = check.mermaid;
    std::size_t keys = 0;
    for (const auto& table : check.schema.tables) keys += table.foreign_keys.size();
    run.summary = "Built " + std::to_string(check.schema.tables.size()) + (check.schema.tables.size() == 1 ? " table" : " tables") +
                  " with " + std::to_string(keys) + (keys == 1 ? " foreign key." : " foreign keys.");
    return run;
}

}  // namespace mi::checkers::detail
