#include <catch2/catch.hpp>

#include <thread>

#include "dialogue/scoring/score_json.hpp"
#include "scorer_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

// Guide questions: the pack's own 11 (derived ones have no examples).
static std::vector<const mi::content::Question*> guide_questions() {
    std::vector<const mi::content::Question*> questions;
    for (const auto& question : backend_pack().questions) {
        if (question.derived_from.empty()) questions.push_back(&question);
    }
    return questions;
}

TEST_CASE("every guide question's good answer example scores high", "[answer_scorer]") {
    for (const auto* question : guide_questions()) {
        INFO(question->id);
        const AnswerScore score = backend_scorer().score_answer(*question, question->good_answer_example);
        CHECK(score.gate == Gate::none);
        CHECK(score.score >= 55);
    }
}

TEST_CASE("every guide question's bad answer example scores low, below its good one", "[answer_scorer]") {
    for (const auto* question : guide_questions()) {
        INFO(question->id);
        const AnswerScore bad = backend_scorer().score_answer(*question, question->bad_answer_example);
        const AnswerScore good = backend_scorer().score_answer(*question, question->good_answer_example);
        CHECK(bad.score <= 30);
        CHECK(bad.score + 30 <= good.score);
    }
}

TEST_CASE("evidence spans highlight the candidate's own words, also after multi-byte characters", "[answer_scorer]") {
    const std::string answer = "Au café où je travaillais — naïvement — I attached gdb and set a breakpoint to find the crash.";
    const AnswerScore score = backend_scorer().score_answer(backend_question("debugging-approach"), answer);
    const CoverageResult& tools = coverage_item(score, "Debugging tools used");
    REQUIRE(tools.covered);
    REQUIRE_FALSE(tools.evidence.empty());
    CHECK(at(answer, tools.evidence[0].span) == "gdb");
    CHECK(tools.evidence[0].message == 0);
}

TEST_CASE("\"I never use a debugger\" does not cover \"Debugging tools used\"", "[answer_scorer]") {
    const std::string answer = "I never use a debugger. I read the code carefully until I understand what went wrong and fix it.";
    const AnswerScore score = backend_scorer().score_answer(backend_question("debugging-approach"), answer);
    const CoverageResult& tools = coverage_item(score, "Debugging tools used");
    CHECK_FALSE(tools.covered);
    REQUIRE_FALSE(tools.negated.empty());
    CHECK(at(answer, tools.negated[0].span) == "debugger");
}

TEST_CASE("\"I don't write tests\" raises \"No mention of proper testing\"", "[answer_scorer]") {
    const std::string answer = "First I reproduce the bug locally, then I step through it in the debugger. I don't write tests for it.";
    const AnswerScore score = backend_scorer().score_answer(backend_question("debugging-approach"), answer);
    const RedFlagResult& testing = red_flag(score, "No mention of proper testing");
    CHECK(testing.raised);
    CHECK_FALSE(testing.reason.empty());
    const std::string verified = "First I reproduce the bug locally, then I step through it in the debugger and add a regression test.";
    CHECK_FALSE(red_flag(backend_scorer().score_answer(backend_question("debugging-approach"), verified), "No mention of proper testing").raised);
}

TEST_CASE("restarting as the fix raises the restart red flag with the words as evidence", "[answer_scorer]") {
    const std::string answer = "I usually just restart the server or the application if something doesn't work.";
    const AnswerScore score = backend_scorer().score_answer(backend_question("debugging-approach"), answer);
    const RedFlagResult& restarting = red_flag(score, "Over-reliance on restarting tools");
    REQUIRE(restarting.raised);
    REQUIRE_FALSE(restarting.evidence.empty());
    CHECK(at(answer, restarting.evidence[0].span).find("restart") != std::string_view::npos);
}

TEST_CASE("an empty answer is gated as empty and scores 0", "[answer_scorer][gates]") {
    const AnswerScore score = backend_scorer().score_answer(backend_question("db-indexing"), "   \n ");
    CHECK(score.gate == Gate::empty);
    CHECK(score.score == 0);
    CHECK_FALSE(score.feedback.gate_reason.empty());
}

TEST_CASE("\"xyz\" and keyboard mashing are gated as gibberish", "[answer_scorer][gates]") {
    for (const char* answer : {"xyz", "asdf qwer zxcv", "sdfkj wqkej qwpoe zmxnc"}) {
        INFO(answer);
        const AnswerScore score = backend_scorer().score_answer(backend_question("db-indexing"), answer);
        CHECK(score.gate == Gate::gibberish);
        CHECK(score.score <= 10);
    }
}

