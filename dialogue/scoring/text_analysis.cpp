#include "dialogue/scoring/text_analysis.hpp"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>

namespace mi::dialogue {
namespace {

// Words longer than this are not stemmed or cached: no real term is that long, and it bounds the
// work an adversarial answer can cause.
constexpr std::size_t max_stemmed_word_bytes = 64;

enum class CharClass : std::uint8_t {
    letter, digit, space, line_break, sentence_end, clause_break, apostrophe, percent, plus, hash,
    joiner,   // '-', '/', '_', '.': joins two word characters ("b-tree", "ci/cd", "node.js")
    other,
};

struct CharInfo {
    CharClass cls;
    std::size_t length;
};

bool is_continuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

// The length of a valid UTF-8 sequence at `at`, or 0 when the bytes there are not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    if (lead < 0x80u) return 1;
    if (lead >= 0xC2u && lead <= 0xDFu) length = 2;
    else if (lead >= 0xE0u && lead <= 0xEFu) length = 3;
    else if (lead >= 0xF0u && lead <= 0xF4u) length = 4;
    else return 0;
    if (at + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if (!is_continuation(static_cast<unsigned char>(text[at + k]))) return 0;
    }
    return length;
}

constexpr CharClass ascii_class(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::letter;
    if (c >= '0' && c <= '9') return CharClass::digit;
    switch (c) {
        case '\n': return CharClass::line_break;
        case ' ': case '\t': case '\r': case '\f': case '\v': return CharClass::space;
        case '.': return CharClass::joiner;   // decided by its neighbours
        case '!': case '?': return CharClass::sentence_end;
        case ',': case ';': case ':': case '(': case ')': case '[': case ']': case '{': case '}':
        case '"': return CharClass::clause_break;
        case '\'': case '`': return CharClass::apostrophe;
        case '%': return CharClass::percent;
        case '+': return CharClass::plus;
        case '#': return CharClass::hash;
        case '-': case '/': case '_': return CharClass::joiner;
        default: return CharClass::other;
    }
}

constexpr std::array<CharClass, 128> ascii_classes = [] {
    std::array<CharClass, 128> table{};
    for (unsigned c = 0; c < 128; ++c) table[c] = ascii_class(static_cast<unsigned char>(c));
    return table;
}();

// ASCII letters and digits: the bytes that make up most words, tested with one lookup.
constexpr std::array<bool, 256> ascii_word_bytes = [] {
    std::array<bool, 256> table{};
    for (unsigned c = 0; c < 128; ++c) table[c] = ascii_classes[c] == CharClass::letter || ascii_classes[c] == CharClass::digit;
    return table;
}();

// Characters outside ASCII: decoded only here, off the hot path of plain-ASCII answers.
[[gnu::noinline]] CharInfo classify_multibyte(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t length = utf8_length(text, at);
    if (length == 0) return {CharClass::letter, 1};   // an invalid byte: a letter of its own
    if (length == 2 && c == 0xC2u && static_cast<unsigned char>(text[at + 1]) == 0xA0u) return {CharClass::space, 2};
    if (length == 3 && c == 0xE2u && static_cast<unsigned char>(text[at + 1]) == 0x80u) {
        switch (static_cast<unsigned char>(text[at + 2])) {
            case 0x98: case 0x99: return {CharClass::apostrophe, 3};             // ' '
            case 0x9C: case 0x9D: return {CharClass::clause_break, 3};           // " "
            case 0x93: case 0x94: return {CharClass::clause_break, 3};           // en and em dash
            case 0xA6: return {CharClass::sentence_end, 3};                      // ellipsis
            case 0xA2: return {CharClass::line_break, 3};                        // bullet
            case 0x8B: case 0x89: case 0x8A: case 0xAF: return {CharClass::space, 3};
            default: return {CharClass::other, 3};
        }
    }
    if (length == 3 && c == 0xE2u && static_cast<unsigned char>(text[at + 1]) == 0x86u) {
        return {CharClass::clause_break, 3};                                     // arrows
    }
    return {CharClass::letter, length};
}

inline CharInfo classify(std::string_view text, std::size_t at) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80u) return {ascii_classes[c], 1};
    return classify_multibyte(text, at);
}

bool is_word_class(CharClass cls) { return cls == CharClass::letter || cls == CharClass::digit; }

bool is_ascii_word_before(std::string_view text, std::size_t end) {
    if (end == 0) return false;
    const auto c = static_cast<unsigned char>(text[end - 1]);
    return std::isalnum(c) != 0 || c >= 0x80u;
}

