// What the chat platforms send us, read into one shape: a candidate's message with where it came
// from and how to recognise it again, or something to answer (Slack's url_verification), ignore
// (edits, bot messages, event types we do not handle) or refuse (a payload that is not what the
// platform documents). Pure: raw body in, a variant out, every error naming its field. The
// signature is checked before this (webhook_signature.hpp).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/error_code.hpp"

namespace mi::server::chat {

enum class ChatPlatform { generic, slack, telegram };

inline constexpr std::array all_chat_platforms{ChatPlatform::generic, ChatPlatform::slack, ChatPlatform::telegram};

[[nodiscard]] std::string_view to_string(ChatPlatform platform);
[[nodiscard]] std::optional<ChatPlatform> parse_chat_platform(std::string_view name);

// Where a message came from, and so where its replies go.
struct ChatAddress {
    ChatPlatform platform = ChatPlatform::generic;
    std::string conversation_key;   // unique within the platform: one conversation holds one interview at a time
    std::string channel;            // generic conversation_id, Slack channel id, Telegram chat id
    std::string thread;             // Slack: the thread the interview runs in (empty in a direct message)
    std::string user;               // generic user_id, Slack user id, Telegram user id
};

struct InboundMessage {
    ChatAddress address;
    std::string text;
    // Each names this delivery or this very message (Slack's event_id and the message's ts, Telegram's
    // update_id, the generic Idempotency-Key). Any of them seen before: the message is not handled again.
    std::vector<std::string> dedupe_keys;
    // False for a Slack channel message that does not mention the bot: it continues an interview
    // already running in its thread, and starts none.
    bool may_start = true;
};

struct UrlVerification {
    std::string challenge;
};

// Acknowledged with 200 and otherwise left alone; the reason is logged at debug.
struct IgnoredPayload {
    std::string reason;
};

struct PayloadError {
    ErrorCode code = ErrorCode::malformed_json;
    std::string message;
    std::string field;              // JSON path of the offending field ("event.channel"), or empty
};

using ParsedWebhook = std::variant<InboundMessage, UrlVerification, IgnoredPayload, PayloadError>;

// {"conversation_id", "user_id", "text"}. A non-empty `idempotency_key` (the Idempotency-Key
// header, 1 to 200 visible ASCII characters) becomes the message's dedupe key.
[[nodiscard]] ParsedWebhook parse_generic_webhook(std::string_view body, std::string_view idempotency_key);

// An Events API request: url_verification, or an event_callback holding a `message` (direct
// messages, and thread replies in channels) or an `app_mention`.
[[nodiscard]] ParsedWebhook parse_slack_webhook(std::string_view body);

// A Bot API Update holding a `message` with text.
[[nodiscard]] ParsedWebhook parse_telegram_webhook(std::string_view body);

}  // namespace mi::server::chat
