// StoreNotifications over PostgreSQL LISTEN/NOTIFY (channel `mi_interviews`), so the nodes on one
// database hear each other's appends and takeovers (server/store_notifications.hpp).
//
// - publish() only queues: a sender thread sends what is queued in one statement on a pooled
//   connection (pg_notify over an array), so an answer's commit never waits for a notice.
// - A listener thread holds a dedicated connection (never the pool's: LISTEN belongs to the
//   session), waits on its socket, and calls the listener for each notice. A lost connection is
//   reopened after a pause; notices sent meanwhile are missed, which costs only time (the log
//   decides, the next message catches up).
// - The queue is capped: past it the oldest notices are dropped (counted in the log), never memory.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/postgres/pg_connection.hpp"
#include "server/store_backend.hpp"
#include "server/store_notifications.hpp"

namespace mi::server {

// The notifications of the nodes on `location` (--db): LISTEN/NOTIFY on PostgreSQL (listening
// before this returns, so a node serves only once it hears the others); in-process for an SQLite
// file. Throws StoreError when PostgreSQL cannot be reached.
[[nodiscard]] std::unique_ptr<StoreNotifications> open_store_notifications(StoreBackend backend,
                                                                           const std::string& location,
                                                                           std::string node_id);

}  // namespace mi::server

namespace mi::server::postgres {

inline constexpr std::string_view notification_channel = "mi_interviews";

class PgNotifications final : public StoreNotifications {
public:
    // `pool` sends; a connection of its own to `pool->url()` listens, opened (and LISTEN run) here:
    // throws StoreError when it cannot be. Threads start in listen().
    PgNotifications(std::shared_ptr<PgPool> pool, std::string node_id);
    ~PgNotifications() override;
    PgNotifications(const PgNotifications&) = delete;
    PgNotifications& operator=(const PgNotifications&) = delete;

    [[nodiscard]] const std::string& node_id() const override { return node_id_; }
    void publish(const StoreNotice& notice) override;
    void listen(Listener listener) override;
    void stop() override;

private:
    void send_loop();
    void listen_loop();
    // Waits on `connection` and hands each notice to the listener until stopped or the connection fails.
    void listen_on(PgConnection& connection);
    std::unique_ptr<PgConnection> open_listening_connection() const;
    bool stopping() const;

    std::shared_ptr<PgPool> pool_;
    std::string node_id_;
    Listener listener_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::string> queue_;     // payloads waiting to be sent
    std::size_t dropped_ = 0;
    bool stopping_ = false;
    std::unique_ptr<PgConnection> first_connection_;    // opened by the constructor, used by the first listen
    std::thread sender_;
    std::thread receiver_;
};

}  // namespace mi::server::postgres
