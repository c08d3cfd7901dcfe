#include "server/chat/chat_config.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

namespace mi::server::chat {

namespace fs = std::filesystem;

bool ChatConfig::enabled(ChatPlatform platform) const {
    switch (platform) {
        case ChatPlatform::generic: return !webhook_secret.empty();
        case ChatPlatform::slack: return !slack_signing_secret.empty();
        case ChatPlatform::telegram: return !telegram_secret_token.empty();
    }
    return false;
}

bool ChatConfig::delivers(ChatPlatform platform) const {
    switch (platform) {
        case ChatPlatform::generic: return enabled(platform) && !webhook_callback_url.empty();
        case ChatPlatform::slack: return enabled(platform) && !slack_bot_token.empty();
        case ChatPlatform::telegram: return enabled(platform) && !telegram_bot_token.empty();
    }
    return false;
}

std::vector<std::string> apply_config_file(const fs::path& path, ChatConfig& config) {
    const std::string name = "config file " + path.string();
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::is_regular_file(status)) return {name + " cannot be read: " + (error ? error.message() : "not a file")};
    const auto loose = status.permissions() & (fs::perms::group_all | fs::perms::others_all);
    if (loose != fs::perms::none) {
        return {name + " may be read or written by users other than its owner, and it holds secrets: "
                       "run chmod 600 " + path.string()};
    }
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) return {name + " cannot be read"};
    const auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
    if (!parsed.is_object()) return {name + " must hold one JSON object of settings (see docs/integrations.md)"};
    std::vector<std::string> problems;
    for (const auto& [key, value] : parsed.items()) {
        const ChatSettingSpec* spec = nullptr;
        for (const auto& candidate : chat_setting_specs) {
            if (candidate.key == key) spec = &candidate;
        }
        if (spec == nullptr) {
            std::string known;
            for (const auto& candidate : chat_setting_specs) known += (known.empty() ? "" : ", ") + std::string(candidate.key);
            problems.push_back(name + ": unknown key '" + key + "'; known keys: " + known);
            continue;
        }
        if (!value.is_string()) {
            problems.push_back(name + ": the value of '" + key + "' must be a string");
            continue;
        }
        auto& field = config.*(spec->field);
        if (field.empty()) field = value.get<std::string>();
    }
    return problems;
}

void apply_defaults(ChatConfig& config) {
    for (const auto& spec : chat_setting_specs) {
        auto& field = config.*(spec.field);
        if (field.empty()) field = std::string(spec.default_value);
    }
}

std::vector<std::string> chat_config_problems(const ChatConfig& config) {
    std::vector<std::string> problems;
    for (const auto& spec : chat_setting_specs) {
        const auto& value = config.*(spec.field);
        if (spec.secret || value.empty() || spec.key.find("url") == std::string_view::npos) continue;
        if (!value.starts_with("http://") && !value.starts_with("https://")) {
            problems.push_back(std::string(spec.flag) + " must be an http:// or https:// URL");
        }
    }
    if (config.enabled(ChatPlatform::slack) && config.slack_bot_token.empty()) {
        problems.emplace_back("--slack-signing-secret is set but --slack-bot-token is not: Slack messages would be "
                              "read and never answered");
    }
    if (config.enabled(ChatPlatform::telegram) && config.telegram_bot_token.empty()) {
        problems.emplace_back("--telegram-secret-token is set but --telegram-bot-token is not: Telegram messages would "
                              "be read and never answered");
    }
    if (!config.webhook_callback_url.empty() && config.webhook_secret.empty()) {
        problems.emplace_back("--webhook-callback-url is set but --webhook-secret is not: callbacks are signed with it");
    }
    return problems;
}

}  // namespace mi::server::chat
