#include "dialogue/scoring/answer_signals.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include <string_view>

namespace mi::dialogue {
namespace {

// Fewer distinct sequence cues than this and the answer has no recognisable order of steps.
constexpr std::size_t min_sequence_cues = 2;
// This many distinct investigation steps named in one answer read as a method.
constexpr std::size_t min_method_steps = 3;
// Restarting counts as the fix unless at least this many investigation cues come with it.
constexpr std::size_t min_investigation_cues = 2;

constexpr std::string_view example_cues[] = {
    "for example", "for instance", "e.g.", "one time", "once", "i remember", "in one project", "specifically",
    "such as", "like when", "last year", "recently", "at my", "in my last", "in my previous", "in my current",
};
constexpr std::string_view context_cues[] = {
    "project", "company", "job", "role", "position", "employer", "client", "customer", "product", "team",
    "startup", "worked at", "work at", "working at", "previous", "current", "production", "platform",
    "e-commerce", "fintech", "bank", "agency", "internship", "at work", "department", "service", "app",
    "application", "system", "website", "for a", "feature",
    // Course work is a situation too, if not a real-world one ("a blog platform for one of my courses").
    "course", "courses", "tutorial", "bootcamp", "university", "side project",
};
constexpr std::string_view real_world_cues[] = {
    "job", "company", "employer", "client", "production", "worked at", "work at", "working at", "startup",
    "freelance", "freelancer", "contract", "contractor", "internship", "intern", "my team", "our team",
    "colleague", "colleagues", "team lead", "previous role", "current role", "last role",
    "previous job", "current job", "last job", "at work", "in production", "on call", "on-call", "agency",
    "consultancy", "years of experience", "professionally", "my manager", "department", "we shipped",
    "our product", "our platform", "our service", "our app", "our api", "our system",
    // A workplace named in other words: its team size, "my last place".
    "team of", "last place", "previous place", "current place",
};
// The people a system serves, as real-world work: said as people ("our users", "for actual customers"),
// in the plural; in the singular the word names data or a feature ("user accounts", "the customer table").
constexpr std::string_view served_people_cues[] = {"customers", "users"};

// Work described instead of named: somebody builds, owns or runs a system ("I built the order
// service for a travel site", "owned the courier assignment service", "we run a Django monolith").
// Stemmed, so one form of each word covers the others.
constexpr std::string_view work_verb_cues[] = {
    "build", "built", "own", "owned", "run", "ran", "maintain", "look after", "looked after", "keep", "kept", "work on",
    "worked on", "write", "wrote", "develop", "ship", "design", "migrate", "rewrite", "rewrote", "support",
    "operate", "launch", "integrate", "scale", "extend", "replace", "deliver",
};
// Snowball stems some agent nouns to their verb ("developer" -> "develop"): "I want to be a backend
// developer" names a job, it does not tell of a project.
constexpr std::string_view work_agent_nouns[] = {
    "developer", "developers", "designer", "designers", "maintainer", "maintainers", "supporter", "supporters",
    "operator", "operators", "integrator", "integrators", "deliverer", "deliverers", "migrator", "migrators",
};

bool is_agent_noun(const MatchedText& answer, const Token& token) {
    const std::string_view word = answer.quote(token.message, token.span());
    for (std::string_view noun : work_agent_nouns) {
        if (word.size() == noun.size() &&
            std::equal(word.begin(), word.end(), noun.begin(), [](char a, char b) { return (a | 0x20) == b; })) {
            return true;
        }
    }
    return false;
}

constexpr std::string_view worked_on_system_cues[] = {
    "service", "api", "system", "engine", "monolith", "app", "application", "platform", "site", "website",
    "pipeline", "workflow", "backend", "integration", "microservice", "database", "product", "portal",
    "gateway", "queue", "feature", "module", "codebase",
};
// Where the work was learning, not a job ("I built a todo app for one of my courses").
constexpr std::string_view learning_cues[] = {
    "course", "tutorial", "bootcamp", "university", "side project", "pet project", "hobby", "homework",
    "school", "personal project", "for fun", "coursework",
};
// What one could do is not work one did ("I can write APIs").
constexpr std::string_view capability_cues[] = {
    "i can", "we can", "i could", "i would", "i'd", "able to", "know how to", "capable of",
};
// A plan for one's own future is a wish ("I'd like to", "would love to") with a time ahead or a
// becoming ("someday", "in a few years", "end up", "become") in the same sentence.
constexpr std::string_view aspiration_wish_cues[] = {
    "i'd like to", "i would like to", "i'd love to", "i would love to", "would love to", "would like to",
    "i want to", "i wanna", "i hope to", "hoping to", "i plan to", "i aim to", "my plan is", "my aim is", "my goal is",
    "i see myself", "i'd want to", "i'm aiming", "i am aiming", "i'd hope to", "i intend to", "i'm hoping to",
};
constexpr std::string_view aspiration_ahead_cues[] = {
    "someday", "some day", "one day", "in a few years", "in a couple of years", "in the future", "long term",
    "long-term", "eventually", "down the line", "down the road", "end up", "next step", "years from now",
    "in the next", "over the next", "later on", "grow into", "move towards", "move toward", "move into",
    "become", "be the one", "be the person", "step up", "work my way", "in five years", "in 5 years",
    "in ten years", "in three years", "in two years",
};
constexpr std::string_view teamwork_cues[] = {
    "team", "teammate", "teammates", "colleague", "colleagues", "coworker", "co-worker", "collaborate",
    "collaborated", "collaboration", "together", "pair", "paired", "pairing", "code review", "peer review",
    "stakeholder", "manager", "lead", "other developers", "other engineers", "designer", "product owner",
    "product manager", "qa", "frontend developers", "mentored", "mentor", "helped", "we", "our",
    "loop in", "looped in", "reach out", "reached out", "pinged",
    // The people one works beside, named by their role ("two other backend folks", "me and one other dev").
    "other dev", "other devs", "another dev", "another developer", "other developer", "another engineer",
    "other engineer", "other folks", "backend folks", "the others", "data scientist", "sre", "devops engineer",
    "tester", "testers",
};
// People named by what they are, not by "colleague" (scorer-2.6): worked "with" one of them, they are
// collaboration ("rewrote the queries with our dba", "organised a queue with the infrastructure chaps",
// "working with the integration nurse and our sysadmin"). The noun ends its phrase: "with the admin
// panel" names a screen.
constexpr std::string_view colleague_nouns[] = {
    "people", "folks", "chaps", "guys", "lads", "dba", "dbas", "sysadmin", "sysadmins", "admin", "admins",
    "analyst", "analysts", "architect", "architects",
};
// How far before the noun its "with" may stand ("with the integration nurse and our sysadmin").
constexpr std::uint32_t colleague_max_words_after_with = 6;
constexpr std::string_view restart_cues[] = {
    "restart", "restarted", "restarting", "reboot", "rebooted", "rebooting", "redeploy", "redeployed",
    "turn it off and on", "kill the process", "reinstall", "start it again", "reset the server",
    // The same remedy in operators' words ("most issues go away if you bounce it").
    "bounce", "bounced", "bouncing", "power cycle", "power-cycle", "power cycled", "power-cycled",
};
constexpr std::string_view investigation_cues[] = {
    "log", "logs", "debugger", "reproduce", "replicate", "root cause", "trace", "stack trace", "profile",
    "profiler", "breakpoint", "isolate", "investigate", "narrow down", "metrics", "monitor", "inspect",
    "hypothesis", "bisect", "read the error", "error message", "analyze", "analyse",
    // Evidence taken from the running program is a step of its own ("took heap snapshots ... and compared them").
    "heap snapshot", "heap snapshots", "heap dump", "heap dumps", "core dump", "thread dump", "flame graph",
};
constexpr std::string_view testing_cues[] = {
    "test", "tests", "testing", "tested", "unit test", "integration test", "regression", "qa", "tdd",
    "verify", "verified", "verifying", "staging", "confirm the fix", "confirmed the fix", "check that the fix",
    "pytest", "jest", "junit", "test case", "failing test", "repro test",
    "retest", "retested", "re-test", "re-tested", "rerun the tests", "re-run the tests",
};
constexpr std::string_view tool_cues[] = {
    "debugger", "profiler", "breakpoint", "ide", "gdb", "pdb", "devtools", "stack trace", "flame graph",
    "tracing", "apm", "sentry", "datadog", "grafana", "kibana", "prometheus", "wireshark", "strace", "pprof",
    "jaeger", "new relic", "valgrind", "heap dump", "vs code", "intellij", "postman", "explain analyze",
    // Tracing, memory and system tools the labellers name as real tools ("the traces in Zipkin").
    "zipkin", "opentelemetry", "honeycomb", "lldb", "delve", "xdebug", "addresssanitizer", "asan", "heap snapshot",
    "heap snapshots", "tcpdump", "bpftrace", "perf record",
};
// A tool named only to be waved away is not used ("Debuggers are overrated, I've never needed one").
constexpr std::string_view tool_dismissal_cues[] = {
    "overrated", "over-rated", "never needed", "never need", "don't need", "do not need", "no use for",
    "never found a use", "waste of time", "useless", "pointless", "overkill", "not worth",
};
constexpr std::string_view sequence_cues[] = {
    "first", "firstly", "then", "next", "after that", "afterwards", "finally", "lastly", "second", "secondly",
    "third", "start by", "start with", "begin by", "begin with", "once", "before", "step", "steps",
    "followed by", "after", "at the end", "from there", "only then", "until",
};
constexpr std::string_view trial_and_error_cues[] = {
    "trial and error", "until it works", "until it worked", "try random", "random things", "try different things",
    "try stuff", "just guess", "random guess", "guesswork", "guess and check", "poke around", "change things until", "keep trying", "gut feeling", "hunch",
};
constexpr std::string_view reasoning_cues[] = {
    "because", "so that", "which means", "that way", "since", "therefore", "otherwise", "in order to",
    "the reason", "for example", "for instance", "this means", "which lets", "so we", "so i", "trade-off",
    "whereas", "while", "instead of", "rather than", "depends on", "when",
};

// What people say when they do it. Negated ("I never push without review") or hedged, it does not count.
constexpr std::string_view production_cues[] = {
    "fix it in production", "fix it directly in production", "fixed it in production", "fixed it directly in production",
    "fix it on the server", "edit the code on the server", "edited the code on the server", "patch production directly",
    "patched production directly", "hotfix straight to production", "hotfixed it straight in production",
    "change it live", "changed it live", "directly in prod", "straight in prod", "ssh into production and change",
    "ssh into the server and change", "ssh into prod and", "test in production", "testing in production", "tested it in production",
    "deploy on friday and go home", "cowboy",
};
constexpr std::string_view skip_test_cues[] = {
    "skip the tests", "skip tests", "skipped the tests", "skipped tests", "skipping tests", "skipping the tests",
    "no time for tests", "no time to test", "tests are a waste", "tests slow me down", "tests later", "write tests later",
    "comment out the test", "commented out the test", "disable the test", "disabled the test", "disabled the failing test",
    "delete the failing test", "deleted the failing test", "skip ci", "skipped ci", "bypass ci", "bypassed ci",
    "if it compiles ship it", "if it compiles it works",
};
constexpr std::string_view review_cues[] = {
    "push without review", "pushed without review", "merge without review", "merged without review",
    "push straight to main", "pushed straight to main", "push straight to master", "pushed straight to master",
    "push directly to main", "pushed directly to main", "push directly to master", "pushed directly to master",
    "commit directly to main", "commit directly to master", "commit straight to main", "commit straight to master",
    "force push to main", "force-push to main", "force push to master", "force-push to master", "force-push over main",
    "force push over main", "force-push my branch over main", "so my version wins", "approve my own", "approved my own",
    "self-approve", "self approve", "skip the review", "skip code review", "skipped the review", "skipped code review",
};
constexpr std::string_view blame_cues[] = {
    "blame", "blamed", "his fault", "her fault", "their fault", "not my fault", "fault of the", "was on them",
    "the junior messed up", "qa should have caught", "they should have caught",
};
constexpr std::string_view hiding_cues[] = {
    "tell people later", "told people later", "tell them later", "told them later", "nobody noticed", "no one noticed",
    "didn't tell anyone", "did not tell anyone", "never told anyone", "keep it quiet", "kept it quiet", "sweep it under",
    "swept it under", "hope nobody notices", "hoped nobody would notice",
};

// The same practices in the candidate's own words: an object and an action asserted in one sentence.
constexpr std::string_view production_objects[] = {
    "production", "prod", "production server", "production box", "production database", "live server",
    "live database", "live site",
};
constexpr std::string_view production_actions[] = {
    "ssh", "by hand", "manually", "right there", "logged into", "log into", "logged in to", "log in to",
    "hand-edited", "hand edit", "edit the code", "edited the code", "changed the code", "directly on", "directly in",
    "straight on", "straight in", "hot-patch", "hot-patched",
};
constexpr std::string_view test_objects[] = {
    "test", "tests", "testing", "test suite", "unit tests", "integration tests", "the ci", "ci",
};
constexpr std::string_view skip_actions[] = {
    "skip", "skipped", "skipping", "didn't bother", "don't bother", "do not bother", "turned off", "turn off",
    "switched off", "disabled", "disable", "commented out", "no time for", "waste of time", "slow me down",
    "slowed me down", "slows me down", "slow us down", "slowed us down", "slows us down", "get in the way",
};
constexpr std::string_view review_objects[] = {
    "review", "reviews", "code review", "pull request", "pr", "approval", "approvals", "main", "master",
};
constexpr std::string_view bypass_actions[] = {
    "skip", "skipped", "bypass", "bypassed", "straight to", "directly to", "force-push", "force push",
    "force-pushed", "self-approve", "approve my own", "approved my own", "don't wait for", "didn't wait for",
    "faster than waiting",
};
constexpr std::string_view others_objects[] = {
    "other devs", "other developers", "the others", "the other team", "the juniors", "junior", "qa", "the testers",
    "their code", "someone else's code", "colleagues", "teammates",
};
constexpr std::string_view blame_actions[] = {
    "sloppy", "fault", "messed up", "incompetent", "lazy", "should have caught", "careless", "bad code", "garbage",
};

template <std::size_t N>
TermList compile_list(VocabularyCompiler& compiler, const std::string_view (&phrases)[N], bool exact) {
    std::vector<TermRef> terms;
    for (std::string_view phrase : phrases) {
        TermRef term = exact ? compiler.compile_exact(phrase) : compiler.compile_term(phrase);
        if (!term.phrases.empty()) terms.push_back(std::move(term));
    }
    return TermList(std::move(terms));
}

bool found(const TermList& terms, const MatchedText& answer, HitFilter filter, TermMatch* match = nullptr) {
    return terms.first(answer.hits, filter, match);
}

void add_negated_evidence(const TermList& terms, const MatchedText& answer, SignalOutcome& outcome) {
    TermMatch match;
    if (answer.hits.any_negated() && found(terms, answer, HitFilter::negated, &match)) outcome.evidence.push_back(make_evidence(answer.text, answer.hits, match));
}

// Whether `terms` occur (under `filter`) in a sentence that does not wave them away with one of `dismissals`.
bool found_outside_dismissals(const TermList& terms, const TermList& dismissals, const MatchedText& answer, HitFilter filter) {
    const auto& tokens = answer.text.tokens;
    std::vector<bool> dismissed(answer.text.sentences.size(), false);
    // Any occurrence counts, negated or not: "never needed one" waves the tool away whatever its own flags.
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (dismissals.contains(hit.phrase)) dismissed[tokens[hit.first_token].sentence] = true;
    }
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (terms.contains(hit.phrase) && passes(hit, filter) && !dismissed[tokens[hit.first_token].sentence]) return true;
    }
    return false;
}

