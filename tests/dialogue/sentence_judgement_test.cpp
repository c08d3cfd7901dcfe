// scorer-2 layers, each with the kind of answer that fooled scorer-1 (tracker issue 12's classes):
// hedged guesses, negations that point back, sentences that only name the key points, template
// STAR stories, measurable results, wrong statements, risky practices, off-topic fluency.
#include <catch2/catch.hpp>

#include <algorithm>

#include "scorer_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

namespace {

AnswerScore score(std::string_view question, std::string_view answer) {
    return backend_scorer().score_answer(backend_question(question), answer);
}

bool has_penalty(const AnswerScore& result, std::string_view reason_start) {
    return std::any_of(result.breakdown.penalty_items.begin(), result.breakdown.penalty_items.end(),
                       [&](const Penalty& penalty) { return penalty.reason.rfind(reason_start, 0) == 0; });
}

}  // namespace

TEST_CASE("a hedged guess covers nothing, a confident statement of the same fact does", "[judgement]") {
    const AnswerScore guess = score("scalable-system", "caching could perhaps help, I would have to look it up");
    CHECK_FALSE(coverage_item(guess, "Caching strategies").covered);
    const AnswerScore asked = score("scalable-system", "Maybe a load balancer? And caching, I guess?");
    CHECK_FALSE(coverage_item(asked, "Load balancing").covered);
    CHECK_FALSE(coverage_item(asked, "Caching strategies").covered);
    const AnswerScore sure = score("scalable-system", "I cache hot reads in Redis so most requests never touch the database.");
    CHECK(coverage_item(sure, "Caching strategies").covered);
}

TEST_CASE("a hedge reaches only its own side of a 'but'", "[judgement]") {
    const AnswerScore result = score("db-indexing",
        "I'm not sure of the exact syntax, but an index lets the database find the rows without a full table scan.");
    CHECK(coverage_item(result, "Database performance").covered);
}

TEST_CASE("a negation that points back takes back what the earlier clause named", "[judgement]") {
    const AnswerScore back = score("debugging-approach",
        "Profilers exist, sure, but I have never found a use for them. I read the code until I see the bug.");
    CHECK_FALSE(coverage_item(back, "Debugging tools used").covered);
    CHECK(red_flag(back, "Not using debugging tools effectively").raised);
    const AnswerScore short_no = score("debugging-approach", "Tests? Not really. I look at the logs and fix it.");
    CHECK(red_flag(short_no, "No mention of proper testing").raised);
    // A negation deep inside its clause is about something else: the test still counts.
    const AnswerScore later = score("debugging-approach",
        "I reproduce it and write a failing test. I also posted a note in the team channel so nobody reintroduced it.");
    CHECK_FALSE(red_flag(later, "No mention of proper testing").raised);
}

TEST_CASE("a topic the candidate names and then dismisses is not covered", "[judgement]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore fronted = score("api-design-principles",
        "Versioning we don't do; we just change the API and tell the mobile team.");
    CHECK_FALSE(coverage_item(fronted, "Versioning strategies").covered);
    const AnswerScore avoided = score("scalable-system", "Sharding is a headache I'd avoid, so one big database it is.");
    CHECK_FALSE(coverage_item(avoided, "Database sharding").covered);
    const AnswerScore overkill = score("api-design-principles", "The clients adapt when we change things - versioning is overkill.");
    CHECK_FALSE(coverage_item(overkill, "Versioning strategies").covered);
    // The first person acting on it with more to say keeps the credit.
    const AnswerScore kept = score("scalable-system",
        "Sharding we didn't need at first, but once writes outgrew one primary I split users by id across four shards.");
    CHECK(coverage_item(kept, "Database sharding").covered);
    const AnswerScore plain = score("api-design-principles", "I version the URL as /v1 and never break a published field.");
    CHECK(coverage_item(plain, "Versioning strategies").covered);
}

TEST_CASE("a sentence that only names the key points covers none of them", "[judgement]") {
    const AnswerScore named = score("api-design-principles", "Great APIs are all about structure, versioning, errors and docs.");
    for (const CoverageResult& item : named.coverage) CHECK_FALSE(item.covered);
    CHECK(named.score <= 30);
    const AnswerScore echoed = score("version-control",
        "Branching strategies, merging processes, conflict resolution and experience with Git or other systems are the "
        "four pillars of version control.");
    for (const CoverageResult& item : echoed.coverage) CHECK_FALSE(item.covered);
    const AnswerScore said = score("api-design-principles",
        "I version the URL (/v1), return a consistent JSON error body with the right 4xx or 5xx status, and publish an "
        "OpenAPI reference with examples.");
    CHECK(coverage_item(said, "Versioning strategies").covered);
    CHECK(coverage_item(said, "Error handling").covered);
    CHECK(coverage_item(said, "Documentation").covered);
}

TEST_CASE("a template STAR story has no STAR parts", "[judgement]") {
    const AnswerScore result = score("teammate-disagreement",
        "Situation: there was a disagreement with a teammate. Task: my task was to resolve it. Action: we talked. "
        "Result: success.");
    for (StarPart part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) CHECK_FALSE(result.star.has(part));
    CHECK(result.score <= 30);
}

