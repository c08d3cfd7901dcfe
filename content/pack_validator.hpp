// The rules of docs/content-format.md that a JSON Schema cannot express: ids unique across the
// pack, every reference resolving, every question and task reachable from some stage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "content/content_problem.hpp"
#include "content/role_pack.hpp"

namespace mi::content {

// Problems point into the pack's JSON form, so `pack` must keep the file's element order
// (the loader guarantees that; packs built in code have the same shape).
[[nodiscard]] std::vector<ContentProblem> check_cross_references(const RolePack& pack, const std::string& file_label);

// Lower-case kebab-case: ^[a-z0-9]+(-[a-z0-9]+)*$
[[nodiscard]] bool is_valid_id(std::string_view id);

}  // namespace mi::content
