// The Database Schema Design task, executed: the candidate's DDL runs in a fresh sandbox, SQLite
// is asked what it built (PRAGMA table_info, foreign_key_list, index_list, index_info), and each
// defect the guide's evaluation criteria care about is a finding — a sentence naming
// table.column — grouped under those criteria as the role pack lists them (docs/practical-tasks.md).
// The entity-relationship diagram, a deliverable of the guide, is drawn from the same model.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "content/role_pack.hpp"
#include "practical/sql_sandbox.hpp"

namespace mi::practical {

// What SQLite reports about the schema the candidate built.
struct SchemaColumn {
    std::string name;
    std::string declared_type;      // as written ("DECIMAL(10,2)"), "" when none
    bool not_null = false;
    int primary_key_position = 0;   // 1-based position in the primary key, 0 = not in it
};

struct SchemaForeignKey {
    std::vector<std::string> from_columns;
    std::string to_table;
    std::vector<std::string> to_columns;  // empty = the referenced table's primary key
};

struct SchemaIndex {
    std::string name;
    std::vector<std::string> columns;  // "" for an expression
    bool unique = false;
    std::string origin;                // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
};

struct SchemaTable {
    std::string name;
    std::string sql;                   // CREATE TABLE as SQLite stored it (CHECK constraints are read from it)
    std::vector<SchemaColumn> columns;
    std::vector<SchemaForeignKey> foreign_keys;
    std::vector<SchemaIndex> indexes;

    [[nodiscard]] const SchemaColumn* find_column(std::string_view column) const;
    [[nodiscard]] bool has_primary_key() const;
};

struct SchemaModel {
    std::vector<SchemaTable> tables;   // in creation order
    [[nodiscard]] const SchemaTable* find_table(std::string_view table) const;
};

// The four evaluation criteria of the guide's schema task, as the checker groups its findings.
enum class SchemaAspect { normalization, data_types, optimization, completeness };

enum class SchemaDefect {
    missing_entity,           // no table for users / categories / products / orders
    missing_junction,         // no order-items table between orders and products
    missing_primary_key,
    missing_foreign_key,      // a relationship the scenario implies is not declared
    dangling_foreign_key,     // REFERENCES a table that does not exist
    money_as_float,           // price, total, amount as REAL / FLOAT / DOUBLE
    missing_timestamp,        // orders without the time they were placed
    timestamp_as_float,
    untyped_column,
    short_email,              // VARCHAR(n) with n < 254
    missing_not_null,         // a column every row needs may be NULL
    missing_unique_email,
    missing_quantity_check,   // no CHECK (quantity > 0)
    unindexed_foreign_key,
    list_in_column,           // product_ids, tags: several values in one column
    repeated_group,           // phone1, phone2
};

[[nodiscard]] std::string_view to_string(SchemaAspect aspect);
[[nodiscard]] std::string_view to_string(SchemaDefect defect);
[[nodiscard]] SchemaAspect aspect_of(SchemaDefect defect);

struct SchemaFinding {
    SchemaDefect defect;
    std::string subject;   // "orders.total", "orders", "users.phone1, users.phone2"
    std::string text;      // "orders.total is REAL: money as floating point ..."
};

struct CriterionResult {
    std::string criterion_id;    // the role pack's evaluation criterion, e.g. "db-schema-design-eval-normalization"
    std::string criterion_text;  // "Normalization"
    SchemaAspect aspect;
    std::vector<SchemaFinding> findings;
    [[nodiscard]] bool met() const { return findings.empty(); }
};

struct SchemaCheck {
    std::optional<SqlError> error;         // the DDL did not run; nothing else is filled
    SchemaModel schema;
    std::vector<CriterionResult> criteria; // in the pack's order
    std::string mermaid;                   // erDiagram of the candidate's schema
    [[nodiscard]] std::size_t finding_count() const;
};

// Reads the model of whatever `sandbox` holds (the checker's introspection policy).
[[nodiscard]] std::variant<SchemaModel, SqlError> introspect_schema(SqlSandbox& sandbox);
// Every defect of `schema` against the e-commerce scenario, in table order.
[[nodiscard]] std::vector<SchemaFinding> find_schema_defects(const SchemaModel& schema);
// Mermaid erDiagram text: one entity per table with typed, keyed attributes, one relationship per
// foreign key ("users ||--o{ orders : user_id"; |o when the foreign key may be NULL).
[[nodiscard]] std::string render_mermaid(const SchemaModel& schema);

class SchemaChecker {
public:
    // `task` is the role pack's Database Schema Design task; its evaluation criteria must include
    // the four the checker reports on (db-schema-design-eval-normalization, -data-types,
    // -optimization, -completeness), else std::invalid_argument names the missing one.
    SchemaChecker(const content::PracticalTask& task, SandboxLimits limits);

    [[nodiscard]] SchemaCheck check(std::string_view ddl) const;

private:
    struct Criterion {
        std::string id;
        std::string text;
        SchemaAspect aspect;
    };
    std::vector<Criterion> criteria_;
    SandboxLimits limits_;
};

}  // namespace mi::practical
