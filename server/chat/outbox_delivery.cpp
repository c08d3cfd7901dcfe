#include "server/chat/outbox_delivery.hpp"

#include <random>

#include <spdlog/spdlog.h>

#include "server/chat/webhook_signature.hpp"

namespace mi::server::chat {

namespace {

using std::chrono::milliseconds;
using SystemClock = std::chrono::system_clock;
using SteadyClock = std::chrono::steady_clock;

// A requeue by `mock-interviewer outbox retry` happens in another process, which cannot wake us:
// the queue is looked at this often even when nothing is due.
constexpr milliseconds outbox_poll_interval{1000};
// Heads of conversations taken per look at the queue.
constexpr std::size_t outbox_batch = 32;
// A claim lasts one request (limits.outbound_request_timeout) and this much more, for the commit
// that records its answer: a claim that runs out while its node still works would let a second
// node send the message too.
constexpr milliseconds claim_margin{2000};

std::int64_t epoch_ms(SystemClock::time_point when) {
    return std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
}

std::string trimmed_base(const std::string& url) {
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

}  // namespace

OutboundRequest outbound_request(const ChatConfig& config, const OutboxEntry& entry, SystemClock::time_point now) {
    OutboundRequest request;
    request.body = entry.payload_json;
    switch (entry.platform) {
        case ChatPlatform::slack:
            request.url = trimmed_base(config.slack_api_url) + "/" + entry.method;
            request.headers.emplace_back("Authorization", "Bearer " + config.slack_bot_token);
            break;
        case ChatPlatform::telegram:
            request.url = trimmed_base(config.telegram_api_url) + "/bot" + config.telegram_bot_token + "/" + entry.method;
            break;
        case ChatPlatform::generic: {
            request.url = config.webhook_callback_url;
            const auto timestamp = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
            request.headers.emplace_back("X-Signature-Timestamp", timestamp);
            request.headers.emplace_back("X-Signature", generic_signature(config.webhook_secret, timestamp, entry.payload_json));
            request.headers.emplace_back("Idempotency-Key", entry.dedupe_key);
            break;
        }
    }
    return request;
}

class OutboxDelivery::Worker {
public:
    Worker(ChatPlatform platform, ChatStore& store, const ChatConfig& config, const ServerLimits& limits,
           ChatMetrics& metrics, OutboundTransport& transport)
        : platform_(platform),
          store_(store),
          config_(config),
          metrics_(metrics),
          transport_(transport),
          policy_{limits.outbox_retry_base, limits.outbox_retry_max, limits.outbox_max_attempts},
          claim_lease_(limits.outbound_request_timeout + claim_margin),
          pacer_(limits.chat_messages_per_second, limits.chat_messages_per_conversation_per_second),
          // Seeded per platform, so a fixed seed gives each platform its own fixed sequence.
          random_(config.jitter_seed != 0 ? config.jitter_seed + static_cast<std::uint64_t>(platform)
                                          : std::random_device{}()) {}

    ChatPlatform platform() const { return platform_; }

    void start() { thread_ = std::thread([this] { run(); }); }

    void wake() {
        const std::lock_guard lock(mutex_);
        woken_ = true;
        wakeup_.notify_one();
    }