// "e.g.", "etc.", "vs.": a full stop after these does not end the sentence.
bool is_abbreviation(std::string_view word) {
    static constexpr std::array<std::string_view, 16> abbreviations{
        "etc", "vs", "approx", "eg", "ie", "mr", "mrs", "ms", "dr", "st", "inc", "ltd", "cf", "ca", "resp", "esp"};
    if (word.size() == 1) return true;
    return std::any_of(abbreviations.begin(), abbreviations.end(), [&](std::string_view abbreviation) {
        return abbreviation.size() == word.size() &&
               std::equal(word.begin(), word.end(), abbreviation.begin(), [](char a, char b) {
                   return std::tolower(static_cast<unsigned char>(a)) == b;
               });
    });
}

}  // namespace

void append_folded(std::string_view word, std::string& out) {
    if (std::all_of(word.begin(), word.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80u && ch != '`'; })) {
        const std::size_t start = out.size();
        out.append(word);
        for (std::size_t i = start; i < out.size(); ++i) {
            if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] + 32);
        }
        return;
    }
    for (std::size_t i = 0; i < word.size();) {
        const auto c = static_cast<unsigned char>(word[i]);
        if (c < 0x80u) {
            out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : (c == '`' ? '\'' : static_cast<char>(c)));
            ++i;
            continue;
        }
        const std::size_t length = utf8_length(word, i);
        if (length == 3 && c == 0xE2u && static_cast<unsigned char>(word[i + 1]) == 0x80u &&
            (static_cast<unsigned char>(word[i + 2]) == 0x98u || static_cast<unsigned char>(word[i + 2]) == 0x99u)) {
            out.push_back('\'');
        } else if (length == 2 && c == 0xC3u) {
            // Latin-1 capitals (U+00C0..U+00DE except the multiplication sign) fold to small letters.
            auto second = static_cast<unsigned char>(word[i + 1]);
            if (second >= 0x80u && second <= 0x9Eu && second != 0x97u) second = static_cast<unsigned char>(second + 0x20u);
            out.push_back(static_cast<char>(c));
            out.push_back(static_cast<char>(second));
        } else {
            out.append(word.substr(i, length == 0 ? 1 : length));
        }
        i += length == 0 ? 1 : length;
    }
}

namespace {

// The tokeniser, one token per next() call. Pull-style so that the analyser's per-token work sits in
// its own loop with its state in registers (it runs for every word of every answer).
class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}
    // The next token, or false at the end of the text.
    inline bool next(RawToken& token);

private:
    bool emit(RawToken& token, std::size_t begin, std::size_t end, RawTokenKind kind) {
        token.span = {begin, end};
        token.kind = kind;
        token.clause_break_before = clause_break_ || sentence_break_;
        token.sentence_break_before = sentence_break_;
        clause_break_ = false;
        sentence_break_ = false;
        last_word_ = kind == RawTokenKind::word ? token.span : ByteSpan{no_word, no_word};
        return true;
    }
    static constexpr std::size_t no_word = ~std::size_t{0};

    std::string_view text_;
    std::size_t at_ = 0;
    bool clause_break_ = false;
    bool sentence_break_ = false;
    ByteSpan last_word_{no_word, no_word};   // the previous token when it is a word, for "e.g." and "etc."
};

