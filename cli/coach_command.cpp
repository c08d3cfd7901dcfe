// `mock-interviewer coach add | list | revoke`: coach accounts in the server's database
// (docs/coaching.md, "Accounts and tokens"). `add` prints the new token once; only its SHA-256 is
// stored, so a lost token is replaced by revoking the coach and adding them again.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "server/coach/coach_store.hpp"
#include "server/secret_token.hpp"
#include "server/store_backend.hpp"

namespace mi::cli {
namespace {

namespace coach = mi::server::coach;

struct CoachOptions {
    std::string database_path = "./data/mock-interviewer.db";
    std::string name;
    bool admin = false;
};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string format_time(std::optional<std::int64_t> ms) {
    if (!ms) return "never";
    const std::time_t seconds = static_cast<std::time_t>(*ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc);
    return text;
}

// The coach store of the database (created and migrated when `create` is set), or nothing.
std::unique_ptr<coach::CoachStore> open_coaches(const std::string& path, bool create) {
    if (!create && server::backend_of(path) == server::StoreBackend::sqlite && !std::filesystem::exists(path)) {
        std::cerr << "error: no database at " << path << " (set --db or MI_DB)\n";
        return nullptr;
    }
    try {
        return server::open_stores(path, 1).coach;     // creates it or brings the schema up to date
    } catch (const server::StoreError& failure) {
        std::cerr << "error: " << failure.what() << '\n';
        return nullptr;
    }
}

// A code a candidate types: 8 characters without look-alikes (no 0/O, 1/I/L, U).
std::string new_share_code() {
    static constexpr std::string_view alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
    const auto random = server::generate_token();
    std::string code;
    for (std::size_t i = 0; i < 8; ++i) code.push_back(alphabet[static_cast<unsigned char>(random[i]) % alphabet.size()]);
    return code;
}

int run_add(const CoachOptions& options) {
    if (options.name.empty() || options.name.size() > 100) {
        std::cerr << "error: a coach's name is 1 to 100 characters\n";
        return 2;
    }
    auto store = open_coaches(options.database_path, true);
    if (!store) return 1;
    const std::string token = "mic_" + server::generate_token();
    try {
        std::optional<coach::CoachRecord> added;
        for (int attempt = 0; attempt < 5 && !added; ++attempt) {
            try {
                added = store->add_coach(options.name, options.admin ? coach::CoachRole::admin : coach::CoachRole::coach,
                                         server::sha256_hex(token), new_share_code(), now_ms());
                if (!added) {
                    std::cerr << "error: there is a coach named '" << options.name << "' already (see `coach list`)\n";
                    return 1;
                }
            } catch (const server::StoreError&) {
                if (attempt == 4) throw;   // a share code taken already: draw another
            }
        }
        std::cout << "coach '" << added->name << "' added (" << coach::to_string(added->role) << "), share code "
                  << added->share_code << "\n";
        std::cout << "token (shown once, keep it safe): " << token << "\n";
        return 0;
    } catch (const server::StoreError& failure) {
        std::cerr << "error: " << failure.what() << '\n';
        return 1;
    }
}

int run_list(const CoachOptions& options) {
    auto store = open_coaches(options.database_path, false);
    if (!store) return 1;
    const auto coaches = store->list_coaches();
    if (coaches.empty()) {
        std::cout << "no coaches; add one with: mock-interviewer coach add NAME\n";
        return 0;
    }
    for (const auto& entry : coaches) {
        std::cout << entry.name << "  " << coach::to_string(entry.role) << "  share code " << entry.share_code
                  << "  created " << format_time(entry.created_at_ms) << "  last used " << format_time(entry.last_used_at_ms);
        if (entry.revoked_at_ms) std::cout << "  REVOKED " << format_time(entry.revoked_at_ms);
        std::cout << '\n';
    }
    return 0;
}

int run_revoke(const CoachOptions& options) {
    auto store = open_coaches(options.database_path, false);
    if (!store) return 1;
    if (!store->revoke_coach(options.name, now_ms())) {
        std::cerr << "error: no active coach named '" << options.name << "' (see `coach list`)\n";
        return 1;
    }
    std::cout << "coach '" << options.name << "' revoked: their token opens nothing from now on\n";
    return 0;
}

}  // namespace

void register_coach_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<CoachOptions>();
    auto* group = app.add_subcommand("coach", "Coach accounts: add one (prints its token once), list, revoke");
    group->require_subcommand(1);
    auto* add = group->add_subcommand("add", "Add a coach and print their token (only its hash is stored)");
    auto* list = group->add_subcommand("list", "Coaches: name, role, share code, created, last used (never the token)");
    auto* revoke = group->add_subcommand("revoke", "Revoke a coach's token");
    for (auto* command : {add, list, revoke}) {
        command->add_option("--db", options->database_path, "SQLite database file or postgresql:// URL of the server")
            ->envname("MI_DB")->capture_default_str();
    }
    add->add_option("name", options->name, "The coach's name (unique)")->required();
    add->add_flag("--admin", options->admin, "An admin sees every interview");
    revoke->add_option("name", options->name, "The coach's name")->required();
    add->callback([options, &exit_code] { exit_code = run_add(*options); });
    list->callback([options, &exit_code] { exit_code = run_list(*options); });
    revoke->callback([options, &exit_code] { exit_code = run_revoke(*options); });
}

}  // namespace mi::cli
