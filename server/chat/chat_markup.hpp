// A reply in each platform's markup and under each platform's size limits: Slack Block Kit
// sections (mrkdwn, escaped), Telegram MarkdownV2 (every reserved character escaped), and the
// generic webhook's JSON with the structured events. One reply may become several messages when
// it is too long for one; each message is a complete request body for its API method, without
// credentials (the delivery adds those). Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/chat/chat_inbound.hpp"
#include "server/chat/chat_reply.hpp"

namespace mi::server::chat {

// The platforms' own limits (not ours to tune, so not in server_limits.hpp).
// Telegram: "1-4096 characters after entities parsing"; we count the escaped text in UTF-16
// units, which is never less than what Telegram counts.
inline constexpr std::size_t telegram_max_message_units = 4096;
// Slack: a section block's text holds at most 3000 characters and a message at most 50 blocks.
// We count bytes, never fewer than characters.
inline constexpr std::size_t slack_max_section_bytes = 3000;
inline constexpr std::size_t slack_max_blocks = 50;
// The plain `text` Slack shows in notifications, cut to a line's worth.
inline constexpr std::size_t slack_fallback_bytes = 300;

struct PlatformMessage {
    std::string method;                 // "chat.postMessage", "sendMessage", "callback"
    nlohmann::json payload;             // the request body
};

[[nodiscard]] std::vector<PlatformMessage> render_for_slack(const ChatReply& reply, const ChatAddress& to);
[[nodiscard]] std::vector<PlatformMessage> render_for_telegram(const ChatReply& reply, const ChatAddress& to);

// One generic webhook message: {"kind", "text", "events": [{"seq", "event"}]} (the events as the
// WebSocket's event frames carry them).
[[nodiscard]] nlohmann::json generic_message_json(const ChatReply& reply);

// Escapes for text outside any entity.
[[nodiscard]] std::string escape_telegram_markdown_v2(std::string_view text);
[[nodiscard]] std::string escape_slack_mrkdwn(std::string_view text);

// Length of UTF-8 text in UTF-16 code units (what Telegram counts).
[[nodiscard]] std::size_t utf16_length(std::string_view utf8);

// Cuts plain UTF-8 text into pieces each of at most `limit` bytes, at line ends where it can and
// never inside a character.
[[nodiscard]] std::vector<std::string> split_utf8(std::string_view text, std::size_t limit);

}  // namespace mi::server::chat
