// The chat integrations' figures for GET /metrics: webhook requests by platform and outcome
// (handled, duplicate, forged, stale, replayed, ...), and the outbox: messages queued and dead
// (gauges, read from the database), sent, retried and failed (counters since start).
// Thread-safe: the interview thread and the delivery threads update it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "server/chat/chat_inbound.hpp"
#include "server/chat/chat_store.hpp"

namespace mi::server::chat {

// Why a webhook request ended as it did; the `outcome` label of mi_webhook_requests_total.
enum class WebhookOutcome {
    handled,            // a candidate's message, handled
    duplicate,          // a delivery or message seen before: answered as the first time, not handled again
    ignored,            // an edit, a bot's message, an event type we do not read
    verified_url,       // Slack's url_verification
    forged,             // missing or wrong signature or secret token
    stale,              // timestamp outside the 5-minute window
    replayed,           // the very same signed request again
    malformed,          // not the payload the platform documents
    disabled,           // the platform's secret is not set
    failed,             // the server could not handle it (the platform retries)
};

inline constexpr std::array all_webhook_outcomes{
    WebhookOutcome::handled,  WebhookOutcome::duplicate, WebhookOutcome::ignored,   WebhookOutcome::verified_url,
    WebhookOutcome::forged,   WebhookOutcome::stale,     WebhookOutcome::replayed,  WebhookOutcome::malformed,
    WebhookOutcome::disabled, WebhookOutcome::failed};

[[nodiscard]] std::string_view to_string(WebhookOutcome outcome);

enum class DeliveryEvent { sent, retried, failed };

class ChatMetrics {
public:
    void count_request(ChatPlatform platform, WebhookOutcome outcome);
    void count_delivery(ChatPlatform platform, DeliveryEvent event);
    void set_outbox_counts(ChatPlatform platform, const OutboxCounts& counts);

    [[nodiscard]] std::uint64_t requests(ChatPlatform platform, WebhookOutcome outcome) const;
    // Prometheus text for the families above, appended to the server's own.
    [[nodiscard]] std::string render_prometheus() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<ChatPlatform, WebhookOutcome>, std::uint64_t> requests_;
    std::map<std::pair<ChatPlatform, DeliveryEvent>, std::uint64_t> deliveries_;
    std::map<ChatPlatform, OutboxCounts> outbox_;
};

}  // namespace mi::server::chat
