#include "server/chat/chat_address_json.hpp"

#include <nlohmann/json.hpp>

namespace mi::server::chat {

using nlohmann::json;

std::string address_to_json(const ChatAddress& address) {
    return json{{"platform", to_string(address.platform)}, {"conversation_key", address.conversation_key},
                {"channel", address.channel}, {"thread", address.thread}, {"user", address.user}}
        .dump();
}

ChatAddress address_from_json(const std::string& text) {
    const auto value = json::parse(text, nullptr, false);
    ChatAddress address;
    if (!value.is_object()) return address;
    address.platform = parse_chat_platform(value.value("platform", "")).value_or(ChatPlatform::generic);
    address.conversation_key = value.value("conversation_key", "");
    address.channel = value.value("channel", "");
    address.thread = value.value("thread", "");
    address.user = value.value("user", "");
    return address;
}

}  // namespace mi::server::chat
