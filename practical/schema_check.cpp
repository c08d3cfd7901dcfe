#include "practical/schema_check.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <initializer_list>
#include <stdexcept>

#include "practical/sql_text.hpp"

namespace mi::practical {
namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

template <std::size_t size>
bool one_of(std::string_view value, const std::array<std::string_view, size>& names) {
    return std::find(names.begin(), names.end(), value) != names.end();
}

// 'name' as a PRAGMA argument.
std::string quoted(std::string_view name) {
    std::string text = "'";
    for (char c : name) {
        text += c;
        if (c == '\'') text += '\'';
    }
    return text + "'";
}

std::string text_of(const SqlValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) return *text;
    if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
    return {};
}

std::int64_t integer_of(const SqlValue& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
    return 0;
}

// SQLite's column affinity rules (https://sqlite.org/datatype3.html#determination_of_column_affinity),
// the part that matters here: is the declared type a floating-point one?
bool is_float_type(std::string_view declared) {
    const std::string type = ascii_upper(declared);
    if (contains(type, "INT") || contains(type, "CHAR") || contains(type, "CLOB") || contains(type, "TEXT")) return false;
    return contains(type, "REAL") || contains(type, "FLOA") || contains(type, "DOUB");
}

// --- which table is which entity of the scenario -------------------------------------------------

enum class Entity { users, categories, products, orders, order_items };

constexpr std::array<std::string_view, 6> user_names{"users", "user", "customers", "customer", "accounts", "account"};
constexpr std::array<std::string_view, 4> category_names{"categories", "category", "product_categories", "product_category"};
constexpr std::array<std::string_view, 2> product_names{"products", "product"};
constexpr std::array<std::string_view, 4> order_names{"orders", "order", "customer_orders", "purchases"};
constexpr std::array<std::string_view, 8> order_item_names{"order_items", "order_item", "order_lines", "order_line",
                                                           "line_items", "order_products", "order_details", "orderitems"};

struct Entities {
    const SchemaTable* users = nullptr;
    const SchemaTable* categories = nullptr;
    const SchemaTable* products = nullptr;
    const SchemaTable* orders = nullptr;
    const SchemaTable* order_items = nullptr;
};

const SchemaTable* named(const SchemaModel& schema, auto const& names) {
    for (const auto& table : schema.tables) {
        if (one_of(ascii_lower(table.name), names)) return &table;
    }
    return nullptr;
}

const SchemaForeignKey* foreign_key_to(const SchemaTable& table, const SchemaTable* target) {
    if (target == nullptr) return nullptr;
    for (const auto& key : table.foreign_keys) {
        if (ascii_lower(key.to_table) == ascii_lower(target->name)) return &key;
    }
    return nullptr;
}

Entities find_entities(const SchemaModel& schema) {
    Entities entities;
    entities.users = named(schema, user_names);
    entities.categories = named(schema, category_names);
    entities.products = named(schema, product_names);
    entities.orders = named(schema, order_names);
    entities.order_items = named(schema, order_item_names);
    if (entities.order_items == nullptr) {
        // Whatever it is called, a table referencing both orders and products is the junction.
        for (const auto& table : schema.tables) {
            if (&table != entities.orders && &table != entities.products &&
                foreign_key_to(table, entities.orders) != nullptr && foreign_key_to(table, entities.products) != nullptr) {
                entities.order_items = &table;
            }
        }
    }
    return entities;
}

// The first column of `table` whose name is one of `names`.
template <std::size_t size>
const SchemaColumn* column_named(const SchemaTable* table, const std::array<std::string_view, size>& names) {
    if (table == nullptr) return nullptr;
    for (const auto& column : table->columns) {
        if (one_of(ascii_lower(column.name), names)) return &column;
    }
    return nullptr;
}

bool is_money_name(std::string_view column) {
    const std::string name = ascii_lower(column);
    if (contains(name, "count") || contains(name, "qty") || contains(name, "quantity") || contains(name, "items") ||
        contains(name, "percent") || contains(name, "rate")) {
        return false;
    }
    for (std::string_view money : {"price", "amount", "total", "cost", "subtotal", "balance", "cents", "fee", "tax",
                                   "discount", "revenue", "salary"}) {
        if (contains(name, money)) return true;
    }
    return false;
}

