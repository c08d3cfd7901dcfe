#include "server/chat/chat_inbound.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "content/json_text.hpp"

namespace mi::server::chat {

namespace {

using nlohmann::json;

// The longest conversation or user id the generic webhook accepts: ids, not documents.
constexpr std::size_t max_id_length = 256;
constexpr std::size_t max_idempotency_key_length = 200;

PayloadError payload_error(ErrorCode code, std::string message, std::string field = {}) {
    return PayloadError{code, std::move(message), std::move(field)};
}

// Reads the body as one JSON object or says why it is not one.
std::variant<json, PayloadError> read_object(std::string_view body) {
    content::JsonText parsed;
    try {
        parsed = content::parse_json_text(body);
    } catch (const content::JsonTextError& error) {
        return payload_error(ErrorCode::malformed_json,
                             "the request body is not valid JSON at byte " + std::to_string(error.byte) + ": " + error.what());
    }
    if (!parsed.duplicate_keys.empty()) {
        return payload_error(ErrorCode::malformed_json,
                             "the request body is ambiguous: " + content::describe_duplicate_key(parsed.duplicate_keys.front()));
    }
    if (!parsed.value.is_object()) return payload_error(ErrorCode::malformed_json, "the request body must be a JSON object");
    return std::move(parsed.value);
}

// A required field of `object` at `path` (for messages) that must be a string, or the problem.
std::variant<std::string, PayloadError> required_string(const json& object, const char* name, const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return payload_error(ErrorCode::missing_field, "the field '" + path + "' is missing", path);
    }
    if (!found->is_string()) return payload_error(ErrorCode::wrong_type, "the field '" + path + "' must be a string", path);
    return found->get<std::string>();
}

std::variant<const json*, PayloadError> required_object(const json& object, const char* name, const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return payload_error(ErrorCode::missing_field, "the field '" + path + "' is missing", path);
    }
    if (!found->is_object()) return payload_error(ErrorCode::wrong_type, "the field '" + path + "' must be an object", path);
    return &*found;
}

std::variant<std::int64_t, PayloadError> required_integer(const json& object, const char* name, const std::string& path) {
    const auto found = object.find(name);
    if (found == object.end() || found->is_null()) {
        return payload_error(ErrorCode::missing_field, "the field '" + path + "' is missing", path);
    }
    if (!found->is_number_integer()) {
        return payload_error(ErrorCode::wrong_type, "the field '" + path + "' must be an integer", path);
    }
    return found->get<std::int64_t>();
}

std::string string_or_empty(const json& object, const char* name) {
    const auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Slack escapes &, < and > in message text; the candidate typed the plain characters.
std::string unescape_slack_text(std::string_view text) {
    std::string plain;
    plain.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const auto rest = text.substr(i);
            if (rest.starts_with("&amp;")) { plain.push_back('&'); i += 4; continue; }
            if (rest.starts_with("&lt;")) { plain.push_back('<'); i += 3; continue; }
            if (rest.starts_with("&gt;")) { plain.push_back('>'); i += 3; continue; }
        }
        plain.push_back(text[i]);
    }
    return plain;
}

// "<@U0BOT> start hr" -> "start hr": a mention of the bot says who is addressed, not what.
std::string strip_mentions(std::string_view text) {
    std::string kept;
    for (std::size_t i = 0; i < text.size();) {
        if (text.substr(i, 2) == "<@") {
            const auto close = text.find('>', i);
            if (close != std::string_view::npos) {
                i = close + 1;
                continue;
            }
        }
        kept.push_back(text[i++]);
    }
    const auto first = kept.find_first_not_of(" \t\n");
    if (first == std::string::npos) return {};
    const auto last = kept.find_last_not_of(" \t\n");
    return kept.substr(first, last - first + 1);
}

// "/start@MockInterviewBot hr" -> "/start hr": in groups Telegram names the bot in the command.
std::string strip_bot_name_from_command(std::string text) {
    if (text.empty() || text.front() != '/') return text;
    const auto word_end = text.find_first_of(" \n\t");
    const auto at = text.find('@');
    if (at != std::string::npos && (word_end == std::string::npos || at < word_end)) {
        text.erase(at, (word_end == std::string::npos ? text.size() : word_end) - at);
    }
    return text;
}

bool visible_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < 0x21 || c > 0x7E) return false;
    }
    return true;
}

}  // namespace

