// Which backend holds the server's data, chosen by the --db value: a postgresql:// (or
// postgres://) URL selects PostgreSQL, anything else is the path of an SQLite file. Every store
// the server has comes from here, open and migrated, so the runner and the CLI commands never
// name a backend. A new store (profiles, say) is one more member and one line per backend.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "server/chat/chat_store.hpp"
#include "server/coach/coach_store.hpp"
#include "server/interview_store.hpp"

namespace mi::server {

enum class StoreBackend { sqlite, postgresql };

[[nodiscard]] StoreBackend backend_of(const std::string& location);

struct Stores {
    StoreBackend backend = StoreBackend::sqlite;
    std::string description;        // "SQLite file ./data/x.db" or "PostgreSQL at postgresql://mi@db:5432/mi" (no password)
    std::unique_ptr<InterviewStore> interviews;
    std::unique_ptr<chat::ChatStore> chat;
    std::unique_ptr<coach::CoachStore> coach;
};

// Opens (an SQLite file is created with its folder when missing) and migrates. `pool_size` is the
// PostgreSQL connection pool (the db_pool_size limit); SQLite ignores it. Throws StoreError.
[[nodiscard]] Stores open_stores(const std::string& location, std::size_t pool_size);

}  // namespace mi::server