bool is_timestamp_name(std::string_view column) {
    const std::string name = ascii_lower(column);
    return ends_with(name, "_at") || contains(name, "date") || contains(name, "time") || name == "created" ||
           name == "updated";
}

std::string column_subject(const SchemaTable& table, const SchemaColumn& column) { return table.name + "." + column.name; }

bool indexed_first(const SchemaTable& table, std::string_view column) {
    const std::string wanted = ascii_lower(column);
    for (const auto& index : table.indexes) {
        if (!index.columns.empty() && ascii_lower(index.columns.front()) == wanted) return true;
    }
    // An INTEGER PRIMARY KEY is the rowid: no index is listed, yet it is the table's own order.
    for (const auto& candidate : table.columns) {
        if (ascii_lower(candidate.name) == wanted && candidate.primary_key_position == 1 && ascii_upper(candidate.declared_type) == "INTEGER") {
            return true;
        }
    }
    return false;
}

bool unique_on(const SchemaTable& table, std::string_view column) {
    const std::string wanted = ascii_lower(column);
    for (const auto& index : table.indexes) {
        if (index.unique && index.columns.size() == 1 && ascii_lower(index.columns.front()) == wanted) return true;
    }
    const auto* found = table.find_column(column);
    int key_columns = 0;
    for (const auto& candidate : table.columns) key_columns += candidate.primary_key_position > 0 ? 1 : 0;
    return found != nullptr && found->primary_key_position == 1 && key_columns == 1;
}

// CHECK ( ... quantity ... > ... ) anywhere in the table's SQL.
bool has_quantity_check(const SchemaTable& table, std::string_view column) {
    const std::string sql = ascii_lower(table.sql);
    const std::string wanted = ascii_lower(column);
    for (std::size_t at = sql.find("check"); at != std::string::npos; at = sql.find("check", at + 5)) {
        const auto open = sql.find('(', at);
        if (open == std::string::npos) break;
        int depth = 0;
        std::size_t close = open;
        for (; close < sql.size(); ++close) {
            if (sql[close] == '(') ++depth;
            if (sql[close] == ')' && --depth == 0) break;
        }
        const std::string_view expression = std::string_view(sql).substr(open, close - open);
        if (contains(expression, wanted) && (contains(expression, ">") || contains(expression, "between"))) return true;
    }
    return false;
}

// "VARCHAR(100)" -> 100.
std::optional<int> declared_length(std::string_view declared) {
    const auto open = declared.find('(');
    if (open == std::string_view::npos) return std::nullopt;
    int length = 0;
    const auto* begin = declared.data() + open + 1;
    const auto [end, error] = std::from_chars(begin, declared.data() + declared.size(), length);
    if (error != std::errc() || end == begin) return std::nullopt;
    return length;
}

class DefectFinder {
public:
    explicit DefectFinder(const SchemaModel& schema) : schema_(schema), entities_(find_entities(schema)) {}

    std::vector<SchemaFinding> run() {
        entities_present();
        for (const auto& table : schema_.tables) {
            keys_and_types(table);
            normal_form(table);
            foreign_key_indexes(table);
        }
        relationships();
        constraints();
        return std::move(findings_);
    }

private:
    void add(SchemaDefect defect, std::string subject, std::string text) {
        findings_.push_back(SchemaFinding{defect, std::move(subject), std::move(text)});
    }