TEST_CASE("a measurable result is one highlighted figure, and a length of employment is not one", "[judgement]") {
    const std::string answer =
        "I owned the feed service when p99 latency kept climbing. I traced the slow requests, precomputed the feeds on "
        "write and cached the first page, and p99 dropped from 900 ms to 200 ms.";
    const AnswerScore result = score("technical-challenge", answer);
    REQUIRE(result.star.metrics.size() == 1);
    CHECK(at(answer, result.star.metrics.front().span) == "900 ms to 200 ms");
    CHECK(result.star.metrics.front().term == "<metric>");
    CHECK(coverage_item(result, "Latency reduction percentage").covered);
    CHECK(result.star.has(StarPart::result));

    const AnswerScore tenure = score("backend-experience", "I spent 3 years at a bank writing Java services with Spring.");
    CHECK_FALSE(coverage_item(tenure, "Key achievements").covered);
    const AnswerScore halved = score("backend-experience",
        "At a bank I rewrote the Java reconciliation service in Spring and cut its run time in half.");
    CHECK(coverage_item(halved, "Key achievements").covered);
}

TEST_CASE("a fact stated the wrong way round does not cover its key point and costs points", "[judgement]") {
    const AnswerScore wrong = score("db-indexing", "Indexes make writes faster, so I add one on every column.");
    CHECK_FALSE(coverage_item(wrong, "Database performance").covered);
    CHECK_FALSE(coverage_item(wrong, "Database performance").wrong.empty());
    CHECK(has_penalty(wrong, "wrong statement: "));
    const AnswerScore swapped = score("rest-vs-soap", "SOAP is lightweight and SOAP uses JSON, while REST only supports XML.");
    CHECK_FALSE(coverage_item(swapped, "Data formats").covered);
    CHECK(swapped.score <= 30);
}

TEST_CASE("risky practices are red flags and penalties, with the sentence as evidence, unless negated", "[judgement]") {
    const std::string answer = "I reproduce it quickly, then I fix it directly in production and tell people later.";
    const AnswerScore risky = score("debugging-approach", answer);
    CHECK(red_flag(risky, "No mention of proper testing").raised);
    CHECK(has_penalty(risky, "risky practice: changes production directly"));
    const auto penalty = std::find_if(risky.breakdown.penalty_items.begin(), risky.breakdown.penalty_items.end(),
                                      [](const Penalty& item) { return item.reason.find("production") != std::string::npos; });
    REQUIRE(penalty != risky.breakdown.penalty_items.end());
    REQUIRE(penalty->evidence.size() == 1);
    CHECK(at(answer, penalty->evidence.front().span) == answer);   // the whole sentence that says it

    const AnswerScore careful = score("version-control", "I never push straight to main: every change goes through a pull request.");
    CHECK_FALSE(has_penalty(careful, "risky practice"));
    const AnswerScore reckless = score("version-control", "Git every day. I push straight to main because reviews slow me down.");
    CHECK(has_penalty(reckless, "risky practice: bypasses code review"));
}

TEST_CASE("fluent technical text on another subject scores low whatever its structure", "[judgement]") {
    const AnswerScore result = score("db-indexing",
        "Garbage-collection pauses in the JVM come from stop-the-world phases. G1 and ZGC shorten them with concurrent "
        "marking, so first we tune the heap regions, then the pause targets, because p99 latency depends on them.");
    CHECK(result.score <= 30);
}

TEST_CASE("a risky practice said in the candidate's own words is found, in its sentence", "[judgement][scorer-2.1]") {
    const std::string answer =
        "Three years on a Symfony backend. I usually patched things directly on the production server over SSH. "
        "Tests mostly slowed us down, so I didn't bother with them.";
    const AnswerScore risky = score("backend-experience", answer);
    CHECK(has_penalty(risky, "risky practice: changes production directly"));
    CHECK(has_penalty(risky, "risky practice: skips tests"));
    for (const Penalty& penalty : risky.breakdown.penalty_items) {
        if (penalty.reason.rfind("risky practice", 0) != 0) continue;
        REQUIRE(penalty.evidence.size() == 1);
        const auto sentence = at(answer, penalty.evidence.front().span);
        CHECK((sentence.find("SSH") != std::string_view::npos || sentence.find("bother") != std::string_view::npos));
    }
    // The same words, negated or as a rule that forbids it, are no risky practice.
    const AnswerScore careful = score("backend-experience",
        "Three years on a Symfony backend. I never patch anything on the production server over SSH, and we don't skip tests.");
    CHECK_FALSE(has_penalty(careful, "risky practice"));
    const AnswerScore reviewed = score("version-control",
        "Each ticket gets its own branch, and nothing lands without a pull request approved by two reviewers.");
    CHECK_FALSE(has_penalty(reviewed, "risky practice"));
}

TEST_CASE("an answer that presents a risky practice as routine scores at most the cap, whatever else it says", "[judgement][scorer-2.1]") {
    const std::string strong =
        "At a fintech startup I built the payments API in Go and PostgreSQL with a team of four. The hardest part was "
        "double charges under retries; I added idempotency keys and cut duplicate charges from dozens a week to zero.";
    const AnswerScore clean = score("backend-experience", strong);
    const AnswerScore risky = score("backend-experience", strong + " When something breaks I just SSH into production and patch the code right there.");
    CHECK(clean.score > ScoringConfig{}.risky_practice_score_cap);
    CHECK(risky.score <= ScoringConfig{}.risky_practice_score_cap);
    // The breakdown still adds up: the practice's penalty carries the difference.
    const auto& b = risky.breakdown;
    int penalties = 0;
    for (const Penalty& penalty : b.penalty_items) penalties += penalty.points;
    CHECK(b.coverage + b.structure + b.specificity - penalties == b.total);
}