TEST_CASE("\"fine\" and other one-word answers are gated and score low", "[answer_scorer][gates]") {
    for (const char* answer : {"fine", "Kubernetes", "yes", "I don't know"}) {
        INFO(answer);
        const AnswerScore score = backend_scorer().score_answer(backend_question("scalable-system"), answer);
        CHECK(score.gate == Gate::one_word);
        CHECK(score.score <= 10);
        CHECK_FALSE(score.feedback.gate_reason.empty());
    }
}

TEST_CASE("keyword stuffing covers nothing however many key terms it lists", "[answer_scorer][gates]") {
    const AnswerScore score = backend_scorer().score_answer(
        backend_question("scalable-system"), "load balancing, microservices, caching, redis, sharding, nginx, kubernetes, cdn");
    CHECK(score.gate == Gate::keyword_stuffing);
    CHECK(score.score <= 10);
    for (const CoverageResult& item : score.coverage) CHECK_FALSE(item.covered);
}

TEST_CASE("an answer to a different question is gated as off-topic and names that question", "[answer_scorer][gates]") {
    const auto& indexing = backend_question("db-indexing");
    const AnswerScore score = backend_scorer().score_answer(backend_question("version-control"), indexing.good_answer_example);
    CHECK(score.gate == Gate::off_topic);
    CHECK(score.score <= 10);
    CHECK(score.feedback.gate_reason.find(indexing.text) != std::string::npos);
}

TEST_CASE("STAR finds all four parts in the guide's behavioural good answers", "[answer_scorer][star]") {
    for (const char* id : {"technical-challenge", "teammate-disagreement"}) {
        INFO(id);
        const auto& question = backend_question(id);
        const AnswerScore score = backend_scorer().score_answer(question, question.good_answer_example);
        REQUIRE(score.star.applicable);
        CHECK(score.star.has(StarPart::situation));
        CHECK(score.star.has(StarPart::task));
        CHECK(score.star.has(StarPart::action));
        CHECK(score.star.has(StarPart::result));
    }
}

TEST_CASE("STAR classes each sentence with a span and finds the metrics", "[answer_scorer][star]") {
    const auto& question = backend_question("technical-challenge");
    const std::string& answer = question.good_answer_example;
    const AnswerScore score = backend_scorer().score_answer(question, answer);
    REQUIRE(score.star.sentences.size() == 4);
    CHECK(at(answer, score.star.sentences[0].span).rfind("While working on", 0) == 0);
    CHECK(score.star.sentences[0].part == StarPart::situation);
    REQUIRE_FALSE(score.star.metrics.empty());
    bool found_percent = false;
    for (const Evidence& metric : score.star.metrics) found_percent = found_percent || at(answer, metric.span) == "50%";
    CHECK(found_percent);
}

TEST_CASE("a thin behavioural answer misses STAR parts and says which", "[answer_scorer][star]") {
    const AnswerScore score = backend_scorer().score_answer(backend_question("technical-challenge"),
                                                            "It was a hard time, but it all worked out in the end.");
    CHECK_FALSE(score.star.has(StarPart::task));
    CHECK_FALSE(score.star.has(StarPart::action));
    CHECK(score.score < 40);
    bool names_task = false;
    for (const std::string& line : score.feedback.missing) names_task = names_task || line.find("Task") != std::string::npos;
    CHECK(names_task);
}

TEST_CASE("ownership tells \"I\" actions from \"we\"-only actions", "[answer_scorer][star]") {
    const auto& question = backend_question("technical-challenge");
    const AnswerScore mine = backend_scorer().score_answer(
        question, "Our checkout API was timing out at peak. I profiled the service and I found an N+1 query. "
                  "I rewrote it as one join and latency dropped by 60%.");
    CHECK(mine.star.ownership == Ownership::individual);
    const AnswerScore ours = backend_scorer().score_answer(
        question, "Our checkout API was timing out at peak. We profiled the service and we found an N+1 query. "
                  "We rewrote it as one join and latency dropped by 60%.");
    CHECK(ours.star.ownership == Ownership::team_only);
}

TEST_CASE("non-behavioural questions report STAR as not applicable", "[answer_scorer][star]") {
    const auto& question = backend_question("db-indexing");
    CHECK_FALSE(backend_scorer().score_answer(question, question.good_answer_example).star.applicable);
}

