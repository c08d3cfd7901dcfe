// The e-commerce database the Performance Optimization task runs on: users, categories, products,
// orders and order items, generated from a seed by our own PRNG (splitmix64, integers only: no
// std:: distribution, no floating point, so every machine builds the same rows) and kept as a
// serialized image that each check copies into a fresh sandbox.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "practical/sandbox_limits.hpp"
#include "practical/sql_sandbox.hpp"

namespace mi::practical {

// How many rows of each kind. The defaults give 233 962 rows (a 12 MB image): big enough that a
// full scan costs visibly more than an index search, small enough to build in well under a second.
struct ShopDatasetShape {
    int users = 20'000;
    int top_categories = 8;
    int sub_categories_per_top = 4;
    int products = 4'000;
    int orders = 60'000;
    int max_items_per_order = 4;  // 1..max distinct products per order, 2.5 on average
};

struct TableRowCount {
    std::string table;
    std::int64_t rows = 0;
};

struct ShopDataset {
    std::uint64_t seed = 0;
    ShopDatasetShape shape;
    std::shared_ptr<const DatabaseImage> image;  // shared by every check, never written
    std::vector<TableRowCount> row_counts;       // in schema order
    double build_ms = 0;                         // generating, inserting, indexing and serializing

    [[nodiscard]] std::int64_t total_rows() const;
};

// Generates the dataset for `seed`. Throws SandboxError only if SQLite itself fails.
[[nodiscard]] ShopDataset build_shop_dataset(std::uint64_t seed, const ShopDatasetShape& shape = {});

// The schema the dataset is built with, as the task card shows it (tables, keys and the one
// secondary index the given queries start with).
[[nodiscard]] std::string_view shop_schema_sql();

// A digest of every row of every table, in primary-key order, read back through a sandbox: the
// same seed gives the same checksum on every machine and SQLite version.
[[nodiscard]] std::uint64_t dataset_checksum(const ShopDataset& dataset, const SandboxLimits& limits);

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence everywhere.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next();
    // Uniform enough in [0, bound) for test data (modulo bias below 2^-40 for our bounds). bound > 0.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }

private:
    std::uint64_t state_;
};

}  // namespace mi::practical