bool Tokenizer::next(RawToken& token) {
    const std::string_view text = text_;
    std::size_t i = at_;
    while (i < text.size()) {
        if (text[i] == ' ') {   // the usual gap between words
            ++i;
            continue;
        }
        const CharInfo info = classify(text, i);
        if (info.cls == CharClass::letter) {
            std::size_t begin = i;
            std::size_t end = i;
            while (end < text.size()) {
                while (end < text.size() && ascii_word_bytes[static_cast<unsigned char>(text[end])]) ++end;   // the common case
                if (end == text.size()) break;
                const auto byte = static_cast<unsigned char>(text[end]);
                if (byte < 0x80u && byte != '\'' && byte != '`') break;   // a space or punctuation ends the word
                const CharInfo next = classify(text, end);
                if (is_word_class(next.cls)) {
                    end += next.length;
                } else if (next.cls == CharClass::apostrophe && end + next.length < text.size() &&
                           classify(text, end + next.length).cls == CharClass::letter) {
                    end += next.length;   // "don't", "team's"
                } else {
                    break;
                }
            }
            // "c++", "c#", "f#": the symbols are part of the name.
            if (end < text.size() && (text[end] == '+' || text[end] == '#')) {
                if (end + 1 < text.size() && text[end] == '+' && text[end + 1] == '+') {
                    end += 2;
                } else if (text[end] == '#' && end - begin <= 2) {
                    end += 1;
                }
            }
            // ".net": a leading dot that follows a space or the start.
            if (begin > 0 && text[begin - 1] == '.' && (begin == 1 || text[begin - 2] == ' ')) --begin;
            at_ = end;
            return emit(token, begin, end, RawTokenKind::word);
        } else if (info.cls == CharClass::digit) {
            std::size_t end = i;
            while (end < text.size()) {
                const char ch = text[end];
                if (ch >= '0' && ch <= '9') {
                    ++end;
                } else if ((ch == '.' || ch == ',') && end + 1 < text.size() && text[end + 1] >= '0' && text[end + 1] <= '9') {
                    end += 2;   // "2.5", "40,000"
                } else {
                    break;
                }
            }
            at_ = end;
            return emit(token, i, end, RawTokenKind::number);
        } else if (info.cls == CharClass::percent) {
            at_ = i + 1;
            return emit(token, i, i + 1, RawTokenKind::percent_sign);
        } else {
            switch (info.cls) {
                case CharClass::line_break:
                case CharClass::sentence_end: sentence_break_ = true; break;
                case CharClass::clause_break: clause_break_ = true; break;
                case CharClass::joiner: {
                    const bool joined = is_ascii_word_before(text, i) && i + 1 < text.size() &&
                                        is_word_class(classify(text, i + 1).cls);
                    if (!joined) {
                        if (text[i] == '.') {
                            const bool abbreviation = last_word_.end == i &&
                                                      is_abbreviation(text.substr(last_word_.begin, i - last_word_.begin));
                            (abbreviation ? clause_break_ : sentence_break_) = true;
                        } else if (text[i] == '-' && (i == 0 || text[i - 1] == ' ')) {
                            clause_break_ = true;   // " - " between clauses, or a list dash
                        }
                    }
                    break;
                }
                default: break;
            }
            i += info.length;
        }
    }
    at_ = i;
    return false;
}

}  // namespace

void tokenize(std::string_view text, std::vector<RawToken>& out) {
    out.clear();
    Tokenizer tokenizer(text);
    for (RawToken token; tokenizer.next(token);) out.push_back(token);
}

Stemmer::Stemmer() : stemmer_(sb_stemmer_new("english", "UTF_8")) {
    if (stemmer_ == nullptr) throw std::bad_alloc();
}

Stemmer::~Stemmer() { sb_stemmer_delete(stemmer_); }

std::string_view Stemmer::stem(std::string_view folded_word) {
    const sb_symbol* stemmed = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(folded_word.data()),
                                               static_cast<int>(folded_word.size()));
    if (stemmed == nullptr) throw std::bad_alloc();
    const std::string_view stem{reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(sb_stemmer_length(stemmer_))};
    // Which derivational suffix Snowball took off, if any; its marker keeps the derived word apart.
    std::string_view suffix;
    if ((folded_word.ends_with("ful") || folded_word.ends_with("fully") || folded_word.ends_with("fulness")) && !stem.ends_with("ful")) {
        suffix = "ful";
    } else if (folded_word.size() == stem.size() + 2 && folded_word.ends_with("ly") && folded_word.starts_with(stem)) {
        suffix = "ly";
    } else if (folded_word.ends_with("ivity") || folded_word.ends_with("ivities")) {
        suffix = "ivity";
    } else if (stem == "own" && folded_word != "own") {
        // "owned", "owns", "owning" are the verb, a content word ("I owned the integration"), not
        // the stop word "own" of "my own".
        suffix = "verb";
    }
    if (suffix.empty()) return stem;
    derived_.assign(stem);
    derived_ += '\x01';   // no word contains it
    derived_ += suffix;
    return derived_;
}

TermId Lexicon::find(std::string_view stem) const {
    const auto found = ids_.find(stem);
    return found == ids_.end() ? unknown_term : found->second;
}

void AnalyzedText::clear() {
    tokens.clear();
    sentences.clear();
    messages = 0;
    bytes = 0;
}

WordCache::WordCache(std::size_t capacity) {
    std::size_t slots = 4;
    while (slots < capacity * 2) slots *= 2;   // at most half full
    entries_.resize(slots);
    mask_ = slots - 1;
}

