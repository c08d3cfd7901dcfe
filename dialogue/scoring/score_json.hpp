// JSON form of scoring results, shared by the server, the webhooks and the reports.
// Field names follow the C++ members; enums are written as their to_string() names.
#pragma once

#include <nlohmann/json.hpp>

#include "dialogue/scoring/answer_scorer.hpp"

namespace mi::dialogue {

[[nodiscard]] nlohmann::json to_json(const AnswerScore& score);
[[nodiscard]] nlohmann::json to_json(const TaskScore& score);

}  // namespace mi::dialogue
