#include "server/chat/chat_markup.hpp"

#include "server/protocol.hpp"

namespace mi::server::chat {

namespace {

using nlohmann::json;

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Each plain line escaped with `escape`; titles made bold by `bold`. An over-long plain line is
// cut first, so no escape sequence or bold span is ever split.
template <typename Escape, typename Bold>
std::vector<std::string> markup_lines(const ChatReply& reply, std::size_t max_line_bytes, Escape escape, Bold bold) {
    std::vector<std::string> lines;
    bool first_section = true;
    for (const auto& section : reply.sections) {
        if (!first_section) lines.emplace_back();       // a blank line between sections
        first_section = false;
        if (!section.title.empty()) lines.push_back(bold(escape(section.title)));
        for (const auto& line : section.lines) {
            // An escaped character is at most two bytes for one: half the limit always fits.
            for (const auto& piece : split_utf8(line, max_line_bytes / 2)) lines.push_back(escape(piece));
        }
    }
    return lines;
}

// Joins lines into chunks of at most `limit` by `measure`, breaking between lines.
template <typename Measure>
std::vector<std::string> pack_lines(const std::vector<std::string>& lines, std::size_t limit, Measure measure) {
    std::vector<std::string> chunks;
    std::string current;
    for (const auto& line : lines) {
        if (!current.empty() && measure(current) + 1 + measure(line) > limit) {
            chunks.push_back(std::move(current));
            current.clear();
        }
        if (current.empty() && line.empty()) continue;   // no chunk starts with a blank line
        if (!current.empty()) current.push_back('\n');
        current.append(line);
    }
    while (!current.empty() && current.back() == '\n') current.pop_back();
    if (!current.empty()) chunks.push_back(std::move(current));
    return chunks;
}

std::string fallback_text(const ChatReply& reply) {
    std::string text = plain_text(reply);
    if (text.size() <= slack_fallback_bytes) return text;
    auto pieces = split_utf8(text, slack_fallback_bytes - 3);
    return pieces.front() + "...";
}

}  // namespace

std::size_t utf16_length(std::string_view utf8) {
    std::size_t units = 0;
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_continuation_byte(c)) continue;
        units += byte >= 0xF0 ? 2 : 1;      // a character beyond U+FFFF is a surrogate pair
    }
    return units;
}

std::vector<std::string> split_utf8(std::string_view text, std::size_t limit) {
    std::vector<std::string> pieces;
    if (limit == 0) limit = 4;
    while (text.size() > limit) {
        std::size_t cut = text.rfind('\n', limit);
        std::size_t skip = 1;
        if (cut == std::string_view::npos || cut == 0) {
            cut = limit;
            skip = 0;
            while (cut > 0 && is_continuation_byte(text[cut])) --cut;
            if (cut == 0) cut = limit;      // not UTF-8: cut anyway rather than loop
        }
        pieces.emplace_back(text.substr(0, cut));
        text.remove_prefix(cut + skip);
    }
    pieces.emplace_back(text);
    return pieces;
}

std::string escape_telegram_markdown_v2(std::string_view text) {
    static constexpr std::string_view reserved = "_*[]()~`>#+-=|{}.!\\";
    std::string escaped;
    escaped.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        if (reserved.find(c) != std::string_view::npos) escaped.push_back('\\');
        escaped.push_back(c);
    }
    return escaped;
}

std::string escape_slack_mrkdwn(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': escaped.append("&amp;"); break;
            case '<': escaped.append("&lt;"); break;
            case '>': escaped.append("&gt;"); break;
            default: escaped.push_back(c);
        }
    }
    return escaped;
}

std::vector<PlatformMessage> render_for_telegram(const ChatReply& reply, const ChatAddress& to) {
    auto lines = markup_lines(reply, telegram_max_message_units, escape_telegram_markdown_v2,
                              [](std::string text) { return "*" + text + "*"; });
    if (reply.link) {
        // Inside a link's URL only ')' and '\' are escaped.
        std::string url;
        for (const char c : reply.link->url) {
            if (c == ')' || c == '\\') url.push_back('\\');
            url.push_back(c);
        }
        lines.emplace_back();
        lines.push_back("[" + escape_telegram_markdown_v2(reply.link->label) + "](" + url + ")");
    }
    std::vector<PlatformMessage> messages;
    for (auto& chunk : pack_lines(lines, telegram_max_message_units, utf16_length)) {
        messages.push_back(PlatformMessage{"sendMessage", json{{"chat_id", to.channel},
                                                               {"text", std::move(chunk)},
                                                               {"parse_mode", "MarkdownV2"},
                                                               {"disable_web_page_preview", true}}});
    }
    return messages;
}

std::vector<PlatformMessage> render_for_slack(const ChatReply& reply, const ChatAddress& to) {
    std::vector<json> blocks;
    bool first_section = true;
    for (const auto& section : reply.sections) {
        if (!first_section && reply.kind == ReplyKind::report) blocks.push_back(json{{"type", "divider"}});
        first_section = false;
        std::vector<std::string> lines;
        if (!section.title.empty()) lines.push_back("*" + escape_slack_mrkdwn(section.title) + "*");
        for (const auto& line : section.lines) {
            // Escaping at most quintuples a character ("&" -> "&amp;"): a fifth of the limit always fits.
            for (const auto& piece : split_utf8(line, slack_max_section_bytes / 5)) lines.push_back(escape_slack_mrkdwn(piece));
        }
        for (auto& text : pack_lines(lines, slack_max_section_bytes, [](const std::string& s) { return s.size(); })) {
            blocks.push_back(json{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", std::move(text)}}}});
        }
    }
    if (reply.link) {
        blocks.push_back(json{{"type", "section"},
                              {"text", {{"type", "mrkdwn"},
                                        {"text", "<" + escape_slack_mrkdwn(reply.link->url) + "|" +
                                                     escape_slack_mrkdwn(reply.link->label) + ">"}}}});
    }
    std::vector<PlatformMessage> messages;
    const auto fallback = fallback_text(reply);
    for (std::size_t start = 0; start < blocks.size(); start += slack_max_blocks) {
        json payload{{"channel", to.channel}, {"text", fallback}, {"unfurl_links", false}};
        const auto end = std::min(blocks.size(), start + slack_max_blocks);
        payload["blocks"] = json(std::vector<json>(blocks.begin() + static_cast<std::ptrdiff_t>(start),
                                                   blocks.begin() + static_cast<std::ptrdiff_t>(end)));
        if (!to.thread.empty()) payload["thread_ts"] = to.thread;
        messages.push_back(PlatformMessage{"chat.postMessage", std::move(payload)});
    }
    return messages;
}

json generic_message_json(const ChatReply& reply) {
    json events = json::array();
    for (const auto& entry : reply.events) events.push_back(protocol::sequenced_event_json(entry.seq, entry.event));
    json message{{"kind", to_string(reply.kind)}, {"text", plain_text(reply)}, {"events", events}};
    if (reply.link) message["report_url"] = reply.link->url;
    return message;
}

}  // namespace mi::server::chat
