// The words around a search match, for an answer the search index found. SQLite's index keeps no
// copy of the answers (schema migration 8), so FTS5's snippet() has nothing to cut from; this
// cuts the answer read back from the event log in the same way: about twelve words, the window
// holding the most query words, '…' where the answer goes on. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mi::server::coach {

// The words of the quoted-phrase query fts_phrase_query builds ("redis" "latency", quotes inside
// a word doubled), joined by spaces (PostgreSQL's plainto_tsquery takes them so).
[[nodiscard]] std::string words_of_phrase_query(std::string_view fts_query);

// `window_words` words of `answer` around the words of `fts_query`, matched without regard to
// ASCII case; the answer's start when none is found.
[[nodiscard]] std::string answer_snippet(std::string_view answer, std::string_view fts_query,
                                         std::size_t window_words = 12);

}  // namespace mi::server::coach