    void entities_present() {
        auto require = [&](const SchemaTable* table, std::string_view entity, std::string_view names) {
            if (table == nullptr) {
                add(SchemaDefect::missing_entity, std::string(entity),
                    "No table for " + std::string(entity) + " (expected one named " + std::string(names) +
                        "): the scenario's " + std::string(entity) + " have nowhere to live.");
            }
        };
        require(entities_.users, "users", "users or customers");
        require(entities_.categories, "categories", "categories");
        require(entities_.products, "products", "products");
        require(entities_.orders, "orders", "orders");
        if (entities_.orders != nullptr && entities_.products != nullptr && entities_.order_items == nullptr) {
            const bool one_product = foreign_key_to(*entities_.orders, entities_.products) != nullptr ||
                                     entities_.orders->find_column("product_id") != nullptr;
            add(SchemaDefect::missing_junction, "order_items",
                std::string("No order-items table between orders and products (order_id, product_id, quantity): ") +
                    (one_product ? "as it is, an order can hold only one product."
                                 : "nothing says which products an order holds."));
        }
    }

    void keys_and_types(const SchemaTable& table) {
        if (!table.has_primary_key()) {
            add(SchemaDefect::missing_primary_key, table.name,
                table.name + " has no primary key: nothing identifies a row, so duplicates creep in and nothing can "
                             "reference it.");
        }
        for (const auto& column : table.columns) {
            const std::string subject = column_subject(table, column);
            if (column.declared_type.empty()) {
                add(SchemaDefect::untyped_column, subject, subject + " has no declared type: say what it holds.");
                continue;
            }
            if (is_money_name(column.name) && is_float_type(column.declared_type)) {
                add(SchemaDefect::money_as_float, subject,
                    subject + " is " + ascii_upper(column.declared_type) +
                        ": money as floating point (0.1 + 0.2 != 0.3); use DECIMAL(12,2) / NUMERIC or integer cents.");
            } else if (is_timestamp_name(column.name) && is_float_type(column.declared_type)) {
                add(SchemaDefect::timestamp_as_float, subject,
                    subject + " is " + ascii_upper(column.declared_type) + ": a timestamp as a floating-point number; use TIMESTAMP.");
            }
            if (ascii_lower(column.name) == "email" || ascii_lower(column.name) == "email_address") {
                if (auto length = declared_length(column.declared_type); length && *length < 254) {
                    add(SchemaDefect::short_email, subject,
                        subject + " is " + ascii_upper(column.declared_type) + ": an email address may be 254 characters long.");
                }
            }
        }
    }

