// A practical-task submission is a chat message: prose with code in it. The checkers run the code
// and read the prose; these functions find each, and map every position in the code back to the
// message, so an error names the line and column of what the candidate typed, not of a fragment.
//
// Where the code is (docs/practical-tasks.md, "How to submit"):
// - every fenced block (``` or ~~~ at the start of a line) whose info word is the task's language,
//   or that has none ("```sql", "```yaml", "```"), joined in order;
// - without any fence, the whole message, when it starts with code (a SQL keyword; `{`,
//   `openapi:`, `swagger:` or `---` for an OpenAPI document). Prose then goes in SQL comments.
// The explanation is everything else: the text around the blocks and the SQL comments inside them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "practical/sql_sandbox.hpp"

namespace mi::practical {

// One fenced block: its info word and where its code is in the message.
struct CodeBlock {
    std::string language;   // the fence's first info word, lower-cased ("sql", "yaml"); "" when none
    std::size_t begin = 0;  // the code's bytes in the message: [begin, end), fences excluded
    std::size_t end = 0;
};

// Every fenced block of `message`, in order. A block runs to its closing fence (the same character,
// at least as many) or to the end of the message.
[[nodiscard]] std::vector<CodeBlock> fenced_blocks(std::string_view message);

enum class CodeLanguage { sql, openapi };

// The code of a submission, joined, with the way back to the message.
class SubmittedCode {
public:
    struct Piece {
        std::size_t code_begin = 0;     // where the piece starts in code()
        std::size_t message_begin = 0;  // and in the message
        std::size_t size = 0;
    };

    SubmittedCode() = default;
    SubmittedCode(std::string code, std::vector<Piece> pieces) : code_(std::move(code)), pieces_(std::move(pieces)) {}

    [[nodiscard]] const std::string& code() const { return code_; }
    [[nodiscard]] const std::vector<Piece>& pieces() const { return pieces_; }
    [[nodiscard]] bool empty() const;               // no code, or only blanks and comments
    [[nodiscard]] bool fenced() const { return fenced_; }
    // The message offset of an offset into code() (the end of a piece maps to the end of its bytes).
    [[nodiscard]] std::size_t message_offset(std::size_t code_offset) const;

private:
    friend SubmittedCode extract_code(std::string_view message, CodeLanguage language);
    std::string code_;
    std::vector<Piece> pieces_;
    bool fenced_ = false;
};

// The code of `message` in `language` (see the rules above).
[[nodiscard]] SubmittedCode extract_code(std::string_view message, CodeLanguage language);

// The message with every byte of code blanked (spaces; line breaks kept), except SQL comments:
// what the candidate wrote in words, at the same byte offsets as in the message.
[[nodiscard]] std::string explanation_text(std::string_view message, const SubmittedCode& code, CodeLanguage language);

// A position as a person counts it: 1-based line, 1-based column in characters (UTF-8 aware).
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;
};
[[nodiscard]] TextPosition position_in(std::string_view text, std::size_t byte_offset);

// `error` (offsets into `code`, starting at `code_offset` in code.code()) re-placed in the message:
// byte_offset, line and column then point into what the candidate typed.
[[nodiscard]] SqlError locate_in_message(SqlError error, const SubmittedCode& code, std::size_t code_offset,
                                         std::string_view message);

}  // namespace mi::practical