TEST_CASE("an answer in which nobody is I or we tells no STAR part, terse notes that drop the I still do", "[judgement][scorer-2.1]") {
    const AnswerScore lecture = score("technical-challenge",
        "CAP says that when there is a network partition you have to choose between consistency and availability. A bank "
        "ledger picks consistency and refuses writes it cannot replicate; a shopping cart picks availability and merges later.");
    CHECK(std::none_of(lecture.star.present.begin(), lecture.star.present.end(), [](bool part) { return part; }));
    const AnswerScore terse = score("technical-challenge",
        "Had a memory leak in a Java service once, the pods kept dying. Found it with a heap dump and fixed the cache that never evicted.");
    CHECK(std::any_of(terse.star.present.begin(), terse.star.present.end(), [](bool part) { return part; }));
}

TEST_CASE("looping in the owner of the code is collaboration", "[judgement][scorer-2.1]") {
    const AnswerScore result = score("debugging-approach",
        "I replay the failing request locally and attach the debugger. I loop in whoever owns the service early, because they know its history.");
    CHECK(coverage_item(result, "Collaboration with team members").covered);
}

TEST_CASE("a word derived from another is not that word: Fastly is no caching, careful no skill, SELECTs no selectivity", "[judgement][scorer-2.3]") {
    const AnswerScore frontend = score("scalable-system",
        "The front end has to be fast too: code-split the bundle, lazy-load the images and keep the first paint small.");
    CHECK_FALSE(coverage_item(frontend, "Caching strategies").covered);
    const AnswerScore cdn = score("scalable-system", "I put Fastly in front of the static assets so most requests never reach our servers.");
    CHECK(coverage_item(cdn, "Caching strategies").covered);
}

TEST_CASE("a negation reaches every thing joined by 'or'", "[judgement][scorer-2.3]") {
    const AnswerScore course = score("backend-experience",
        "I've never worked on a team project or deployed anything for actual users. I built a URL shortener with Gin in an online course.");
    CHECK(red_flag(course, "No real-world experiences mentioned").raised);
    const AnswerScore job = score("backend-experience", "I build the order service at a retailer, for actual users, with Go and Postgres.");
    CHECK_FALSE(red_flag(job, "No real-world experiences mentioned").raised);
}

TEST_CASE("the people one works beside, named by their role, are teamwork", "[judgement][scorer-2.3]") {
    for (std::string_view answer : {"Python at an insurance site, the pricing engine. I sit with two other backend folks and a data scientist.",
                                    "FastAPI and Celery at an edtech startup; me and one other dev ran the whole backend."}) {
        CAPTURE(answer);
        CHECK_FALSE(red_flag(score("backend-experience", answer), "No mention of teamwork or collaboration").raised);
    }
    CHECK(red_flag(score("backend-experience", "I build APIs in Go for a logistics company, on my own."), "No mention of teamwork or collaboration").raised);
}

TEST_CASE("retesting the original scenario after the fix is testing", "[judgement][scorer-2.3]") {
    const AnswerScore result = score("debugging-approach",
        "I read the logs, reproduce it locally, narrow it down by commenting parts out, then fix it and retest the original scenario.");
    CHECK_FALSE(red_flag(result, "No mention of proper testing").raised);
}

TEST_CASE("saying one would have to look it up or read up on it is a guess", "[judgement][scorer-2.3]") {
    const AnswerScore lookup = score("scalable-system", "And caching could perhaps help, I'd have to look into which kind.");
    CHECK_FALSE(coverage_item(lookup, "Caching strategies").covered);
    const AnswerScore guess = score("api-design-principles", "I'd guess documentation probably helps.");
    CHECK_FALSE(coverage_item(guess, "Documentation").covered);
}

TEST_CASE("terse notes that relate their terms are not keyword stuffing, a bare list still is", "[judgement][scorer-2.3]") {
    const AnswerScore notes = score("version-control",
        "Git. GitHub flow: branch off main, PR, two approvals and green CI, squash-merge, delete the branch. "
        "Conflicts: rebase onto main, fix, force-push with lease.");
    CHECK(notes.gate == Gate::none);
    CHECK(coverage_item(notes, "Experience with Git or other systems").covered);
    const AnswerScore list = score("version-control", "git gitflow rebase merge cherry-pick pull request conflicts github gitlab");
    CHECK(list.gate == Gate::keyword_stuffing);
    const AnswerScore names = score("task-prioritization",
        "Prioritization: Jira, Trello, Asana, Scrum, Kanban, SAFe, MoSCoW, Eisenhower matrix, stakeholder alignment, collaboration, urgent vs important, velocity.");
    CHECK(names.gate == Gate::keyword_stuffing);
}

