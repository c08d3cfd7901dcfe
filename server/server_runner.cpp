#include "server/server_runner.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include <malloc.h>

#include <spdlog/spdlog.h>

#include "checkers/task_checkers.hpp"
#include "content/pack_loader.hpp"
#include "server/chat/chat_routes.hpp"
#include "server/chat/chat_service.hpp"
#include "server/chat/outbox_delivery.hpp"
#include "server/coach/coach_service.hpp"
#include "server/profiles/profile_service.hpp"
#include "practical/sql_sandbox.hpp"
#include "dialogue/scoring/wording.hpp"
#include "server/check_limits.hpp"
#include "server/http_server.hpp"
#include "server/interview_service.hpp"
#include "server/postgres/pg_notifications.hpp"
#include "server/store_backend.hpp"
#include "server/store_notifications.hpp"

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
    // Before the I/O and interview threads start, so each of them takes one of these arenas.
    if (config.limits.malloc_arenas > 0) mallopt(M_ARENA_MAX, config.limits.malloc_arenas);

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

    // An SQLite file, or PostgreSQL when --db is a postgresql:// URL (server/store_backend.hpp).
    Stores stores;
    try {
        stores = open_stores(config.database_path, config.limits.db_pool_size);
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    spdlog::info("database: {} at schema version {}", stores.description, stores.interviews->schema_version());

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

    // The nodes on one PostgreSQL database hear each other through LISTEN/NOTIFY; one SQLite file
    // serves one node, whose notices stay in this process (docs/operations.md#several-nodes).
    std::unique_ptr<StoreNotifications> notifications;
    try {
        notifications = open_store_notifications(stores.backend, config.database_path, generate_node_id());
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    spdlog::info("node {}", notifications->node_id());

    Metrics metrics;
    dialogue::ScoringConfig scoring;
    scoring.max_workspaces = config.limits.scoring_workspaces;
    InterviewService service(loaded.library, *stores.interviews, metrics, checkers.checkers.get(), notifications.get(),
                             scoring);
    chat::ChatConfig chat_config = config.chat;
    chat::ChatMetrics chat_metrics;
    const auto transport = chat::make_http_transport(config.limits.outbound_request_timeout);
    chat::OutboxDelivery delivery(*stores.chat, chat_config, config.limits, chat_metrics, *transport);
    std::unique_ptr<profiles::ProfileService> profile_service;
    if (stores.profiles) {
        profile_service =
            std::make_unique<profiles::ProfileService>(service, *stores.profiles, *stores.coach, loaded.library, config.limits);
    }
    std::optional<chat::ChatService> chat_service;
    try {
        chat_service.emplace(service, *stores.chat, chat_config, config.limits,
                             [&delivery](chat::ChatPlatform platform) { delivery.wake(platform); }, profile_service.get());
    } catch (const StoreError& failure) {
        std::cerr << "mock-interviewer serve: " << failure.what() << "\n";
        return 1;
    }
    chat::ChatGateway gateway{*chat_service, service, chat_config, chat_metrics};
    coach::CoachService coach_service(service, *stores.coach, loaded.library, config.limits);
    HttpServer server(config, service, metrics, &gateway, checkers.checkers.get(), &coach_service, profile_service.get());
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
    // No notice reaches the service or the sessions once they start going away.
    notifications->stop();
    delivery.stop();
    return 0;
}

}  // namespace mi::server
