// Tests read their fixtures from the source tree: one reader for all of them.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace mi::testing {

// The whole file at `path` (absolute, or under MI_SOURCE_DIR), or std::runtime_error naming it.
// Safe before any test runs: it uses no Catch assertion.
inline std::string read_source_file(const std::string& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << stream.rdbuf();
    return text.str();
}

}  // namespace mi::testing