WordCache::Key WordCache::key_of_any_length(std::string_view text, std::size_t begin, std::size_t length) {
    // Eight bytes at a time (words are short: usually one step), the last chunk zero-padded. Whole
    // chunks are read from the text where it has eight more bytes, then masked to the word.
    std::uint64_t value = hash_seed(length);
    Key key;
    for (std::size_t at = 0; at < length; at += 8) {
        std::uint64_t chunk = 0;
        const std::size_t available = text.size() - begin - at;
        std::memcpy(&chunk, text.data() + begin + at, std::min<std::size_t>(8, available));
        if (length - at < 8) chunk &= low_bytes_mask(length - at);
        if (at == 0) key.head = chunk;
        value = hash_step(value, chunk);
    }
    key.hash = hash_finish(value);
    return key;
}

bool WordCache::same_tail(const Entry& entry, std::string_view word) {
    return std::equal(word.begin() + 8, word.end(), entry.tail);
}

void WordCache::insert(std::string_view word, const Key& key, const WordInfo& info) {
    if (word.empty() || word.size() > max_word_bytes) return;
    if ((used_ + 1) * 2 > entries_.size()) {
        std::fill(entries_.begin(), entries_.end(), Entry{});
        used_ = 0;
    }
    std::size_t slot = key.hash & mask_;
    while (entries_[slot].length != 0) slot = (slot + 1) & mask_;
    Entry& entry = entries_[slot];
    entry.head = key.head;
    entry.hash = key.hash;
    entry.term = info.term;
    entry.flags = static_cast<std::uint16_t>(info.flags);
    entry.known = info.known;
    entry.length = static_cast<std::uint8_t>(word.size());
    if (word.size() > 8) std::copy(word.begin() + 8, word.end(), entry.tail);
    ++used_;
}

TextAnalyzer::TextAnalyzer(const Lexicon& lexicon, AnalyzerLimits limits)
    : lexicon_(lexicon), limits_(limits), cache_(limits.word_cache_entries) {
    // Token spans are 32-bit: no message is analysed beyond 4 GiB, whatever the configuration.
    limits_.max_message_bytes = std::min<std::size_t>(limits_.max_message_bytes, std::numeric_limits<std::uint32_t>::max());
    folded_.reserve(max_stemmed_word_bytes);
    of_term_ = lookup_word("of");
    than_term_ = lookup_word("than");
    or_term_ = lookup_word("or");
    nor_term_ = lookup_word("nor");
    until_term_ = lookup_word("until");
    unless_term_ = lookup_word("unless");
    and_term_ = lookup_word("and");
    for (std::string_view word : {"i", "we", "they", "he", "she", "it", "everyone", "everybody", "nobody", "i'm", "we're", "i've", "we've"}) {
        if (const TermId term = lookup_word(word); term != unknown_term) clause_subjects_.push_back(term);
    }
    for (std::string_view word : {"was", "were", "is", "are", "went", "got", "became", "came", "stayed", "has", "had", "dropped",
                                  "fell", "rose", "grew", "took", "stopped", "started", "finished", "ran", "improved",
                                  "doubled", "halved", "sped", "now"}) {
        if (const TermId term = lookup_word(word); term != unknown_term) clause_verbs_.push_back(term);
    }
}

bool TextAnalyzer::opens_own_clause(const std::vector<Token>& tokens, std::size_t and_at) const {
    auto is_one_of = [](const std::vector<TermId>& terms, TermId term) {
        return term != unknown_term && std::find(terms.begin(), terms.end(), term) != terms.end();
    };
    const std::size_t next = and_at + 1;
    auto same_clause = [&](std::size_t k) {
        return k < tokens.size() && tokens[k].sentence == tokens[and_at].sentence && !tokens[k].clause_break_before &&
               (tokens[k].flags & word_negation) == 0;
    };
    if (!same_clause(next)) return false;
    if (is_one_of(clause_subjects_, tokens[next].term)) return true;
    // A subject of one to three words, then its own verb: "and checkout went", "and the page was".
    std::size_t subject_words = 0;
    for (std::size_t k = next; k < next + 4 && same_clause(k); ++k) {
        if (subject_words > 0 && is_one_of(clause_verbs_, tokens[k].term)) return true;
        if ((tokens[k].flags & word_stop) == 0) ++subject_words;
    }
    return false;
}

TermId TextAnalyzer::lookup_folded(std::string_view folded) {
    if (folded.size() > max_stemmed_word_bytes) return unknown_term;
    return lexicon_.find(stemmer_.stem(folded));
}

