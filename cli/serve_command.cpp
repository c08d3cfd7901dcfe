// `mock-interviewer serve`: the interview server. Every setting is a flag and most have an
// environment variable (flags win); --help lists them with their defaults.
#include <memory>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "server/server_config.hpp"
#include "server/server_runner.hpp"

namespace mi::cli {

namespace {

// Durations are given in milliseconds on the command line.
struct ServeOptions {
    server::ServerConfig config;
    std::int64_t idle_timeout_ms = config.limits.idle_timeout.count();
    std::int64_t handshake_timeout_ms = config.limits.handshake_timeout.count();
    std::int64_t http_idle_timeout_ms = config.limits.http_idle_timeout.count();
    std::int64_t shutdown_timeout_ms = config.limits.shutdown_timeout.count();
    std::string log_level = "info";
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
    serve->add_option("--db", config.database_path, "SQLite database file (created with its folder if missing)")
        ->envname("MI_DB")->capture_default_str();
    serve->add_option("--content", config.content_dir, "Content directory holding roles/*.json")
        ->envname("MI_CONTENT_DIR")->capture_default_str();
    serve->add_option("--web", config.web_dir, "Folder of the web client's static files")
        ->envname("MI_WEB_DIR")->capture_default_str();
    serve->add_option("--log-level", options->log_level, "trace, debug, info, warn, error")
        ->envname("MI_LOG_LEVEL")->capture_default_str()
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

    const std::string limits_group = "Limits";
    serve->add_option("--max-message-bytes", limits.max_message_bytes,
                      "Largest WebSocket message; larger closes the connection with 1009")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--max-answer-chars", limits.max_answer_chars, "Longest answer, in characters")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--idle-timeout-ms", options->idle_timeout_ms,
                      "Close a WebSocket silent for this long (pinged at half of it)")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--handshake-timeout-ms", options->handshake_timeout_ms,
                      "Time allowed for WebSocket opening and closing handshakes")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--max-messages-per-second", limits.max_messages_per_second,
                      "Per-connection message rate; faster messages get rate_limited")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--rate-limit-strikes", limits.rate_limit_strikes_before_close,
                      "Rate-limited messages in a row that close the connection with 1008")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--allowed-origin", limits.allowed_origins,
                      "Origin allowed to open the WebSocket (repeatable; * for any). "
                      "None: same-origin pages and clients without Origin")
        ->envname("MI_ALLOWED_ORIGINS")->delimiter(',')->group(limits_group);
    serve->add_option("--max-connections", limits.max_connections, "Open connections at once; more get 503")
        ->envname("MI_MAX_CONNECTIONS")->group(limits_group)->capture_default_str();
    serve->add_option("--max-queued-writes", limits.max_queued_writes,
                      "Unsent frames per WebSocket before a non-reading client is closed")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--max-http-body-bytes", limits.max_http_body_bytes, "Largest HTTP request body; larger gets 413")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--http-idle-timeout-ms", options->http_idle_timeout_ms,
                      "Close an HTTP connection idle between requests for this long")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--shutdown-timeout-ms", options->shutdown_timeout_ms,
                      "On SIGINT/SIGTERM, how long clients get to take their close frames")
        ->group(limits_group)->capture_default_str();
    serve->add_option("--io-threads", limits.io_threads, "Threads for network I/O")
        ->group(limits_group)->capture_default_str();

    serve->callback([options, &exit_code] {
        // stdout carries only the "listening on" line; logs go to stderr.
        auto logger = spdlog::stderr_color_mt("mock-interviewer");
        logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
        spdlog::set_default_logger(logger);
        spdlog::set_level(spdlog::level::from_str(options->log_level));

        auto config = options->config;
        config.limits.idle_timeout = std::chrono::milliseconds(options->idle_timeout_ms);
        config.limits.handshake_timeout = std::chrono::milliseconds(options->handshake_timeout_ms);
        config.limits.http_idle_timeout = std::chrono::milliseconds(options->http_idle_timeout_ms);
        config.limits.shutdown_timeout = std::chrono::milliseconds(options->shutdown_timeout_ms);
        exit_code = server::run_server(config);
    });
}

}  // namespace mi::cli
