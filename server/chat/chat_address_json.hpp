// How a chat address is stored (the address_json column of chat_conversations): one JSON object,
// the same for every backend of ChatStore, so a database copied between them reads back alike.
#pragma once

#include <string>

#include "server/chat/chat_inbound.hpp"

namespace mi::server::chat {

[[nodiscard]] std::string address_to_json(const ChatAddress& address);
// A stored text that is not such an object gives an empty generic address.
[[nodiscard]] ChatAddress address_from_json(const std::string& text);

}  // namespace mi::server::chat
