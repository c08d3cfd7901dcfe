#include "server/store_backend.hpp"

#include "server/postgres/pg_stores.hpp"
#include "server/sqlite_store.hpp"

namespace mi::server {

StoreBackend backend_of(const std::string& location) {
    return postgres::is_postgres_url(location) ? StoreBackend::postgresql : StoreBackend::sqlite;
}

Stores open_stores(const std::string& location, std::size_t pool_size) {
    Stores stores;
    stores.backend = backend_of(location);
    if (stores.backend == StoreBackend::postgresql) {
        auto pool = postgres::open_postgres_database(location, pool_size);
        stores.description = "PostgreSQL at " + pool->address();
        stores.interviews = postgres::open_postgres_interview_store(pool);
        stores.chat = postgres::open_postgres_chat_store(pool);
        stores.coach = postgres::open_postgres_coach_store(pool);
        stores.profiles = postgres::open_postgres_profile_store(pool);
        return stores;
    }
    stores.description = "SQLite file " + location;
    stores.interviews = open_sqlite_store(location);        // runs the migrations the other two need
    stores.chat = chat::open_sqlite_chat_store(location);
    stores.coach = coach::open_sqlite_coach_store(location);
    stores.profiles = profiles::open_sqlite_profile_store(location);
    return stores;
}

}  // namespace mi::server
