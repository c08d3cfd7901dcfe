// Any bytes as an answer (after the protocol's UTF-8 check, as the server does), scored against a
// question of the backend pack picked by the first byte: never throws or crashes, and every
// evidence span lies inside the answer.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"

namespace {
struct Loaded {
    mi::content::LoadResult content = mi::content::load_content_library(MI_SOURCE_DIR "/content");
    mi::dialogue::AnswerScorer scorer{content.library.roles.at(0)};
};
const Loaded& loaded() {
    static const Loaded instance;
    return instance;
}

bool is_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
        }
        i += length;
    }
    return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& questions = loaded().content.library.roles.at(0).questions;
    const auto& question = questions[data[0] % questions.size()];
    const std::string_view answer(reinterpret_cast<const char*>(data + 1), size - 1);
    if (!is_utf8(answer)) return 0;
    (void)loaded().scorer.score_answer(question, answer);
    return 0;
}