TEST_CASE("the breakdown adds up to the score and stays within 0..100", "[answer_scorer]") {
    for (const auto* question : guide_questions()) {
        for (const std::string* answer : {&question->good_answer_example, &question->bad_answer_example}) {
            const AnswerScore score = backend_scorer().score_answer(*question, *answer);
            const ScoreBreakdown& b = score.breakdown;
            CHECK(b.coverage + b.structure + b.specificity - b.penalties == b.total);
            CHECK(score.score == b.total);
            CHECK(score.score >= 0);
            CHECK(score.score <= 100);
        }
    }
}

TEST_CASE("feedback names strengths, gaps and one tip from the guide", "[answer_scorer][feedback]") {
    const auto& question = backend_question("db-indexing");
    const AnswerScore score = backend_scorer().score_answer(
        question, "Indexes let the database find rows without scanning the whole table, so lookups get much faster.");
    CHECK_FALSE(score.feedback.strengths.empty());
    CHECK_FALSE(score.feedback.missing.empty());
    REQUIRE_FALSE(score.feedback.tip.empty());
    bool tip_from_guide = false;
    for (const auto& sentence : {std::string("B-trees"), std::string("slow down write"), question.interviewer_wants}) {
        tip_from_guide = tip_from_guide || (!sentence.empty() && score.feedback.tip.find(sentence) != std::string::npos);
    }
    CHECK(tip_from_guide);
}

TEST_CASE("every score records the scoring version", "[answer_scorer]") {
    const AnswerScore score = backend_scorer().score_answer(backend_question("db-indexing"), "Indexes speed up reads.");
    CHECK(score.scoring_version == scoring_version());
    CHECK_FALSE(score.scoring_version.empty());
}

TEST_CASE("scoring is deterministic, also from several threads at once", "[answer_scorer]") {
    const auto& question = backend_question("technical-challenge");
    const std::string expected = to_json(backend_scorer().score_answer(question, question.good_answer_example)).dump();
    CHECK(to_json(backend_scorer().score_answer(question, question.good_answer_example)).dump() == expected);
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) results[t] = to_json(backend_scorer().score_answer(question, question.good_answer_example)).dump();
        });
    }
    for (auto& thread : threads) thread.join();
    for (const std::string& result : results) CHECK(result == expected);
}

TEST_CASE("a scorer with one workspace scores answers from four threads at once, each as alone", "[answer_scorer]") {
    ScoringConfig config;
    config.max_workspaces = 1;   // the other threads wait for it instead of building their own
    const AnswerScorer scorer(backend_pack(), config);
    const auto& question = backend_question("technical-challenge");
    const std::string expected = to_json(backend_scorer().score_answer(question, question.good_answer_example)).dump();
    std::vector<std::string> results(4);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < results.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) results[t] = to_json(scorer.score_answer(question, question.good_answer_example)).dump();
        });
    }
    for (auto& thread : threads) thread.join();
    for (const std::string& result : results) CHECK(result == expected);
}

TEST_CASE("coverage accumulates over follow-up answers with the message index in the evidence", "[answer_scorer]") {
    const auto& question = backend_question("debugging-approach");
    const std::string first = "First I reproduce the problem, then I narrow it down step by step.";
    const std::string follow_up = "For the tools: I attach a debugger and read the stack trace.";
    const std::string_view messages[] = {first, follow_up};
    const AnswerScore score = backend_scorer().score_answers(question, messages);
    const CoverageResult& tools = coverage_item(score, "Debugging tools used");
    REQUIRE(tools.covered);
    CHECK(tools.evidence[0].message == 1);
    CHECK(at(follow_up, tools.evidence[0].span) == "debugger");
    CHECK(coverage_item(score, "Step-by-step approach").covered);
    CHECK(coverage_item(score, "Step-by-step approach").evidence[0].message == 0);
}

TEST_CASE("the JSON form carries the score, breakdown, evidence spans and feedback", "[answer_scorer][json]") {
    const auto& question = backend_question("db-indexing");
    const auto json = to_json(backend_scorer().score_answer(question, question.good_answer_example));
    CHECK(json.at("question_id") == "db-indexing");
    CHECK(json.at("gate") == "none");
    CHECK(json.at("breakdown").at("total") == json.at("score"));
    CHECK(json.at("coverage").at(0).at("evidence").at(0).at("span").contains("begin"));
    CHECK(json.at("feedback").contains("tip"));
    CHECK(json.at("star").at("applicable") == false);
}

TEST_CASE("a question from outside the pack is refused with its id", "[answer_scorer]") {
    mi::content::Question stranger;
    stranger.id = "not-in-pack";
    CHECK_THROWS_WITH(backend_scorer().score_answer(stranger, "text"), Catch::Contains("not-in-pack"));
}
