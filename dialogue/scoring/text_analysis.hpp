// Text analysis shared by the scorer: UTF-8-safe tokenising with byte offsets, case folding,
// Snowball English stemming, term ids, stop words, clause and sentence boundaries, negation scope.
//
// A Lexicon maps stems to small integer ids (with per-word flags such as "stop word" or
// "negation cue"); it is built once from the content and the scorer's own word lists and is
// immutable afterwards. A TextAnalyzer turns messages into tokens carrying those ids. It owns a
// libstemmer instance (not thread-safe) and a bounded cache of word -> id, so it must be used by
// one thread at a time; its buffers are reused from call to call.
#pragma once

#include <cstddef>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dialogue/scoring/answer_scorer.hpp"

struct sb_stemmer;

namespace mi::dialogue {

using TermId = std::uint32_t;
inline constexpr TermId unknown_term = 0;

// Properties of a word, independent of where it appears.
enum WordFlag : std::uint32_t {
    word_stop = 1u << 0,             // skipped inside content phrases ("the", "of")
    word_negation = 1u << 1,         // "not", "never", "don't", "without"
    word_number = 1u << 2,           // written numbers ("two", "dozen") and numerals
    word_percent = 1u << 3,          // "percent", "%"
    word_multiplier = 1u << 4,       // "x", "times", "fold" after a number
    word_change = 1u << 5,           // "halved", "doubled": a relative change on its own
    word_time_unit = 1u << 6,        // "ms", "weeks", "years"
    word_quantity = 1u << 7,         // "a", "few", "several": a duration without a numeral ("a few weeks")
    word_contrast = 1u << 8,         // "but", "however": ends a negation scope
    word_hedge = 1u << 9,            // "just", "only" right after a negation: "not just X" still does X
    word_first_singular = 1u << 10,  // "i", "my", "me"
    word_first_plural = 1u << 11,    // "we", "our", "us"
    word_common = 1u << 12,          // a common English word (for telling prose from gibberish)
    word_filler = 1u << 13,          // "blah", "asdf", "lorem": looks like a word, says nothing
    word_negation_pair = 1u << 14,   // "instead", "rather": a negation when followed by "of" / "than"
};
inline constexpr std::uint32_t all_word_flags = (1u << 15) - 1u;   // WordCache stores them in 16 bits

// Lets unordered maps keyed by std::string be searched with a string_view, without a copy.
struct TransparentStringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};

// Every word of the content and of the scorer's lists, stemmed, with an id and flags.
class Lexicon {
public:
    [[nodiscard]] TermId find(std::string_view stem) const;
    [[nodiscard]] std::uint32_t flags(TermId id) const { return id < flags_.size() ? flags_[id] : 0; }
    [[nodiscard]] std::size_t size() const { return flags_.size(); }

private:
    friend class LexiconBuilder;
    std::unordered_map<std::string, TermId, TransparentStringHash, std::equal_to<>> ids_;
    std::vector<std::uint32_t> flags_{0};   // flags_[unknown_term] == 0
};

// Owns one libstemmer English stemmer.
class Stemmer {
public:
    Stemmer();
    ~Stemmer();
    Stemmer(const Stemmer&) = delete;
    Stemmer& operator=(const Stemmer&) = delete;
    // The stem of a case-folded word; valid until the next call. A word derived with "-ful", "-ly" or
    // "-ivity" keeps its own stem, apart from its root: "careful" is not "care", "Fastly" is not "fast",
    // "selectivity" is not "select" (Snowball gives each pair one stem).
    [[nodiscard]] std::string_view stem(std::string_view folded_word);

private:
    sb_stemmer* stemmer_;
    std::string derived_;
};

// Appends the case-folded form of `word` to `out`: ASCII and Latin-1 letters lower-cased, typographic
// apostrophes turned into "'". Other characters are copied unchanged.
void append_folded(std::string_view word, std::string& out);

enum class RawTokenKind : std::uint8_t { word, number, percent_sign };

// A token as the tokeniser sees it, before any lookup.
struct RawToken {
    ByteSpan span;
    RawTokenKind kind = RawTokenKind::word;
    bool clause_break_before = false;    // punctuation ",;:()" or a sentence end lies between it and the previous token
    bool sentence_break_before = false;  // ".!?" or a line break lies between it and the previous token
};

// Splits UTF-8 text into words, numbers and "%" signs with byte spans. Invalid UTF-8 bytes count as
// letters of a word on their own, so spans always stay inside the text and never split a valid character.
void tokenize(std::string_view text, std::vector<RawToken>& out);