TEST_CASE("a terse expert sentence that names each point through several of its terms keeps its credit, a roll-call does not", "[judgement][scorer-2.3]") {
    const AnswerScore terse = score("rest-vs-soap",
        "SOAP is XML envelopes described by a WSDL contract, REST is resources and HTTP verbs, usually with JSON.");
    CHECK(coverage_item(terse, "Data formats").covered);
    CHECK(coverage_item(terse, "Communication methods").covered);
    const AnswerScore roll_call = score("rest-vs-soap",
        "The differences between REST and SOAP come down to architectural principles, data formats, communication methods and use cases.");
    CHECK_FALSE(coverage_item(roll_call, "Data formats").covered);
    CHECK_FALSE(coverage_item(roll_call, "Communication methods").covered);
}

TEST_CASE("a figure set against another is a measurable result: 'instead of', a unit written out", "[judgement][scorer-2.3]") {
    const std::string instead = "I was on call for the broker. After my change the cluster recovered in a couple of minutes instead of an hour.";
    const AnswerScore recovered = score("technical-challenge", instead);
    REQUIRE(recovered.star.metrics.size() == 1);
    CHECK(at(instead, recovered.star.metrics.front().span) == "a couple of minutes instead of an hour");
    CHECK(coverage_item(recovered, "Performance improvements").covered);
    const std::string written = "I was responsible for the nightly batch. The batch went from 7 hours to one hour and a half.";
    const AnswerScore batch = score("technical-challenge", written);
    REQUIRE(batch.star.metrics.size() == 1);
    CHECK(at(written, batch.star.metrics.front().span) == "7 hours to one hour");
    const AnswerScore choice = score("technical-challenge", "I picked Postgres instead of Mongo for the ledger.");
    CHECK(choice.star.metrics.empty());
}

TEST_CASE("a template story covers none of the key points its labels name", "[judgement][scorer-2.3]") {
    const AnswerScore result = score("technical-challenge",
        "Situation: we had a challenging project. Task: I had to solve the challenge. Action: I took action and worked hard "
        "with the team. Result: latency improved by a significant percentage and users were happier.");
    for (const CoverageResult& item : result.coverage) CHECK_FALSE(item.covered);
    CHECK(result.score <= 30);
}

TEST_CASE("a topic that is the subject of its own denial is not covered, 'without' still denies only what follows", "[judgement][scorer-2.3]") {
    const AnswerScore rare = score("version-control", "Git at work. We branch off main for each feature. Conflicts don't really happen much.");
    CHECK_FALSE(coverage_item(rare, "Conflict resolution").covered);
    const AnswerScore terse = score("db-indexing", "Faster lookups without full scans. B-tree for ranges, hash for equality.");
    CHECK(coverage_item(terse, "Database performance").covered);
    const AnswerScore resolved = score("version-control",
        "Conflicts don't scare me: I rebase onto main, fix each hunk in IntelliJ and rerun the tests before I push.");
    CHECK(coverage_item(resolved, "Conflict resolution").covered);
}

TEST_CASE("course work is a situation, a team's size is a workplace, one guess at a time is a method", "[judgement][scorer-2.3]") {
    const AnswerScore course = score("backend-experience",
        "I know PHP and a bit of Laravel from university. I built a blog platform for one of my courses.");
    CHECK_FALSE(red_flag(course, "Generic answers without context").raised);
    CHECK(red_flag(course, "No real-world experiences mentioned").raised);
    const AnswerScore team = score("backend-experience", "C# and ASP.NET Core on Azure, moving licence renewals off a mainframe. Team of about twelve.");
    CHECK_FALSE(red_flag(team, "No real-world experiences mentioned").raised);
    const AnswerScore method = score("debugging-approach",
        "First I write down what I expect versus what happens, then I make one guess at a time and change one thing per try.");
    CHECK_FALSE(red_flag(method, "Lack of a structured approach").raised);
    const AnswerScore random = score("debugging-approach", "I just guess and change things until it works.");
    CHECK(red_flag(random, "Lack of a structured approach").raised);
}

TEST_CASE("asked for a comparison, a candidate who says they cannot compare has made none", "[judgement][scorer-2.3]") {
    const AnswerScore disowned = score("rest-vs-soap",
        "SOAP I've honestly never touched, so I can't really compare. REST I use daily: resource URLs, GET/POST/PUT/DELETE, status codes, JSON bodies, stateless requests.");
    for (const CoverageResult& item : disowned.coverage) CHECK_FALSE(item.covered);
    const AnswerScore compared = score("rest-vs-soap",
        "SOAP wraps every call in an XML envelope POSTed to one endpoint, while REST uses HTTP verbs on resource URLs, usually with JSON.");
    CHECK(coverage_item(compared, "Data formats").covered);
}

TEST_CASE("a terse expert who names a point by one word of its label and says more about it is not echoing labels", "[judgement][scorer-2.3]") {
    const AnswerScore expert = score("scalable-system",
        "Stateless API nodes behind a load balancer, a Redis cache for the hot reads, the database split by customer id "
        "across several shards, and the services with very different load broken out so they scale separately.");
    CHECK(coverage_item(expert, "Caching strategies").covered);
    CHECK(coverage_item(expert, "Database sharding").covered);
    const AnswerScore filler = score("backend-experience",
        "I bring a strong, well-rounded backend background: a broad range of modern technologies and frameworks, a portfolio "
        "of impactful projects, plenty of challenges faced and overcome, and a track record of key achievements that speak for themselves.");
    CHECK_FALSE(coverage_item(filler, "Challenges faced").covered);
    CHECK_FALSE(coverage_item(filler, "Key achievements").covered);
    CHECK_FALSE(coverage_item(filler, "Projects handled").covered);
}