std::string_view to_string(ChatPlatform platform) {
    switch (platform) {
        case ChatPlatform::generic: return "generic";
        case ChatPlatform::slack: return "slack";
        case ChatPlatform::telegram: return "telegram";
    }
    return "generic";
}

std::optional<ChatPlatform> parse_chat_platform(std::string_view name) {
    for (const auto platform : all_chat_platforms) {
        if (to_string(platform) == name) return platform;
    }
    return std::nullopt;
}

ParsedWebhook parse_generic_webhook(std::string_view body, std::string_view idempotency_key) {
    if (!idempotency_key.empty() &&
        (idempotency_key.size() > max_idempotency_key_length || !visible_ascii(idempotency_key))) {
        return payload_error(ErrorCode::wrong_type,
                             "the Idempotency-Key header must be 1 to 200 visible ASCII characters", "Idempotency-Key");
    }
    auto parsed = read_object(body);
    if (auto* error = std::get_if<PayloadError>(&parsed)) return *error;
    const auto& object = std::get<json>(parsed);
    for (const auto& [key, value] : object.items()) {
        if (key != "conversation_id" && key != "user_id" && key != "text") {
            return payload_error(ErrorCode::wrong_type,
                                 "the field '" + key + "' is not part of a generic webhook message; send only "
                                 "conversation_id, user_id and text", key);
        }
    }
    InboundMessage message;
    message.address.platform = ChatPlatform::generic;
    for (const auto& [name, target] : {std::pair{"conversation_id", &message.address.channel},
                                       std::pair{"user_id", &message.address.user}}) {
        auto value = required_string(object, name, name);
        if (auto* error = std::get_if<PayloadError>(&value)) return *error;
        *target = std::get<std::string>(std::move(value));
        if (target->empty() || target->size() > max_id_length) {
            return payload_error(ErrorCode::wrong_type,
                                 std::string("the field '") + name + "' must be 1 to 256 characters", name);
        }
    }
    auto text = required_string(object, "text", "text");
    if (auto* error = std::get_if<PayloadError>(&text)) return *error;
    message.text = std::get<std::string>(std::move(text));
    message.address.conversation_key = message.address.channel;
    if (!idempotency_key.empty()) message.dedupe_keys.push_back("idempotency:" + std::string(idempotency_key));
    return message;
}

ParsedWebhook parse_slack_webhook(std::string_view body) {
    auto parsed = read_object(body);
    if (auto* error = std::get_if<PayloadError>(&parsed)) return *error;
    const auto& envelope = std::get<json>(parsed);
    auto type = required_string(envelope, "type", "type");
    if (auto* error = std::get_if<PayloadError>(&type)) return *error;
    const auto& envelope_type = std::get<std::string>(type);
    if (envelope_type == "url_verification") {
        auto challenge = required_string(envelope, "challenge", "challenge");
        if (auto* error = std::get_if<PayloadError>(&challenge)) return *error;
        return UrlVerification{std::get<std::string>(std::move(challenge))};
    }
    if (envelope_type != "event_callback") return IgnoredPayload{"Slack request type '" + envelope_type + "'"};

    auto event_id = required_string(envelope, "event_id", "event_id");
    if (auto* error = std::get_if<PayloadError>(&event_id)) return *error;
    auto event_found = required_object(envelope, "event", "event");
    if (auto* error = std::get_if<PayloadError>(&event_found)) return *error;
    const json& event = *std::get<const json*>(event_found);
    auto event_type = required_string(event, "type", "event.type");
    if (auto* error = std::get_if<PayloadError>(&event_type)) return *error;
    const auto& kind = std::get<std::string>(event_type);
    if (kind != "message" && kind != "app_mention") return IgnoredPayload{"Slack event type '" + kind + "'"};
    // Edits (message_changed), deletions, joins and every bot's messages, ours included, are
    // not the candidate speaking.
    if (const auto subtype = string_or_empty(event, "subtype"); !subtype.empty()) {
        return IgnoredPayload{"Slack message subtype '" + subtype + "'"};
    }
    if (event.contains("bot_id") || event.contains("bot_profile")) return IgnoredPayload{"a bot's message"};

    InboundMessage message;
    message.address.platform = ChatPlatform::slack;
    for (const auto& [name, target] : {std::pair{"user", &message.address.user},
                                       std::pair{"channel", &message.address.channel}}) {
        auto value = required_string(event, name, std::string("event.") + name);
        if (auto* error = std::get_if<PayloadError>(&value)) return *error;
        *target = std::get<std::string>(std::move(value));
    }
    if (const auto authorizations = envelope.find("authorizations");
        authorizations != envelope.end() && authorizations->is_array()) {
        for (const auto& authorization : *authorizations) {
            if (authorization.is_object() && string_or_empty(authorization, "user_id") == message.address.user) {
                return IgnoredPayload{"the bot's own message"};
            }
        }
    }
    auto text = required_string(event, "text", "event.text");
    if (auto* error = std::get_if<PayloadError>(&text)) return *error;
    auto ts = required_string(event, "ts", "event.ts");
    if (auto* error = std::get_if<PayloadError>(&ts)) return *error;
    const auto& message_ts = std::get<std::string>(ts);
    message.text = strip_mentions(unescape_slack_text(std::get<std::string>(text)));

    const bool direct = string_or_empty(event, "channel_type") == "im" ||
                        (!message.address.channel.empty() && message.address.channel.front() == 'D');
    const auto thread_ts = string_or_empty(event, "thread_ts");
    if (direct) {
        // A direct message is its own conversation; replies go straight into it.
        message.address.conversation_key = message.address.channel;
    } else {
        // In a channel the interview runs in the thread of the message that mentioned the bot.
        message.address.thread = thread_ts.empty() ? message_ts : thread_ts;
        message.address.conversation_key = message.address.channel + "/" + message.address.thread;
        message.may_start = kind == "app_mention";
    }
    message.dedupe_keys = {"event:" + std::get<std::string>(event_id),
                           "message:" + message.address.channel + ":" + message_ts};
    return message;
}