    void stop() {
        {
            const std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wakeup_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

private:
    void run() {
        spdlog::info("outbox: delivering {} replies", to_string(platform_));
        while (!stopping()) {
            try {
                const auto due = store_.next_due(platform_, epoch_ms(SystemClock::now()), outbox_batch);
                for (const auto& entry : due) {
                    if (stopping()) break;
                    if (!wait_until(pacer_.earliest(entry.conversation_id, SteadyClock::now()))) break;
                    const auto lease_until = epoch_ms(SystemClock::now() + claim_lease_);
                    if (!store_.claim(entry.id, entry.next_attempt_at_ms, lease_until)) {
                        spdlog::debug("outbox: {} message {} claimed by another node", to_string(platform_), entry.id);
                        continue;
                    }
                    deliver(entry);
                }
                metrics_.set_outbox_counts(platform_, store_.count_outbox(platform_));
                if (!due.empty()) continue;
                auto next = SteadyClock::now() + outbox_poll_interval;
                if (const auto due_at = store_.next_due_at(platform_)) {
                    const auto wait = milliseconds(std::max<std::int64_t>(0, *due_at - epoch_ms(SystemClock::now())));
                    next = std::min(next, SteadyClock::now() + wait);
                }
                sleep_until_woken(next);
            } catch (const std::exception& failure) {
                // The store failing (disk full, locked): nothing was lost, look again shortly.
                spdlog::error("outbox: {} delivery pass failed: {}", to_string(platform_), failure.what());
                sleep_until_woken(SteadyClock::now() + outbox_poll_interval);
            }
        }
    }

    void deliver(const OutboxEntry& entry) {
        const auto now = SystemClock::now();
        const auto result = transport_.post(outbound_request(config_, entry, now));
        pacer_.record_send(entry.conversation_id, SteadyClock::now());
        const auto verdict = judge_attempt(platform_, result, SystemClock::now());
        const int attempts = entry.attempts + 1;
        switch (verdict.outcome) {
            case DeliveryOutcome::delivered:
                store_.mark_sent(entry.id, attempts, epoch_ms(SystemClock::now()));
                metrics_.count_delivery(platform_, DeliveryEvent::sent);
                spdlog::info("outbox: {} message {} ({} of {}) sent after {} tries", to_string(platform_), entry.id,
                             entry.method, entry.conversation_id, attempts);
                return;
            case DeliveryOutcome::retry:
                if (attempts < policy_.max_attempts) {
                    auto delay = backoff_delay(policy_, attempts, random_);
                    if (verdict.wait_at_least) delay = std::max(delay, *verdict.wait_at_least);
                    store_.mark_retry(entry.id, attempts, epoch_ms(SystemClock::now()) + delay.count(), verdict.reason);
                    metrics_.count_delivery(platform_, DeliveryEvent::retried);
                    spdlog::warn("outbox: {} message {} failed (try {} of {}): {}; next try in {} ms",
                                 to_string(platform_), entry.id, attempts, policy_.max_attempts, verdict.reason,
                                 delay.count());
                    return;
                }
                break;
            case DeliveryOutcome::give_up: break;
        }
        store_.mark_dead(entry.id, attempts, verdict.reason);
        metrics_.count_delivery(platform_, DeliveryEvent::failed);
        spdlog::error("outbox: {} message {} is a dead letter after {} tries: {} (mock-interviewer outbox list)",
                      to_string(platform_), entry.id, attempts, verdict.reason);
    }

    bool stopping() {
        const std::lock_guard lock(mutex_);
        return stopping_;
    }

    // False when stopped while waiting.
    bool wait_until(SteadyClock::time_point when) {
        std::unique_lock lock(mutex_);
        wakeup_.wait_until(lock, when, [this] { return stopping_; });
        return !stopping_;
    }

    void sleep_until_woken(SteadyClock::time_point when) {
        std::unique_lock lock(mutex_);
        wakeup_.wait_until(lock, when, [this] { return stopping_ || woken_; });
        woken_ = false;
    }

    ChatPlatform platform_;
    ChatStore& store_;
    const ChatConfig& config_;
    ChatMetrics& metrics_;
    OutboundTransport& transport_;
    RetryPolicy policy_;
    milliseconds claim_lease_;
    SendPacer pacer_;
    std::mt19937_64 random_;
    std::mutex mutex_;
    std::condition_variable wakeup_;
    bool woken_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

OutboxDelivery::OutboxDelivery(ChatStore& store, const ChatConfig& config, const ServerLimits& limits,
                               ChatMetrics& metrics, OutboundTransport& transport) {
    for (const auto platform : all_chat_platforms) {
        if (config.delivers(platform)) {
            workers_.push_back(std::make_unique<Worker>(platform, store, config, limits, metrics, transport));
        }
    }
}

OutboxDelivery::~OutboxDelivery() { stop(); }

void OutboxDelivery::start() {
    for (auto& worker : workers_) worker->start();
}

void OutboxDelivery::wake(ChatPlatform platform) {
    for (auto& worker : workers_) {
        if (worker->platform() == platform) worker->wake();
    }
}

void OutboxDelivery::stop() {
    for (auto& worker : workers_) worker->stop();
}

}  // namespace mi::server::chat
