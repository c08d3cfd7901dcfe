#include "practical/shop_dataset.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include <sqlite3.h>

namespace mi::practical {
namespace {

constexpr std::string_view schema_sql = R"sql(CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES categories (id),
  name TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  category_id INTEGER NOT NULL REFERENCES categories (id),
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents > 0),
  stock INTEGER NOT NULL
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  total_cents INTEGER NOT NULL
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price_cents INTEGER NOT NULL,
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX orders_by_created_at ON orders (created_at);
)sql";

// Built after the rows are in: one sorted build is cheaper than keeping the index up to date.
constexpr std::string_view index_marker = "CREATE INDEX";

constexpr std::array first_names{"ada",   "alan",  "grace", "linus", "barbara", "edsger", "donald", "margaret",
                                 "ken",   "dennis", "frances", "john", "radia", "tim",    "sophie", "yukihiro",
                                 "guido", "anders", "bjarne", "katherine"};
constexpr std::array last_names{"lovelace", "turing",  "hopper", "torvalds", "liskov",  "dijkstra", "knuth",
                                "hamilton", "thompson", "ritchie", "allen",  "backus",  "perlman",  "berners",
                                "wilson",   "matsumoto", "rossum", "hejlsberg", "stroustrup", "johnson"};
constexpr std::array countries{"US", "GB", "DE", "FR", "NL", "SE", "PL", "ES", "IT", "PT",
                               "IE", "CA", "BR", "MX", "JP", "KR", "IN", "AU", "NZ", "ZA"};
constexpr std::array top_category_names{"Electronics", "Home", "Garden", "Books", "Sports", "Toys", "Fashion", "Food"};
constexpr std::array sub_category_names{"Basics", "Premium", "Accessories", "Outlet"};
constexpr std::array adjectives{"Compact", "Classic", "Smart", "Rugged", "Silent", "Bright", "Eco", "Pro"};
constexpr std::array materials{"Steel", "Oak", "Cotton", "Glass", "Carbon", "Bamboo", "Wool", "Ceramic"};
constexpr std::array nouns{"Lamp", "Kettle", "Chair", "Backpack", "Speaker", "Notebook", "Bottle", "Jacket",
                           "Drone", "Puzzle"};
// Weighted by repetition: most orders are delivered, a few refunded.
constexpr std::array statuses{"delivered", "delivered", "delivered", "delivered", "delivered", "delivered",
                              "delivered", "delivered", "delivered", "delivered", "delivered", "delivered",
                              "shipped",   "shipped",   "shipped",   "pending",   "pending",   "cancelled",
                              "cancelled", "refunded"};

template <typename Array>
const char* pick(SplitMix64& random, const Array& items) {
    return items[random.below(items.size())];
}

// Howard Hinnant's civil_from_days: days since 1970-01-01 to a calendar date, integers only.
std::string timestamp(std::int64_t seconds) {
    const std::int64_t days = seconds / 86400;
    const std::int64_t of_day = seconds % 86400;
    const std::int64_t shifted = days + 719468;
    const std::int64_t era = shifted / 146097;
    const std::int64_t day_of_era = shifted - era * 146097;
    const std::int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_index = (5 * day_of_year + 2) / 153;
    const std::int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
    const std::int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
    const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%04lld-%02lld-%02lld %02lld:%02lld:%02lld", static_cast<long long>(year),
                  static_cast<long long>(month), static_cast<long long>(day), static_cast<long long>(of_day / 3600),
                  static_cast<long long>(of_day / 60 % 60), static_cast<long long>(of_day % 60));
    return text.data();
}

constexpr std::int64_t users_from = 1609459200;   // 2021-01-01
constexpr std::int64_t users_until = 1719792000;  // 2024-07-01
constexpr std::int64_t orders_from = 1640995200;  // 2022-01-01
constexpr std::int64_t orders_until = 1735689600; // 2025-01-01

struct Connection {
    sqlite3* db = nullptr;
    ~Connection() { sqlite3_close_v2(db); }
};

