#include "server/server_runner.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include <spdlog/spdlog.h>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "server/chat/chat_routes.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/chat_store.hpp"
#include "server/chat/outbox_delivery.hpp"
#include "server/coach/coach_service.hpp"
#include "server/coach/coach_store.hpp"
#include "server/profiles/profile_service.hpp"
#include "server/profiles/profile_store.hpp"
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

    std::unique_ptr<chat::ChatStore> chat_store;
    try {
        chat_store = chat::open_sqlite_chat_store(config.database_path);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }

    std::unique_ptr<coach::CoachStore> coach_store;
    try {
        coach_store = coach::open_sqlite_coach_store(config.database_path);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }

    std::unique_ptr<profiles::ProfileStore> profile_store;
    try {
        profile_store = profiles::open_sqlite_profile_store(config.database_path);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }

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
    chat::ChatConfig chat_config = config.chat;
    chat::ChatMetrics chat_metrics;
    const auto transport = chat::make_http_transport(config.limits.outbound_request_timeout);
    chat::OutboxDelivery delivery(*chat_store, chat_config, config.limits, chat_metrics, *transport);
    profiles::ProfileService profile_service(service, *profile_store, *coach_store, loaded.library, config.limits);
    std::optional<chat::ChatService> chat_service;
    try {
        chat_service.emplace(service, *chat_store, chat_config, config.limits,
                             [&delivery](chat::ChatPlatform platform) { delivery.wake(platform); }, &profile_service);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    chat::ChatGateway gateway{*chat_service, service, chat_config, chat_metrics};
    coach::CoachService coach_service(service, *coach_store, loaded.library, config.limits);
    HttpServer server(config, service, metrics, &gateway, checkers.checkers.get(), &coach_service, &profile_service);
    std::uint16_t port = 0;
    try {
        port = server.start();
    } catch (const std::exception& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    if (chat_config.public_url.empty()) chat_config.public_url = "http://" + url_host(config.host) + ":" + std::to_string(port);
    for (const auto platform : chat::all_chat_platforms) {
        spdlog::info("chat: {} webhook {}{}", chat::to_string(platform), chat_config.enabled(platform) ? "on" : "off",
                     chat_config.enabled(platform) ? (chat_config.delivers(platform) ? ", replies delivered" : ", replies in the response only") : "");
    }
    // Events stored before a crash but never replied to are replied to now, before anything new.
    try {
        if (const auto queued = chat_service->catch_up(WallClock::now()); queued > 0) {
            spdlog::info("chat: {} replies queued for events stored before the restart", queued);
        }
    } catch (const std::exception& failure) {
        spdlog::error("chat: catching up on unreplied events failed: {}", failure.what());
    }
    delivery.start();
    std::cout << "listening on http://" << url_host(config.host) << ":" << port << "/" << std::endl;
    spdlog::info("listening on {}:{} (web {}, {} I/O threads)", config.host, port, config.web_dir,
                 config.limits.io_threads);
    server.run();
    delivery.stop();
    return 0;
}

}  // namespace mi::server