// Whether the answer speaks of the people its work serves (served_people_cues), in the plural.
bool serves_people(const MatchedText& answer, const SignalCues& cues) {
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (!cues.served_people.contains(hit.phrase) || !passes(hit, HitFilter::affirmed)) continue;
        const Token& token = answer.text.tokens[hit.last_token];
        const std::string_view word = answer.quote(token.message, token.span());
        if (!word.empty() && (word.back() | 0x20) == 's') return true;
    }
    return false;
}

bool has_number(const MatchedText& answer) {
    for (PhraseId phrase : {number_phrase, percent_phrase, duration_phrase}) {
        if (answer.hits.first_matching(phrase, HitFilter::affirmed) != no_hit) return true;
    }
    return false;
}

// The sentences that tell of the candidate's (or their team's) own work on a system: a work verb
// and a system, with "I"/"we" in the sentence or the verb opening it the way notes and bullets
// drop the "I" ("owned the courier assignment service"), and no "I can" making it a skill. Each
// comes as the span from the first of its verb and system to the last. Two readings in one pass:
// `told` leaves out a job title that Snowball stems to a work verb ("backend developer"), `with_titles`
// counts it as the verb.
struct OwnWorkSentences {
    std::vector<PhraseHit> told;
    std::vector<PhraseHit> with_titles;
};

