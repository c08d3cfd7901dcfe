#include "server/store_notifications.hpp"

#include <charconv>

#include "server/secret_token.hpp"

namespace mi::server {

namespace {

constexpr std::string_view appended_word = "appended";
constexpr std::string_view taken_over_word = "taken_over";

// The next space-separated word of `rest`, consumed.
std::string_view next_word(std::string_view& rest) {
    const auto end = rest.find(' ');
    const auto word = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return word;
}

}  // namespace

std::string to_payload(const StoreNotice& notice) {
    std::string payload(notice.kind == StoreNotice::Kind::appended ? appended_word : taken_over_word);
    payload += ' ';
    payload += notice.node_id;
    payload += ' ';
    payload += notice.interview_id;
    if (notice.kind == StoreNotice::Kind::appended) {
        payload += ' ';
        payload += std::to_string(notice.last_seq);
    }
    return payload;
}

std::optional<StoreNotice> parse_notice(std::string_view payload) {
    StoreNotice notice;
    const auto kind = next_word(payload);
    if (kind == appended_word) {
        notice.kind = StoreNotice::Kind::appended;
    } else if (kind == taken_over_word) {
        notice.kind = StoreNotice::Kind::taken_over;
    } else {
        return std::nullopt;
    }
    notice.node_id = next_word(payload);
    notice.interview_id = next_word(payload);
    if (notice.node_id.empty() || notice.interview_id.empty()) return std::nullopt;
    if (notice.kind == StoreNotice::Kind::appended) {
        const auto seq = next_word(payload);
        const auto [end, error] = std::from_chars(seq.data(), seq.data() + seq.size(), notice.last_seq);
        if (error != std::errc{} || end != seq.data() + seq.size() || notice.last_seq < 1) return std::nullopt;
    }
    if (!payload.empty()) return std::nullopt;
    return notice;
}

std::string generate_node_id() { return generate_interview_id().substr(0, 12); }

void LocalNotificationBus::add(StoreNotifications::Listener listener) { listeners_.push_back(std::move(listener)); }

void LocalNotificationBus::deliver(const StoreNotice& notice) const {
    for (const auto& listener : listeners_) listener(notice);
}

LocalNotifications::LocalNotifications(std::string node_id, LocalNotificationBus* bus)
    : node_id_(std::move(node_id)), bus_(bus != nullptr ? bus : &own_bus_) {}

void LocalNotifications::publish(const StoreNotice& notice) { bus_->deliver(notice); }

void LocalNotifications::listen(Listener listener) { bus_->add(std::move(listener)); }

}  // namespace mi::server
