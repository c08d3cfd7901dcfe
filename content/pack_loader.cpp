#include "content/pack_loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <system_error>

#include "content/json_text.hpp"
#include "content/pack_reader.hpp"
#include "content/pack_validator.hpp"

namespace mi::content {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// nlohmann reports the byte where parsing stopped; people want line and column.
std::string describe_parse_error(std::string_view text, const JsonTextError& error) {
    std::size_t offending = error.byte == 0 ? 0 : std::min<std::size_t>(error.byte - 1, text.size());
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t index = 0; index < offending; ++index) {
        if (text[index] == '\n') {
            ++line;
            line_start = index + 1;
        }
    }
    std::size_t column = offending - line_start + 1;

    const std::string reason = error.what();
    return "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + reason;
}

struct PackOutcome {
    std::optional<RolePack> pack;  // whatever could be read, even when there are problems
    std::vector<ContentProblem> problems;
};

PackOutcome read_pack_text(std::string_view json_text, const std::string& file_label) {
    PackOutcome outcome;
    json root;
    try {
        JsonText parsed = parse_json_text(json_text);
        for (const std::string& pointer : parsed.duplicate_keys) {
            outcome.problems.push_back(ContentProblem{file_label, pointer, describe_duplicate_key(pointer)});
        }
        root = std::move(parsed.value);
    } catch (const JsonTextError& error) {
        outcome.problems.push_back(ContentProblem{file_label, "", describe_parse_error(json_text, error)});
        return outcome;
    }
    outcome.pack = read_role_pack(root, file_label, outcome.problems);
    auto cross_reference_problems = check_cross_references(*outcome.pack, file_label);
    outcome.problems.insert(outcome.problems.end(), std::make_move_iterator(cross_reference_problems.begin()),
                            std::make_move_iterator(cross_reference_problems.end()));
    return outcome;
}

std::optional<std::string> read_file(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    if (!stream) return std::nullopt;
    std::ostringstream contents;
    contents << stream.rdbuf();
    if (stream.bad()) return std::nullopt;
    return std::move(contents).str();
}

// The pack files of a roles folder, sorted by file name so load order never depends on the file system.
std::vector<fs::path> find_pack_files(const fs::path& roles_dir, std::error_code& error) {
    std::vector<fs::path> files;
    for (fs::directory_iterator entry(roles_dir, error), end; !error && entry != end; entry.increment(error)) {
        std::error_code type_error;
        if (entry->path().extension() == ".json" && entry->is_regular_file(type_error)) files.push_back(entry->path());
    }
    std::sort(files.begin(), files.end(),
              [](const fs::path& left, const fs::path& right) { return left.filename() < right.filename(); });
    return files;
}

}  // namespace

LoadResult load_role_pack_text(std::string_view json_text, const std::string& file_label) {
    LoadResult result;
    auto outcome = read_pack_text(json_text, file_label);
    result.problems = std::move(outcome.problems);
    if (result.problems.empty() && outcome.pack) result.library.roles.push_back(std::move(*outcome.pack));
    return result;
}

LoadResult load_content_library(const std::filesystem::path& content_dir) {
    LoadResult result;
    auto report = [&](const fs::path& where, std::string message) {
        result.problems.push_back(ContentProblem{where.string(), "", std::move(message)});
    };

    std::error_code error;
    if (!fs::exists(content_dir, error)) {
        report(content_dir, "content directory does not exist");
        return result;
    }
    if (!fs::is_directory(content_dir, error)) {
        report(content_dir, "is not a directory; expected a content directory holding roles/*.json");
        return result;
    }
    const auto roles_dir = content_dir / "roles";
    if (!fs::is_directory(roles_dir, error)) {
        report(roles_dir, "no roles folder: role packs go in " + (content_dir / "roles" / "*.json").string());
        return result;
    }
    auto files = find_pack_files(roles_dir, error);
    if (error) {
        report(roles_dir, "cannot list the role packs: " + error.message());
        return result;
    }
    if (files.empty()) {
        report(roles_dir, "no role packs (*.json files) found");
        return result;
    }

    std::map<std::string, std::string, std::less<>> role_files;  // role id -> file that defines it
    for (const auto& file : files) {
        const auto label = file.string();
        auto text = read_file(file);
        if (!text) {
            report(file, "cannot read the file");
            continue;
        }
        auto outcome = read_pack_text(*text, label);
        if (outcome.pack && !outcome.pack->id.empty()) {
            auto [first, inserted] = role_files.emplace(outcome.pack->id, label);
            if (!inserted) {
                outcome.problems.push_back(ContentProblem{
                    label, "/id", "role id \"" + outcome.pack->id + "\" is already used by " + first->second});
            }
        }
        if (outcome.problems.empty() && outcome.pack) {
            result.library.roles.push_back(std::move(*outcome.pack));
        }
        result.problems.insert(result.problems.end(), std::make_move_iterator(outcome.problems.begin()),
                               std::make_move_iterator(outcome.problems.end()));
    }
    return result;
}

}  // namespace mi::content