OwnWorkSentences own_work_sentences(const MatchedText& answer, const SignalCues& cues) {
    const auto& tokens = answer.text.tokens;
    const auto& sentences = answer.text.sentences;
    constexpr std::uint8_t verb = 1, system = 2, teller = 4, skill = 8;
    struct Seen {
        std::uint8_t parts = 0;
        std::uint32_t first = no_hit, last = 0;
    };
    // Per sentence: [0] without job titles, [1] with them.
    std::vector<std::array<Seen, 2>> seen(sentences.size());
    for (const Token& token : tokens) {
        if ((token.flags & (word_first_singular | word_first_plural)) != 0) {
            seen[token.sentence][0].parts |= teller;
            seen[token.sentence][1].parts |= teller;
        }
    }
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (!passes(hit, HitFilter::affirmed)) continue;
        const bool work_verb = cues.work_verbs.contains(hit.phrase);
        const bool is_system = cues.worked_on_systems.contains(hit.phrase);
        const bool is_skill = cues.capability.contains(hit.phrase);
        if (!work_verb && !is_system && !is_skill) continue;
        const bool title = work_verb && is_agent_noun(answer, tokens[hit.first_token]);
        const bool opens = sentences[tokens[hit.first_token].sentence].first_token == hit.first_token;
        for (std::size_t reading = 0; reading < 2; ++reading) {
            Seen& sentence = seen[tokens[hit.first_token].sentence][reading];
            const bool is_verb = work_verb && (reading == 1 || !title);
            if (is_skill) sentence.parts |= skill;
            if (is_verb && opens) sentence.parts |= teller;
            if (!is_verb && !is_system) continue;
            if (is_verb) sentence.parts |= verb;
            if (is_system) sentence.parts |= system;
            sentence.first = std::min(sentence.first, hit.first_token);
            sentence.last = std::max(sentence.last, hit.last_token);
        }
    }
    OwnWorkSentences result;
    for (const auto& readings : seen) {
        for (std::size_t reading = 0; reading < 2; ++reading) {
            const Seen& sentence = readings[reading];
            if (sentence.parts != (verb | system | teller)) continue;
            PhraseHit& hit = (reading == 0 ? result.told : result.with_titles).emplace_back();
            hit.first_token = sentence.first;
            hit.last_token = sentence.last;
        }
    }
    return result;
}

