// The SQLite backend of InterviewStore (see sqlite_store.cpp for the durability settings).
#pragma once

#include <filesystem>
#include <memory>

#include "server/interview_store.hpp"

namespace mi::server {

// Opens (creating it and its folder when missing) the database at `path` and brings its schema
// up to date. Throws StoreError naming the file and the problem.
[[nodiscard]] std::unique_ptr<InterviewStore> open_sqlite_store(const std::filesystem::path& path);

// The schema version this build migrates to.
[[nodiscard]] int latest_schema_version();

}  // namespace mi::server
