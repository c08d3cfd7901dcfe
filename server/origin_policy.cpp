#include "server/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace mi::server {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// "http://localhost:8080" -> "localhost:8080"; the path part, if any, is dropped.
std::string_view host_of_origin(std::string_view origin) {
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return {};
    auto rest = origin.substr(scheme_end + 3);
    return rest.substr(0, rest.find('/'));
}

}  // namespace

bool is_origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed_origins) {
    if (allowed_origins.empty()) {
        if (origin.empty()) return true;
        const auto origin_host = host_of_origin(origin);
        return !origin_host.empty() && equal_ignoring_case(origin_host, host);
    }
    return std::any_of(allowed_origins.begin(), allowed_origins.end(), [&](const std::string& allowed) {
        return allowed == "*" || equal_ignoring_case(allowed, origin);
    });
}

}  // namespace mi::server
