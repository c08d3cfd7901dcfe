// Scoring speed on the real backend-developer pack: answers of 50, 200 and 800 words, including
// tokenising, stemming (through the stem cache, warm after the first iteration as in a server),
// phrase matching, STAR, gates and feedback. Target: median <= 25 us for 200 words on one core.
#include <benchmark/benchmark.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"

namespace {

const mi::content::RolePack& backend_pack() {
    static const mi::content::LoadResult loaded = mi::content::load_content_library(MI_SOURCE_DIR "/content");
    if (!loaded.ok() || loaded.library.roles.empty()) throw std::runtime_error("cannot load " MI_SOURCE_DIR "/content");
    return loaded.library.roles.front();
}

// `words` words of realistic prose: the guide's good answers, one after another, cut to length.
std::string answer_of(std::size_t words) {
    std::string source;
    for (const auto& question : backend_pack().questions) source += question.good_answer_example + " ";
    std::istringstream in(source);
    std::string answer, word;
    for (std::size_t count = 0; count < words; ++count) {
        if (!(in >> word)) {
            in.clear();
            in.str(source);
            in >> word;
        }
        answer += (count == 0 ? "" : " ") + word;
    }
    return answer;
}

void score_answer(benchmark::State& state, const char* question_id) {
    const auto& pack = backend_pack();
    const mi::dialogue::AnswerScorer scorer(pack);
    const auto* question = pack.find_question(question_id);
    const std::string answer = answer_of(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        benchmark::DoNotOptimize(scorer.score_answer(*question, answer));
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.SetLabel("words/s in items");
}

void BM_ScoreTechnicalAnswer(benchmark::State& state) { score_answer(state, "debugging-approach"); }
void BM_ScoreBehaviouralAnswer(benchmark::State& state) { score_answer(state, "technical-challenge"); }

}  // namespace

BENCHMARK(BM_ScoreTechnicalAnswer)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ScoreBehaviouralAnswer)->Arg(50)->Arg(200)->Arg(800)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
