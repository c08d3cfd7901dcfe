// The Database Schema Design task, executed: a good schema is clean, each defect the issue lists
// is found and named by table.column under the guide's criterion it belongs to, and the diagram
// is drawn from the candidate's own schema.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "content/pack_loader.hpp"
#include "practical/schema_check.hpp"
#include "tests/source_file.hpp"

using namespace mi::practical;

namespace {

// A five-table schema with every key, constraint and index (tests/data/practical/README.md).
const std::string good_schema = mi::testing::read_source_file(std::string(MI_SOURCE_DIR) + "/tests/data/practical/good-schema.sql");

const mi::content::PracticalTask& schema_task() {
    static const auto content = mi::content::load_content_library(std::string(MI_SOURCE_DIR) + "/content");
    const auto* role = content.library.find_role("backend-developer");
    REQUIRE(role != nullptr);
    const auto* task = role->find_task("db-schema-design");
    REQUIRE(task != nullptr);
    return *task;
}

SchemaCheck check_schema(const std::string& ddl) {
    const SchemaChecker checker(schema_task(), SandboxLimits{});
    return checker.check(ddl);
}

// The good schema with `from` replaced by `to` (which must be there exactly as written).
std::string with(std::string_view from, std::string_view to, std::string schema = good_schema) {
    const auto at = schema.find(from);
    REQUIRE(at != std::string::npos);
    schema.replace(at, from.size(), to);
    return schema;
}

const SchemaFinding* finding(const SchemaCheck& check, SchemaDefect defect, std::string_view subject) {
    for (const auto& criterion : check.criteria) {
        for (const auto& candidate : criterion.findings) {
            if (candidate.defect == defect && candidate.subject == subject) return &candidate;
        }
    }
    return nullptr;
}

std::string criterion_of(const SchemaCheck& check, SchemaDefect defect) {
    for (const auto& criterion : check.criteria) {
        for (const auto& candidate : criterion.findings) {
            if (candidate.defect == defect) return criterion.criterion_text;
        }
    }
    return {};
}

std::string all_findings(const SchemaCheck& check) {
    std::string text;
    for (const auto& criterion : check.criteria) {
        for (const auto& candidate : criterion.findings) text += criterion.criterion_text + ": " + candidate.text + "\n";
    }
    return text;
}

void expect_only(const SchemaCheck& check, SchemaDefect defect, std::string_view subject) {
    INFO(all_findings(check));
    REQUIRE_FALSE(check.error);
    CHECK(finding(check, defect, subject) != nullptr);
}

}  // namespace

TEST_CASE("A good e-commerce schema has no finding under any of the guide's four criteria", "[practical][schema]") {
    const auto check = check_schema(good_schema);
    INFO(all_findings(check));
    REQUIRE_FALSE(check.error);
    REQUIRE(check.criteria.size() == 4);
    CHECK(check.criteria[0].criterion_text == "Normalization");
    CHECK(check.criteria[1].criterion_text == "Appropriate use of data types");
    CHECK(check.criteria[2].criterion_text == "Optimization considerations");
    CHECK(check.criteria[3].criterion_text == "Completeness of schema");
    CHECK(check.finding_count() == 0);
    CHECK(check.schema.tables.size() == 5);
}

TEST_CASE("Missing entities and the missing order-items junction are found", "[practical][schema]") {
    auto no_categories = with("CREATE TABLE categories (\n  id INTEGER PRIMARY KEY,\n  parent_id INTEGER REFERENCES categories (id),\n"
                              "  name VARCHAR(100) NOT NULL UNIQUE\n);\nCREATE INDEX categories_by_parent ON categories (parent_id);\n",
                              "");
    no_categories = with("category_id INTEGER NOT NULL REFERENCES categories (id)", "category VARCHAR(100) NOT NULL", no_categories);
    no_categories = with("CREATE INDEX products_by_category ON products (category_id);\n", "", no_categories);
    const auto without_categories = check_schema(no_categories);
    expect_only(without_categories, SchemaDefect::missing_entity, "categories");
    CHECK(criterion_of(without_categories, SchemaDefect::missing_entity) == "Completeness of schema");

    auto no_junction = good_schema.substr(0, good_schema.find("CREATE TABLE order_items"));
    no_junction = with("  status VARCHAR(20) NOT NULL,", "  status VARCHAR(20) NOT NULL,\n  product_id INTEGER REFERENCES products (id),",
                       no_junction);
    const auto check = check_schema(no_junction);
    expect_only(check, SchemaDefect::missing_junction, "order_items");
    CHECK(finding(check, SchemaDefect::missing_junction, "order_items")->text.find("only one product") != std::string::npos);
}

