// Any bytes as the body of POST /api/v1/interviews, down the same path the service takes: JSON
// text, a plan, the plan checked against the backend role pack. Errors are fine; throwing
// anything but JsonTextError, or crashing, is not.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/json_text.hpp"
#include "content/pack_loader.hpp"
#include "dialogue/interview/interview_plan.hpp"

namespace {
const mi::content::ContentLibrary& library() {
    static const auto loaded = mi::content::load_content_library(MI_SOURCE_DIR "/content");
    return loaded.library;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& roles = library().roles;
    mi::content::JsonText body;
    try {
        body = mi::content::parse_json_text(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const mi::content::JsonTextError&) {
        return 0;
    }
    if (!body.value.is_object()) return 0;
    const auto parsed = mi::dialogue::plan_from_json(body.value);
    const auto& plan = parsed.plan ? *parsed.plan : parsed.partial;
    for (const auto& role : roles) {
        if (role.id == plan.role) (void)mi::dialogue::validate_plan(plan, role);
    }
    return 0;
}