// 32 bytes, so that indexing and counting tokens is a shift: every scoring pass walks them.
struct Token {
    std::uint32_t begin = 0;        // byte span into its message (messages are capped well below 4 GiB)
    std::uint32_t end = 0;
    std::uint32_t message = 0;
    std::uint32_t sentence = 0;     // index into AnalyzedText::sentences
    TermId term = unknown_term;
    std::uint32_t flags = 0;        // WordFlag bits of the term, plus word_number for numerals
    RawTokenKind kind = RawTokenKind::word;
    bool clause_break_before = false;
    bool negated = false;           // inside the scope of a negation cue
    bool hedged = false;            // inside "not just ..." / "not only ...": said, but as not enough
    bool known = false;             // the stem is in the lexicon or the word is a numeral
    std::uint16_t length = 0;       // bytes of the word
    [[nodiscard]] ByteSpan span() const { return {begin, end}; }
};
static_assert(sizeof(Token) == 32);

// A word that carries content: not a stop word (numbers count).
[[nodiscard]] inline bool is_content_word(const Token& token) {
    return token.kind == RawTokenKind::number || (token.kind == RawTokenKind::word && (token.flags & word_stop) == 0);
}

struct Sentence {
    ByteSpan span;
    std::uint32_t message = 0;
    std::uint32_t first_token = 0;
    std::uint32_t end_token = 0;    // one past the last
};

// The analysis of one or more messages. Reused between calls: clear() keeps the capacity.
struct AnalyzedText {
    std::vector<Token> tokens;
    std::vector<Sentence> sentences;
    std::size_t messages = 0;
    std::size_t bytes = 0;          // total bytes analysed
    void clear();
};

struct AnalyzerLimits {
    std::size_t max_message_bytes = 64 * 1024;
    std::size_t word_cache_entries = 8192;
    std::size_t negation_window_tokens = 4;   // content words a negation reaches forward
};

// What the analyser makes of one word as written: its term and flags.
struct WordInfo {
    TermId term = unknown_term;
    std::uint32_t flags = 0;     // WordFlag bits of the term, plus word_negation for "-n't" words
    bool known = false;          // the stem is in the lexicon, or the word is a "-n't" negation
};

// A bounded, allocation-free cache of a word exactly as written in an answer -> its WordInfo, so a
// word seen before is neither case-folded nor stemmed again. Open addressing with the words stored
// inline in 32-byte entries. When it fills up it starts over: answers repeat a small vocabulary,
// so a warm cache stays warm.
class WordCache {
public:
    static constexpr std::size_t max_word_bytes = 20;   // longer words are not cached
    // A word's first eight bytes (zero-padded) and its hash, computed once and used to find and insert.
    struct Key {
        std::uint64_t head = 0;
        std::uint32_t hash = 0;
    };
    // The key of text[begin, begin + length). Inline for words of up to 16 bytes with that much text
    // after their start (one or two unaligned loads, masked): that is nearly every word of an answer.
    [[nodiscard]] static Key key_of(std::string_view text, std::size_t begin, std::size_t length) {
        Key key;
        if (length <= 8 && text.size() - begin >= 8) {
            std::memcpy(&key.head, text.data() + begin, 8);
            if (length < 8) key.head &= low_bytes_mask(length);
            key.hash = hash_finish(hash_step(hash_seed(length), key.head));
            return key;
        }
        if (length <= 16 && text.size() - begin >= 16) {
            std::uint64_t second = 0;
            std::memcpy(&key.head, text.data() + begin, 8);
            std::memcpy(&second, text.data() + begin + 8, 8);
            if (length < 16) second &= low_bytes_mask(length - 8);
            key.hash = hash_finish(hash_step(hash_step(hash_seed(length), key.head), second));
            return key;
        }
        return key_of_any_length(text, begin, length);
    }
    // The hash in steps: seed with the length, one step per eight bytes (the last zero-padded), finish.
    static constexpr std::uint64_t hash_seed(std::size_t length) { return 0x9E3779B97F4A7C15ull ^ length; }
    static constexpr std::uint64_t hash_step(std::uint64_t value, std::uint64_t chunk) {
        return (value ^ chunk) * 0xFF51AFD7ED558CCDull;
    }
    static constexpr std::uint32_t hash_finish(std::uint64_t value) {
        value ^= value >> 29;
        value *= 0xC4CEB9FE1A85EC53ull;
        return static_cast<std::uint32_t>(value ^ (value >> 32));
    }
    // The mask that keeps the first `bytes` (1 to 7) bytes of a 64-bit chunk loaded from memory.
    static constexpr std::uint64_t low_bytes_mask(std::size_t bytes) {
        const std::uint64_t low = (std::uint64_t{1} << (8 * bytes)) - 1;
        return std::endian::native == std::endian::little ? low : ~(~std::uint64_t{0} >> (8 * bytes));
    }

