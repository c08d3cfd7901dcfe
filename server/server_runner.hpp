// Everything `mock-interviewer serve` does: load the content, open the database, serve until
// SIGINT/SIGTERM, shut down gracefully.
#pragma once

#include "server/server_config.hpp"

namespace mi::server {

// Prints exactly one line to stdout once listening, "listening on http://HOST:PORT/" (tests and
// scripts read it); everything else is logged to stderr. Returns the process exit code:
// 0 after a graceful shutdown, 1 when the database or the port cannot be opened, 2 for an
// unusable configuration.
int run_server(const ServerConfig& config);

}  // namespace mi::server