// Whether the answer tells of the candidate's own work on a system (own_work_sentences, found once
// by add_told_signals). Unless `learning_counts`, a sentence anywhere that places the work in a
// course or a side project makes it no job.
bool tells_own_work(const MatchedText& answer, const SignalCues& cues, bool learning_counts) {
    if (!learning_counts && found(cues.learning, answer, HitFilter::affirmed)) return false;
    // For the real-world flags a job title told ("I am backend developer since five years") is a job.
    return answer.hits.first_matching(told_work_phrase, HitFilter::affirmed) != no_hit;
}

// The sentences with a wish and a time ahead: each as the span from the wish to the time ahead.
std::vector<PhraseHit> aspiration_sentences(const MatchedText& answer, const SignalCues& cues) {
    const auto& tokens = answer.text.tokens;
    constexpr std::uint32_t none = no_hit;
    std::vector<std::uint32_t> wish(answer.text.sentences.size(), none), ahead(answer.text.sentences.size(), none);
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (!passes(hit, HitFilter::affirmed)) continue;
        const std::uint32_t sentence = tokens[hit.first_token].sentence;
        if (cues.aspiration_wishes.contains(hit.phrase) && wish[sentence] == none) wish[sentence] = index;
        if (cues.aspiration_ahead.contains(hit.phrase) && ahead[sentence] == none) ahead[sentence] = index;
    }
    std::vector<PhraseHit> told;
    for (std::size_t sentence = 0; sentence < wish.size(); ++sentence) {
        if (wish[sentence] == none || ahead[sentence] == none) continue;
        const PhraseHit& a = answer.hits.hit(wish[sentence]);
        const PhraseHit& b = answer.hits.hit(ahead[sentence]);
        PhraseHit& hit = told.emplace_back();
        hit.first_token = std::min(a.first_token, b.first_token);
        hit.last_token = std::max(a.last_token, b.last_token);
    }
    return told;
}

