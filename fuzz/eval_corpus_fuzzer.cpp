// Any bytes as an eval corpus file (`mock-interviewer eval --corpus`), read against the project's
// content: the reader returns labelled answers or one problem naming its line, never throws or
// crashes, and what it returns is consistent with the question each answer names.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "content/pack_loader.hpp"
#include "dialogue/scoring/eval_corpus.hpp"

namespace {
const mi::content::LoadResult& content() {
    static const mi::content::LoadResult loaded = mi::content::load_content_library(MI_SOURCE_DIR "/content");
    return loaded;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto read = mi::dialogue::parse_eval_corpus(text, content().library);
    if (const auto* problem = std::get_if<mi::dialogue::EvalCorpusProblem>(&read)) {
        if (!problem->message.starts_with("line ")) __builtin_trap();
        return 0;
    }
    for (const auto& answer : std::get<std::vector<mi::dialogue::LabelledAnswer>>(read)) {
        if (answer.question == nullptr || answer.role == nullptr) __builtin_trap();
        if (answer.key_points.size() != answer.question->coverage.size()) __builtin_trap();
        if (answer.red_flags && answer.red_flags->size() != answer.question->red_flags.size()) __builtin_trap();
        if (answer.grade < 1 || answer.grade > 5 || answer.line == 0 || answer.line > size) __builtin_trap();
    }
    return 0;
}
