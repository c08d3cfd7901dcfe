#include "cli/content_dir.hpp"

#include <cstdlib>

namespace mi::cli {

std::string resolve_content_dir(const std::string& given) {
    if (!given.empty()) return given;
    if (const char* from_environment = std::getenv("MI_CONTENT_DIR"); from_environment && *from_environment) {
        return from_environment;
    }
    return "content";
}

}  // namespace mi::cli
