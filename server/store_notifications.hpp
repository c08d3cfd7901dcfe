// What one node tells the others through the shared store: "interview X appended up to seq N"
// and "interview X was taken over by node K". Several identical nodes serve the same interviews
// (docs/operations.md#several-nodes); the event log with its sequence numbers decides every race,
// so a notice is only ever a hint that arrives early: a node that misses one still finds the
// newer log at the candidate's next message (InterviewService checks the last seq each time).
//
// Contracts:
// - publish() never throws and never blocks on the network for long: a notice that cannot be
//   sent is logged and dropped (the log stays the truth).
// - The listener is called on a thread of the implementation's, one notice at a time, for notices
//   of every node including this one (the listener skips its own by node id).
// No Asio or Beast here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mi::server {

struct StoreNotice {
    enum class Kind { appended, taken_over };
    Kind kind = Kind::appended;
    std::string node_id;                // the node that appended or took the interview over
    std::string interview_id;
    std::int64_t last_seq = 0;          // appended: the interview's last seq after the append
};

// The notice as one line of text (the PostgreSQL payload): "appended <node> <interview> <seq>" or
// "taken_over <node> <interview>". Ids never hold spaces (they are generated hex).
[[nodiscard]] std::string to_payload(const StoreNotice& notice);
// nullopt for a payload that is not one (another program on the channel, a newer node's kind).
[[nodiscard]] std::optional<StoreNotice> parse_notice(std::string_view payload);

// A node id for this process: random, so two nodes started from one configuration differ.
[[nodiscard]] std::string generate_node_id();

class StoreNotifications {
public:
    using Listener = std::function<void(const StoreNotice&)>;
    virtual ~StoreNotifications() = default;

    // This node's id, carried by every notice it publishes.
    [[nodiscard]] virtual const std::string& node_id() const = 0;
    virtual void publish(const StoreNotice& notice) = 0;
    // Set at start-up, before the first publish. Whatever `listener` calls must live until stop().
    virtual void listen(Listener listener) = 0;
    // No listener call runs or starts once this returns (called before the listeners go away).
    virtual void stop() = 0;
};

// The single-node (SQLite) implementation: notices go to the listeners of this process, on the
// publishing thread. Nodes sharing one LocalNotificationBus (the service tests' two nodes in one
// process) hear each other; a second process on the same SQLite file hears nothing and relies on
// the sequence check alone.
class LocalNotificationBus {
public:
    // Listeners are added at start-up, before the first delivery (delivery then reads without a lock).
    void add(StoreNotifications::Listener listener);
    void deliver(const StoreNotice& notice) const;

private:
    std::vector<StoreNotifications::Listener> listeners_;
};

class LocalNotifications final : public StoreNotifications {
public:
    // `bus` must outlive this; null: a bus of its own (one node).
    explicit LocalNotifications(std::string node_id, LocalNotificationBus* bus = nullptr);
    [[nodiscard]] const std::string& node_id() const override { return node_id_; }
    void publish(const StoreNotice& notice) override;
    void listen(Listener listener) override;
    void stop() override {}     // delivery happens inside publish(), on the publisher's thread

private:
    std::string node_id_;
    LocalNotificationBus own_bus_;
    LocalNotificationBus* bus_;
};

}  // namespace mi::server