    void normal_form(const SchemaTable& table) {
        std::map<std::string, std::vector<std::string>> groups;  // stem -> columns with a number after it
        for (const auto& column : table.columns) {
            const std::string name = ascii_lower(column.name);
            const std::string subject = column_subject(table, column);
            const bool list_name = ends_with(name, "_ids") || ends_with(name, "_list") || name == "tags" ||
                                   (name != ascii_lower(table.name) && (name == "products" || name == "items" ||
                                                                  name == "categories" || name == "orders"));
            if (list_name && !is_float_type(column.declared_type) && !contains(ascii_upper(column.declared_type), "INT")) {
                add(SchemaDefect::list_in_column, subject,
                    subject + " holds a list in one column: one row per value in a table of its own (first normal form).");
            }
            std::size_t digits = name.size();
            while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1])) != 0) --digits;
            if (digits < name.size() && digits > 0) {
                std::string stem = name.substr(0, digits);
                while (!stem.empty() && stem.back() == '_') stem.pop_back();
                if (!stem.empty() && !contains(stem, "line")) groups[stem].push_back(subject);  // address_line1/2 is one address
            }
        }
        for (const auto& [stem, columns] : groups) {
            if (columns.size() < 2) continue;
            std::string subject;
            for (const auto& column : columns) subject += (subject.empty() ? "" : ", ") + column;
            add(SchemaDefect::repeated_group, subject,
                subject + " repeat one group: a table with one row per " + stem + " holds any number of them.");
        }
    }

    void foreign_key_indexes(const SchemaTable& table) {
        for (const auto& key : table.foreign_keys) {
            if (key.from_columns.empty()) continue;
            if (schema_.find_table(key.to_table) == nullptr) {
                add(SchemaDefect::dangling_foreign_key, table.name + "." + key.from_columns.front(),
                    table.name + "." + key.from_columns.front() + " references " + key.to_table +
                        ", which is not a table of the schema.");
                continue;
            }
            if (!indexed_first(table, key.from_columns.front())) {
                add(SchemaDefect::unindexed_foreign_key, table.name + "." + key.from_columns.front(),
                    table.name + "." + key.from_columns.front() + " references " + key.to_table +
                        " but has no index: every join or lookup by it scans " + table.name + ".");
            }
        }
    }

    // The relationships the scenario implies, each as a declared foreign key.
    void relationships() {
        auto require = [&](const SchemaTable* from, const SchemaTable* to, std::initializer_list<std::string_view> hints) {
            if (from == nullptr || to == nullptr || foreign_key_to(*from, to) != nullptr) return;
            const SchemaColumn* column = nullptr;
            for (const auto& candidate : from->columns) {
                for (auto hint : hints) {
                    if (column == nullptr && contains(ascii_lower(candidate.name), hint)) column = &candidate;
                }
            }
            const std::string subject = column ? column_subject(*from, *column) : from->name;
            add(SchemaDefect::missing_foreign_key, subject,
                (column ? subject + " does not reference " + to->name
                        : from->name + " has no column referencing " + to->name) +
                    ": declare FOREIGN KEY ... REFERENCES " + to->name + " so every " + from->name +
                    " row points at a real one.");
        };
        require(entities_.orders, entities_.users, {"user", "customer", "account"});
        require(entities_.products, entities_.categories, {"categor"});
        require(entities_.order_items, entities_.orders, {"order"});
        require(entities_.order_items, entities_.products, {"product"});
    }

    void constraints() {
        auto not_null = [&](const SchemaTable* table, const SchemaColumn* column, std::string_view why) {
            if (table == nullptr || column == nullptr || column->not_null) return;
            // A single-column INTEGER PRIMARY KEY is never NULL in SQLite; other keys may be.
            if (column->primary_key_position > 0 && ascii_upper(column->declared_type) == "INTEGER") return;
            const std::string subject = column_subject(*table, *column);
            add(SchemaDefect::missing_not_null, subject, subject + " may be NULL: " + std::string(why) + "; add NOT NULL.");
        };
        constexpr std::array<std::string_view, 2> email_names{"email", "email_address"};
        const auto* email = column_named(entities_.users, email_names);
        if (entities_.users != nullptr) {
            if (email == nullptr) {
                add(SchemaDefect::missing_entity, entities_.users->name + ".email",
                    entities_.users->name + " has no email column: how does a customer sign in or get a receipt?");
            } else {
                not_null(entities_.users, email, "every customer signs in with one");
                if (!unique_on(*entities_.users, email->name)) {
                    const std::string subject = column_subject(*entities_.users, *email);
                    add(SchemaDefect::missing_unique_email, subject,
                        subject + " is not UNIQUE: two accounts could share one email.");
                }
            }
        }
        if (entities_.products != nullptr) {
            constexpr std::array<std::string_view, 2> name_names{"name", "title"};
            not_null(entities_.products, column_named(entities_.products, name_names), "a product without a name cannot be sold");
            for (const auto& column : entities_.products->columns) {
                if (is_money_name(column.name)) {
                    not_null(entities_.products, &column, "a product without a price cannot be sold");
                    break;
                }
            }
        }
        auto key_columns_not_null = [&](const SchemaTable* table, const SchemaTable* target, std::string_view why) {
            if (table == nullptr) return;
            if (const auto* key = foreign_key_to(*table, target)) {
                for (const auto& name : key->from_columns) not_null(table, table->find_column(name), why);
            }
        };
        key_columns_not_null(entities_.orders, entities_.users, "an order always belongs to a customer");
        key_columns_not_null(entities_.order_items, entities_.orders, "a line always belongs to an order");
        key_columns_not_null(entities_.order_items, entities_.products, "a line always sells a product");
        if (entities_.orders != nullptr) {
            bool timestamp = false;
            for (const auto& column : entities_.orders->columns) timestamp = timestamp || is_timestamp_name(column.name);
            if (!timestamp) {
                add(SchemaDefect::missing_timestamp, entities_.orders->name,
                    entities_.orders->name + " has no timestamp (created_at TIMESTAMP NOT NULL): when was the order placed?");
            }
        }
        if (entities_.order_items != nullptr) {
            constexpr std::array<std::string_view, 2> quantity_names{"quantity", "qty"};
            const auto* quantity = column_named(entities_.order_items, quantity_names);
            if (quantity == nullptr) {
                add(SchemaDefect::missing_entity, entities_.order_items->name + ".quantity",
                    entities_.order_items->name + " has no quantity column: how many of the product were ordered?");
            } else {
                not_null(entities_.order_items, quantity, "every line orders some amount");
                if (!has_quantity_check(*entities_.order_items, quantity->name)) {
                    const std::string subject = column_subject(*entities_.order_items, *quantity);
                    add(SchemaDefect::missing_quantity_check, subject,
                        subject + " has no CHECK (" + quantity->name + " > 0): zero or negative quantities would be accepted.");
                }
            }
        }
    }

    const SchemaModel& schema_;
    Entities entities_;
    std::vector<SchemaFinding> findings_;
};

