#include "server/postgres/pg_notifications.hpp"

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

namespace mi::server::postgres {

namespace {

// Notices kept while the database does not take them; more than a burst of answers on a busy node.
constexpr std::size_t max_queued_notices = 10'000;
// Notices sent per statement.
constexpr std::size_t notices_per_statement = 500;
// How often the listening thread looks up from its socket to see whether it should stop.
constexpr std::chrono::milliseconds listen_poll{200};
// The pause before reopening a lost listening connection.
constexpr std::chrono::milliseconds reconnect_pause{1000};

}  // namespace

PgNotifications::PgNotifications(std::shared_ptr<PgPool> pool, std::string node_id)
    : pool_(std::move(pool)), node_id_(std::move(node_id)), first_connection_(open_listening_connection()) {}

std::unique_ptr<PgConnection> PgNotifications::open_listening_connection() const {
    auto connection = std::make_unique<PgConnection>(pool_->url());
    connection->execute("LISTEN " + std::string(notification_channel));
    spdlog::info("notifications: node {} listening on channel {} at {}", node_id_, notification_channel, pool_->address());
    return connection;
}

PgNotifications::~PgNotifications() { stop(); }

void PgNotifications::publish(const StoreNotice& notice) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return;
        if (queue_.size() >= max_queued_notices) {
            queue_.pop_front();
            ++dropped_;
        }
        queue_.push_back(to_payload(notice));
    }
    wake_.notify_all();
}

void PgNotifications::listen(Listener listener) {
    listener_ = std::move(listener);
    sender_ = std::thread([this] { send_loop(); });
    receiver_ = std::thread([this] { listen_loop(); });
}

void PgNotifications::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (sender_.joinable()) sender_.join();
    if (receiver_.joinable()) receiver_.join();
}

bool PgNotifications::stopping() const {
    const std::lock_guard lock(mutex_);
    return stopping_;
}

void PgNotifications::send_loop() {
    const std::string statement =
        "SELECT pg_notify('" + std::string(notification_channel) + "', payload) FROM unnest($1::text[]) AS payload";
    for (;;) {
        std::vector<std::string> batch;
        std::size_t dropped = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;      // a node going away has nothing left to announce
            while (!queue_.empty() && batch.size() < notices_per_statement) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
            dropped = std::exchange(dropped_, 0);
        }
        if (dropped > 0) spdlog::warn("notifications: {} notices dropped while the database did not take them", dropped);
        try {
            const std::vector<std::string_view> payloads(batch.begin(), batch.end());
            auto connection = pool_->acquire();
            connection->exec(statement, {text_array_literal(payloads)});
        } catch (const std::exception& failure) {
            // Hints only: the other nodes find the same in the log at their next message.
            spdlog::warn("notifications: {} notices not sent: {}", batch.size(), failure.what());
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, reconnect_pause, [this] { return stopping_; });
        }
    }
}

void PgNotifications::listen_loop() {
    auto connection = std::move(first_connection_);
    while (!stopping()) {
        try {
            if (!connection) connection = open_listening_connection();
            listen_on(*connection);
        } catch (const std::exception& failure) {
            spdlog::warn("notifications: listening at {} failed: {}; reconnecting", pool_->address(), failure.what());
        }
        connection.reset();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, reconnect_pause, [this] { return stopping_; });
    }
}

void PgNotifications::listen_on(PgConnection& connection) {
    while (!stopping()) {
        pollfd waiting{connection.socket(), POLLIN, 0};
        const int ready = ::poll(&waiting, 1, static_cast<int>(listen_poll.count()));
        if (ready < 0 && errno != EINTR) throw StoreError("waiting on the listening connection failed");
        if (ready <= 0) continue;
        for (const auto& arrived : connection.take_notifications()) {
            const auto notice = parse_notice(arrived.payload);
            if (!notice) {
                spdlog::debug("notifications: ignored a payload that is not a notice: '{}'", arrived.payload);
                continue;
            }
            if (listener_) listener_(*notice);
        }
        if (!connection.usable()) throw StoreError("the listening connection was lost");
    }
}

}  // namespace mi::server::postgres

namespace mi::server {

std::unique_ptr<StoreNotifications> open_store_notifications(StoreBackend backend, const std::string& location,
                                                             std::string node_id) {
    if (backend == StoreBackend::sqlite) return std::make_unique<LocalNotifications>(std::move(node_id));
    // One connection sends (notices are batched), one more listens: two per node beside the stores' pool.
    return std::make_unique<postgres::PgNotifications>(std::make_shared<postgres::PgPool>(location, 1), std::move(node_id));
}

}  // namespace mi::server
