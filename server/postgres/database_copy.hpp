// Moving an SQLite database to PostgreSQL (`mock-interviewer db copy`): every table, copied in
// one PostgreSQL transaction that commits only when each table's row count and checksum on the
// target equal the source's. The source is read in one read transaction, so a server still
// writing to it is copied as of one moment (stop it first to copy everything).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace mi::server::postgres {

struct CopyOptions {
    std::string from_sqlite_path;
    std::string to_url;
    bool replace_target = false;    // delete what the target holds first; otherwise a non-empty target is refused
};

struct TableCopy {
    std::string table;
    std::int64_t source_rows = 0;
    std::int64_t target_rows = 0;
    // Order-independent: the sum (mod 2^64) of the first 64 bits of each row's SHA-256 over its
    // values as text (NULL distinct from any text), as 16 hex digits. Equal text on both sides
    // gives equal sums, whatever order either database returns rows in.
    std::string source_checksum;
    std::string target_checksum;
    [[nodiscard]] bool matches() const {
        return source_rows == target_rows && source_checksum == target_checksum;
    }
};

struct CopyReport {
    int schema_version = 0;
    std::vector<TableCopy> tables;
    std::int64_t source_answers = 0;        // answer_received events: the rows the target's search index must hold
    std::int64_t target_search_rows = 0;    // answer_search rows the target's trigger built
    bool committed = false;                 // false: a mismatch, and the target was left as it was
    std::chrono::milliseconds took{0};
    [[nodiscard]] bool verified() const;
};

// Throws StoreError when the copy cannot start or fails midway (nothing is committed then): the
// source missing or not an SQLite database of this program, a newer schema, the target
// unreachable, or not empty without `replace_target` (the message names the tables that hold rows).
[[nodiscard]] CopyReport copy_sqlite_to_postgres(const CopyOptions& options);

}  // namespace mi::server::postgres
