// `mock-interviewer outbox list | retry`: the chat replies that could not be delivered (dead
// letters), read from the server's database, and putting them back in the queue. Safe while the
// server runs: it picks a requeued message up within a second (docs/integrations.md).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "server/chat/chat_store.hpp"
#include "server/store_backend.hpp"

namespace mi::cli {
namespace {

namespace chat = mi::server::chat;

struct OutboxOptions {
    std::string database_path = "./data/mock-interviewer.db";
    std::string state = "dead";
    std::size_t limit = 50;
    bool json = false;
    std::vector<std::int64_t> ids;
    bool all = false;
};

// The chat store of an existing database, or nothing (with the reason on stderr).
std::unique_ptr<chat::ChatStore> open_outbox(const std::string& path) {
    if (server::backend_of(path) == server::StoreBackend::sqlite && !std::filesystem::exists(path)) {
        std::cerr << "error: no database at " << path << " (set --db or MI_DB)\n";
        return nullptr;
    }
    try {
        return server::open_stores(path, 1).chat;     // brings the schema up to date
    } catch (const server::StoreError& failure) {
        std::cerr << "error: " << failure.what() << '\n';
        return nullptr;
    }
}

nlohmann::json entry_json(const chat::OutboxEntry& entry) {
    return {{"id", entry.id},
            {"platform", chat::to_string(entry.platform)},
            {"conversation", entry.conversation_id},
            {"method", entry.method},
            {"state", chat::to_string(entry.state)},
            {"attempts", entry.attempts},
            {"last_error", entry.last_error},
            {"created_at_ms", entry.created_at_ms},
            {"next_attempt_at_ms", entry.next_attempt_at_ms},
            {"dedupe_key", entry.dedupe_key}};
}

int run_list(const OutboxOptions& options) {
    std::optional<chat::OutboxState> state;
    if (options.state != "all") state = chat::parse_outbox_state(options.state);
    auto store = open_outbox(options.database_path);
    if (!store) return 1;
    const auto entries = store->list_outbox(state, options.limit);
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& entry : entries) list.push_back(entry_json(entry));
        std::cout << list.dump(2) << '\n';
        return 0;
    }
    const auto counts = store->count_outbox(std::nullopt);
    std::cout << "outbox: " << counts.queued << " queued, " << counts.sent << " sent, " << counts.dead << " dead\n";
    if (entries.empty()) {
        std::cout << "no " << (state ? std::string(chat::to_string(*state)) + " " : std::string()) << "messages\n";
        return 0;
    }
    for (const auto& entry : entries) {
        std::cout << entry.id << "  " << chat::to_string(entry.state) << "  " << chat::to_string(entry.platform) << " "
                  << entry.method << "  " << entry.conversation_id << "  tries " << entry.attempts;
        if (!entry.last_error.empty()) std::cout << "  last error: " << entry.last_error;
        std::cout << '\n';
    }
    if (!state || *state == chat::OutboxState::dead) {
        std::cout << "retry with: mock-interviewer outbox retry ID... (or --all)\n";
    }
    return 0;
}

int run_retry(const OutboxOptions& options) {
    if (options.ids.empty() && !options.all) {
        std::cerr << "error: name the dead letters to retry (IDs from `outbox list`), or --all\n";
        return 2;
    }
    auto store = open_outbox(options.database_path);
    if (!store) return 1;
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    std::size_t requeued = 0;
    int exit_code = 0;
    if (options.all) {
        requeued = store->requeue_dead(std::nullopt, now_ms);
    } else {
        for (const auto id : options.ids) {
            if (store->requeue_dead(id, now_ms) == 1) {
                ++requeued;
            } else {
                std::cerr << "error: message " << id << " is not a dead letter (see `outbox list --state all`)\n";
                exit_code = 1;
            }
        }
    }
    std::cout << requeued << (requeued == 1 ? " message" : " messages") << " back in the queue\n";
    return exit_code;
}

}  // namespace

void register_outbox_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<OutboxOptions>();
    auto* outbox = app.add_subcommand("outbox", "The chat replies waiting to be delivered, and those given up on");
    outbox->require_subcommand(1);
    auto* list = outbox->add_subcommand("list", "List outbox messages (by default the dead letters), newest first");
    auto* retry = outbox->add_subcommand("retry", "Put dead letters back in the queue with a fresh count of tries");
    for (auto* command : {list, retry}) {
        command->add_option("--db", options->database_path, "SQLite database file or postgresql:// URL of the server")
            ->envname("MI_DB")->capture_default_str();
    }
    list->add_option("--state", options->state, "dead, queued, sent or all")
        ->check(CLI::IsMember({"dead", "queued", "sent", "all"}))->capture_default_str();
    list->add_option("--limit", options->limit, "At most this many")->capture_default_str();
    list->add_flag("--json", options->json, "One JSON array");
    retry->add_option("ids", options->ids, "Ids of dead letters (from outbox list)");
    retry->add_flag("--all", options->all, "Every dead letter");
    list->callback([options, &exit_code] { exit_code = run_list(*options); });
    retry->callback([options, &exit_code] { exit_code = run_retry(*options); });
}

}  // namespace mi::cli
