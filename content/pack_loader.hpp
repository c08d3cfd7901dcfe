// Reading role packs from disk or text into RolePack, with every content rule checked
// (docs/content-format.md). Bad content never throws: it comes back as ContentProblems.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "content/content_problem.hpp"
#include "content/role_pack.hpp"

namespace mi::content {

struct LoadResult {
    ContentLibrary library;                // packs that loaded cleanly
    std::vector<ContentProblem> problems;  // every problem found, in file order
    [[nodiscard]] bool ok() const { return problems.empty(); }
};

// Reads every DIR/roles/*.json (sorted by file name), parses, checks every rule of
// docs/content-format.md and the cross-references, and converts into RolePack.
// A missing directory or a directory without packs is a problem too.
LoadResult load_content_library(const std::filesystem::path& content_dir);

// Same for a single pack file's text; `file_label` names it in the problems.
LoadResult load_role_pack_text(std::string_view json_text, const std::string& file_label);

}  // namespace mi::content