TermId TextAnalyzer::lookup_word(std::string_view word) {
    folded_.clear();
    append_folded(word, folded_);
    return lookup_folded(folded_);
}

WordInfo TextAnalyzer::describe_uncached(std::string_view word) {
    WordInfo info;
    info.term = lookup_word(word);   // leaves the folded word in folded_
    info.flags = lexicon_.flags(info.term);
    info.known = info.term != unknown_term;
    if (folded_.size() > 3 && folded_.ends_with("n't")) {
        info.flags |= word_negation;
        info.known = true;
    }
    return info;
}

// Inline: it runs for every token, and a call would cost as much as the cache lookup itself.
[[gnu::always_inline]] inline WordInfo TextAnalyzer::describe(std::string_view text, std::size_t begin, std::size_t length) {
    if (length > WordCache::max_word_bytes) return describe_uncached(text.substr(begin, length));
    const WordCache::Key key = WordCache::key_of(text, begin, length);
    WordInfo info;
    if (cache_.find(text.substr(begin, length), key, info)) return info;
    return describe_and_cache(text.substr(begin, length), key);
}

WordInfo TextAnalyzer::describe_and_cache(std::string_view word, const WordCache::Key& key) {
    const WordInfo info = describe_uncached(word);
    cache_.insert(word, key, info);
    return info;
}

void TextAnalyzer::analyze(std::span<const std::string_view> messages, AnalyzedText& out) {
    out.clear();
    out.messages = messages.size();
    for (std::size_t message = 0; message < messages.size(); ++message) {
        std::string_view text = messages[message];
        if (text.size() > limits_.max_message_bytes) {
            std::size_t cut = limits_.max_message_bytes;
            while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
            text = text.substr(0, cut);
        }
        out.bytes += text.size();
        bool sentence_open = false;
        std::size_t last_token_end = 0;
        // A sentence runs to the end of its last word plus closing punctuation.
        auto close_sentence = [&] {
            Sentence& sentence = out.sentences.back();
            sentence.end_token = static_cast<std::uint32_t>(out.tokens.size());
            std::size_t end = last_token_end;
            while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?' ||
                                         text[end] == '"' || text[end] == ')')) {
                ++end;
            }
            sentence.span.end = end;
        };
        Tokenizer tokenizer(text);
        auto sentence_index = static_cast<std::uint32_t>(out.sentences.size());   // of the next sentence
        for (RawToken raw; tokenizer.next(raw);) {
            if (!sentence_open || raw.sentence_break_before) {
                if (sentence_open) close_sentence();
                Sentence& sentence = out.sentences.emplace_back();
                sentence.message = static_cast<std::uint32_t>(message);
                sentence.first_token = static_cast<std::uint32_t>(out.tokens.size());
                sentence.span.begin = raw.span.begin;
                sentence_open = true;
                ++sentence_index;
            }
            const std::size_t length = raw.span.end - raw.span.begin;
            const WordInfo word = describe(text, raw.span.begin, length);
            Token& token = out.tokens.emplace_back();
            token.begin = static_cast<std::uint32_t>(raw.span.begin);
            token.end = static_cast<std::uint32_t>(raw.span.end);
            token.message = static_cast<std::uint32_t>(message);
            token.sentence = sentence_index - 1;
            token.kind = raw.kind;
            token.clause_break_before = raw.clause_break_before;
            token.length = static_cast<std::uint16_t>(std::min<std::size_t>(length, 0xFFFF));
            token.term = word.term;
            token.flags = word.flags;
            token.known = word.known;
            if (raw.kind == RawTokenKind::number) {
                token.flags |= word_number;
                token.known = true;
            } else if (raw.kind == RawTokenKind::percent_sign) {
                token.flags |= word_percent;
                token.known = true;
            }
            last_token_end = raw.span.end;
        }
        if (sentence_open) close_sentence();
    }
    mark_negation_scopes(out);
}