// Mermaid names: letters, digits, '_' and '-'; anything else becomes '_'.
std::string mermaid_name(std::string_view name) {
    std::string result;
    for (char c : name) result += std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ? c : '_';
    return result.empty() ? "unnamed" : result;
}

struct AspectCriterion {
    SchemaAspect aspect;
    std::string_view criterion_id;
};
constexpr std::array<AspectCriterion, 4> aspect_criteria{{
    {SchemaAspect::normalization, "db-schema-design-eval-normalization"},
    {SchemaAspect::data_types, "db-schema-design-eval-data-types"},
    {SchemaAspect::optimization, "db-schema-design-eval-optimization"},
    {SchemaAspect::completeness, "db-schema-design-eval-completeness"},
}};

}  // namespace

// ---- public --------------------------------------------------------------------------------------

const SchemaColumn* SchemaTable::find_column(std::string_view column) const {
    const std::string wanted = ascii_lower(column);
    for (const auto& candidate : columns) {
        if (ascii_lower(candidate.name) == wanted) return &candidate;
    }
    return nullptr;
}

bool SchemaTable::has_primary_key() const {
    return std::any_of(columns.begin(), columns.end(), [](const SchemaColumn& column) { return column.primary_key_position > 0; });
}

const SchemaTable* SchemaModel::find_table(std::string_view table) const {
    const std::string wanted = ascii_lower(table);
    for (const auto& candidate : tables) {
        if (ascii_lower(candidate.name) == wanted) return &candidate;
    }
    return nullptr;
}

std::string_view to_string(SchemaAspect aspect) {
    switch (aspect) {
        case SchemaAspect::normalization: return "normalization";
        case SchemaAspect::data_types: return "data_types";
        case SchemaAspect::optimization: return "optimization";
        case SchemaAspect::completeness: return "completeness";
    }
    return "completeness";
}

std::string_view to_string(SchemaDefect defect) {
    switch (defect) {
        case SchemaDefect::missing_entity: return "missing_entity";
        case SchemaDefect::missing_junction: return "missing_junction";
        case SchemaDefect::missing_primary_key: return "missing_primary_key";
        case SchemaDefect::missing_foreign_key: return "missing_foreign_key";
        case SchemaDefect::dangling_foreign_key: return "dangling_foreign_key";
        case SchemaDefect::money_as_float: return "money_as_float";
        case SchemaDefect::missing_timestamp: return "missing_timestamp";
        case SchemaDefect::timestamp_as_float: return "timestamp_as_float";
        case SchemaDefect::untyped_column: return "untyped_column";
        case SchemaDefect::short_email: return "short_email";
        case SchemaDefect::missing_not_null: return "missing_not_null";
        case SchemaDefect::missing_unique_email: return "missing_unique_email";
        case SchemaDefect::missing_quantity_check: return "missing_quantity_check";
        case SchemaDefect::unindexed_foreign_key: return "unindexed_foreign_key";
        case SchemaDefect::list_in_column: return "list_in_column";
        case SchemaDefect::repeated_group: return "repeated_group";
    }
    return "missing_entity";
}

