// Helpers for the scorer tests: the real backend-developer pack, and small packs built in code.
#pragma once

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

#include "content/pack_loader.hpp"
#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"

namespace mi::dialogue::testing {

inline const content::RolePack& backend_pack() {
    static const content::LoadResult loaded = content::load_content_library(MI_SOURCE_DIR "/content");
    if (!loaded.ok() || loaded.library.roles.empty()) throw std::runtime_error("cannot load " MI_SOURCE_DIR "/content");
    return *loaded.library.find_role("backend-developer");
}

inline const AnswerScorer& backend_scorer() {
    static const AnswerScorer scorer(backend_pack());
    return scorer;
}

inline const content::Question& backend_question(std::string_view id) {
    const content::Question* question = backend_pack().find_question(id);
    if (question == nullptr) throw std::runtime_error("no question " + std::string(id));
    return *question;
}

inline const CoverageResult& coverage_item(const AnswerScore& score, std::string_view text) {
    for (const CoverageResult& item : score.coverage) {
        if (item.text == text) return item;
    }
    throw std::runtime_error("no coverage item " + std::string(text));
}

inline const RedFlagResult& red_flag(const AnswerScore& score, std::string_view text) {
    for (const RedFlagResult& flag : score.red_flags) {
        if (flag.text == text) return flag;
    }
    throw std::runtime_error("no red flag " + std::string(text));
}

inline std::string_view at(std::string_view text, ByteSpan span) { return text.substr(span.begin, span.end - span.begin); }

inline content::MatchRule any_of(std::vector<std::string> terms) {
    content::MatchRule rule;
    rule.any = std::move(terms);
    return rule;
}

// A one-question pack whose items are the given rules, named "item-0", "item-1", ...
inline content::RolePack pack_with_items(std::vector<content::MatchRule> rules,
                                         std::vector<std::vector<std::string>> synonyms = {}) {
    content::RolePack pack;
    pack.id = "test-role";
    pack.title = "Test role";
    pack.synonyms = std::move(synonyms);
    pack.technologies = {"postgresql", "redis"};
    content::Question question;
    question.id = "q";
    question.text = "How do you make a database fast?";
    question.category = content::QuestionCategory::basic_technical;
    question.coverage_kind = content::CoverageKind::expected_knowledge;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        question.coverage.push_back({"item-" + std::to_string(i), "Item " + std::to_string(i), std::move(rules[i])});
    }
    pack.questions.push_back(std::move(question));
    return pack;
}

}  // namespace mi::dialogue::testing
