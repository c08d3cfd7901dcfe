// What the interviewer says in a chat after a turn, in no platform's markup yet: the events a
// candidate's message produced, grouped the way a person reads them (the feedback and score on
// the answer; then the transition and the next question; the report on its own), as titled
// sections of plain lines. chat_markup.hpp turns a reply into Slack blocks, Telegram MarkdownV2
// or the generic webhook's JSON. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/sequenced_event.hpp"

namespace mi::server::chat {

struct ReplySection {
    std::string title;                  // shown bold; may be empty
    std::vector<std::string> lines;     // plain text, one line each
};

struct ReplyLink {
    std::string label;
    std::string url;
};

enum class ReplyKind { prompt, feedback, report, notice };

struct ChatReply {
    ReplyKind kind = ReplyKind::notice;
    std::vector<ReplySection> sections;
    std::optional<ReplyLink> link;
    std::vector<SequencedEvent> events; // what it was made from (empty for a notice), for the generic webhook
};

[[nodiscard]] std::string_view to_string(ReplyKind kind);

// The replies for `events` (one turn's, or an interview's opening), in order. `report_url` is the
// signed link put under the report.
[[nodiscard]] std::vector<ChatReply> replies_for_events(const std::vector<SequencedEvent>& events,
                                                        std::string_view report_url);

// A reply that is no interview step: help, a refused start, a message that could not be handled.
[[nodiscard]] ChatReply notice_reply(std::string title, std::vector<std::string> lines);

// Title and lines as plain text, for the generic webhook and for logs of sizes.
[[nodiscard]] std::string plain_text(const ChatReply& reply);

}  // namespace mi::server::chat