TEST_CASE("work described on a system is a job: built, owned, looked after, in notes without the I too", "[judgement][scorer-2.4]") {
    for (std::string_view answer : {"I built the order service for a travel site in Node.js and Postgres.",
                                    "- Kotlin and Ktor, Postgres behind them\n- owned the courier dispatch service\n- fixed its races with row locks",
                                    "For four years I looked after the mortgage API of a building society, in C#."}) {
        CAPTURE(answer);
        const AnswerScore result = score("backend-experience", answer);
        CHECK_FALSE(red_flag(result, "No real-world experiences mentioned").raised);
        CHECK_FALSE(red_flag(result, "Generic answers without context").raised);
    }
}

TEST_CASE("what one can do, or did for a course, is no job", "[judgement][scorer-2.4]") {
    const AnswerScore skill = score("backend-experience", "I can write APIs and I'm comfortable with servers and databases in general.");
    CHECK(red_flag(skill, "No real-world experiences mentioned").raised);
    const AnswerScore course = score("backend-experience", "I built a booking API with Flask and SQLite for my university course.");
    CHECK(red_flag(course, "No real-world experiences mentioned").raised);
}

TEST_CASE("a tool named only to be waved away is not used", "[judgement][scorer-2.4]") {
    const AnswerScore dismissed = score("debugging-approach",
        "Debuggers are overrated, I've never needed one. I read the code carefully until I see the mistake, then fix it and add a unit test.");
    CHECK(red_flag(dismissed, "Not using debugging tools effectively").raised);
    const AnswerScore used = score("debugging-approach",
        "I attach the debugger to the failing request, step through it until I see the mistake, then fix it and add a unit test.");
    CHECK_FALSE(red_flag(used, "Not using debugging tools effectively").raised);
}

TEST_CASE("bouncing a server is restarting it", "[judgement][scorer-2.4]") {
    const AnswerScore result = score("debugging-approach", "Most of our Tomcat issues go away if you bounce it, so that's my first move.");
    CHECK(red_flag(result, "Over-reliance on restarting tools").raised);
}

TEST_CASE("an answer that covers none of the question shows none of the specifics or context it would need", "[judgement][scorer-2.4]") {
    const AnswerScore result = score("backend-experience", "Ten years of it, honestly, and every single day has been an adventure for me.");
    CHECK(red_flag(result, "Lack of specifics").raised);
    CHECK(red_flag(result, "Generic answers without context").raised);
}

TEST_CASE("owning something is the verb, not the 'own' of 'my own': 'I owned the integration' is the task", "[judgement][scorer-2.4]") {
    const AnswerScore owned = score("technical-challenge", "Checkout got slow after a provider change. I owned the integration.");
    CHECK(owned.star.has(StarPart::task));
    const AnswerScore my_own = score("technical-challenge", "Checkout got slow after a provider change. My own laptop too.");
    CHECK_FALSE(my_own.star.has(StarPart::task));
}

TEST_CASE("a sentence telling one's own work on a system is a project handled, with the sentence's words as evidence", "[judgement][scorer-2.5]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore noted = score("backend-experience", "Go and Postgres, six years. Owned the billing service end to end.");
    const CoverageResult& project = coverage_item(noted, "Projects handled");
    REQUIRE(project.covered);
    REQUIRE_FALSE(project.evidence.empty());
    CHECK(project.evidence.front().term == "<own-work>");
    const std::string_view answer = "Go and Postgres, six years. Owned the billing service end to end.";
    const ByteSpan span = project.evidence.front().span;
    CHECK(answer.substr(span.begin, span.end - span.begin) == "Owned the billing service");
    // A skill is not work done, and neither is work nobody did.
    CHECK_FALSE(coverage_item(score("backend-experience", "Go and Postgres. I can build a service quickly."), "Projects handled").covered);
    CHECK_FALSE(coverage_item(score("backend-experience", "Go and Postgres. I never built a service on my own."), "Projects handled").covered);
    // "developer" stems to "develop", but a job named is no work told.
    CHECK_FALSE(coverage_item(score("backend-experience", "I want to be a backend developer, the server is the heart of a product."),
                              "Projects handled").covered);
}

TEST_CASE("a wish with a time ahead is a career aspiration, a wish alone or a plan denied is not", "[judgement][scorer-2.5]") {
    // Written for this rule, not taken from any eval corpus.
    CHECK(coverage_item(score("why-backend", "Queues and storage interest me. Some day I'd like to be the one who designs the data layer."),
                        "Career aspirations").covered);
    CHECK(coverage_item(score("why-backend", "i like the plumbing. would love to end up on an infra team"), "Career aspirations").covered);
    CHECK_FALSE(coverage_item(score("why-backend", "Queues and storage interest me. I'd like to see the data layer."), "Career aspirations").covered);
    CHECK_FALSE(coverage_item(score("why-backend", "Queues interest me. I don't want to end up in front of a screen designer."),
                              "Career aspirations").covered);
}