void TextAnalyzer::mark_negation_scopes(AnalyzedText& text) const {
    auto& tokens = text.tokens;
    std::size_t remaining = 0;
    bool hedged_scope = false;
    std::uint32_t scope_sentence = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& token = tokens[i];
        if (token.clause_break_before || token.sentence != scope_sentence || (token.flags & word_contrast) != 0) {
            remaining = 0;
        }
        const bool pair_cue = (token.flags & word_negation_pair) != 0 && i + 1 < tokens.size() &&
                              !tokens[i + 1].clause_break_before &&
                              (tokens[i + 1].term == of_term_ || tokens[i + 1].term == than_term_);
        if ((token.flags & word_negation) != 0 || pair_cue) {
            std::size_t skip = pair_cue ? 1 : 0;   // "instead of", "rather than"
            hedged_scope = false;
            if (i + 1 + skip < tokens.size() && (tokens[i + 1 + skip].flags & word_hedge) != 0 &&
                !tokens[i + 1 + skip].clause_break_before) {
                hedged_scope = true;   // "not just", "not only"
                ++skip;
            }
            i += skip;
            remaining = limits_.negation_window_tokens;
            scope_sentence = token.sentence;
            // "nothing lands on main until it is reviewed", "we never deploy unless CI is green": a
            // negation with its condition in the same clause states when it is done, not that it is not
            // (scorer-2.6).
            for (std::size_t j = i + 1; j < tokens.size() && tokens[j].sentence == token.sentence && !tokens[j].clause_break_before &&
                                        (tokens[j].flags & word_contrast) == 0;
                 ++j) {
                if (tokens[j].term != unknown_term && (tokens[j].term == until_term_ || tokens[j].term == unless_term_)) {
                    remaining = 0;
                    break;
                }
            }
            continue;
        }
        if (remaining > 0 && token.term != unknown_term && token.term == and_term_ && opens_own_clause(tokens, i)) {
            remaining = 0;
            continue;
        }
        if (remaining > 0) {
            (hedged_scope ? token.hedged : token.negated) = true;
            if ((token.flags & word_stop) == 0) --remaining;
            // "I've never worked on a team project or deployed anything for users": the negation
            // covers each thing joined by "or" / "nor", not only the first few words.
            if (!hedged_scope && token.term != unknown_term && (token.term == or_term_ || token.term == nor_term_)) {
                remaining = limits_.negation_window_tokens;
            }
        }
    }
}

LexiconBuilder::LexiconBuilder() { folded_.reserve(max_stemmed_word_bytes); }

TermId LexiconBuilder::root(TermId id) const {
    while (parent_[id] != id) id = parent_[id];
    return id;
}

TermId LexiconBuilder::intern_stem(std::string_view stem) {
    if (const auto found = lexicon_.ids_.find(stem); found != lexicon_.ids_.end()) return root(found->second);
    const auto id = static_cast<TermId>(lexicon_.flags_.size());
    lexicon_.flags_.push_back(0);
    parent_.push_back(id);
    lexicon_.ids_.emplace(std::string(stem), id);
    return id;
}

std::string_view LexiconBuilder::stem_of(std::string_view word) {
    folded_.clear();
    append_folded(word, folded_);
    if (folded_.size() > max_stemmed_word_bytes) return folded_;
    return stemmer_.stem(folded_);
}

TermId LexiconBuilder::add_word(std::string_view word, std::uint32_t flags) {
    const TermId id = intern_stem(stem_of(word));
    lexicon_.flags_[id] |= flags;
    return id;
}

void LexiconBuilder::add_synonym_words(std::span<const std::string> group) {
    std::vector<RawToken> raw;
    TermId first = unknown_term;
    for (const std::string& member : group) {
        tokenize(member, raw);
        if (raw.size() != 1 || raw.front().kind != RawTokenKind::word) continue;
        const TermId id = root(add_word(member));
        if (first == unknown_term) {
            first = id;
        } else if (id != first) {
            parent_[id] = first;
            lexicon_.flags_[first] |= lexicon_.flags_[id];
        }
    }
}

std::vector<LexiconBuilder::PhraseWord> LexiconBuilder::add_phrase(std::string_view phrase) {
    std::vector<RawToken> raw;
    tokenize(phrase, raw);
    std::vector<PhraseWord> words;
    words.reserve(raw.size());
    for (const RawToken& token : raw) {
        const TermId id = root(add_word(phrase.substr(token.span.begin, token.span.end - token.span.begin)));
        std::uint32_t flags = lexicon_.flags_[id];
        if (token.kind == RawTokenKind::number) flags |= word_number;
        if (token.kind == RawTokenKind::percent_sign) flags |= word_percent;
        words.push_back({id, flags, token.kind});
    }
    return words;
}

Lexicon LexiconBuilder::build() {
    for (auto& [stem, id] : lexicon_.ids_) {
        const TermId resolved = root(id);
        lexicon_.flags_[resolved] |= lexicon_.flags_[id];
        id = resolved;
    }
    return std::move(lexicon_);
}

}  // namespace mi::dialogue
