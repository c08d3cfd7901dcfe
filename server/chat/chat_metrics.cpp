#include "server/chat/chat_metrics.hpp"

namespace mi::server::chat {

std::string_view to_string(WebhookOutcome outcome) {
    switch (outcome) {
        case WebhookOutcome::handled: return "handled";
        case WebhookOutcome::duplicate: return "duplicate";
        case WebhookOutcome::ignored: return "ignored";
        case WebhookOutcome::verified_url: return "url_verification";
        case WebhookOutcome::forged: return "forged";
        case WebhookOutcome::stale: return "stale";
        case WebhookOutcome::replayed: return "replayed";
        case WebhookOutcome::malformed: return "malformed";
        case WebhookOutcome::disabled: return "disabled";
        case WebhookOutcome::failed: return "failed";
    }
    return "failed";
}

namespace {

std::string_view to_string(DeliveryEvent event) {
    switch (event) {
        case DeliveryEvent::sent: return "sent";
        case DeliveryEvent::retried: return "retried";
        case DeliveryEvent::failed: return "failed";
    }
    return "failed";
}

}  // namespace

void ChatMetrics::count_request(ChatPlatform platform, WebhookOutcome outcome) {
    const std::lock_guard lock(mutex_);
    ++requests_[{platform, outcome}];
}

void ChatMetrics::count_delivery(ChatPlatform platform, DeliveryEvent event) {
    const std::lock_guard lock(mutex_);
    ++deliveries_[{platform, event}];
}

void ChatMetrics::set_outbox_counts(ChatPlatform platform, const OutboxCounts& counts) {
    const std::lock_guard lock(mutex_);
    outbox_[platform] = counts;
}

std::uint64_t ChatMetrics::requests(ChatPlatform platform, WebhookOutcome outcome) const {
    const std::lock_guard lock(mutex_);
    const auto found = requests_.find({platform, outcome});
    return found == requests_.end() ? 0 : found->second;
}

std::string ChatMetrics::render_prometheus() const {
    const std::lock_guard lock(mutex_);
    std::string out;
    out.append("# HELP mi_webhook_requests_total Chat webhook requests by platform and outcome.\n");
    out.append("# TYPE mi_webhook_requests_total counter\n");
    for (const auto& [key, count] : requests_) {
        out.append("mi_webhook_requests_total{platform=\"").append(chat::to_string(key.first));
        out.append("\",outcome=\"").append(to_string(key.second)).append("\"} ").append(std::to_string(count)).append("\n");
    }
    out.append("# HELP mi_outbox_messages Chat replies in the outbox by state (queued: waiting to go; dead: given up).\n");
    out.append("# TYPE mi_outbox_messages gauge\n");
    for (const auto& [platform, counts] : outbox_) {
        for (const auto& [state, count] : {std::pair{"queued", counts.queued}, std::pair{"dead", counts.dead}}) {
            out.append("mi_outbox_messages{platform=\"").append(chat::to_string(platform)).append("\",state=\"");
            out.append(state).append("\"} ").append(std::to_string(count)).append("\n");
        }
    }
    for (const auto event : {DeliveryEvent::sent, DeliveryEvent::retried, DeliveryEvent::failed}) {
        const std::string name = "mi_outbox_" + std::string(to_string(event)) + "_total";
        out.append("# HELP ").append(name).append(" Chat replies ").append(to_string(event)).append(" since start.\n");
        out.append("# TYPE ").append(name).append(" counter\n");
        for (const auto& [key, count] : deliveries_) {
            if (key.second != event) continue;
            out.append(name).append("{platform=\"").append(chat::to_string(key.first)).append("\"} ");
            out.append(std::to_string(count)).append("\n");
        }
    }
    return out;
}

}  // namespace mi::server::chat