    explicit WordCache(std::size_t capacity);
    // Whether the word is cached, and if so its info. `word` must be at most max_word_bytes long.
    [[nodiscard]] bool find(std::string_view word, const Key& key, WordInfo& info) const {
        for (std::size_t slot = key.hash & mask_;; slot = (slot + 1) & mask_) {
            const Entry& entry = entries_[slot];
            if (entry.length == 0) return false;
            if (entry.hash == key.hash && entry.head == key.head && entry.length == word.size() &&
                (word.size() <= 8 || same_tail(entry, word))) {
                info = {entry.term, entry.flags, entry.known};
                return true;
            }
        }
    }
    void insert(std::string_view word, const Key& key, const WordInfo& info);

private:
    struct Entry {
        std::uint64_t head = 0;
        std::uint32_t hash = 0;
        TermId term = unknown_term;
        std::uint16_t flags = 0;
        std::uint8_t length = 0;     // 0: empty slot
        bool known = false;
        char tail[max_word_bytes - 8] = {};
    };
    static_assert(sizeof(Entry) == 32, "two entries per cache line");
    static_assert(all_word_flags <= 0xFFFFu, "Entry::flags holds every WordFlag");
    static Key key_of_any_length(std::string_view text, std::size_t begin, std::size_t length);
    static bool same_tail(const Entry& entry, std::string_view word);
    std::vector<Entry> entries_;
    std::size_t used_ = 0;
    std::size_t mask_ = 0;
};

class TextAnalyzer {
public:
    TextAnalyzer(const Lexicon& lexicon, AnalyzerLimits limits);
    void analyze(std::span<const std::string_view> messages, AnalyzedText& out);

    // The term id of one word as written in running text (for tests and the vocabulary compiler).
    [[nodiscard]] TermId lookup_word(std::string_view word);

private:
    // The WordInfo of text[begin, begin + length), from the cache when it can.
    WordInfo describe(std::string_view text, std::size_t begin, std::size_t length);
    // Folds, stems and looks up a word the cache does not have (and caches it).
    [[gnu::noinline]] WordInfo describe_and_cache(std::string_view word, const WordCache::Key& key);
    [[gnu::noinline]] WordInfo describe_uncached(std::string_view word);
    TermId lookup_folded(std::string_view folded);
    void mark_negation_scopes(AnalyzedText& text) const;

    const Lexicon& lexicon_;
    AnalyzerLimits limits_;
    Stemmer stemmer_;
    WordCache cache_;
    std::string folded_;
    TermId of_term_ = unknown_term;
    TermId than_term_ = unknown_term;
    TermId or_term_ = unknown_term;    // "never X or Y": a negation reaches over "or" and "nor"
    TermId nor_term_ = unknown_term;
    TermId until_term_ = unknown_term;    // "not ... until", "never ... unless": a condition, not a denial
    TermId unless_term_ = unknown_term;
    // "with no downtime and checkout went from eight seconds to one": "and" opening a clause of its own
    // (a subject and a verb of its own) ends the negation (scorer-2.7).
    TermId and_term_ = unknown_term;
    std::vector<TermId> clause_subjects_;   // "i", "we", "they", "it": right after "and"
    std::vector<TermId> clause_verbs_;      // "went", "was", "dropped": after a subject of a word or two
    [[nodiscard]] bool opens_own_clause(const std::vector<Token>& tokens, std::size_t and_at) const;
};

// Builds a Lexicon: words with flags, synonym groups (single words become one id), then any word
// a phrase needs. Stemming goes through the same folding as TextAnalyzer so both sides agree.
class LexiconBuilder {
public:
    LexiconBuilder();
    // Adds a word (as written, any case) with flags; flags accumulate.
    TermId add_word(std::string_view word, std::uint32_t flags = 0);
    // Makes the single words of a synonym group share one id. Must come before add_phrase calls.
    void add_synonym_words(std::span<const std::string> group);
    // The ids of a phrase's words, adding unknown ones. Tokenised exactly as answers are.
    struct PhraseWord {
        TermId term;
        std::uint32_t flags;
        RawTokenKind kind;
    };
    std::vector<PhraseWord> add_phrase(std::string_view phrase);
    // Freezes the lexicon; the builder must not be used afterwards.
    Lexicon build();

private:
    TermId intern_stem(std::string_view stem);
    TermId root(TermId id) const;
    std::string_view stem_of(std::string_view word);

    Lexicon lexicon_;
    std::vector<TermId> parent_{0};
    Stemmer stemmer_;
    std::string folded_;
};

}  // namespace mi::dialogue