// Each person worked with ("with our dba"), as the span from "with" to the noun.
std::vector<PhraseHit> colleague_mentions(const MatchedText& answer, const SignalCues& cues) {
    const auto& tokens = answer.text.tokens;
    auto is_with = [&](const Token& token) {
        const std::string_view word = answer.quote(token.message, token.span());
        return word.size() == 4 && (word[0] | 0x20) == 'w' && (word[1] | 0x20) == 'i' && (word[2] | 0x20) == 't' &&
               (word[3] | 0x20) == 'h';
    };
    std::vector<PhraseHit> mentions;
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (!cues.colleagues.contains(hit.phrase) || !passes(hit, HitFilter::affirmed)) continue;
        const std::uint32_t next = hit.last_token + 1;
        const bool ends_phrase = next >= tokens.size() || tokens[next].sentence != tokens[hit.last_token].sentence ||
                                 tokens[next].clause_break_before || !is_content_word(tokens[next]);
        if (!ends_phrase) continue;
        for (std::uint32_t t = hit.first_token; t-- > 0 && t + colleague_max_words_after_with >= hit.first_token;) {
            if (tokens[t].sentence != tokens[hit.first_token].sentence || tokens[t + 1].clause_break_before) break;
            if (!is_with(tokens[t])) continue;
            PhraseHit& mention = mentions.emplace_back();
            mention.first_token = t;
            mention.last_token = hit.last_token;
            break;
        }
    }
    return mentions;
}

// Whether a token is `word` as written, ignoring case (`word` in lower case).
bool word_is(const MatchedText& answer, const Token& token, std::string_view word) {
    const std::string_view said = answer.quote(token.message, token.span());
    return said.size() == word.size() &&
           std::equal(said.begin(), said.end(), word.begin(), [](char a, char b) { return (a | 0x20) == b; });
}

template <std::size_t N>
bool word_is_one_of(const MatchedText& answer, const Token& token, const std::string_view (&words)[N]) {
    return std::any_of(std::begin(words), std::end(words), [&](std::string_view word) { return word_is(answer, token, word); });
}

// What stops when something fails ("sessions stopped working"): a symptom, not an outcome.
constexpr std::string_view failure_gerunds[] = {
    "working", "responding", "running", "loading", "processing", "accepting", "sending", "syncing", "serving",
    "connecting", "booting", "starting", "answering", "updating", "saving", "talking",
};
// A system's symptoms ("crashes", "outages", "errors"): their end is a fix, not an outcome for the people served.
constexpr std::string_view symptom_stems[] = {
    "crash", "outage", "failure", "error", "incident", "bug", "deadlock", "leak", "timeout", "exception", "downtime", "alert",
};
// After "stopped" a thing that ceased for good ("complaints basically stopped completely").
constexpr std::string_view ceasing_adverbs[] = {"completely", "entirely", "altogether", "overnight", "immediately", "since", "after"};