TEST_CASE("A relationship without its foreign key, or to a table that is not there, is found", "[practical][schema]") {
    const auto plain = check_schema(with("user_id INTEGER NOT NULL REFERENCES users (id)", "user_id INTEGER NOT NULL"));
    expect_only(plain, SchemaDefect::missing_foreign_key, "orders.user_id");
    CHECK(finding(plain, SchemaDefect::missing_foreign_key, "orders.user_id")->text ==
          "orders.user_id does not reference users: declare FOREIGN KEY ... REFERENCES users so every orders row points "
          "at a real one.");
    const auto dangling = check_schema(with("REFERENCES users (id)", "REFERENCES customer (id)"));
    expect_only(dangling, SchemaDefect::dangling_foreign_key, "orders.user_id");
}

TEST_CASE("Money as floating point is found and named, under data types", "[practical][schema]") {
    const auto check = check_schema(with("  total DECIMAL(12,2) NOT NULL,", "  total REAL NOT NULL,"));
    expect_only(check, SchemaDefect::money_as_float, "orders.total");
    CHECK(finding(check, SchemaDefect::money_as_float, "orders.total")->text.rfind("orders.total is REAL: money as floating point", 0) == 0);
    CHECK(criterion_of(check, SchemaDefect::money_as_float) == "Appropriate use of data types");
    CHECK(check.finding_count() == 1);
    expect_only(check_schema(with("unit_price DECIMAL(12,2)", "unit_price DOUBLE PRECISION")), SchemaDefect::money_as_float,
                "order_items.unit_price");
}

TEST_CASE("Timestamps, text lengths and untyped columns are data-type findings", "[practical][schema]") {
    auto no_timestamp = with("  total DECIMAL(12,2) NOT NULL,\n  created_at TIMESTAMP NOT NULL\n", "  total DECIMAL(12,2) NOT NULL\n");
    no_timestamp = with("orders (user_id, created_at)", "orders (user_id)", no_timestamp);
    expect_only(check_schema(no_timestamp), SchemaDefect::missing_timestamp, "orders");
    expect_only(check_schema(with("  created_at TIMESTAMP NOT NULL\n);\nCREATE INDEX orders_by_user",
                                  "  created_at FLOAT NOT NULL\n);\nCREATE INDEX orders_by_user")),
                SchemaDefect::timestamp_as_float, "orders.created_at");
    expect_only(check_schema(with("email VARCHAR(254)", "email VARCHAR(100)")), SchemaDefect::short_email, "users.email");
    expect_only(check_schema(with("status VARCHAR(20) NOT NULL", "status NOT NULL")), SchemaDefect::untyped_column,
                "orders.status");
}

TEST_CASE("Missing NOT NULL, UNIQUE email and CHECK quantity > 0 are found", "[practical][schema]") {
    expect_only(check_schema(with("user_id INTEGER NOT NULL REFERENCES", "user_id INTEGER REFERENCES")),
                SchemaDefect::missing_not_null, "orders.user_id");
    const auto not_unique = check_schema(with("email VARCHAR(254) NOT NULL UNIQUE", "email VARCHAR(254) NOT NULL"));
    expect_only(not_unique, SchemaDefect::missing_unique_email, "users.email");
    CHECK(criterion_of(not_unique, SchemaDefect::missing_unique_email) == "Completeness of schema");
    // A unique index made separately counts as much as the column constraint.
    CHECK(check_schema(with("email VARCHAR(254) NOT NULL UNIQUE", "email VARCHAR(254) NOT NULL") +
                       "CREATE UNIQUE INDEX users_by_email ON users (email);")
              .finding_count() == 0);
    expect_only(check_schema(with("quantity INTEGER NOT NULL CHECK (quantity > 0)", "quantity INTEGER NOT NULL")),
                SchemaDefect::missing_quantity_check, "order_items.quantity");
    CHECK(check_schema(with("quantity INTEGER NOT NULL CHECK (quantity > 0)", "quantity INTEGER NOT NULL,\n  CHECK (quantity >= 1)"))
              .finding_count() == 0);
}

TEST_CASE("A table without a primary key is a normalization finding", "[practical][schema]") {
    const auto check = check_schema(with("CREATE TABLE categories (\n  id INTEGER PRIMARY KEY,", "CREATE TABLE categories (\n  id INTEGER NOT NULL,"));
    expect_only(check, SchemaDefect::missing_primary_key, "categories");
    CHECK(criterion_of(check, SchemaDefect::missing_primary_key) == "Normalization");
}

