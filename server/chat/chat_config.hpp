// The chat integrations' settings, as one table: each has a flag, an environment variable and a
// key of the config file (flag over variable over file over default). The table gives `serve`
// its options, the config file its keys and docs/integrations.md its settings list (a test
// compares them). A platform is on only when its secret is set; secrets are never printed:
// --help shows no value, and problems name the setting, never its value.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "server/chat/chat_inbound.hpp"

namespace mi::server::chat {

struct ChatConfig {
    std::string webhook_secret;             // generic webhook: HMAC key of requests and callbacks
    std::string webhook_callback_url;       // generic webhook: where replies are also POSTed
    std::string slack_signing_secret;
    std::string slack_bot_token;
    std::string slack_api_url;
    std::string telegram_secret_token;
    std::string telegram_bot_token;
    std::string telegram_api_url;
    std::string public_url;                 // where browsers reach this server, for report links
    std::uint64_t jitter_seed = 0;          // retry jitter's seed; 0: a random one (tests fix it)

    // Inbound: the platform's route answers only when its secret is set.
    [[nodiscard]] bool enabled(ChatPlatform platform) const;
    // Outbound: replies to the platform go out (the generic webhook only with a callback URL).
    [[nodiscard]] bool delivers(ChatPlatform platform) const;
};

struct ChatSettingSpec {
    std::string_view key;                   // in the config file
    std::string_view flag;
    std::string_view env;
    std::string ChatConfig::*field;
    bool secret;
    std::string_view default_value;
    std::string_view help;
};

// clang-format off
inline const std::array<ChatSettingSpec, 9> chat_setting_specs{{
    {"webhook_secret", "--webhook-secret", "MI_WEBHOOK_SECRET", &ChatConfig::webhook_secret, true, "",
     "Generic webhook: the HMAC-SHA256 key requests are signed with (unset: POST /api/v1/webhooks/generic is off)"},
    {"webhook_callback_url", "--webhook-callback-url", "MI_WEBHOOK_CALLBACK_URL", &ChatConfig::webhook_callback_url,
     false, "", "Generic webhook: also POST each reply here, signed the same way"},
    {"slack_signing_secret", "--slack-signing-secret", "MI_SLACK_SIGNING_SECRET", &ChatConfig::slack_signing_secret,
     true, "", "Slack app's signing secret (unset: POST /api/v1/webhooks/slack is off)"},
    {"slack_bot_token", "--slack-bot-token", "MI_SLACK_BOT_TOKEN", &ChatConfig::slack_bot_token, true, "",
     "Slack bot token (xoxb-...) replies are posted with"},
    {"slack_api_url", "--slack-api-url", "MI_SLACK_API_URL", &ChatConfig::slack_api_url, false,
     "https://slack.com/api", "Base URL of the Slack Web API"},
    {"telegram_secret_token", "--telegram-secret-token", "MI_TELEGRAM_SECRET_TOKEN",
     &ChatConfig::telegram_secret_token, true, "",
     "Telegram webhook secret token given to setWebhook (unset: POST /api/v1/webhooks/telegram is off)"},
    {"telegram_bot_token", "--telegram-bot-token", "MI_TELEGRAM_BOT_TOKEN", &ChatConfig::telegram_bot_token, true, "",
     "Telegram bot token replies are sent with"},
    {"telegram_api_url", "--telegram-api-url", "MI_TELEGRAM_API_URL", &ChatConfig::telegram_api_url, false,
     "https://api.telegram.org", "Base URL of the Telegram Bot API"},
    {"public_url", "--public-url", "MI_PUBLIC_URL", &ChatConfig::public_url, false, "",
     "Address browsers reach this server at, for report links in chats (default: the listening address)"},
}};
// clang-format on

// Fills every setting still empty from the config file: a JSON object of the table's keys with
// string values. Returns its problems, each naming the file and the key: unreadable, not JSON,
// an unknown key, a value that is not a string, or a file that others than its owner may read
// or write (it holds secrets; `chmod 600` it). Never a value.
[[nodiscard]] std::vector<std::string> apply_config_file(const std::filesystem::path& path, ChatConfig& config);

// Fills every setting still empty with its default.
void apply_defaults(ChatConfig& config);

// Every problem with the settings: a URL that is not http(s), a platform that could take
// messages but not answer them (a Slack signing secret without the bot token, ...).
[[nodiscard]] std::vector<std::string> chat_config_problems(const ChatConfig& config);

}  // namespace mi::server::chat