// Each lasting outcome told through what people or a system stopped or can now do (outcome_phrase),
// as the span of its clause up to the telling word:
// - "since" closing its clause (or "since then") in a sentence that denies something or tells a
//   state that has held ("since then no clinic has called", "no more outages since", "the control
//   room has had live data since"); not "ever since", and not the candidate's own "I haven't used it since";
// - "stopped" ending its clause or followed by what someone stopped doing ("complaints basically
//   stopped", "the receptionists stopped keeping a paper backup"); not a failure ("stopped working")
//   and not the candidate's own ("I stopped writing tests");
// - "can now" / "could now" / "now can" said of someone other than the candidate ("customers can now apply").
std::vector<PhraseHit> outcome_mentions(const MatchedText& answer) {
    const auto& tokens = answer.text.tokens;
    std::vector<PhraseHit> outcomes;
    auto clause_begin_of = [&](std::uint32_t t) {
        while (t > 0 && !tokens[t].clause_break_before && tokens[t - 1].sentence == tokens[t].sentence) --t;
        return t;
    };
    auto in_clause = [&](std::uint32_t at, std::uint32_t k) {
        return k < tokens.size() && tokens[k].sentence == tokens[at].sentence && !tokens[k].clause_break_before;
    };
    auto first_singular_in = [&](std::uint32_t begin, std::uint32_t end) {
        for (std::uint32_t k = begin; k < end; ++k) {
            if ((tokens[k].flags & word_first_singular) != 0) return true;
        }
        return false;
    };
    for (std::uint32_t t = 0; t < tokens.size(); ++t) {
        const Token& token = tokens[t];
        // Only "since", "stopped" and "now" can tell one: a length check rules out nearly every token.
        if (token.length != 3 && token.length != 5 && token.length != 7) continue;
        const bool since = word_is(answer, token, "since");
        if (!since && !word_is(answer, token, "stopped") && !word_is(answer, token, "now")) continue;
        // "No more outages since": the denial is the outcome, so "since" may sit inside it.
        if (token.hedged || (token.negated && !since)) continue;
        const std::uint32_t begin = clause_begin_of(t);
        std::uint32_t last = t;
        bool outcome = false;
        if (since) {
            const bool ever = t > 0 && tokens[t - 1].sentence == token.sentence && word_is(answer, tokens[t - 1], "ever");
            const bool closes = !in_clause(t, t + 1) || word_is(answer, tokens[t + 1], "then");
            if (in_clause(t, t + 1) && word_is(answer, tokens[t + 1], "then")) last = t + 1;
            bool denies = false, holds = false;
            const Sentence& sentence = answer.text.sentences[token.sentence];
            for (std::uint32_t k = sentence.first_token; k < sentence.end_token; ++k) {
                denies = denies || (tokens[k].flags & word_negation) != 0;
                holds = holds || word_is(answer, tokens[k], "has") || word_is(answer, tokens[k], "have");
            }
            outcome = !ever && closes && (denies || holds) && !first_singular_in(sentence.first_token, sentence.end_token);
        } else if (word_is(answer, token, "stopped")) {
            const bool ends = !in_clause(t, t + 1);
            bool told = ends;
            if (!ends) {
                const Token& next = tokens[t + 1];
                const std::string_view word = answer.quote(next.message, next.span());
                const bool gerund = word.size() > 4 && word.ends_with("ing") && !word_is_one_of(answer, next, failure_gerunds);
                told = gerund || word_is_one_of(answer, next, ceasing_adverbs);
                if (gerund) last = t + 1;
            }
            outcome = told && !first_singular_in(begin, t);
        } else if (word_is(answer, token, "now") && t > 0 && tokens[t - 1].sentence == token.sentence &&
                   (word_is(answer, tokens[t - 1], "can") || word_is(answer, tokens[t - 1], "could"))) {
            outcome = t >= 2 && !first_singular_in(begin, t);
            if (in_clause(t, t + 1)) last = t + 1;
        } else if (word_is(answer, token, "now") && in_clause(t, t + 1) && word_is(answer, tokens[t + 1], "can")) {
            outcome = !first_singular_in(begin, t);
            last = t + 1;
        }
        if (!outcome) continue;
        // "complaints basically stopped", "customers can now apply": the subject before the telling word
        // (at most three words, back to an "and"), not the whole clause; "since" keeps its clause.
        std::uint32_t first = begin;
        if (!since) {
            first = t;
            while (first > begin && t - first < 3 && !word_is(answer, tokens[first - 1], "and")) --first;
        }
        // "the crashes stopped", "no more outages since": the system's symptoms gone, told of no one served.
        const std::uint32_t told_end = since ? t : last + 1;
        bool symptom = false;
        for (std::uint32_t k = first; k < told_end && k < tokens.size() && !symptom; ++k) {
            const std::string_view word = answer.quote(tokens[k].message, tokens[k].span());
            symptom = std::any_of(std::begin(symptom_stems), std::end(symptom_stems), [&](std::string_view stem) {
                return word.size() >= stem.size() &&
                       std::equal(stem.begin(), stem.end(), word.begin(), [](char a, char b) { return a == (b | 0x20); });
            });
        }
        if (symptom) continue;
        PhraseHit& hit = outcomes.emplace_back();
        hit.first_token = first;
        hit.last_token = last;
    }
    return outcomes;
}

bool has_first_person(const MatchedText& answer) {
    for (const Token& token : answer.text.tokens) {
        if ((token.flags & (word_first_singular | word_first_plural)) != 0) return true;
    }
    return false;
}

}  // namespace

SignalCues SignalCues::compile(VocabularyCompiler& compiler, const std::vector<std::string>& technologies) {
    SignalCues cues;
    cues.technologies = TermList(compiler.compile_terms(technologies));
    cues.examples = compile_list(compiler, example_cues, true);
    cues.context = compile_list(compiler, context_cues, false);
    cues.real_world = compile_list(compiler, real_world_cues, false);
    cues.served_people = compile_list(compiler, served_people_cues, false);
    cues.teamwork = compile_list(compiler, teamwork_cues, true);
    cues.colleagues = compile_list(compiler, colleague_nouns, false);
    cues.work_verbs = compile_list(compiler, work_verb_cues, false);
    cues.worked_on_systems = compile_list(compiler, worked_on_system_cues, false);
    cues.learning = compile_list(compiler, learning_cues, false);
    cues.capability = compile_list(compiler, capability_cues, true);
    cues.aspiration_wishes = compile_list(compiler, aspiration_wish_cues, true);
    cues.aspiration_ahead = compile_list(compiler, aspiration_ahead_cues, false);
    cues.restart = compile_list(compiler, restart_cues, false);
    cues.investigation = compile_list(compiler, investigation_cues, false);
    cues.testing = compile_list(compiler, testing_cues, false);
    cues.tools = compile_list(compiler, tool_cues, false);
    cues.sequence = compile_list(compiler, sequence_cues, true);
    cues.trial_and_error = compile_list(compiler, trial_and_error_cues, false);
    cues.reasoning = compile_list(compiler, reasoning_cues, true);
    cues.tool_dismissals = compile_list(compiler, tool_dismissal_cues, true);
    cues.risky[static_cast<std::size_t>(RiskyPractice::changes_production_directly)] = compile_list(compiler, production_cues, false);
    cues.risky[static_cast<std::size_t>(RiskyPractice::skips_tests)] = compile_list(compiler, skip_test_cues, false);
    cues.risky[static_cast<std::size_t>(RiskyPractice::bypasses_review)] = compile_list(compiler, review_cues, false);
    cues.risky[static_cast<std::size_t>(RiskyPractice::blames_others)] = compile_list(compiler, blame_cues, false);
    cues.risky[static_cast<std::size_t>(RiskyPractice::hides_problems)] = compile_list(compiler, hiding_cues, false);
    auto pair = [&](RiskyPractice practice, const auto& objects, const auto& actions) {
        cues.risky_objects[static_cast<std::size_t>(practice)] = compile_list(compiler, objects, false);
        cues.risky_actions[static_cast<std::size_t>(practice)] = compile_list(compiler, actions, false);
    };
    pair(RiskyPractice::changes_production_directly, production_objects, production_actions);
    pair(RiskyPractice::skips_tests, test_objects, skip_actions);
    pair(RiskyPractice::bypasses_review, review_objects, bypass_actions);
    pair(RiskyPractice::blames_others, others_objects, blame_actions);
    return cues;
}

