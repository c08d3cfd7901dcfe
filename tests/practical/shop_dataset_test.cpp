// The shop dataset: the same seed gives the same rows on every machine (a recorded checksum keeps
// that true across compilers, standard libraries and SQLite builds), at the size the task needs.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "practical/shop_dataset.hpp"

using namespace mi::practical;

TEST_CASE("The default dataset has every table at the size the task needs", "[practical][dataset]") {
    const auto dataset = build_shop_dataset(20240611);
    CHECK(dataset.total_rows() >= 100'000);
    CHECK(dataset.total_rows() <= 500'000);
    REQUIRE(dataset.row_counts.size() == 5);
    CHECK(dataset.row_counts[0].table == "categories");
    CHECK(dataset.row_counts[0].rows == 40);
    CHECK(dataset.row_counts[1].rows == 20'000);
    CHECK(dataset.row_counts[2].rows == 4'000);
    CHECK(dataset.row_counts[3].rows == 60'000);
    CHECK(dataset.row_counts[4].table == "order_items");
    CHECK(dataset.row_counts[4].rows > 100'000);
    // Recorded once; a change here means every expected result in content/tasks changes too.
    CHECK(dataset_checksum(dataset, SandboxLimits{}) == 0x0e0ac2483e1c1216ULL);
}

TEST_CASE("The same seed gives the same dataset, another seed another", "[practical][dataset][determinism]") {
    const ShopDatasetShape shape{.users = 500, .products = 100, .orders = 1000};
    const auto first = build_shop_dataset(1, shape);
    const auto again = build_shop_dataset(1, shape);
    const auto other = build_shop_dataset(2, shape);
    const SandboxLimits limits;
    CHECK(dataset_checksum(first, limits) == dataset_checksum(again, limits));
    CHECK(dataset_checksum(first, limits) != dataset_checksum(other, limits));
    CHECK(first.total_rows() == again.total_rows());
}

TEST_CASE("The dataset keeps its own rules: money in cents, quantities positive, keys that join",
          "[practical][dataset]") {
    const auto dataset = build_shop_dataset(3, ShopDatasetShape{.users = 500, .products = 100, .orders = 1000});
    SqlSandbox sandbox(SandboxLimits{}, *dataset.image);
    auto single = [&](const char* sql) {
        auto outcome = sandbox.run_query(sql);
        if (auto* error = std::get_if<SqlError>(&outcome)) FAIL(error->describe());
        return render_value(std::get<QueryResult>(outcome).rows.at(0).at(0));
    };
    CHECK(single("SELECT count(*) FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL") == "0");
    CHECK(single("SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL") == "0");
    CHECK(single("SELECT count(*) FROM orders o WHERE total_cents <> (SELECT sum(quantity * unit_price_cents) "
                 "FROM order_items i WHERE i.order_id = o.id)") == "0");
    CHECK(single("SELECT count(*) FROM products WHERE typeof(price_cents) <> 'integer'") == "0");
    CHECK(single("SELECT min(created_at) >= '2022-01-01' AND max(created_at) < '2025-01-01' FROM orders") == "1");
    CHECK(single("SELECT count(*) FROM users WHERE email <> lower(email)") == "0");
}

TEST_CASE("The schema the task card shows is the schema the dataset has", "[practical][dataset]") {
    const auto dataset = build_shop_dataset(4, ShopDatasetShape{.users = 10, .products = 10, .orders = 10});
    SqlSandbox sandbox(SandboxLimits{}, *dataset.image);
    auto outcome = sandbox.run_query("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid");
    REQUIRE(std::holds_alternative<QueryResult>(outcome));
    std::string schema;
    for (const auto& row : std::get<QueryResult>(outcome).rows) schema += std::get<std::string>(row[0]) + ";\n";
    CHECK(schema == shop_schema_sql());
}

TEST_CASE("splitmix64 gives the published sequence", "[practical][dataset][determinism]") {
    // Reference values of splitmix64 seeded with 0 (Vigna's splitmix64.c).
    SplitMix64 random(0);
    CHECK(random.next() == 0xe220a8397b1dcdafULL);
    CHECK(random.next() == 0x6e789e6aa1b965f4ULL);
    CHECK(random.next() == 0x06c45d188009454fULL);
}
