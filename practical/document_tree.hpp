// A YAML or JSON document as a tree whose every node knows where it is in the text, so a finding
// about an OpenAPI document can say "line 14, column 7". Read with yaml-cpp (YAML 1.2 is a superset
// of JSON, so one reader serves both, with the same positions); a text that starts with '{' is
// first checked as strict JSON, so a JSON author hears JSON's rules (no trailing comma) at the
// byte where they are broken.
//
// Bounded: at most max_nodes nodes (an alias counts each time it is used, so a "billion laughs"
// document is refused, not expanded) and max_depth levels of nesting.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace mi::practical {

struct DocumentNode {
    enum class Kind { null, scalar, sequence, mapping };
    Kind kind = Kind::null;
    std::string text;                                    // a scalar's value as written (unquoted)
    bool quoted = false;                                 // a scalar written in quotes: always a string
    std::vector<std::pair<std::string, DocumentNode>> entries;  // a mapping's keys and values, in order
    std::vector<std::size_t> key_offsets;                // where each key is, parallel to entries
    std::vector<DocumentNode> items;                     // a sequence
    std::size_t offset = 0;                              // byte offset of the node in the document

    [[nodiscard]] bool is_mapping() const { return kind == Kind::mapping; }
    [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
    [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
    // The value of `key` in a mapping, or nullptr.
    [[nodiscard]] const DocumentNode* find(std::string_view key) const;
    // A scalar's text, or "" for anything else.
    [[nodiscard]] std::string_view scalar() const { return kind == Kind::scalar ? std::string_view(text) : std::string_view(); }
};

struct DocumentLimits {
    std::size_t max_nodes = 20'000;  // a full todo API is ~400 nodes
    std::size_t max_depth = 64;      // an OpenAPI schema nests ~10 deep
};

struct DocumentError {
    std::string message;
    std::size_t offset = 0;          // byte offset in the document
};

[[nodiscard]] std::variant<DocumentNode, DocumentError> parse_document(std::string_view text, const DocumentLimits& limits = {});

}  // namespace mi::practical