void SignalCues::index(std::size_t phrase_count) {
    for (TermList* list : {&technologies, &examples, &context, &real_world, &served_people, &teamwork, &colleagues, &restart, &investigation,
                           &testing, &tools, &sequence, &trial_and_error, &reasoning, &tool_dismissals, &work_verbs,
                           &worked_on_systems, &learning, &capability, &aspiration_wishes, &aspiration_ahead}) {
        list->index(phrase_count);
    }
    for (auto* lists : {&risky, &risky_objects, &risky_actions}) {
        for (TermList& list : *lists) list.index(phrase_count);
    }
}

void add_told_signals(const MatchedText& answer, const SignalCues& cues, PhraseHits& hits) {
    // Collected first: adding to `hits` while reading them would move what is being read.
    // A project is work told, not a job named ("I want to be a backend developer").
    const OwnWorkSentences own_work = own_work_sentences(answer, cues);
    const std::vector<PhraseHit> aspirations = aspiration_sentences(answer, cues);
    const std::vector<PhraseHit> colleagues = colleague_mentions(answer, cues);
    const std::vector<PhraseHit> outcomes = outcome_mentions(answer);
    for (const PhraseHit& hit : own_work.told) hits.add(own_work_phrase, hit);
    for (const PhraseHit& hit : own_work.with_titles) hits.add(told_work_phrase, hit);
    for (const PhraseHit& hit : aspirations) hits.add(aspiration_phrase, hit);
    for (const PhraseHit& hit : colleagues) hits.add(colleague_phrase, hit);
    for (const PhraseHit& hit : outcomes) hits.add(outcome_phrase, hit);
}

bool raised_without_key_points(content::AnswerSignal signal) {
    using content::AnswerSignal;
    switch (signal) {
        case AnswerSignal::lack_of_specifics:
        case AnswerSignal::generic_without_context:
        case AnswerSignal::no_testing:
        case AnswerSignal::no_tools:
        case AnswerSignal::no_structure: return true;
        // A named job or team clears its flag even when nothing about it is described, and a
        // restart is a flag only when the answer says it.
        case AnswerSignal::no_real_world_experience:
        case AnswerSignal::no_teamwork:
        case AnswerSignal::restart_as_fix: return false;
    }
    return false;
}

std::string_view describe(RiskyPractice practice) {
    switch (practice) {
        case RiskyPractice::changes_production_directly: return "changes production directly, without testing";
        case RiskyPractice::skips_tests: return "skips tests";
        case RiskyPractice::bypasses_review: return "bypasses code review";
        case RiskyPractice::blames_others: return "blames others";
        case RiskyPractice::hides_problems: return "keeps problems from the team";
    }
    return "a risky practice";
}

namespace {

// The first sentence that asserts an object and an action of the same practice, as evidence.
std::optional<Evidence> object_and_action_sentence(const MatchedText& answer, RiskyPractice practice,
                                                   const TermList& objects, const TermList& actions) {
    if (objects.terms().empty() || actions.terms().empty()) return std::nullopt;
    const auto& tokens = answer.text.tokens;
    std::vector<std::uint8_t> seen(answer.text.sentences.size(), 0);   // bit 1: an object, bit 2: an action
    for (std::uint32_t index = 0; index < answer.hits.size(); ++index) {
        const PhraseHit& hit = answer.hits.hit(index);
        if (!passes(hit, HitFilter::asserted)) continue;
        const std::uint8_t kind = (objects.contains(hit.phrase) ? 1 : 0) | (actions.contains(hit.phrase) ? 2 : 0);
        if (kind == 0) continue;
        const Token& first = tokens[hit.first_token];
        // One phrase that is both ("skip") says only half of it.
        seen[first.sentence] |= kind == 3 ? (seen[first.sentence] & 1 ? 2 : 1) : kind;
        if (seen[first.sentence] == 3) {
            const Sentence& sentence = answer.text.sentences[first.sentence];
            return Evidence{std::string(describe(practice)), sentence.span, first.message};
        }
    }
    return std::nullopt;
}

}  // namespace

std::vector<RiskyPracticeFound> find_risky_practices(const MatchedText& answer, const SignalCues& cues) {
    std::vector<RiskyPracticeFound> found_practices;
    for (std::size_t kind = 0; kind < risky_practice_count; ++kind) {
        TermMatch match;
        if (cues.risky[kind].first(answer.hits, HitFilter::asserted, &match)) {
            const PhraseHit& hit = answer.hits.hit(match.hit);
            const Token& first = answer.text.tokens[hit.first_token];
            const Sentence& sentence = answer.text.sentences[first.sentence];
            found_practices.push_back({static_cast<RiskyPractice>(kind), {match.term->text, sentence.span, first.message}});
        } else if (auto sentence = object_and_action_sentence(answer, static_cast<RiskyPractice>(kind),
                                                                 cues.risky_objects[kind], cues.risky_actions[kind])) {
            found_practices.push_back({static_cast<RiskyPractice>(kind), std::move(*sentence)});
        }
    }
    return found_practices;
}