struct Insert {
    Insert(sqlite3* db, const char* sql) : db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) fail("prepare");
    }
    ~Insert() { sqlite3_finalize(statement); }
    Insert(const Insert&) = delete;
    Insert& operator=(const Insert&) = delete;

    Insert& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(statement, index, value);
        return *this;
    }
    Insert& bind(int index, const std::string& value) {
        sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Insert& bind_null(int index) {
        sqlite3_bind_null(statement, index);
        return *this;
    }
    void run() {
        if (sqlite3_step(statement) != SQLITE_DONE) fail("insert");
        sqlite3_reset(statement);
    }
    [[noreturn]] void fail(const char* what) const {
        throw SandboxError(std::string("SQLite failed to ") + what + " while building the dataset: " + sqlite3_errmsg(db));
    }

    sqlite3* db;
    sqlite3_stmt* statement = nullptr;
};

void execute(sqlite3* db, std::string_view sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw SandboxError("SQLite failed while building the dataset: " + reason);
    }
}

void generate_rows(sqlite3* db, SplitMix64& random, const ShopDatasetShape& shape) {
    {
        Insert category(db, "INSERT INTO categories (id, parent_id, name) VALUES (?, ?, ?)");
        std::int64_t id = 0;
        for (int top = 0; top < shape.top_categories; ++top) {
            const std::int64_t top_id = ++id;
            const std::string top_name = top_category_names[static_cast<std::size_t>(top) % top_category_names.size()];
            category.bind(1, top_id).bind_null(2).bind(3, top_name).run();
            for (int sub = 0; sub < shape.sub_categories_per_top; ++sub) {
                category.bind(1, ++id).bind(2, top_id)
                    .bind(3, top_name + " " + sub_category_names[static_cast<std::size_t>(sub) % sub_category_names.size()])
                    .run();
            }
        }
    }
    {
        Insert user(db, "INSERT INTO users (id, email, name, country, created_at) VALUES (?, ?, ?, ?, ?)");
        for (std::int64_t id = 1; id <= shape.users; ++id) {
            const std::string first = pick(random, first_names);
            const std::string last = pick(random, last_names);
            const std::string email = first + "." + last + "." + std::to_string(id) + "@example.com";
            std::string name = first + " " + last;
            name[0] = static_cast<char>(name[0] - 'a' + 'A');
            const auto space = name.find(' ');
            name[space + 1] = static_cast<char>(name[space + 1] - 'a' + 'A');
            const auto joined = users_from + static_cast<std::int64_t>(random.below(users_until - users_from));
            user.bind(1, id).bind(2, email).bind(3, name).bind(4, std::string(pick(random, countries)))
                .bind(5, timestamp(joined)).run();
        }
    }
    std::vector<std::int64_t> prices(static_cast<std::size_t>(shape.products) + 1, 0);
    {
        Insert product(db, "INSERT INTO products (id, category_id, sku, name, price_cents, stock) VALUES (?, ?, ?, ?, ?, ?)");
        const int per_top = 1 + shape.sub_categories_per_top;
        for (std::int64_t id = 1; id <= shape.products; ++id) {
            // Products sit in sub-categories: top t's subs are ids t*per_top+2 .. t*per_top+per_top.
            const auto top = static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(shape.top_categories)));
            const auto sub = static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(shape.sub_categories_per_top)));
            const std::int64_t category_id = top * per_top + 2 + sub;
            std::array<char, 16> sku{};
            std::snprintf(sku.data(), sku.size(), "SKU-%06lld", static_cast<long long>(id));
            const std::string name = std::string(pick(random, adjectives)) + " " + pick(random, materials) + " " +
                                     pick(random, nouns);
            const auto price = 199 + static_cast<std::int64_t>(random.below(49'800));
            prices[static_cast<std::size_t>(id)] = price;
            product.bind(1, id).bind(2, category_id).bind(3, std::string(sku.data())).bind(4, name).bind(5, price)
                .bind(6, static_cast<std::int64_t>(random.below(500))).run();
        }
    }
    {
        Insert order(db, "INSERT INTO orders (id, user_id, status, created_at, total_cents) VALUES (?, ?, ?, ?, ?)");
        Insert item(db, "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, ?, ?)");
        // A tenth of the users place a third of the orders, as regular customers do.
        const auto regulars = static_cast<std::uint64_t>(std::max(1, shape.users / 10));
        std::vector<std::int64_t> chosen;
        for (std::int64_t id = 1; id <= shape.orders; ++id) {
            const bool regular = random.below(3) == 0;
            const auto user_id =
                1 + static_cast<std::int64_t>(random.below(regular ? regulars : static_cast<std::uint64_t>(shape.users)));
            const auto placed = orders_from + static_cast<std::int64_t>(random.below(orders_until - orders_from));
            const auto item_count = 1 + static_cast<int>(random.below(static_cast<std::uint64_t>(shape.max_items_per_order)));
            chosen.clear();
            std::int64_t total = 0;
            while (static_cast<int>(chosen.size()) < item_count) {
                const auto product_id = 1 + static_cast<std::int64_t>(random.below(static_cast<std::uint64_t>(shape.products)));
                if (std::find(chosen.begin(), chosen.end(), product_id) != chosen.end()) continue;
                chosen.push_back(product_id);
                const auto quantity = 1 + static_cast<std::int64_t>(random.below(4));
                const auto price = prices[static_cast<std::size_t>(product_id)];
                total += quantity * price;
                item.bind(1, id).bind(2, product_id).bind(3, quantity).bind(4, price).run();
            }
            order.bind(1, id).bind(2, user_id).bind(3, std::string(pick(random, statuses))).bind(4, timestamp(placed))
                .bind(5, total).run();
        }
    }
}

}  // namespace

