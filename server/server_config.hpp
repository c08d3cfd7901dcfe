// Everything the server can be told: where to listen, where its data lives, and every limit it
// enforces, as named numbers in one place. The serve command fills it from flags and environment
// variables; tests build it directly. Nothing here does I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/chat/chat_config.hpp"
#include "server/server_limits.hpp"

namespace mi::server {

struct ServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;                  // 0: the operating system picks a free port
    // An SQLite file (created with its folder when missing), or a postgresql://user@host:port/db URL.
    std::string database_path = "./data/mock-interviewer.db";
    std::string content_dir = "./content";
    std::string web_dir = "./web";
    ServerLimits limits;
    chat::ChatConfig chat;                      // the chat integrations (docs/integrations.md)
};

// Every problem with a configuration, one sentence each naming the setting; empty when usable.
[[nodiscard]] std::vector<std::string> validate(const ServerConfig& config);

}  // namespace mi::server
