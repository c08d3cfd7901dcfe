#include "dialogue/scoring/english_words.hpp"

#include <string_view>

#include "dialogue/scoring/text_analysis.hpp"

namespace mi::dialogue {
namespace {

using namespace std::string_view_literals;

// Function words skipped inside content phrases: "root cause of the issue" matches "root cause of this issue".
constexpr std::string_view stop_words[] = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "by", "from", "and", "or", "as", "is", "are",
    "was", "were", "be", "been", "being", "am", "it", "its", "it's", "this", "that", "these", "those", "i", "me",
    "my", "we", "our", "us", "you", "your", "they", "them", "their", "he", "she", "his", "her", "do", "does",
    "did", "have", "has", "had", "will", "would", "can", "could", "should", "shall", "may", "might", "must",
    "so", "than", "then", "very", "also", "about", "into", "some", "any", "such", "which", "who", "whom", "what",
    "there", "here", "if", "all", "each", "both", "more", "most", "own", "same", "too", "really", "quite", "i'm",
    "i've", "i'd", "i'll", "we're", "we've", "we'd", "let", "lets", "let's", "up", "out", "usually", "typically",
    "generally", "basically", "actually", "always", "often", "sometimes", "much", "many", "well", "just", "only",
};

constexpr std::string_view negation_words[] = {
    "not", "no", "never", "cannot", "without", "nor", "neither", "none", "nothing", "nobody", "lack", "lacking",
    "avoid", "avoided", "avoiding", "barely", "hardly", "dont", "doesnt", "didnt", "isnt", "wasnt", "havent",
    "hasnt", "cant", "wont", "wouldnt", "shouldnt", "couldnt", "arent", "werent",
};

constexpr std::string_view negation_pair_words[] = {"instead", "rather"};
constexpr std::string_view contrast_words[] = {"but", "however", "although", "though", "yet", "except", "whereas", "while"};
constexpr std::string_view hedge_words[] = {"just", "only", "merely", "simply", "solely"};

constexpr std::string_view number_words[] = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds",
    "thousand", "thousands", "million", "millions", "billion", "billions", "dozen", "dozens",
};
constexpr std::string_view percent_words[] = {"percent", "percentage", "pct", "%"};
constexpr std::string_view multiplier_words[] = {"x", "times", "fold"};
constexpr std::string_view change_words[] = {"halved", "doubled", "tripled", "quadrupled", "tenfold", "twofold", "threefold"};
constexpr std::string_view time_unit_words[] = {
    "ms", "millisecond", "milliseconds", "microsecond", "microseconds", "µs", "ns", "nanosecond", "nanoseconds",
    "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours",
    "day", "days", "week", "weeks", "month", "months", "year", "years", "yr", "yrs", "quarter", "quarters",
    "decade", "decades", "sprint", "sprints",
};
constexpr std::string_view quantity_words[] = {"a", "an", "one", "few", "several", "couple", "half", "many"};
constexpr std::string_view first_singular_words[] = {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll", "im", "ive"};
constexpr std::string_view first_plural_words[] = {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"};
constexpr std::string_view filler_words[] = {
    "blah", "asdf", "qwer", "qwerty", "lorem", "ipsum", "dolor", "amet", "foo", "bar", "baz", "lol", "idk",
    "hmm", "umm", "uh", "meh", "whatever", "xyz", "abc", "zxcv", "jkl", "hjkl", "asd", "sdf", "dfg",
};

// Common English words beyond the lists above: answers built only from unknown "words" are gibberish.
constexpr std::string_view common_words[] = {
    "yes", "ok", "okay", "fine", "good", "great", "bad", "sure", "maybe", "thing", "things", "stuff", "like",
    "know", "think", "thought", "make", "made", "get", "got", "go", "went", "come", "came", "see", "saw", "want",
    "need", "use", "used", "work", "worked", "working", "job", "time", "people", "person", "way", "day", "year",
    "new", "old", "big", "small", "long", "short", "high", "low", "first", "last", "next", "after", "before",
    "because", "when", "where", "why", "how", "again", "still", "even", "back", "other", "another", "one",
    "said", "say", "tell", "told", "ask", "asked", "give", "gave", "take", "took", "find", "found", "keep",
    "kept", "try", "tried", "help", "helped", "show", "start", "started", "end", "ended", "call", "called",
    "move", "live", "believe", "bring", "happen", "happened", "write", "wrote", "provide", "sit", "stand",
    "lose", "pay", "meet", "include", "continue", "set", "learn", "learned", "change", "lead", "led",
    "understand", "watch", "follow", "stop", "create", "speak", "read", "allow", "add", "spend", "grow",
    "open", "walk", "win", "offer", "remember", "love", "consider", "appear", "buy", "wait", "serve", "die",
    "send", "expect", "build", "built", "stay", "fall", "cut", "reach", "kill", "remain", "suggest", "raise",
    "pass", "sell", "require", "report", "decide", "pull", "enjoy", "pizza", "football", "weather", "today",
    "tomorrow", "yesterday", "weekend", "friend", "family", "home", "house", "car", "food", "music", "game",
    "games", "movie", "movies", "sport", "sports", "dog", "cat", "hobby", "favourite", "favorite", "fun", "nice",
    "happy", "sad", "hard", "easy", "right", "wrong", "true", "false", "best", "better", "worse", "worst", "lot",
    "lots", "something", "anything", "everything", "someone", "everyone", "nice", "thanks", "thank", "please",
    "hello", "hi", "question", "answer", "problem", "problems", "issue", "issues", "idea", "ideas", "example",
    "project", "projects", "team", "company", "code", "coding", "computer", "software", "program", "data",
    "system", "systems", "user", "users", "server", "servers", "app", "application", "web", "website", "speed",
    "fast", "slow", "faster", "slower", "quick", "quickly", "simple", "complex", "important", "different",
    "various", "usual", "normal", "whatever", "every", "around", "through", "over", "under", "between",
    "during", "until", "since", "while", "against", "because", "though", "although", "unless", "whether",
    "later", "soon", "now", "ago", "already", "yet", "ever", "once", "twice", "probably", "perhaps", "guess",
    "mean", "means", "pretty", "kind", "sort", "bit", "little", "enough", "almost", "part", "place", "world",
    "life", "hand", "case", "point", "fact", "group", "number", "night", "morning", "money", "business",
    "service", "services", "product", "products", "customer", "customers", "client", "clients", "manager",
    "boss", "colleague", "colleagues", "teammate", "teammates", "meeting", "result", "results", "reason",
    "interesting", "passion", "passionate", "career", "future", "goal", "goals", "skill", "skills", "experience",
    "language", "languages", "tool", "tools", "design", "build", "test", "tests", "testing", "fix", "fixed",
    "bug", "bugs", "error", "errors", "database", "databases", "api", "apis", "backend", "frontend",
};

template <std::size_t N>
void add_all(LexiconBuilder& builder, const std::string_view (&words)[N], std::uint32_t flags) {
    for (std::string_view word : words) builder.add_word(word, flags);
}

}  // namespace

void add_english_words(LexiconBuilder& builder) {
    add_all(builder, stop_words, word_stop | word_common);
    add_all(builder, negation_words, word_negation | word_common);
    add_all(builder, negation_pair_words, word_negation_pair | word_common);
    add_all(builder, contrast_words, word_contrast | word_common);
    add_all(builder, hedge_words, word_hedge | word_common);
    add_all(builder, number_words, word_number | word_common);
    add_all(builder, percent_words, word_percent | word_common);
    add_all(builder, multiplier_words, word_multiplier);
    add_all(builder, change_words, word_change | word_common);
    add_all(builder, time_unit_words, word_time_unit | word_common);
    add_all(builder, quantity_words, word_quantity | word_common);
    add_all(builder, first_singular_words, word_first_singular | word_common);
    add_all(builder, first_plural_words, word_first_plural | word_common);
    add_all(builder, filler_words, word_filler);
    add_all(builder, common_words, word_common);
}

}  // namespace mi::dialogue