// Keys and repeated data are normal-form questions; types are types; indexes are optimisation;
// the scenario's entities, relationships and the constraints that keep rows whole are completeness.
SchemaAspect aspect_of(SchemaDefect defect) {
    switch (defect) {
        case SchemaDefect::missing_primary_key:
        case SchemaDefect::list_in_column:
        case SchemaDefect::repeated_group: return SchemaAspect::normalization;
        case SchemaDefect::money_as_float:
        case SchemaDefect::missing_timestamp:
        case SchemaDefect::timestamp_as_float:
        case SchemaDefect::untyped_column:
        case SchemaDefect::short_email: return SchemaAspect::data_types;
        case SchemaDefect::unindexed_foreign_key: return SchemaAspect::optimization;
        case SchemaDefect::missing_entity:
        case SchemaDefect::missing_junction:
        case SchemaDefect::missing_foreign_key:
        case SchemaDefect::dangling_foreign_key:
        case SchemaDefect::missing_not_null:
        case SchemaDefect::missing_unique_email:
        case SchemaDefect::missing_quantity_check: return SchemaAspect::completeness;
    }
    return SchemaAspect::completeness;
}

std::size_t SchemaCheck::finding_count() const {
    std::size_t count = 0;
    for (const auto& criterion : criteria) count += criterion.findings.size();
    return count;
}

std::variant<SchemaModel, SqlError> introspect_schema(SqlSandbox& sandbox) {
    auto read = [&](const std::string& sql) -> std::variant<QueryResult, SqlError> {
        auto outcome = sandbox.run_query(sql, StatementPolicy::introspection);
        if (auto* error = std::get_if<SqlError>(&outcome)) return *error;
        return std::get<QueryResult>(std::move(outcome));
    };
    SchemaModel model;
    auto tables = read("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid");
    if (auto* error = std::get_if<SqlError>(&tables)) return *error;
    for (const auto& row : std::get<QueryResult>(tables).rows) {
        SchemaTable table;
        table.name = text_of(row[0]);
        table.sql = text_of(row[1]);
        auto columns = read("PRAGMA table_info(" + quoted(table.name) + ")");
        if (auto* error = std::get_if<SqlError>(&columns)) return *error;
        for (const auto& column : std::get<QueryResult>(columns).rows) {  // cid, name, type, notnull, dflt_value, pk
            table.columns.push_back(SchemaColumn{text_of(column[1]), text_of(column[2]), integer_of(column[3]) != 0,
                                                 static_cast<int>(integer_of(column[5]))});
        }
        auto keys = read("PRAGMA foreign_key_list(" + quoted(table.name) + ")");
        if (auto* error = std::get_if<SqlError>(&keys)) return *error;
        for (const auto& key : std::get<QueryResult>(keys).rows) {  // id, seq, table, from, to, on_update, on_delete, match
            const auto id = static_cast<std::size_t>(integer_of(key[0]));
            if (table.foreign_keys.size() <= id) table.foreign_keys.resize(id + 1);
            auto& foreign_key = table.foreign_keys[id];
            foreign_key.to_table = text_of(key[2]);
            foreign_key.from_columns.push_back(text_of(key[3]));
            if (const auto to = text_of(key[4]); !to.empty()) foreign_key.to_columns.push_back(to);
        }
        auto indexes = read("PRAGMA index_list(" + quoted(table.name) + ")");
        if (auto* error = std::get_if<SqlError>(&indexes)) return *error;
        for (const auto& entry : std::get<QueryResult>(indexes).rows) {  // seq, name, unique, origin, partial
            SchemaIndex index{text_of(entry[1]), {}, integer_of(entry[2]) != 0, text_of(entry[3])};
            auto columns_of = read("PRAGMA index_info(" + quoted(index.name) + ")");
            if (auto* error = std::get_if<SqlError>(&columns_of)) return *error;
            for (const auto& column : std::get<QueryResult>(columns_of).rows) index.columns.push_back(text_of(column[2]));
            table.indexes.push_back(std::move(index));
        }
        model.tables.push_back(std::move(table));
    }
    return model;
}

