// The report's numbers are the per-answer scores the candidate saw, combined visibly.
#include <cmath>
#include <map>

#include "dialogue/scoring/wording.hpp"
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
namespace content = mi::content;

namespace {

// Alternates strong and weak answers so the report has both strengths and improvements.
InterviewDriver mixed_interview(content::Seniority seniority) {
    InterviewDriver driver(plan_for({}, "startup", seniority, 11));
    int turn = 0;
    driver.answer_all([&](const std::string& id) { return (turn++ % 3 == 2) ? weak_answer(id) : strong_answer(id); });
    return driver;
}

}  // namespace

TEST_CASE("the report's question scores are the last score each question received", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    std::map<std::string, int> last_score;
    for (const auto& scored : driver.all<AnswerScored>()) last_score[scored.item_id] = scored.score;
    const auto report = driver.interview().report();
    REQUIRE_FALSE(report.questions.empty());
    for (const auto& question : report.questions) {
        INFO(question.item_id);
        REQUIRE(question.score.has_value());
        CHECK(*question.score == last_score.at(question.item_id));
    }
}

TEST_CASE("stage scores are the rounded means of their questions and the overall score their weighted mean",
          "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::senior);
    const auto report = driver.interview().report();
    double weighted = 0, weights = 0;
    for (const auto& stage : report.stages) {
        double sum = 0;
        int count = 0;
        for (const auto& question : report.questions) {
            if (question.stage_id == stage.stage_id && question.score) {
                sum += *question.score;
                ++count;
            }
        }
        REQUIRE(count > 0);
        INFO(stage.stage_id);
        CHECK(stage.score == static_cast<int>(std::lround(sum / count)));
        weighted += sum / count * stage.weight;
        weights += stage.weight;
    }
    CHECK(report.overall_score == static_cast<int>(std::lround(weighted / weights)));
}

TEST_CASE("a stage's verdict compares its score with the seniority's pass mark", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::junior);
    const auto report = driver.interview().report();
    CHECK(report.pass_mark == ReportRules{}.junior_pass_mark);
    for (const auto& stage : report.stages) {
        const auto expected = *stage.score >= report.pass_mark ? Verdict::meets
                              : *stage.score >= report.pass_mark - ReportRules{}.borderline_margin ? Verdict::borderline
                                                                                                   : Verdict::below;
        CHECK(stage.verdict == expected);
        CHECK_FALSE(stage.success_criteria.empty());
    }
}

TEST_CASE("each skill is scored from the questions that evidence it; a skill without evidence is left out",
          "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto report = driver.interview().report();
    for (const auto& pack_skill : backend_pack().skills) {
        double sum = 0;
        std::vector<std::string> evidence;
        for (const auto& question : report.questions) {
            const auto& by = pack_skill.evidenced_by;
            if (question.score && std::find(by.begin(), by.end(), question.item_id) != by.end()) {
                sum += *question.score;
                evidence.push_back(question.item_id);
            }
        }
        INFO(pack_skill.id);
        const auto skill = std::find_if(report.skills.begin(), report.skills.end(),
                                        [&](const SkillReport& s) { return s.skill_id == pack_skill.id; });
        if (evidence.empty()) {
            CHECK(skill == report.skills.end());
            continue;
        }
        REQUIRE(skill != report.skills.end());
        CHECK(skill->evidence == evidence);
        CHECK(skill->score == static_cast<int>(std::lround(sum / static_cast<double>(evidence.size()))));
    }
}

TEST_CASE("only the stages asked give skills: one HR stage leaves the design and API skills out", "[interview][report]") {
    InterviewDriver driver(plan_for({"hr"}, "none", content::Seniority::mid, 3));
    driver.answer_all([](const std::string& id) { return strong_answer(id); });
    const auto report = driver.interview().report();
    for (const auto& skill : report.skills) {
        INFO(skill.skill_id);
        CHECK_FALSE(skill.evidence.empty());
        CHECK(skill.skill_id != "skill-api-design");
    }
}