TEST_CASE("a bare liking is no technical interest, a liking with a technical object is", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    CHECK_FALSE(coverage_item(score("why-backend", "I like computers and the salary is good."), "Technical interests").covered);
    CHECK_FALSE(coverage_item(score("why-backend", "Coding is fun and I love it."), "Technical interests").covered);
    CHECK(coverage_item(score("why-backend", "I love distributed systems and how data moves between them."), "Technical interests").covered);
    CHECK(coverage_item(score("why-backend", "I like the puzzle side, the part I like is concurrency."), "Technical interests").covered);
}

TEST_CASE("an idiom that waves a topic away dismisses what its clause named before it", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore waste = score("api-design-principles", "Documentation is a waste of time. I make the status codes mean what they say: 404, 409, 422.");
    CHECK_FALSE(coverage_item(waste, "Documentation").covered);
    CHECK(coverage_item(waste, "Error handling").covered);
    CHECK_FALSE(coverage_item(score("api-design-principles", "Versioning is honestly not my cup of tea."), "Versioning strategies").covered);
    CHECK_FALSE(coverage_item(score("debugging-approach", "Profilers are overrated, so I print values until the bad one shows up."),
                              "Debugging tools used").covered);
    // Said of something else, the same words dismiss nothing before them in another clause.
    CHECK(coverage_item(score("api-design-principles", "I keep an OpenAPI reference for every endpoint, and meetings are a waste of time."),
                        "Documentation").covered);
}

TEST_CASE("a person worked with, named by what they are, is teamwork", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const std::string_view answer = "Five years of Go at a logistics firm, on the routing API. I rewrote the slow reports with our DBA.";
    const AnswerScore with_dba = score("backend-experience", answer);
    CHECK_FALSE(red_flag(with_dba, "No mention of teamwork or collaboration").raised);
    CHECK_FALSE(red_flag(score("backend-experience", "Five years of Go at a logistics firm, on the routing API. "
                                                     "I moved the cron jobs to a queue with the infrastructure chaps."),
                         "No mention of teamwork or collaboration").raised);
    // Alone, or a noun that only qualifies a thing, is not someone worked with.
    CHECK(red_flag(score("backend-experience", "Five years of Go at a logistics firm, on the routing API. I never worked with other people."),
                   "No mention of teamwork or collaboration").raised);
    CHECK(red_flag(score("backend-experience", "Five years of Go at a logistics firm, on the routing API. I built it with the admin panel."),
                   "No mention of teamwork or collaboration").raised);
}

TEST_CASE("a negation inside a clause of its own ('so nobody', 'so I don't') takes back nothing before it", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    CHECK(coverage_item(score("debugging-approach", "I fix it, add a test, and write it up for the team so nobody repeats it."),
                        "Collaboration with team members").covered);
    CHECK(has_penalty(score("version-control", "I use Git. I push straight to main so I don't have to wait for reviews."), "risky practice"));
    // A topic the speaker dismisses in the same clause is still dismissed.
    CHECK_FALSE(coverage_item(score("api-design-principles", "Versioning we don't do. I return 404 for a missing order."),
                              "Versioning strategies").covered);
}

TEST_CASE("a negation pointing back with a qualifier after it denies the qualifier, not the thing", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore qualified = score("backend-experience",
        "I know Python and Flask from a course. I built a booking API for that course with user accounts. I haven't used it in a real job yet.");
    CHECK(coverage_item(qualified, "Projects handled").covered);
    // "user accounts" names a feature, not the people served: still no real-world experience.
    CHECK(red_flag(qualified, "No real-world experiences mentioned").raised);
    const AnswerScore denied = score("backend-experience", "I know Python and Flask. I built a booking API once. Nobody ever used it.");
    CHECK_FALSE(coverage_item(denied, "Projects handled").covered);
    // People served, in the plural, are real-world work.
    CHECK_FALSE(red_flag(score("backend-experience", "I know Python and Flask. Our customers book their lessons through my API."),
                         "No real-world experiences mentioned").raised);
}

TEST_CASE("labels recited where no vocabulary reaches count as echoes, so a roll-call of labels covers nothing", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore roll_call = score("backend-experience",
        "My background covers specific technologies, projects handled across industries, challenges faced daily and key achievements, with great teamwork.");
    CHECK_FALSE(coverage_item(roll_call, "Challenges faced").covered);
    CHECK_FALSE(coverage_item(roll_call, "Key achievements").covered);
    CHECK(red_flag(roll_call, "Lack of specifics").raised);
    // The same words told about real work keep their credit.
    const AnswerScore told = score("backend-experience",
        "At a logistics firm I owned the routing API in Go. The hardest challenge was a nightly batch that kept missing its window; "
        "I moved it to a queue and it now finishes in 20 minutes instead of 3 hours.");
    CHECK(coverage_item(told, "Challenges faced").covered);
    CHECK(coverage_item(told, "Key achievements").covered);
}

TEST_CASE("a key point told by what it spares, said negated, is covered", "[judgement][scorer-2.6]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore spared = score("db-indexing", "We index the columns we filter on, so the report query doesn't scan the whole invoices table.");
    const CoverageResult& performance = coverage_item(spared, "Database performance");
    CHECK(performance.covered);
    REQUIRE_FALSE(performance.evidence.empty());
    CHECK(performance.evidence.front().term == "scan");
    // A guess about it is not.
    CHECK_FALSE(coverage_item(score("db-indexing", "Maybe so it doesn't scan? I'm not sure."), "Database performance").covered);
}

