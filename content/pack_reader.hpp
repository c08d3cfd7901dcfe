// Structural half of pack validation: walks a parsed pack, checks it the way
// content/schema/role-pack.schema.json does (required fields, types, enums, id pattern, no unknown
// fields, non-empty texts, match/detect rules) and converts it into a RolePack at the same time.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "content/content_problem.hpp"
#include "content/role_pack.hpp"

namespace mi::content {

// Appends every structural problem to `problems`. The returned pack holds whatever could be read;
// array elements are never skipped (a broken one becomes an empty element), so indices in the
// pack still match JSON pointers into the file and the cross-reference check can run on it.
[[nodiscard]] RolePack read_role_pack(const nlohmann::json& root, const std::string& file_label,
                                      std::vector<ContentProblem>& problems);

}  // namespace mi::content