TEST_CASE("improvements name only answers below the pass mark", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto report = driver.interview().report();
    for (const auto& improvement : report.improvements) {
        const auto question = std::find_if(report.questions.begin(), report.questions.end(), [&](const QuestionReport& q) {
            return improvement.title.find(q.text) != std::string::npos;
        });
        REQUIRE(question != report.questions.end());
        INFO(improvement.title);
        CHECK(*question->score < report.pass_mark);
    }
    InterviewDriver strong(plan_for({"hr"}, "none", content::Seniority::junior, 3));
    strong.answer_all([](const std::string& id) { return strong_answer(id); });
    const auto strong_report = strong.interview().report();
    for (const auto& question : strong_report.questions) {
        if (question.score && *question.score >= strong_report.pass_mark) {
            for (const auto& improvement : strong_report.improvements) CHECK(improvement.title.find(question.text) == std::string::npos);
        }
    }
}

TEST_CASE("the Markdown report quotes the answers and says levels, verdicts and counts in words, never as ids",
          "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto report = driver.interview().report();
    const auto markdown = report_to_markdown(report);
    for (const std::string_view id : {"must_verify", "good_to_verify", "not_assessed", "not_asked", "(s)", "etc.."}) {
        INFO(id);
        CHECK(markdown.find(id) == std::string::npos);
    }
    for (const auto& question : report.questions) {
        INFO(question.item_id);
        CHECK(markdown.find(question.item_id) == std::string::npos);
        for (const auto& answer : question.answers) CHECK(markdown.find(answer.substr(0, 20)) != std::string::npos);
    }
    CHECK_THAT(markdown, Catch::Contains("Your answer:") && Catch::Contains("| from "));
}

TEST_CASE("count_of, spoken_list and with_full_stop say counts, lists and sentence ends in English", "[report][wording]") {
    CHECK(count_of(1, "stage") == "1 stage");
    CHECK(count_of(5, "stage") == "5 stages");
    CHECK(count_of(0, "answer") == "0 answers");
    CHECK(count_of(2, "match", "matches") == "2 matches");
    CHECK(spoken_list({"a"}) == "a");
    CHECK(spoken_list({"a", "b", "c"}, "the ") == "the a, the b and the c");
    CHECK(with_full_stop("databases, APIs, etc.") == "databases, APIs, etc.");
    CHECK(with_full_stop("Done") == "Done.");
    CHECK(with_full_stop("Why?") == "Why?");
}

TEST_CASE("the report names at most three improvements, the costliest first, each with a tip", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto report = driver.interview().report();
    REQUIRE(report.improvements.size() == 3);
    for (std::size_t i = 1; i < report.improvements.size(); ++i) {
        CHECK(report.improvements[i - 1].points_lost >= report.improvements[i].points_lost);
    }
    for (const auto& improvement : report.improvements) CHECK_FALSE(improvement.tip.empty());
    for (const auto& strength : report.strengths) CHECK_FALSE(strength.empty());
}

TEST_CASE("time per answer is the sum of each message's time from its prompt", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto report = driver.interview().report();
    std::int64_t total = 0;
    for (const auto& question : report.questions) {
        CHECK(question.answer_ms.size() == static_cast<std::size_t>(question.follow_ups) + 1);  // every follow-up answered
        for (auto ms : question.answer_ms) CHECK(ms == 30'000);
        total += question.total_ms;
    }
    CHECK(report.total_answer_ms == total);
}

TEST_CASE("the final report event carries the same report in JSON and Markdown", "[interview][report]") {
    auto driver = mixed_interview(content::Seniority::mid);
    const auto& ready = std::get<ReportReady>(driver.events().back().payload);
    const auto report = driver.interview().report();
    CHECK(ready.report == report_to_json(report));
    CHECK(ready.markdown == report_to_markdown(report));
    CHECK_THAT(ready.markdown, Catch::Contains("# Interview report: Backend Developer") &&
                                   Catch::Contains("## Most valuable improvements") &&
                                   Catch::Contains("Overall: " + std::to_string(*report.overall_score) + "/100"));
}
