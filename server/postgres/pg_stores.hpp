// The PostgreSQL backends of the server's stores. They share one connection pool; each call
// borrows a connection for one statement or one transaction, so every method is thread-safe and
// several server nodes can use the same database at once (the event log's expected sequence
// number decides races between them, as between two threads).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "server/chat/chat_store.hpp"
#include "server/coach/coach_store.hpp"
#include "server/interview_store.hpp"
#include "server/postgres/pg_connection.hpp"
#include "server/profiles/profile_store.hpp"

namespace mi::server::postgres {

// Connects to `url` with a pool of `pool_size` connections and brings the schema up to date
// (under an advisory lock). Throws StoreError naming the server (without its password) and the problem.
[[nodiscard]] std::shared_ptr<PgPool> open_postgres_database(const std::string& url, std::size_t pool_size);

[[nodiscard]] std::unique_ptr<InterviewStore> open_postgres_interview_store(std::shared_ptr<PgPool> pool);
[[nodiscard]] std::unique_ptr<chat::ChatStore> open_postgres_chat_store(std::shared_ptr<PgPool> pool);
[[nodiscard]] std::unique_ptr<coach::CoachStore> open_postgres_coach_store(std::shared_ptr<PgPool> pool);
[[nodiscard]] std::unique_ptr<profiles::ProfileStore> open_postgres_profile_store(std::shared_ptr<PgPool> pool);

}  // namespace mi::server::postgres
