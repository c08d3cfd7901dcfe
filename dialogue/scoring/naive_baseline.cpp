#include "dialogue/scoring/naive_baseline.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace mi::dialogue {
namespace {

// Words of four letters or more that carry no topic; shorter words are skipped by length alone.
constexpr std::string_view function_words[] = {
    "about", "after", "also", "been", "being", "both", "does", "each", "from", "have", "into", "just", "like",
    "more", "most", "much", "only", "other", "over", "same", "some", "such", "than", "that", "their", "them",
    "then", "there", "these", "they", "this", "those", "very", "what", "when", "where", "which", "while",
    "will", "with", "would", "your",
};
constexpr std::size_t min_content_word_length = 4;

bool is_word_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The text's words: maximal runs of ASCII letters and digits, lower-cased.
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string current;
    for (const char c : text) {
        if (is_word_character(c)) {
            current.push_back(lower(c));
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) words.push_back(std::move(current));
    return words;
}

bool is_content_word(const std::string& word) {
    return word.size() >= min_content_word_length &&
           std::find(std::begin(function_words), std::end(function_words), word) == std::end(function_words);
}

}  // namespace

NaiveJudgement naive_judgement(const content::Question& question, std::string_view answer) {
    const auto answer_words = words_of(answer);
    const std::unordered_set<std::string> in_answer(answer_words.begin(), answer_words.end());
    NaiveJudgement judgement;
    std::size_t covered = 0;
    for (const content::CoverageItem& item : question.coverage) {
        bool found = false;
        for (const std::string& word : words_of(item.text)) {
            if (is_content_word(word) && in_answer.contains(word)) found = true;
        }
        judgement.covered.push_back(found);
        if (found) ++covered;
    }
    judgement.raised.assign(question.red_flags.size(), true);
    judgement.star_applicable = question.star.has_value();
    if (judgement.star_applicable) judgement.star = {true, true, true, true};
    if (!question.coverage.empty()) {
        judgement.score = 100.0 * static_cast<double>(covered) / static_cast<double>(question.coverage.size());
    }
    return judgement;
}

}  // namespace mi::dialogue
