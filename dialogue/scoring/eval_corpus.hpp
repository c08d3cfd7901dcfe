// The labelled corpus `mock-interviewer eval` reads (JSON Lines; format: shared docs `eval-corpus.md`): one
// answer per line with the question it answers, the key points, red flags and STAR parts a person
// marked, and a grade. Pure: text in, labelled answers or the first problem out, so the reader is
// tested and fuzzed without files (fuzz/eval_corpus_fuzzer.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "content/role_pack.hpp"

namespace mi::dialogue {

struct LabelledAnswer {
    std::size_t line = 0;                         // 1-based line of the corpus text
    std::string id;
    const content::RolePack* role = nullptr;      // points into the library the corpus was read with
    const content::Question* question = nullptr;
    std::string answer;
    std::vector<bool> key_points;                 // per coverage item of the question
    std::optional<std::vector<bool>> red_flags;   // per red flag of the question
    std::optional<std::array<bool, 4>> star;      // situation, task, action, result
    int grade = 0;                                // 1 to 5
};

// The first thing wrong with a corpus, naming its line: "line 3: \"grade\" must be an integer from 1 to 5".
struct EvalCorpusProblem {
    std::string message;
};

using EvalCorpus = std::variant<std::vector<LabelledAnswer>, EvalCorpusProblem>;

// Reads every non-blank line of `text` (lines end with "\n"; a "\r" before it is whitespace). The
// answers point into `library`, which must outlive them.
[[nodiscard]] EvalCorpus parse_eval_corpus(std::string_view text, const content::ContentLibrary& library);

}  // namespace mi::dialogue