std::uint64_t SplitMix64::next() {
    std::uint64_t value = (state_ += 0x9e3779b97f4a7c15ULL);
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

std::int64_t ShopDataset::total_rows() const {
    std::int64_t total = 0;
    for (const auto& count : row_counts) total += count.rows;
    return total;
}

std::string_view shop_schema_sql() { return schema_sql; }

ShopDataset build_shop_dataset(std::uint64_t seed, const ShopDatasetShape& shape) {
    const auto started = std::chrono::steady_clock::now();
    Connection connection;
    // Trusted code on a private in-memory database: no sandbox needed to write the rows.
    if (sqlite3_open_v2(":memory:", &connection.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY,
                        nullptr) != SQLITE_OK) {
        throw SandboxError("SQLite could not open an in-memory database for the dataset");
    }
    sqlite3* db = connection.db;
    const auto index_at = schema_sql.find(index_marker);
    execute(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
    execute(db, schema_sql.substr(0, index_at));
    execute(db, "BEGIN");
    SplitMix64 random(seed);
    generate_rows(db, random, shape);
    execute(db, "COMMIT");
    execute(db, schema_sql.substr(index_at));
    // A compact image: no free pages from the index build.
    execute(db, "VACUUM");

    ShopDataset dataset;
    dataset.seed = seed;
    dataset.shape = shape;
    for (const char* table : {"categories", "users", "products", "orders", "order_items"}) {
        Insert count(db, (std::string("SELECT count(*) FROM ") + table).c_str());
        sqlite3_step(count.statement);
        dataset.row_counts.push_back(TableRowCount{table, sqlite3_column_int64(count.statement, 0)});
    }
    sqlite3_int64 size = 0;
    unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
    if (bytes == nullptr) throw SandboxError("SQLite could not serialize the dataset");
    std::vector<unsigned char> image(bytes, bytes + size);
    sqlite3_free(bytes);
    dataset.image = std::make_shared<const DatabaseImage>(std::move(image));
    dataset.build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return dataset;
}

std::uint64_t dataset_checksum(const ShopDataset& dataset, const SandboxLimits& limits) {
    SqlSandbox sandbox(limits, *dataset.image);
    std::uint64_t checksum = 0;
    for (const char* query : {"SELECT * FROM categories ORDER BY id", "SELECT * FROM users ORDER BY id",
                              "SELECT * FROM products ORDER BY id", "SELECT * FROM orders ORDER BY id",
                              "SELECT * FROM order_items ORDER BY order_id, product_id"}) {
        auto outcome = sandbox.run_query(query);
        if (auto* error = std::get_if<SqlError>(&outcome)) {
            throw SandboxError("the dataset checksum could not read the dataset: " + error->describe());
        }
        checksum = checksum * 0x100000001b3ULL ^ std::get<QueryResult>(outcome).ordered_digest;
    }
    return checksum;
}

}  // namespace mi::practical