TEST_CASE("A foreign key without an index is an optimization finding, and a primary key's first column counts",
          "[practical][schema]") {
    const auto check = check_schema(with("CREATE INDEX orders_by_user ON orders (user_id, created_at);\n", ""));
    expect_only(check, SchemaDefect::unindexed_foreign_key, "orders.user_id");
    CHECK(criterion_of(check, SchemaDefect::unindexed_foreign_key) == "Optimization considerations");
    CHECK(check.finding_count() == 1);  // order_items.order_id is the first column of the primary key
    expect_only(check_schema(with("CREATE INDEX order_items_by_product ON order_items (product_id);\n", "")),
                SchemaDefect::unindexed_foreign_key, "order_items.product_id");
}

TEST_CASE("A list in a column and a repeated group are normalization findings", "[practical][schema]") {
    const auto listed = check_schema(with("  status VARCHAR(20) NOT NULL,", "  status VARCHAR(20) NOT NULL,\n  product_ids TEXT,"));
    expect_only(listed, SchemaDefect::list_in_column, "orders.product_ids");
    CHECK(criterion_of(listed, SchemaDefect::list_in_column) == "Normalization");
    expect_only(check_schema(with("  price DECIMAL", "  tags VARCHAR(500),\n  price DECIMAL")), SchemaDefect::list_in_column,
                "products.tags");
    const auto repeated = check_schema(with("  name VARCHAR(200) NOT NULL,\n  address_line1",
                                            "  name VARCHAR(200) NOT NULL,\n  phone1 VARCHAR(20),\n  phone2 VARCHAR(20),\n  address_line1"));
    expect_only(repeated, SchemaDefect::repeated_group, "users.phone1, users.phone2");
    CHECK(repeated.finding_count() == 1);  // address_line1 / address_line2 are one address, not a group
}

TEST_CASE("A schema that does not run gets SQLite's message and position, and escapes are refused", "[practical][schema][escape]") {
    const auto broken = check_schema(with("  status VARCHAR(20) NOT NULL,", "  status VARCHAR(20) NOT NULL\n  total2 INT,"));
    REQUIRE(broken.error);
    CHECK(broken.error->kind == SqlErrorKind::invalid_sql);
    CHECK(broken.error->describe().find("syntax error") != std::string::npos);
    CHECK(broken.error->line == 28);  // "total2", where SQLite stopped
    CHECK(broken.error->column == 3);
    const auto attach = check_schema(good_schema + "ATTACH DATABASE '/tmp/x.db' AS x;");
    REQUIRE(attach.error);
    CHECK(attach.error->kind == SqlErrorKind::refused);
    const auto pragma = check_schema("PRAGMA writable_schema = ON;\n" + good_schema);
    REQUIRE(pragma.error);
    CHECK(pragma.error->kind == SqlErrorKind::refused);
}

TEST_CASE("The entity-relationship diagram is drawn from the candidate's own schema as Mermaid", "[practical][schema]") {
    const auto check = check_schema(good_schema);
    const std::string& mermaid = check.mermaid;
    INFO(mermaid);
    CHECK(mermaid.rfind("erDiagram\n", 0) == 0);
    CHECK(mermaid.find("  users {\n    INTEGER id PK\n    VARCHAR email UK \"VARCHAR(254) NOT NULL\"\n") != std::string::npos);
    CHECK(mermaid.find("    INTEGER user_id FK \"NOT NULL\"\n") != std::string::npos);
    CHECK(mermaid.find("    INTEGER order_id PK, FK \"NOT NULL\"\n") != std::string::npos);
    CHECK(mermaid.find("  users ||--o{ orders : \"user_id\"\n") != std::string::npos);
    CHECK(mermaid.find("  categories |o--o{ categories : \"parent_id\"\n") != std::string::npos);
    CHECK(mermaid.find("  products ||--o{ order_items : \"product_id\"\n") != std::string::npos);
    // The same schema draws the same diagram.
    CHECK(check_schema(good_schema).mermaid == mermaid);
}

TEST_CASE("The checker refuses a task without the criteria it reports under", "[practical][schema]") {
    auto task = schema_task();
    task.evaluation_criteria.pop_back();
    CHECK_THROWS_AS(SchemaChecker(task, SandboxLimits{}), std::invalid_argument);
}