std::vector<SchemaFinding> find_schema_defects(const SchemaModel& schema) { return DefectFinder(schema).run(); }

std::string render_mermaid(const SchemaModel& schema) {
    std::string text = "erDiagram\n";
    for (const auto& table : schema.tables) {
        text += "  " + mermaid_name(table.name) + " {\n";
        for (const auto& column : table.columns) {
            std::string type = column.declared_type.empty() ? "ANY" : column.declared_type;
            const std::string full_type = type;
            type = mermaid_name(type.substr(0, type.find_first_of("( ")));
            std::vector<std::string> keys;
            if (column.primary_key_position > 0) keys.emplace_back("PK");
            for (const auto& key : table.foreign_keys) {
                if (std::find(key.from_columns.begin(), key.from_columns.end(), column.name) != key.from_columns.end()) {
                    keys.emplace_back("FK");
                    break;
                }
            }
            for (const auto& index : table.indexes) {
                if (index.unique && index.origin != "pk" && index.columns.size() == 1 && index.columns[0] == column.name) {
                    keys.emplace_back("UK");
                    break;
                }
            }
            text += "    " + type + " " + mermaid_name(column.name);
            for (std::size_t index = 0; index < keys.size(); ++index) text += (index == 0 ? " " : ", ") + keys[index];
            std::string comment = full_type != type ? full_type : "";
            if (column.not_null) comment += comment.empty() ? "NOT NULL" : " NOT NULL";
            if (!comment.empty()) text += " \"" + comment + "\"";
            text += "\n";
        }
        text += "  }\n";
    }
    for (const auto& table : schema.tables) {
        for (const auto& key : table.foreign_keys) {
            bool required = true;
            std::string label;
            for (const auto& name : key.from_columns) {
                const auto* column = table.find_column(name);
                required = required && column != nullptr && column->not_null;
                label += (label.empty() ? "" : ", ") + name;
            }
            text += "  " + mermaid_name(key.to_table) + (required ? " ||--o{ " : " |o--o{ ") + mermaid_name(table.name) +
                    " : \"" + label + "\"\n";
        }
    }
    return text;
}

SchemaChecker::SchemaChecker(const content::PracticalTask& task, SandboxLimits limits) : limits_(limits) {
    for (const auto& item : task.evaluation_criteria) {
        for (const auto& [aspect, criterion_id] : aspect_criteria) {
            if (item.id == criterion_id) criteria_.push_back(Criterion{item.id, item.text, aspect});
        }
    }
    for (const auto& [aspect, criterion_id] : aspect_criteria) {
        const bool present = std::any_of(criteria_.begin(), criteria_.end(),
                                         [&](const Criterion& criterion) { return criterion.aspect == aspect; });
        if (!present) {
            throw std::invalid_argument("task " + task.id + " has no evaluation criterion " + std::string(criterion_id) +
                                        ", which the schema checker reports " + std::string(to_string(aspect)) + " under");
        }
    }
}

SchemaCheck SchemaChecker::check(std::string_view ddl) const {
    SchemaCheck check;
    SqlSandbox sandbox(limits_);
    auto ran = sandbox.run_script(ddl, StatementPolicy::schema_script);
    if (auto* error = std::get_if<SqlError>(&ran)) {
        check.error = *error;
        return check;
    }
    auto model = introspect_schema(sandbox);
    if (auto* error = std::get_if<SqlError>(&model)) {
        check.error = *error;
        return check;
    }
    check.schema = std::get<SchemaModel>(std::move(model));
    for (const auto& criterion : criteria_) {
        check.criteria.push_back(CriterionResult{criterion.id, criterion.text, criterion.aspect, {}});
    }
    for (auto& finding : find_schema_defects(check.schema)) {
        for (auto& criterion : check.criteria) {
            if (criterion.aspect == aspect_of(finding.defect)) {
                criterion.findings.push_back(std::move(finding));
                break;
            }
        }
    }
    check.mermaid = render_mermaid(check.schema);
    return check;
}

}  // namespace mi::practical
