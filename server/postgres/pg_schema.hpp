// The PostgreSQL schema: the same tables as the SQLite store's, under the same migration numbers
// (a database copied from SQLite at version N lands at version N), with PostgreSQL's own types
// where SQLite's differ: identity columns for the ids SQLite numbers by rowid, and full-text
// search (a tsvector with a GIN index) where SQLite uses FTS5.
#pragma once

#include "server/postgres/pg_connection.hpp"

namespace mi::server::postgres {

// Brings the database up to the latest version. Runs under a PostgreSQL advisory lock, so two
// nodes starting at once migrate once: the second waits, then finds nothing left to do. Each
// migration commits with its row in schema_migrations. Throws StoreError when the database is
// newer than this build.
void migrate(PgConnection& connection);

[[nodiscard]] int current_schema_version(PgConnection& connection);
[[nodiscard]] int latest_postgres_schema_version();

// Every table, in an order where each comes after the tables it references (copying, counting).
[[nodiscard]] const std::vector<std::string_view>& schema_tables();

}  // namespace mi::server::postgres
