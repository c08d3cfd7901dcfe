#include "practical/document_tree.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "content/json_text.hpp"

namespace mi::practical {
namespace {

// Byte offset of a 0-based line and column (yaml-cpp's Mark), counted in `text`.
std::size_t offset_of(std::string_view text, int line, int column) {
    std::size_t offset = 0;
    for (int current = 0; current < line && offset < text.size(); ++offset) {
        if (text[offset] == '\n') ++current;
    }
    return std::min(text.size(), offset + static_cast<std::size_t>(std::max(0, column)));
}

// Nesting a reader can see without parsing: brackets of flow collections, and "- " / "? " that open
// block collections on one line. Deeper than the limit is refused before yaml-cpp recurses.
std::optional<std::size_t> too_deep_at(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    char quote = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (quote != 0) {
            if (c == '\\' && quote == '"') {
                ++at;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return at;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == '\n') {
            std::size_t dashes = 0;
            std::size_t look = at + 1;
            for (;;) {
                while (look < text.size() && text[look] == ' ') ++look;
                if (look + 1 < text.size() && (text[look] == '-' || text[look] == '?') && text[look + 1] == ' ') {
                    ++dashes;
                    look += 2;
                } else {
                    break;
                }
            }
            if (dashes > max_depth) return at + 1;
        }
    }
    return std::nullopt;
}

class Converter {
public:
    Converter(std::string_view text, const DocumentLimits& limits) : text_(text), limits_(limits) {}

    DocumentNode convert(const YAML::Node& node, std::size_t depth) {
        DocumentNode result;
        const auto mark = node.Mark();
        result.offset = offset_of(text_, mark.line, mark.column);
        if (++nodes_ > limits_.max_nodes) {
            fail("the document has more than " + std::to_string(limits_.max_nodes) +
                     " values (an alias counts each time it is used); a todo API needs far fewer",
                 result.offset);
        }
        if (depth > limits_.max_depth) {
            fail("the document nests deeper than " + std::to_string(limits_.max_depth) + " levels", result.offset);
        }
        switch (node.Type()) {
            case YAML::NodeType::Scalar:
                result.kind = DocumentNode::Kind::scalar;
                result.text = node.Scalar();
                result.quoted = node.Tag() == "!";
                break;
            case YAML::NodeType::Sequence:
                result.kind = DocumentNode::Kind::sequence;
                for (const auto& item : node) result.items.push_back(convert(item, depth + 1));
                break;
            case YAML::NodeType::Map:
                result.kind = DocumentNode::Kind::mapping;
                for (auto entry = node.begin(); entry != node.end(); ++entry) {
                    const auto key_mark = entry->first.Mark();
                    const std::size_t key_offset = offset_of(text_, key_mark.line, key_mark.column);
                    if (!entry->first.IsScalar()) fail("a key must be a plain value, not a list or a mapping", key_offset);
                    const std::string key = entry->first.Scalar();
                    const auto repeated = std::find_if(result.entries.begin(), result.entries.end(),
                                                       [&](const auto& existing) { return existing.first == key; });
                    if (repeated != result.entries.end()) {
                        fail("the key \"" + key + "\" appears twice in the same mapping; keep one", key_offset);
                    }
                    result.key_offsets.push_back(key_offset);
                    result.entries.emplace_back(key, convert(entry->second, depth + 1));
                }
                break;
            case YAML::NodeType::Null:
            case YAML::NodeType::Undefined: result.kind = DocumentNode::Kind::null; break;
        }
        return result;
    }

    struct Failure {
        DocumentError error;
    };

private:
    [[noreturn]] void fail(std::string message, std::size_t offset) { throw Failure{DocumentError{std::move(message), offset}}; }

    std::string_view text_;
    const DocumentLimits& limits_;
    std::size_t nodes_ = 0;
};

}  // namespace

const DocumentNode* DocumentNode::find(std::string_view key) const {
    for (const auto& [name, value] : entries) {
        if (name == key) return &value;
    }
    return nullptr;
}

std::variant<DocumentNode, DocumentError> parse_document(std::string_view text, const DocumentLimits& limits) {
    std::size_t first = 0;
    while (first < text.size() && std::isspace(static_cast<unsigned char>(text[first])) != 0) ++first;
    if (first == text.size()) return DocumentError{"the document is empty", 0};
    if (text[first] == '{') {
        // JSON: its own rules first (YAML would let a trailing comma or a repeated key through).
        try {
            const auto parsed = content::parse_json_text(text);
            if (!parsed.duplicate_keys.empty()) {
                return DocumentError{content::describe_duplicate_key(parsed.duplicate_keys.front()), first};
            }
        } catch (const content::JsonTextError& error) {
            return DocumentError{std::string("not valid JSON: ") + error.what(), error.byte > 0 ? error.byte - 1 : 0};
        }
    }
    if (const auto deep = too_deep_at(text, limits.max_depth)) {
        return DocumentError{"the document nests deeper than " + std::to_string(limits.max_depth) + " levels", *deep};
    }
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        Converter converter(text, limits);
        return converter.convert(root, 0);
    } catch (const Converter::Failure& failure) {
        return failure.error;
    } catch (const YAML::Exception& error) {
        return DocumentError{"not valid YAML: " + error.msg, offset_of(text, error.mark.line, error.mark.column)};
    }
}

}  // namespace mi::practical
