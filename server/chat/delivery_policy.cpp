#include "server/chat/delivery_policy.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <nlohmann/json.hpp>

namespace mi::server::chat {

namespace {

using std::chrono::milliseconds;

std::optional<std::int64_t> parse_whole_number(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

// IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
    static constexpr std::string_view months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (text.size() != 29 || text.substr(25) != " GMT") return std::nullopt;
    const auto day = parse_whole_number(text.substr(5, 2));
    const auto year = parse_whole_number(text.substr(12, 4));
    const auto hour = parse_whole_number(text.substr(17, 2));
    const auto minute = parse_whole_number(text.substr(20, 2));
    const auto second = parse_whole_number(text.substr(23, 2));
    const auto month = std::find(std::begin(months), std::end(months), text.substr(8, 3));
    if (!day || !year || !hour || !minute || !second || month == std::end(months)) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*year)),
                                           std::chrono::month(static_cast<unsigned>(month - std::begin(months) + 1)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(*second);
}

// Slack errors that say "try again" rather than "this request is wrong".
bool is_transient_slack_error(std::string_view error) {
    return error == "ratelimited" || error == "internal_error" || error == "fatal_error" ||
           error == "service_unavailable" || error == "request_timeout" || error == "team_added_to_org";
}

std::chrono::nanoseconds gap_for(double per_second) {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / std::max(per_second, 1e-3)));
}

}  // namespace

milliseconds backoff_delay(const RetryPolicy& policy, int failed_attempts, std::mt19937_64& random) {
    const int doublings = std::clamp(failed_attempts - 1, 0, 40);
    const double grown = static_cast<double>(policy.base.count()) * static_cast<double>(std::int64_t{1} << std::min(doublings, 30));
    const auto delay = static_cast<std::int64_t>(std::min(grown, static_cast<double>(policy.max.count())));
    const auto half = delay / 2;
    std::uniform_int_distribution<std::int64_t> jitter(0, delay - half);
    return milliseconds(half + jitter(random));
}

std::optional<milliseconds> parse_retry_after(std::string_view header, std::chrono::system_clock::time_point now) {
    header = trim(header);
    if (const auto seconds = parse_whole_number(header)) return milliseconds(*seconds * 1000);
    if (const auto when = parse_http_date(header)) {
        return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(*when - now));
    }
    return std::nullopt;
}

DeliveryVerdict judge_attempt(ChatPlatform platform, const AttemptResult& result, std::chrono::system_clock::time_point now) {
    if (result.status == 0) {
        return {DeliveryOutcome::retry, std::nullopt, "no answer: " + result.transport_error};
    }
    const auto body = nlohmann::json::parse(result.body, nullptr, false);
    std::optional<milliseconds> wait = parse_retry_after(result.retry_after, now);
    // Telegram says how long in the body as well: {"parameters": {"retry_after": 3}}.
    if (!wait && body.is_object() && body.contains("parameters") && body["parameters"].is_object()) {
        const auto& seconds = body["parameters"]["retry_after"];
        if (seconds.is_number_integer()) wait = milliseconds(seconds.get<std::int64_t>() * 1000);
    }
    const std::string status = "HTTP " + std::to_string(result.status);
    std::string detail;
    if (body.is_object()) {
        if (body.contains("error") && body["error"].is_string()) detail = body["error"].get<std::string>();
        if (body.contains("description") && body["description"].is_string()) detail = body["description"].get<std::string>();
    }
    const std::string reason = detail.empty() ? status : status + ": " + detail;
    if (result.status == 429 || result.status == 408 || result.status >= 500) {
        return {DeliveryOutcome::retry, wait, reason};
    }
    if (result.status < 200 || result.status >= 300) return {DeliveryOutcome::give_up, std::nullopt, reason};
    if (platform == ChatPlatform::slack && body.is_object() && body.value("ok", true) == false) {
        const auto error = body.value("error", std::string("unknown"));
        return {is_transient_slack_error(error) ? DeliveryOutcome::retry : DeliveryOutcome::give_up, wait,
                "Slack error: " + error};
    }
    return {DeliveryOutcome::delivered, std::nullopt, {}};
}

SendPacer::SendPacer(double overall_per_second, double per_conversation_per_second)
    : overall_gap_(gap_for(overall_per_second)), conversation_gap_(gap_for(per_conversation_per_second)) {}

SendPacer::TimePoint SendPacer::earliest(const std::string& conversation, TimePoint now) const {
    TimePoint when = now;
    if (last_send_) when = std::max(when, *last_send_ + overall_gap_);
    if (const auto found = last_send_to_.find(conversation); found != last_send_to_.end()) {
        when = std::max(when, found->second + conversation_gap_);
    }
    return when;
}

void SendPacer::record_send(const std::string& conversation, TimePoint at) {
    last_send_ = at;
    last_send_to_[conversation] = at;
    // Forget conversations whose gap has passed: they can send at once anyway.
    for (auto it = last_send_to_.begin(); it != last_send_to_.end();) {
        it = it->second + conversation_gap_ <= at ? last_send_to_.erase(it) : std::next(it);
    }
}

}  // namespace mi::server::chat
