// Mapping request targets to files under web/ without ever leaving it.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace mi::server {

// The file a GET of `target` ("/", "/app.js?v=2", "/css/site.css") should serve, or nothing when
// the target is malformed, escapes `web_root` (".." segments, encoded or not, symlinks leading
// out), or names no regular file. "/" and any path ending in "/" serve that folder's index.html.
// `web_root` must be canonical (std::filesystem::canonical).
[[nodiscard]] std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& web_root,
                                                                       std::string_view target);

// Content-Type for a file by its extension; unknown ones are application/octet-stream.
[[nodiscard]] std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace mi::server