std::size_t count_sequence_cues(const MatchedText& answer, const SignalCues& cues) {
    std::size_t count = cues.sequence.count_distinct(answer.hits, HitFilter::affirmed);
    // Numbered steps ("1. reproduce", "2) isolate") count as an order too.
    std::size_t numbered = 0;
    for (const Sentence& sentence : answer.text.sentences) {
        const Token& first = answer.text.tokens[sentence.first_token];
        if (first.kind == RawTokenKind::number && first.length <= 2) ++numbered;
    }
    // Naming the steps of a method ("reproduce, isolate, fix, verify") is an order too; checking the
    // fix with a test is one of its steps ("We reproduce it…, look at the traces…, fix it with a test").
    const std::size_t method_steps = cues.investigation.count_distinct(answer.hits, HitFilter::affirmed) +
                                     (found(cues.testing, answer, HitFilter::affirmed) ? 1 : 0);
    return count + (numbered >= 2 ? numbered : 0) + (method_steps >= min_method_steps ? min_sequence_cues : 0);
}

SignalOutcome evaluate_signal(content::AnswerSignal signal, const MatchedText& answer, const SignalCues& cues) {
    using content::AnswerSignal;
    SignalOutcome outcome;
    switch (signal) {
        case AnswerSignal::lack_of_specifics: {
            const bool specifics = found(cues.technologies, answer, HitFilter::affirmed) || has_number(answer) ||
                                   found(cues.examples, answer, HitFilter::affirmed);
            outcome.raised = !specifics;
            outcome.reason = "no named technology, number or concrete example";
            break;
        }
        case AnswerSignal::generic_without_context: {
            outcome.raised = (!found(cues.context, answer, HitFilter::affirmed) || !has_first_person(answer)) &&
                             !tells_own_work(answer, cues, true);
            outcome.reason = "no situation, project or place of work is described";
            break;
        }
        case AnswerSignal::no_real_world_experience: {
            outcome.raised = !found(cues.real_world, answer, HitFilter::affirmed) && !serves_people(answer, cues) &&
                             !tells_own_work(answer, cues, false);
            outcome.reason = "no job, client or production work is mentioned";
            add_negated_evidence(cues.real_world, answer, outcome);
            break;
        }
        case AnswerSignal::no_teamwork: {
            outcome.raised = !found(cues.teamwork, answer, HitFilter::affirmed) &&
                             answer.hits.first_matching(colleague_phrase, HitFilter::affirmed) == no_hit;
            outcome.reason = "no team, colleague or collaboration is mentioned";
            add_negated_evidence(cues.teamwork, answer, outcome);
            break;
        }
        case AnswerSignal::restart_as_fix: {
            TermMatch restart;
            if (found(cues.restart, answer, HitFilter::asserted, &restart)) {
                const std::size_t investigation = cues.investigation.count_distinct(answer.hits, HitFilter::affirmed);
                TermMatch first_investigation;
                const bool investigated_first =
                    found(cues.investigation, answer, HitFilter::affirmed, &first_investigation) &&
                    answer.hits.hit(first_investigation.hit).first_token < answer.hits.hit(restart.hit).first_token;
                outcome.raised = investigation < min_investigation_cues || !investigated_first;
                if (outcome.raised) outcome.evidence.push_back(make_evidence(answer.text, answer.hits, restart));
            }
            outcome.reason = "restarting is presented as the fix";
            break;
        }
        case AnswerSignal::no_testing: {
            outcome.raised = !found(cues.testing, answer, HitFilter::affirmed);
            outcome.reason = "no testing or verification of the fix is mentioned";
            add_negated_evidence(cues.testing, answer, outcome);
            // "I fix it directly in production", "I skip the tests when in a hurry": testing is what is skipped.
            for (RiskyPractice practice : {RiskyPractice::changes_production_directly, RiskyPractice::skips_tests}) {
                TermMatch match;
                if (!cues.risky[static_cast<std::size_t>(practice)].first(answer.hits, HitFilter::asserted, &match)) continue;
                if (!outcome.raised) outcome.evidence.clear();
                outcome.raised = true;
                outcome.reason = "the answer " + std::string(describe(practice));
                outcome.evidence.push_back(make_evidence(answer.text, answer.hits, match));
                break;
            }
            break;
        }
        case AnswerSignal::no_tools: {
            outcome.raised = !found_outside_dismissals(cues.tools, cues.tool_dismissals, answer, HitFilter::affirmed) &&
                             !found_outside_dismissals(cues.technologies, cues.tool_dismissals, answer, HitFilter::affirmed);
            outcome.reason = "no tool is named for the job";
            add_negated_evidence(cues.tools, answer, outcome);
            break;
        }
        case AnswerSignal::no_structure: {
            TermMatch guessing;
            const bool trial_and_error = found(cues.trial_and_error, answer, HitFilter::asserted, &guessing);
            outcome.raised = trial_and_error || count_sequence_cues(answer, cues) < min_sequence_cues;
            outcome.reason = trial_and_error ? "the approach is trial and error" : "no sequence of steps is described";
            if (trial_and_error) outcome.evidence.push_back(make_evidence(answer.text, answer.hits, guessing));
            break;
        }
    }
    if (!outcome.raised) outcome.evidence.clear();
    return outcome;
}

}  // namespace mi::dialogue
