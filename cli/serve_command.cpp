// `mock-interviewer serve`: the interview server. Every setting is a flag with an environment
// variable (flags win); --help lists them with their defaults.
#include <array>
#include <cstdint>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "server/server_config.hpp"
#include "server/server_runner.hpp"

namespace mi::cli {

namespace {

struct ServeOptions {
    server::ServerConfig config;
    // One slot per row of server::limit_specs, filled by CLI11 and copied into config.limits.
    std::array<std::int64_t, server::limit_specs.size()> whole_limits{};
    std::array<double, server::limit_specs.size()> fractional_limits{};
    std::string log_level = "info";
    std::string config_file;        // chat settings (secrets) in a file only its owner may read
};

}  // namespace

void register_serve_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ServeOptions>();
    auto& config = options->config;
    auto& limits = config.limits;
    auto* serve = app.add_subcommand("serve", "Run the interview server: web pages, REST API and WebSocket on one port");

    serve->add_option("--host", config.host, "Address to listen on (0.0.0.0: every interface)")
        ->envname("MI_HOST")->capture_default_str();
    serve->add_option("--port", config.port, "Port to listen on; 0 picks a free one")
        ->envname("MI_PORT")->capture_default_str();
    serve->add_option("--db", config.database_path,
                      "SQLite database file (created with its folder if missing), or postgresql://user@host:port/db")
        ->envname("MI_DB")->capture_default_str();
    serve->add_option("--content", config.content_dir, "Content directory holding roles/*.json")
        ->envname("MI_CONTENT_DIR")->capture_default_str();
    serve->add_option("--web", config.web_dir, "Folder of the web client's static files")
        ->envname("MI_WEB_DIR")->capture_default_str();
    serve->add_option("--log-level", options->log_level, "trace, debug, info, warn, error")
        ->envname("MI_LOG_LEVEL")->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

    const std::string limits_group = "Limits";
    // Every numeric limit comes from the one table (server/server_limits.hpp).
    for (std::size_t row = 0; row < server::limit_specs.size(); ++row) {
        const auto& spec = server::limit_specs[row];
        const std::string flag(spec.flag);
        const std::string help(spec.help);
        CLI::Option* option = nullptr;
        if (spec.whole_number) {
            options->whole_limits[row] = static_cast<std::int64_t>(spec.default_value);
            option = serve->add_option(flag, options->whole_limits[row], help);
        } else {
            options->fractional_limits[row] = spec.default_value;
            option = serve->add_option(flag, options->fractional_limits[row], help);
        }
        option->envname(std::string(spec.env))->group(limits_group)->capture_default_str();
    }
    serve->add_option("--allowed-origin", limits.allowed_origins,
                      "Origin allowed to open the WebSocket (repeatable; * for any). "
                      "None: same-origin pages and clients without Origin")
        ->envname("MI_ALLOWED_ORIGINS")->delimiter(',')->group(limits_group);

    // The chat integrations: one table (server/chat/chat_config.hpp) gives flags, variables and
    // config-file keys. No default is shown: some are secrets, and --help must never print one.
    const std::string chat_group = "Chat integrations";
    for (const auto& spec : server::chat::chat_setting_specs) {
        serve->add_option(std::string(spec.flag), config.chat.*(spec.field), std::string(spec.help))
            ->envname(std::string(spec.env))->group(chat_group);
    }
    serve->add_option("--config", options->config_file,
                      "JSON file of chat settings (keys as in docs/integrations.md); only its owner may read it")
        ->envname("MI_CONFIG_FILE")->group(chat_group);
    serve->add_option("--outbox-jitter-seed", config.chat.jitter_seed,
                      "Seed of the retry delays' random half (0: random; tests fix it)")
        ->envname("MI_OUTBOX_JITTER_SEED")->group(chat_group);

    serve->callback([options, &exit_code] {
        // stdout carries only the "listening on" line; logs go to stderr.
        auto logger = spdlog::stderr_color_mt("mock-interviewer");
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
        spdlog::set_default_logger(logger);
        spdlog::set_level(spdlog::level::from_str(options->log_level));

        auto config = options->config;
        for (std::size_t row = 0; row < server::limit_specs.size(); ++row) {
            const auto& spec = server::limit_specs[row];
            server::set_limit_value(config.limits, spec.id,
                                    spec.whole_number ? static_cast<double>(options->whole_limits[row])
                                                      : options->fractional_limits[row]);
        }
        if (!options->config_file.empty()) {
            const auto problems = server::chat::apply_config_file(options->config_file, config.chat);
            for (const auto& problem : problems) std::cerr << "mock-interviewer serve: " << problem << "\n";
            if (!problems.empty()) {
                exit_code = 2;
                return;
            }
        }
        server::chat::apply_defaults(config.chat);
        exit_code = server::run_server(config);
    });
}

}  // namespace mi::cli
