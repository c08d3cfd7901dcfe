// What the service tests share: the project's content, loaded once, and a store that hands every
// call to the real SQLite store, so a test overrides only the calls it wants to fail or delay.
#pragma once

#include <filesystem>
#include <memory>

#include "content/pack_loader.hpp"
#include "server/interview_store.hpp"
#include "server/sqlite_store.hpp"

namespace mi::testing {

inline const mi::content::ContentLibrary& project_content() {
    static const auto loaded = mi::content::load_content_library(std::filesystem::path(MI_SOURCE_DIR) / "content");
    return loaded.library;
}

class ForwardingStore : public mi::server::InterviewStore {
public:
    explicit ForwardingStore(const std::filesystem::path& path) : real_(mi::server::open_sqlite_store(path)) {}

    void create_interview(const mi::server::NewInterview& interview,
                          const std::vector<mi::server::NewEvent>& events) override {
        real_->create_interview(interview, events);
    }
    std::int64_t append_events(std::string_view id, std::int64_t expected, const std::vector<mi::server::NewEvent>& events,
                               mi::server::InterviewStatus status, std::int64_t now, std::string_view client_id) override {
        return real_->append_events(id, expected, events, status, now, client_id);
    }
    std::optional<mi::server::ClientMessageRecord> find_client_message(std::string_view id,
                                                                       std::string_view client_id) override {
        return real_->find_client_message(id, client_id);
    }
    std::optional<mi::server::InterviewRecord> find_interview(std::string_view id) override {
        return real_->find_interview(id);
    }
    std::vector<mi::server::EventRecord> load_events(std::string_view id, std::int64_t after) override {
        return real_->load_events(id, after);
    }
    std::vector<mi::server::InterviewRecord> list_interviews(std::size_t limit, std::size_t offset) override {
        return real_->list_interviews(limit, offset);
    }
    void check_reachable() override { real_->check_reachable(); }
    int schema_version() override { return real_->schema_version(); }

private:
    std::unique_ptr<mi::server::InterviewStore> real_;
};

}  // namespace mi::testing