TEST_CASE("a lasting outcome told through the people served is a user-facing result", "[judgement][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    const std::string_view story = "Our invoicing API lost uploads at month end. I owned the service, so I added a retry queue and a checksum. ";
    CHECK_FALSE(coverage_item(score("technical-challenge", story), "User experience impact").covered);
    for (std::string_view outcome : {"Since then no accountant has phoned about a missing invoice.",
                                     "The bookkeepers stopped keeping copies on paper.",
                                     "Accountants can now upload the night before the deadline."}) {
        const AnswerScore told = score("technical-challenge", std::string(story) + std::string(outcome));
        const CoverageResult& impact = coverage_item(told, "User experience impact");
        CHECK(impact.covered);
        REQUIRE_FALSE(impact.evidence.empty());
        CHECK(impact.evidence.front().term == "<outcome>");
    }
    // A symptom gone, a failure, the candidate's own habit, or a childhood memory tells no one's outcome.
    for (std::string_view other : {"After that the crashes stopped.", "Then the uploads stopped working.",
                                   "I haven't touched that code since.", "I stopped writing tests for it.",
                                   "Ever since my first job I have liked queues."}) {
        CHECK_FALSE(coverage_item(score("technical-challenge", std::string(story) + std::string(other)), "User experience impact").covered);
    }
    // Said of the people a job served, it is an achievement.
    CHECK(coverage_item(score("backend-experience", "Three years of Java on a bank's loans API. Customers can now apply in the evening."),
                        "Key achievements").covered);
}

TEST_CASE("a sentence that recites the STAR headings tells no part of a story", "[judgement][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore recital = score("teammate-disagreement",
        "For any conflict I follow the situation, task, action, result format: I set out the disagreement, give my view, "
        "say how we settled it and what the outcome was for the team.");
    for (StarPart part : {StarPart::situation, StarPart::task, StarPart::action, StarPart::result}) CHECK_FALSE(recital.star.has(part));
    CHECK(recital.score <= 30);
    // A story with one heading per sentence is still read sentence by sentence.
    const AnswerScore story = score("teammate-disagreement",
        "Situation: a teammate wanted to store prices as floats in the new billing service. Task: I owned the billing schema. "
        "Action: I showed him two invoices that were off by a cent and we agreed on integer cents. Result: no rounding tickets since.");
    CHECK(story.star.has(StarPart::action));
    CHECK(story.star.has(StarPart::result));
}

TEST_CASE("asked to compare two things, an answer that names neither is off topic", "[judgement][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore elsewhere = score("rest-vs-soap",
        "I'd go with GraphQL instead: one endpoint over HTTP, the client asks for exactly the JSON fields it needs, "
        "and a typed schema documents every query for mobile apps.");
    CHECK(elsewhere.gate == Gate::off_topic);
    CHECK(elsewhere.score <= 30);
    for (const CoverageResult& item : elsewhere.coverage) CHECK_FALSE(item.covered);
    // Naming one side is enough to be on the question.
    const AnswerScore one_side = score("rest-vs-soap",
        "RESTful APIs use plain HTTP verbs on resource URLs and usually send JSON, which suits public and mobile clients.");
    CHECK(one_side.gate == Gate::none);
    CHECK(coverage_item(one_side, "Data formats").covered);
}

TEST_CASE("asked to compare, notes headed by each thing compared are a terse comparison, not keyword stuffing", "[judgement][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    const AnswerScore notes = score("rest-vs-soap",
        "SOAP: strict protocol, XML envelope, WSDL contract, WS-Security. REST: resource URLs, HTTP verbs, stateless, mostly JSON.");
    CHECK(notes.gate == Gate::none);
    CHECK(coverage_item(notes, "Data formats").covered);
    // The same terms without the headings are still a list of keywords.
    CHECK(score("rest-vs-soap", "SOAP REST XML JSON WSDL HTTP stateless envelope").gate == Gate::keyword_stuffing);
}

TEST_CASE("a measurable result is more specific than a bare number", "[judgement][scorer-2.7]") {
    // Written for this rule, not taken from any eval corpus.
    const std::string_view story = "Our invoice export API kept timing out at month end. I owned the export service, so I moved the PDF rendering "
                                   "into a Celery queue with Redis. ";
    const AnswerScore years = score("technical-challenge", std::string(story) + "That was 3 years ago.");
    const AnswerScore measured = score("technical-challenge", std::string(story) + "Exports went from 40 seconds to 4 seconds.");
    CHECK(measured.breakdown.specificity > years.breakdown.specificity);
    const AnswerScore outcome = score("technical-challenge", std::string(story) + "Since then no accountant has phoned support about it.");
    CHECK(outcome.breakdown.specificity > score("technical-challenge", story).breakdown.specificity);
}

