// Reading SQL text the way SQLite's tokenizer does, for the few things the sandbox needs before or
// beside SQLite: where a statement starts, what kind it is by its leading keywords, and whether a
// query orders its result at the top level. Comments, quoted strings and identifiers are skipped
// as SQLite skips them, so `-- ORDER BY` or 'ORDER BY' never counts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mi::practical {

enum class StatementKind {
    query,         // SELECT, VALUES, WITH ... (a WITH may lead to DML: the policy checks it again)
    create_index,  // CREATE [UNIQUE] INDEX
    drop_index,
    analyze,
    create_other,  // CREATE [TEMP] TABLE / VIEW / TRIGGER
    drop_other,    // DROP TABLE / VIEW / TRIGGER
    alter,
    write,         // INSERT, REPLACE, UPDATE, DELETE
    transaction,   // BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE
    pragma,
    reindex,
    other,         // ATTACH, DETACH, VACUUM, EXPLAIN, CREATE VIRTUAL TABLE, anything else
};

struct StatementClass {
    StatementKind kind = StatementKind::other;
    std::string keyword;  // the leading keywords as the message names them: "CREATE INDEX", "VACUUM"
};

// ASCII case folding, as SQL keywords and identifiers compare (SQLite folds ASCII only).
[[nodiscard]] std::string ascii_lower(std::string_view text);
[[nodiscard]] std::string ascii_upper(std::string_view text);
[[nodiscard]] bool equals_ignoring_case(std::string_view left, std::string_view right);

// Bytes of whitespace and comments at the start of `text`.
[[nodiscard]] std::size_t skip_blank(std::string_view text);
// Same, also skipping semicolons (what may follow the one statement of a query).
[[nodiscard]] std::size_t skip_blank_and_semicolons(std::string_view text);
// The kind of the statement `text` starts with (text starts at its first keyword).
[[nodiscard]] StatementClass classify_statement(std::string_view text);
// The offset just past the statement `text` starts with: after its first ';' outside comments,
// quotes and parentheses, or text.size() when there is none (the last statement needs no ';').
[[nodiscard]] std::size_t statement_end(std::string_view text);

// A comment's bytes in SQL text: "-- ..." to the end of its line, or "/* ... */".
struct CommentSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};
// Every comment of `sql`, in order (a "--" inside a string is not one).
[[nodiscard]] std::vector<CommentSpan> comment_spans(std::string_view sql);

// True when `query` has ORDER BY outside every parenthesis (a window's or a subquery's ORDER BY
// does not order the result).
[[nodiscard]] bool has_top_level_order_by(std::string_view query);

}  // namespace mi::practical
