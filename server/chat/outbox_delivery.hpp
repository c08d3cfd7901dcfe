// Sends the outbox: one thread per platform that has replies to deliver, never an I/O thread.
// Each takes the oldest queued message of every conversation that is due, paces it under the
// platform's rate limits, sends it, and records the answer: sent; retried later with backoff
// (no sooner than a Retry-After); or, after the last try or a refusal that would repeat, a dead
// letter. Per conversation the messages go in order, one at a time.
//
// Exactly once: a message is marked sent as soon as its 2xx is read. Should the process die
// between the platform's answer and that commit, the message is sent again after the restart;
// the generic callback carries the message's dedupe key as its Idempotency-Key for exactly
// that case (Slack and Telegram offer no such key).
// Several nodes: each message is claimed before it is sent (ChatStore::claim), so one node sends
// it; a node that dies holding a claim leaves it to run out (the outbound timeout and a margin),
// and another node sends the message then, as after a restart.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/chat/chat_config.hpp"
#include "server/chat/chat_metrics.hpp"
#include "server/chat/chat_store.hpp"
#include "server/chat/outbound_transport.hpp"
#include "server/server_limits.hpp"

namespace mi::server::chat {

// The HTTP request for an outbox message: its platform's URL, credentials and signature.
[[nodiscard]] OutboundRequest outbound_request(const ChatConfig& config, const OutboxEntry& entry,
                                               std::chrono::system_clock::time_point now);

class OutboxDelivery {
public:
    // Every reference must outlive the delivery; `transport` is called from the delivery threads.
    OutboxDelivery(ChatStore& store, const ChatConfig& config, const ServerLimits& limits, ChatMetrics& metrics,
                   OutboundTransport& transport);
    ~OutboxDelivery();
    OutboxDelivery(const OutboxDelivery&) = delete;
    OutboxDelivery& operator=(const OutboxDelivery&) = delete;

    // Starts a thread for each platform that delivers (ChatConfig::delivers).
    void start();
    // New messages were queued for `platform`: look now rather than at the next poll.
    void wake(ChatPlatform platform);
    // Lets a request in flight finish (within the outbound timeout) and joins the threads.
    void stop();

private:
    class Worker;
    std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace mi::server::chat
