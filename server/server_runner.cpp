#include "server/server_runner.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "practical/sql_sandbox.hpp"
#include "dialogue/scoring/wording.hpp"
#include "server/check_limits.hpp"
#include "server/http_server.hpp"
#include "server/interview_service.hpp"
#include "server/sqlite_store.hpp"

namespace mi::server {

namespace {

std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

int run_server(const ServerConfig& config) {
    if (const auto problems = validate(config); !problems.empty()) {
        for (const auto& problem : problems) std::cerr << "mock-interviewer serve: " << problem << "\n";
        return 2;
    }

    auto loaded = content::load_content_library(config.content_dir);
    for (const auto& problem : loaded.problems) {
        spdlog::error("content problem: {}{}{}: {}", problem.file, problem.pointer.empty() ? "" : " at ",
                      problem.pointer, problem.message);
    }
    if (loaded.library.roles.empty()) {
        spdlog::error("no role pack loaded from {}: the server runs but /readyz reports not ready", config.content_dir);
    } else {
        spdlog::info("content: {} loaded from {}", dialogue::count_of(loaded.library.roles.size(), "role pack"), config.content_dir);
    }

    std::unique_ptr<InterviewStore> store;
    try {
        store = open_sqlite_store(config.database_path);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    spdlog::info("database {} at schema version {}", config.database_path, store->schema_version());

    // SQLite's heap ceiling is process-wide (the checks and the store share it), so it is set once, here.
    practical::install_process_heap_limit(config.limits.sql_heap_limit_bytes);
    const auto started_checkers = std::chrono::steady_clock::now();
    auto checkers = checkers::TaskCheckers::load(loaded.library, config.content_dir, checker_limits(config.limits));
    for (const auto& problem : checkers.problems) {
        spdlog::error("content problem: {}{}{}: {}", problem.file, problem.pointer.empty() ? "" : " at ", problem.pointer,
                      problem.message);
    }
    std::string checker_names;
    for (const auto& [checker, task] : checkers.checkers->checkers()) checker_names += (checker_names.empty() ? "" : ", ") + task;
    spdlog::info("practical tasks that run: {} (set up in {} ms, {} at once)", checker_names.empty() ? "none" : checker_names,
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_checkers).count(),
                 config.limits.max_concurrent_checks);

    Metrics metrics;
    InterviewService service(loaded.library, *store, metrics, checkers.checkers.get());
    HttpServer server(config, service, metrics, checkers.checkers.get());
    std::uint16_t port = 0;
    try {
        port = server.start();
    } catch (const std::exception& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    std::cout << "listening on http://" << url_host(config.host) << ":" << port << "/" << std::endl;
    spdlog::info("listening on {}:{} (web {}, {} I/O threads)", config.host, port, config.web_dir,
                 config.limits.io_threads);
    server.run();
    return 0;
}

}  // namespace mi::server
