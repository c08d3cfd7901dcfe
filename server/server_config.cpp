#include "server/server_config.hpp"

namespace mi::server {

std::vector<std::string> validate(const ServerConfig& config) {
    std::vector<std::string> problems;
    const auto& limits = config.limits;
    if (config.host.empty()) problems.emplace_back("--host must not be empty");
    if (config.database_path.empty()) problems.emplace_back("--db must name a database file");
    if (limits.max_message_bytes < 1024) problems.emplace_back("--max-message-bytes must be at least 1024");
    if (limits.max_answer_chars == 0) problems.emplace_back("--max-answer-chars must be at least 1");
    if (limits.max_answer_chars > limits.max_message_bytes) {
        problems.emplace_back("--max-answer-chars must not exceed --max-message-bytes (an answer travels in one message)");
    }
    if (limits.idle_timeout.count() < 1000) problems.emplace_back("--idle-timeout-ms must be at least 1000");
    if (limits.handshake_timeout.count() < 100) problems.emplace_back("--handshake-timeout-ms must be at least 100");
    if (!(limits.max_messages_per_second > 0.0)) problems.emplace_back("--max-messages-per-second must be above 0");
    if (limits.rate_limit_strikes_before_close < 1) {
        problems.emplace_back("--rate-limit-strikes must be at least 1");
    }
    if (limits.max_connections == 0) problems.emplace_back("--max-connections must be at least 1");
    if (limits.max_queued_writes < 16) {
        problems.emplace_back("--max-queued-writes must be at least 16 (one answer produces several frames)");
    }
    if (limits.max_http_body_bytes < 1024) problems.emplace_back("--max-http-body-bytes must be at least 1024");
    if (limits.http_idle_timeout.count() < 100) problems.emplace_back("--http-idle-timeout-ms must be at least 100");
    if (limits.io_threads == 0 || limits.io_threads > 64) problems.emplace_back("--io-threads must be between 1 and 64");
    for (const auto& origin : limits.allowed_origins) {
        if (origin != "*" && origin.find("://") == std::string::npos) {
            problems.emplace_back("--allowed-origin '" + origin +
                                  "' must be a full origin such as https://interviews.example.com, or *");
        }
    }
    return problems;
}

}  // namespace mi::server
