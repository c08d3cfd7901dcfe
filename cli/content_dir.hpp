#pragma once

#include <string>

namespace mi::cli {

// The content directory a command reads: the one given on the command line, else
// $MI_CONTENT_DIR, else ./content. One rule for every command, so they never disagree.
[[nodiscard]] std::string resolve_content_dir(const std::string& given);

}  // namespace mi::cli
