// The guide as a person reads it, in JSON: every text of a role pack (stages in order with the
// questions and tasks asked in each, questions with their stages, tasks, industries, skills, tips)
// without the scorer vocabularies. Used by `content list --json`; fit for an HTTP API too.
#pragma once

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"

namespace mi::content {

[[nodiscard]] nlohmann::json role_guide_to_json(const RolePack& pack);

}  // namespace mi::content
