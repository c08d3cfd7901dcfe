#include "server/static_files.hpp"

#include <string>
#include <system_error>

namespace mi::server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        decoded.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return decoded;
}

bool is_within(const std::filesystem::path& root, const std::filesystem::path& candidate) {
    auto root_part = root.begin();
    auto candidate_part = candidate.begin();
    for (; root_part != root.end(); ++root_part, ++candidate_part) {
        if (candidate_part == candidate.end() || *root_part != *candidate_part) return false;
    }
    return true;
}

}  // namespace

std::optional<std::filesystem::path> resolve_static_file(const std::filesystem::path& web_root,
                                                         std::string_view target) {
    target = target.substr(0, target.find_first_of("?#"));
    if (target.empty() || target.front() != '/') return std::nullopt;
    const auto decoded = percent_decode(target);
    if (!decoded) return std::nullopt;
    std::string relative = decoded->substr(1);
    if (relative.empty() || relative.back() == '/') relative += "index.html";

    std::filesystem::path path = web_root;
    std::size_t start = 0;
    while (start <= relative.size()) {
        const auto end = std::min(relative.find('/', start), relative.size());
        const std::string_view segment = std::string_view(relative).substr(start, end - start);
        // Only plain names: no parent references, no backslashes or NULs a file system might
        // interpret, no hidden files (.git, .env).
        if (segment.empty() || segment.front() == '.' || segment.find('\\') != std::string_view::npos ||
            segment.find('\0') != std::string_view::npos) {
            return std::nullopt;
        }
        path /= std::string(segment);
        start = end + 1;
    }

    std::error_code error;
    const auto resolved = std::filesystem::canonical(path, error);
    if (error || !is_within(web_root, resolved) || !std::filesystem::is_regular_file(resolved, error)) {
        return std::nullopt;
    }
    return resolved;
}

std::string_view content_type_for(const std::filesystem::path& file) {
    const std::string extension = file.extension().string();
    if (extension == ".html") return "text/html; charset=utf-8";
    if (extension == ".css") return "text/css; charset=utf-8";
    if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
    if (extension == ".json") return "application/json";
    if (extension == ".svg") return "image/svg+xml";
    if (extension == ".png") return "image/png";
    if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
    if (extension == ".ico") return "image/x-icon";
    if (extension == ".txt") return "text/plain; charset=utf-8";
    if (extension == ".md") return "text/markdown; charset=utf-8";
    if (extension == ".woff2") return "font/woff2";
    if (extension == ".webmanifest") return "application/manifest+json";
    return "application/octet-stream";
}

}  // namespace mi::server