TEST_CASE("a topic handed to someone else is not covered", "[judgement][scorer-2.8]") {
    // Written for this rule, not taken from any eval corpus.
    const std::string_view git = "I use Git every day and branch off main for each ticket. ";
    for (std::string_view handed : {"Merging I leave to the release manager.",
                                    "When it comes to merging, I hand that over to the team lead.",
                                    "Merging is the release team's job."}) {
        const AnswerScore result = score("version-control", std::string(git) + std::string(handed));
        CHECK_FALSE(coverage_item(result, "Merging processes").covered);
        CHECK(coverage_item(result, "Branching strategies").covered);
    }
    CHECK(coverage_item(score("version-control", std::string(git) + "Merging I do myself, a squash merge once CI is green."),
                        "Merging processes").covered);
    const std::string_view api = "I keep resource URLs plural and nouns only, and version them under /v2. ";
    CHECK_FALSE(coverage_item(score("api-design-principles", std::string(api) + "Error responses are the frontend team's problem."),
                              "Error handling").covered);
    CHECK_FALSE(coverage_item(score("api-design-principles", std::string(api) + "Error codes are not my job."), "Error handling").covered);
    // Left for later, shared by everyone, or the candidate's own team's task: still the candidate's.
    const AnswerScore later = score("scalable-system",
        "Caching is everyone's job: I put Redis in front of the hot reads. Load balancing I leave till the end, once we know the traffic.");
    CHECK(coverage_item(later, "Caching strategies").covered);
    CHECK(coverage_item(later, "Load balancing").covered);
    CHECK(coverage_item(score("scalable-system", "My team's job was to put a load balancer in front of six app servers."),
                        "Load balancing").covered);
    // A hand-off pointing back reaches only the clause before it.
    const AnswerScore indexes = score("db-indexing",
        "Indexes let the database find rows without scanning the whole table, but query plans I never read, I leave that to the DBA.");
    CHECK(coverage_item(indexes, "Database performance").covered);
}

TEST_CASE("work put off or picked by taste is no balancing of urgent and important", "[judgement][scorer-2.9]") {
    // Written for this rule, not taken from any eval corpus.
    for (std::string_view taste : {"The dull tickets can wait till Friday.", "If a task is tedious it waits until later.",
                                   "Whatever is fun goes first and the rest can wait."}) {
        const AnswerScore result = score("task-prioritization", std::string("We plan in two-week sprints. ") + std::string(taste));
        CHECK_FALSE(coverage_item(result, "Balancing urgent vs. important tasks").covered);
        CHECK_FALSE(coverage_item(result, "Task management tools").covered);
        CHECK(coverage_item(result, "Experience with Agile/Scrum methodology").covered);
    }
    // The same deferral by impact, and work done in spite of the taste, keep their credit.
    CHECK(coverage_item(score("task-prioritization", "Anything that hurts customers goes first; cosmetic tickets can wait."),
                        "Balancing urgent vs. important tasks").covered);
    CHECK(coverage_item(score("task-prioritization", "Outages go first even when they're boring to chase; nice-to-haves can wait."),
                        "Balancing urgent vs. important tasks").covered);
    // A taste with no deferral says nothing about the order of work.
    CHECK(coverage_item(score("task-prioritization", "Retros are fun, and the board in Jira shows what is blocked."),
                        "Task management tools").covered);
}

TEST_CASE("a choice of work made by other people is not collaboration", "[judgement][scorer-2.9]") {
    // Written for this rule, not taken from any eval corpus.
    for (std::string_view told : {"The team decides what I work on and I do it.", "My boss picks which ticket comes next."}) {
        CHECK_FALSE(coverage_item(score("task-prioritization", told), "Collaboration with team members").covered);
    }
    // Deciding with others, or other people deciding a fact rather than the work, is still the candidate's.
    CHECK(coverage_item(score("task-prioritization", "The product owner and I decide what goes first."), "Collaboration with team members").covered);
    CHECK(coverage_item(score("task-prioritization", "We decide together with the team what goes in the sprint."),
                        "Collaboration with team members").covered);
    CHECK(coverage_item(score("scalable-system", "Our lead decided to put a Redis cache in front of the hot reads."),
                        "Caching strategies").covered);
}

TEST_CASE("sharding told as full copies and load balancing as every request to every server are wrong statements",
          "[judgement][scorer-2.9]") {
    // Written for these statements, not taken from any eval corpus. The guide: sharding partitions the
    // database horizontally; load balancing distributes traffic.
    const AnswerScore copies = score("scalable-system", "Sharding means making full copies of the data on each node.");
    CHECK_FALSE(coverage_item(copies, "Database sharding").covered);
    CHECK_FALSE(coverage_item(copies, "Database sharding").wrong.empty());
    CHECK(has_penalty(copies, "wrong statement: Database sharding"));
    const AnswerScore every = score("scalable-system", "With a load balancer every request goes to all the servers at once.");
    CHECK_FALSE(coverage_item(every, "Load balancing").covered);
    CHECK(has_penalty(every, "wrong statement: Load balancing"));
    // The right facts, and a denial of the wrong one, are not wrong statements.
    const AnswerScore right = score("scalable-system",
        "Shards are not full copies: each holds a slice of the users by id. A load balancer sends each request to one healthy server.");
    CHECK(coverage_item(right, "Database sharding").covered);
    CHECK(coverage_item(right, "Load balancing").covered);
    CHECK_FALSE(has_penalty(right, "wrong statement"));
}
