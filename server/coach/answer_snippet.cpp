#include "server/coach/answer_snippet.hpp"

#include <algorithm>
#include <set>
#include <vector>

namespace mi::server::coach {

namespace {

// Words as fts_phrase_query and FTS5's tokenizer see them: runs of ASCII letters and digits and
// of any non-ASCII byte.
bool is_word_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte >= 0x80;
}

std::string lowercase_ascii(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
}

struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

std::vector<Span> word_spans(std::string_view text) {
    std::vector<Span> spans;
    std::size_t index = 0;
    while (index < text.size()) {
        if (!is_word_byte(text[index])) {
            ++index;
            continue;
        }
        const auto begin = index;
        while (index < text.size() && is_word_byte(text[index])) ++index;
        spans.push_back(Span{begin, index});
    }
    return spans;
}

}  // namespace

std::string words_of_phrase_query(std::string_view fts_query) {
    std::string words;
    bool quoted = false;
    for (std::size_t index = 0; index < fts_query.size(); ++index) {
        const char c = fts_query[index];
        if (c != '"') {
            if (quoted) words += c;
            continue;
        }
        if (quoted && index + 1 < fts_query.size() && fts_query[index + 1] == '"') {
            words += '"';
            ++index;
            continue;
        }
        if (quoted) words += ' ';
        quoted = !quoted;
    }
    return words;
}

std::string answer_snippet(std::string_view answer, std::string_view fts_query, std::size_t window_words) {
    std::set<std::string> wanted;
    const auto query_words = words_of_phrase_query(fts_query);
    for (const auto span : word_spans(query_words)) {
        wanted.insert(lowercase_ascii(query_words.substr(span.begin, span.end - span.begin)));
    }
    const auto spans = word_spans(answer);
    if (spans.empty() || window_words == 0) return {};
    std::vector<int> hit(spans.size(), -1);     // which wanted word each answer word is, if any
    std::vector<std::string> wanted_list(wanted.begin(), wanted.end());
    for (std::size_t index = 0; index < spans.size(); ++index) {
        const auto word = lowercase_ascii(answer.substr(spans[index].begin, spans[index].end - spans[index].begin));
        const auto found = std::find(wanted_list.begin(), wanted_list.end(), word);
        if (found != wanted_list.end()) hit[index] = static_cast<int>(found - wanted_list.begin());
    }
    // The first window with the most distinct query words, moved back a little so the first match
    // is not its first word.
    const auto width = std::min(window_words, spans.size());
    std::size_t best_start = 0;
    std::size_t best_count = 0;
    for (std::size_t start = 0; start + width <= spans.size(); ++start) {
        std::set<int> seen;
        for (std::size_t index = start; index < start + width; ++index) {
            if (hit[index] >= 0) seen.insert(hit[index]);
        }
        if (seen.size() > best_count) {
            best_count = seen.size();
            best_start = start;
        }
    }
    if (best_count > 0) {
        std::size_t first_hit = best_start;
        while (hit[first_hit] < 0) ++first_hit;
        std::size_t last_hit = best_start + width - 1;
        while (hit[last_hit] < 0) --last_hit;
        const auto slack = width - (last_hit - first_hit + 1);
        best_start = std::min(first_hit - std::min(first_hit, slack / 2), spans.size() - width);
    }
    const auto last = best_start + width - 1;
    std::string snippet;
    if (best_start > 0) snippet += "…";
    snippet += answer.substr(spans[best_start].begin, spans[last].end - spans[best_start].begin);
    if (last + 1 < spans.size()) snippet += "…";
    return snippet;
}

}  // namespace mi::server::coach