ParsedWebhook parse_telegram_webhook(std::string_view body) {
    auto parsed = read_object(body);
    if (auto* error = std::get_if<PayloadError>(&parsed)) return *error;
    const auto& update = std::get<json>(parsed);
    auto update_id = required_integer(update, "update_id", "update_id");
    if (auto* error = std::get_if<PayloadError>(&update_id)) return *error;
    if (!update.contains("message")) {
        for (const auto& [key, value] : update.items()) {
            if (key != "update_id") return IgnoredPayload{"Telegram update with '" + key + "'"};
        }
        return IgnoredPayload{"a Telegram update without a message"};
    }
    auto message_found = required_object(update, "message", "message");
    if (auto* error = std::get_if<PayloadError>(&message_found)) return *error;
    const json& incoming = *std::get<const json*>(message_found);
    auto message_id = required_integer(incoming, "message_id", "message.message_id");
    if (auto* error = std::get_if<PayloadError>(&message_id)) return *error;
    auto chat_found = required_object(incoming, "chat", "message.chat");
    if (auto* error = std::get_if<PayloadError>(&chat_found)) return *error;
    auto chat_id = required_integer(*std::get<const json*>(chat_found), "id", "message.chat.id");
    if (auto* error = std::get_if<PayloadError>(&chat_id)) return *error;
    const auto from = incoming.find("from");
    if (from != incoming.end() && from->is_object() && from->value("is_bot", false)) {
        return IgnoredPayload{"a bot's message"};
    }
    const auto text = incoming.find("text");
    if (text == incoming.end()) return IgnoredPayload{"a Telegram message without text (a photo, a sticker, ...)"};
    if (!text->is_string()) return payload_error(ErrorCode::wrong_type, "the field 'message.text' must be a string", "message.text");

    InboundMessage message;
    message.address.platform = ChatPlatform::telegram;
    message.address.channel = std::to_string(std::get<std::int64_t>(chat_id));
    message.address.conversation_key = message.address.channel;
    if (from != incoming.end() && from->is_object() && from->contains("id") && (*from)["id"].is_number_integer()) {
        message.address.user = std::to_string((*from)["id"].get<std::int64_t>());
    }
    message.text = strip_bot_name_from_command(text->get<std::string>());
    message.dedupe_keys = {"update:" + std::to_string(std::get<std::int64_t>(update_id)),
                           "message:" + message.address.channel + ":" +
                               std::to_string(std::get<std::int64_t>(message_id))};
    return message;
}

}  // namespace mi::server::chat
