#include "practical/submission_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "practical/sql_text.hpp"

namespace mi::practical {
namespace {

// The info words a fence may carry for each language (lower-cased; "" is a fence without one).
constexpr std::array<std::string_view, 8> sql_fences{"sql", "sqlite", "sqlite3", "postgres", "postgresql", "pgsql", "mysql", ""};
constexpr std::array<std::string_view, 4> openapi_fences{"yaml", "yml", "json", "openapi"};

// The first word a message that is SQL from its first byte starts with.
constexpr std::array<std::string_view, 19> sql_keywords{
    "SELECT", "WITH",  "VALUES", "CREATE", "DROP",   "ALTER",   "INSERT", "REPLACE", "UPDATE", "DELETE",
    "ANALYZE", "PRAGMA", "ATTACH", "DETACH", "VACUUM", "EXPLAIN", "BEGIN", "REINDEX", "SAVEPOINT"};

template <std::size_t size>
bool one_of(std::string_view value, const std::array<std::string_view, size>& values) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A fence line: up to three spaces, then three or more ` or ~. Returns the fence's character and
// length, or {0, 0}.
std::pair<char, std::size_t> fence_at(std::string_view line) {
    std::size_t at = 0;
    while (at < line.size() && at < 3 && line[at] == ' ') ++at;
    if (at >= line.size() || (line[at] != '`' && line[at] != '~')) return {0, 0};
    const char mark = line[at];
    std::size_t count = 0;
    while (at + count < line.size() && line[at + count] == mark) ++count;
    if (count < 3) return {0, 0};
    return {mark, count};
}

std::string info_word(std::string_view line) {
    std::size_t at = 0;
    while (at < line.size() && (line[at] == ' ' || line[at] == '`' || line[at] == '~')) ++at;
    std::string word;
    while (at < line.size() && !is_blank(line[at]) && line[at] != '\n' && line[at] != '{') {
        word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(line[at]))));
        ++at;
    }
    return word;
}

bool only_fence(std::string_view line, char mark, std::size_t count) {
    const auto [found, length] = fence_at(line);
    if (found != mark || length < count) return false;
    std::size_t at = line.find(mark);
    at += length;
    while (at < line.size() && is_blank(line[at])) ++at;
    return at == line.size();
}

// The message starts with code of `language` (after blanks, and SQL comments for SQL).
bool starts_with_code(std::string_view message, CodeLanguage language) {
    if (language == CodeLanguage::sql) {
        const std::size_t at = skip_blank(message);
        std::size_t end = at;
        while (end < message.size() && std::isalpha(static_cast<unsigned char>(message[end])) != 0) ++end;
        return end > at && one_of(ascii_upper(message.substr(at, end - at)), sql_keywords);
    }
    std::size_t at = 0;
    while (at < message.size() && std::isspace(static_cast<unsigned char>(message[at])) != 0) ++at;
    const std::string_view rest = message.substr(at);
    return rest.starts_with("{") || rest.starts_with("openapi:") || rest.starts_with("swagger:") ||
           rest.starts_with("---") || rest.starts_with("\"openapi\"");
}

}  // namespace

std::vector<CodeBlock> fenced_blocks(std::string_view message) {
    std::vector<CodeBlock> blocks;
    std::size_t line_start = 0;
    while (line_start < message.size()) {
        std::size_t line_end = message.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = message.size();
        const std::string_view line = message.substr(line_start, line_end - line_start);
        const auto [mark, count] = fence_at(line);
        if (mark == 0) {
            line_start = line_end + 1;
            continue;
        }
        CodeBlock block;
        block.language = info_word(line);
        block.begin = std::min(line_end + 1, message.size());
        block.end = message.size();
        std::size_t next = block.begin;
        line_start = message.size();
        while (next < message.size()) {
            std::size_t end = message.find('\n', next);
            if (end == std::string_view::npos) end = message.size();
            if (only_fence(message.substr(next, end - next), mark, count)) {
                block.end = next;
                line_start = end + 1;
                break;
            }
            next = end + 1;
        }
        blocks.push_back(std::move(block));
    }
    return blocks;
}

bool SubmittedCode::empty() const {
    return std::all_of(code_.begin(), code_.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

std::size_t SubmittedCode::message_offset(std::size_t code_offset) const {
    const Piece* chosen = nullptr;
    for (const Piece& piece : pieces_) {
        if (piece.code_begin <= code_offset) chosen = &piece;
    }
    if (chosen == nullptr) return pieces_.empty() ? 0 : pieces_.front().message_begin;
    return chosen->message_begin + std::min(code_offset - chosen->code_begin, chosen->size);
}

SubmittedCode extract_code(std::string_view message, CodeLanguage language) {
    SubmittedCode extracted;
    const auto blocks = fenced_blocks(message);
    auto add = [&](std::size_t begin, std::size_t end) {
        if (!extracted.code_.empty()) extracted.code_.push_back('\n');
        extracted.pieces_.push_back({extracted.code_.size(), begin, end - begin});
        extracted.code_.append(message.substr(begin, end - begin));
    };
    if (blocks.empty()) {
        if (starts_with_code(message, language)) add(0, message.size());
        return extracted;
    }
    extracted.fenced_ = true;
    if (language == CodeLanguage::sql) {
        for (const auto& block : blocks) {
            if (one_of(block.language, sql_fences)) add(block.begin, block.end);
        }
        return extracted;
    }
    // One OpenAPI document: the first block that says it is YAML or JSON, else the first plain one.
    auto chosen = std::find_if(blocks.begin(), blocks.end(), [](const CodeBlock& block) { return one_of(block.language, openapi_fences); });
    if (chosen == blocks.end()) {
        chosen = std::find_if(blocks.begin(), blocks.end(), [](const CodeBlock& block) { return block.language.empty(); });
    }
    if (chosen != blocks.end()) add(chosen->begin, chosen->end);
    return extracted;
}

std::string explanation_text(std::string_view message, const SubmittedCode& code, CodeLanguage language) {
    std::string text(message);
    for (const auto& piece : code.pieces()) {
        const std::string_view bytes = message.substr(piece.message_begin, piece.size);
        std::vector<CommentSpan> comments;
        if (language == CodeLanguage::sql) comments = comment_spans(bytes);
        std::size_t next_comment = 0;
        for (std::size_t index = 0; index < bytes.size(); ++index) {
            while (next_comment < comments.size() && comments[next_comment].end <= index) ++next_comment;
            const bool in_comment = next_comment < comments.size() && comments[next_comment].begin <= index;
            if (!in_comment && bytes[index] != '\n') text[piece.message_begin + index] = ' ';
        }
    }
    return text;
}

TextPosition position_in(std::string_view text, std::size_t byte_offset) {
    byte_offset = std::min(byte_offset, text.size());
    TextPosition position;
    for (std::size_t index = 0; index < byte_offset; ++index) {
        const auto byte = static_cast<unsigned char>(text[index]);
        if (text[index] == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((byte & 0xC0u) != 0x80u) {
            ++position.column;
        }
    }
    return position;
}

SqlError locate_in_message(SqlError error, const SubmittedCode& code, std::size_t code_offset, std::string_view message) {
    if (!error.byte_offset) return error;
    const std::size_t offset = code.message_offset(code_offset + *error.byte_offset);
    const TextPosition position = position_in(message, offset);
    error.byte_offset = offset;
    error.line = position.line;
    error.column = position.column;
    return error;
}

}  // namespace mi::practical
