#include "practical/sql_text.hpp"

#include <cctype>

namespace mi::practical {
namespace {

bool is_identifier_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) != 0 || c == '_' || c == '$' || byte >= 0x80;
}

// The end of the comment or quoted token at `at`, or `at` when none starts there.
std::size_t skip_comment_or_quoted(std::string_view text, std::size_t at) {
    if (text.compare(at, 2, "--") == 0) {
        const auto end = text.find('\n', at);
        return end == std::string_view::npos ? text.size() : end + 1;
    }
    if (text.compare(at, 2, "/*") == 0) {
        const auto end = text.find("*/", at + 2);
        return end == std::string_view::npos ? text.size() : end + 2;
    }
    const char open = text[at];
    char close = 0;
    if (open == '\'' || open == '"' || open == '`') close = open;
    if (open == '[') close = ']';
    if (close == 0) return at;
    std::size_t index = at + 1;
    while (index < text.size()) {
        if (text[index] == close) {
            // A doubled quote is the quote itself ('it''s'); brackets have no escape.
            if (close != ']' && index + 1 < text.size() && text[index + 1] == close) {
                index += 2;
                continue;
            }
            return index + 1;
        }
        ++index;
    }
    return text.size();
}

std::size_t skip(std::string_view text, bool semicolons) {
    std::size_t at = 0;
    while (at < text.size()) {
        const char c = text[at];
        if (std::isspace(static_cast<unsigned char>(c)) != 0 || (semicolons && c == ';')) {
            ++at;
        } else if (text.compare(at, 2, "--") == 0 || text.compare(at, 2, "/*") == 0) {
            at = skip_comment_or_quoted(text, at);
        } else {
            break;
        }
    }
    return at;
}

// The first `count` words of a statement, upper-cased; stops at anything that is not a word.
std::vector<std::string> leading_words(std::string_view text, std::size_t count) {
    std::vector<std::string> words;
    std::size_t at = 0;
    while (words.size() < count) {
        at += skip(text.substr(at), false);
        std::size_t end = at;
        while (end < text.size() && is_identifier_char(text[end])) ++end;
        if (end == at) break;
        words.push_back(ascii_upper(text.substr(at, end - at)));
        at = end;
    }
    return words;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

std::string ascii_upper(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return result;
}

bool equals_ignoring_case(std::string_view left, std::string_view right) {
    return left.size() == right.size() && ascii_lower(left) == ascii_lower(right);
}

std::size_t skip_blank(std::string_view text) { return skip(text, false); }
std::size_t skip_blank_and_semicolons(std::string_view text) { return skip(text, true); }

StatementClass classify_statement(std::string_view text) {
    const auto words = leading_words(text, 4);
    if (words.empty()) return {StatementKind::other, "this statement"};
    const std::string& first = words[0];
    auto word = [&](std::size_t index) { return index < words.size() ? words[index] : std::string(); };
    if (first == "SELECT" || first == "VALUES" || first == "WITH") return {StatementKind::query, first};
    if (first == "CREATE" || first == "DROP") {
        std::size_t next = 1;
        if (word(next) == "UNIQUE" || word(next) == "TEMP" || word(next) == "TEMPORARY") ++next;
        const std::string object = word(next);
        const std::string keyword = first + " " + object;
        if (object == "INDEX") return {first == "CREATE" ? StatementKind::create_index : StatementKind::drop_index, keyword};
        if (object == "TABLE" || object == "VIEW" || object == "TRIGGER") {
            return {first == "CREATE" ? StatementKind::create_other : StatementKind::drop_other, keyword};
        }
        return {StatementKind::other, keyword};
    }
    if (first == "ANALYZE") return {StatementKind::analyze, first};
    if (first == "ALTER") return {StatementKind::alter, "ALTER TABLE"};
    if (first == "INSERT" || first == "REPLACE" || first == "UPDATE" || first == "DELETE") {
        return {StatementKind::write, first};
    }
    if (first == "BEGIN" || first == "COMMIT" || first == "END" || first == "ROLLBACK" || first == "SAVEPOINT" ||
        first == "RELEASE") {
        return {StatementKind::transaction, first};
    }
    if (first == "PRAGMA") return {StatementKind::pragma, first};
    if (first == "REINDEX") return {StatementKind::reindex, first};
    return {StatementKind::other, first};
}

std::size_t statement_end(std::string_view text) {
    int depth = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t skipped = skip_comment_or_quoted(text, at);
        if (skipped != at) {
            at = skipped;
            continue;
        }
        const char c = text[at];
        if (c == '(') ++depth;
        if (c == ')' && depth > 0) --depth;
        if (c == ';' && depth == 0) return at + 1;
        ++at;
    }
    return text.size();
}

std::vector<CommentSpan> comment_spans(std::string_view sql) {
    std::vector<CommentSpan> comments;
    std::size_t at = 0;
    while (at < sql.size()) {
        const std::size_t skipped = skip_comment_or_quoted(sql, at);
        if (skipped == at) {
            ++at;
            continue;
        }
        if (sql.compare(at, 2, "--") == 0 || sql.compare(at, 2, "/*") == 0) comments.push_back({at, skipped});
        at = skipped;
    }
    return comments;
}

bool has_top_level_order_by(std::string_view query) {
    int depth = 0;
    bool after_order = false;
    std::size_t at = 0;
    while (at < query.size()) {
        const std::size_t skipped = skip_comment_or_quoted(query, at);
        if (skipped != at) {
            at = skipped;
            after_order = false;
            continue;
        }
        const char c = query[at];
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            --depth;
        }
        if (is_identifier_char(c)) {
            std::size_t end = at;
            while (end < query.size() && is_identifier_char(query[end])) ++end;
            const std::string word = ascii_upper(query.substr(at, end - at));
            if (depth == 0 && after_order && word == "BY") return true;
            after_order = depth == 0 && word == "ORDER";
            at = end;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) after_order = false;
        ++at;
    }
    return false;
}

}  // namespace mi::practical
