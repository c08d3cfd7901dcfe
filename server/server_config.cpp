#include "server/server_config.hpp"

namespace mi::server {

std::vector<std::string> validate(const ServerConfig& config) {
    std::vector<std::string> problems;
    if (config.host.empty()) problems.emplace_back("--host must not be empty");
    if (config.database_path.empty()) problems.emplace_back("--db must name an SQLite database file or a postgresql:// URL");
    for (auto& problem : limit_problems(config.limits)) problems.push_back(std::move(problem));
    for (const auto& origin : config.limits.allowed_origins) {
        if (origin != "*" && origin.find("://") == std::string::npos) {
            problems.emplace_back("--allowed-origin '" + origin +
                                  "' must be a full origin such as https://interviews.example.com, or *");
        }
    }
    for (auto& problem : chat::chat_config_problems(config.chat)) problems.push_back(std::move(problem));
    return problems;
}

}  // namespace mi::server
