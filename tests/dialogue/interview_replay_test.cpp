// The event log is the interview: it serialises to JSON and replaying it rebuilds the same state.
#include <set>

#include "dialogue/interview/interview_schedule.hpp"
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;
namespace content = mi::content;

namespace {

// A startup interview stopped in the middle of a follow-up, with a command and a skip behind it.
InterviewDriver interview_in_progress() {
    auto plan = plan_for({"hr", "technical", "coding-challenge"}, "startup", content::Seniority::senior, 5);
    InterviewDriver driver(plan);
    (void)driver.say(strong_answer(driver.interview().progress().item_id));
    (void)driver.say("hint");
    (void)driver.say("skip");
    for (int guard = 0; guard < 20 && driver.interview().progress().stage_id != "technical"; ++guard) {
        (void)driver.say(strong_answer(driver.interview().progress().item_id));
    }
    (void)driver.say("I just restart it.");
    return driver;
}

EventLog through_json(const EventLog& log) {
    return event_log_from_json(nlohmann::json::parse(event_log_to_json(log).dump()));
}

}  // namespace

TEST_CASE("every event reads back from its JSON unchanged", "[interview][replay]") {
    InterviewDriver driver(plan_for({}, "agency", content::Seniority::senior, 3));
    driver.answer_all(weak_answer);
    std::set<std::string> types;
    for (const auto& event : driver.events()) {
        const auto json = event_to_json(event);
        CHECK(json["type"] == event.type());
        CHECK(json["seq"] == event.seq);
        CHECK(event_from_json(json) == event);
        types.insert(std::string(event.type()));
    }
    CHECK(types.size() >= 9);  // all but `command` in a run without commands
}

TEST_CASE("every event's text is what its JSON tree dumps, byte for byte", "[interview][replay]") {
    // The text is written without the tree for the events of every answer; stored logs and frames
    // must not change form with it. Both interviews together give every event type, commands,
    // follow-ups, tasks, retries and a report among them.
    InterviewDriver weak(plan_for({}, "agency", content::Seniority::senior, 3));
    weak.answer_all(weak_answer);
    auto driver = interview_in_progress();
    (void)driver.say("again");
    (void)driver.say("help");
    (void)driver.say("caf\u00e9 \"quoted\" \\ tab\tnew\nline \x01 and \xe2\x82\xac 12% - done.");
    driver.answer_all(strong_answer);
    std::set<std::string> types;
    for (const auto* events : {&weak.events(), &driver.events()}) {
        for (const auto& event : *events) {
            INFO("event " << event.seq << " (" << event.type() << ")");
            CHECK(event_to_json_text(event) == event_to_json(event).dump());
            types.insert(std::string(event.type()));
        }
    }
    CHECK(types.size() >= 11);
}

TEST_CASE("an event whose text is not UTF-8 is refused as its tree's dump refuses it", "[interview][replay]") {
    InterviewEvent event{7, interview_start, AnswerReceived{"q1", "bad \xff byte", 0, 10}};
    CHECK_THROWS_AS(event_to_json(event).dump(), nlohmann::json::type_error);
    CHECK_THROWS_AS(event_to_json_text(event), nlohmann::json::type_error);
    FeedbackItem item;
    item.item_id = "q1";
    item.confidence = 0.85;
    item.evidence = {EvidenceSpan{"t\xc3", 0, 1, 2}};
    CHECK_THROWS_AS(event_to_json_text(InterviewEvent{8, interview_start, item}), nlohmann::json::type_error);
}

TEST_CASE("replaying a serialised log reproduces the interview's state", "[interview][replay]") {
    auto driver = interview_in_progress();
    const auto& original = driver.interview();
    REQUIRE(original.progress().awaiting_follow_up);

    const auto resumed = Interview::replay(backend_pack(), backend_scorer(), through_json(driver.log()));
    CHECK(resumed.state().last_seq == original.state().last_seq);
    const auto a = original.progress(), b = resumed.progress();
    CHECK(a.stage_id == b.stage_id);
    CHECK(a.item_id == b.item_id);
    CHECK(a.question_index == b.question_index);
    CHECK(a.awaiting_follow_up == b.awaiting_follow_up);
    CHECK(resumed.state().current_prompt == original.state().current_prompt);
    CHECK(report_to_json(resumed.report()) == report_to_json(original.report()));
}

TEST_CASE("a replayed interview continues exactly as the original would", "[interview][replay]") {
    auto driver = interview_in_progress();
    auto resumed = Interview::replay(backend_pack(), backend_scorer(), through_json(driver.log()));
    auto clock = interview_start + std::chrono::hours(1);
    for (const std::string message : {"I reproduce the bug, read the logs and use the debugger.", "repeat", "skip",
                                      "REST uses HTTP verbs and JSON; SOAP uses XML envelopes.", "end"}) {
        clock += std::chrono::seconds(45);
        const auto expected = driver.interview().handle_message(message, clock);
        const auto actual = resumed.handle_message(message, clock);
        CHECK(actual == expected);
        if (driver.interview().finished()) break;
    }
    CHECK(resumed.finished() == driver.interview().finished());
    CHECK(report_to_json(resumed.report()) == report_to_json(driver.interview().report()));
}

namespace {

// The log as the store keeps it: each event's stored JSON, read back.
EventLog as_stored(const EventLog& log) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& event : log.events) events.push_back(nlohmann::json::parse(event_to_stored_json(event).dump()));
    return event_log_from_json({{"events", events}});
}

}  // namespace

TEST_CASE("the store keeps a report without its body, and the events before it restore it exactly", "[interview][replay]") {
    SECTION("an interview answered to the end") {
        InterviewDriver driver(plan_for({}, "agency", content::Seniority::senior, 3));
        driver.answer_all(strong_answer);
        const auto& original = driver.log();
        const auto stored_report = event_to_stored_json(original.events.back());
        CHECK(stored_report["type"] == "report");
        CHECK_FALSE(stored_report.contains("report"));
        CHECK_FALSE(stored_report.contains("markdown"));

        auto stored = as_stored(original);
        REQUIRE(std::get<ReportReady>(stored.events.back().payload).condensed());
        restore_reports(backend_pack(), stored);
        CHECK(stored == original);
        CHECK(event_to_json(stored.events.back()) == event_to_json(original.events.back()));
    }
    SECTION("an interview ended early, in the middle of a follow-up") {
        auto driver = interview_in_progress();
        (void)driver.say("end");
        REQUIRE(driver.interview().finished());
        auto stored = as_stored(driver.log());
        restore_reports(backend_pack(), stored);
        CHECK(stored == driver.log());
    }
    SECTION("a report stored whole, as before, reads back whole and is left as it is") {
        InterviewDriver driver(plan_for({"hr"}, "startup", content::Seniority::junior, 2));
        driver.answer_all(weak_answer);
        auto log = through_json(driver.log());
        REQUIRE_FALSE(std::get<ReportReady>(log.events.back().payload).condensed());
        restore_reports(backend_pack(), log);
        CHECK(log == driver.log());
    }
}

TEST_CASE("replay restores stored scores instead of scoring again", "[interview][replay]") {
    auto driver = interview_in_progress();
    auto log = driver.log();
    // A score as an older scoring version gave it: replay must keep it, not recompute it.
    for (auto& event : log.events) {
        if (auto* scored = std::get_if<AnswerScored>(&event.payload)) {
            scored->scoring_version = "older-rules";
            scored->score = 42;
            scored->coverage_points = 42;
            scored->structure_points = scored->specificity_points = scored->penalty_points = 0;
            break;
        }
    }
    const auto resumed = Interview::replay(backend_pack(), backend_scorer(), log);
    const auto report = resumed.report();   // owned here: report() returns by value
    CHECK(report.questions.front().score == 42);
}

TEST_CASE("replay refuses a log whose events do not follow, naming the event", "[interview][replay]") {
    auto driver = interview_in_progress();
    SECTION("a missing event") {
        auto log = driver.log();
        log.events.erase(log.events.begin() + 3);
        CHECK_THROWS_WITH(Interview::replay(backend_pack(), backend_scorer(), log),
                          Catch::Contains("event 5") && Catch::Contains("out of order"));
    }
    SECTION("an answer to a question that was not asked") {
        auto log = driver.log();
        for (auto& event : log.events) {
            if (auto* answer = std::get_if<AnswerReceived>(&event.payload)) {
                answer->item_id = "db-indexing";
                break;
            }
        }
        CHECK_THROWS_WITH(Interview::replay(backend_pack(), backend_scorer(), log),
                          Catch::Contains("db-indexing") && Catch::Contains("not the question being asked"));
    }
    SECTION("an empty log") {
        CHECK_THROWS_AS(Interview::replay(backend_pack(), backend_scorer(), EventLog{}), InterviewError);
    }
}

TEST_CASE("malformed event JSON is refused with the event and field named", "[interview][replay]") {
    InterviewDriver driver(plan_for({"hr"}));
    auto json = event_to_json(driver.events()[2]);
    json["question_index"] = "first";
    CHECK_THROWS_WITH(event_from_json(json), Catch::Contains("event 3 (question_asked)") &&
                                                 Catch::Contains("\"question_index\" must be an integer"));
    json = event_to_json(driver.events()[2]);
    json["type"] = "question_posed";
    CHECK_THROWS_WITH(event_from_json(json), Catch::Contains("not a known event type"));
}

TEST_CASE("a task card's sections carry their title in the event JSON, and events stored without one still load",
          "[interview][replay][task_sections]") {
    InterviewDriver driver(plan_for({"coding-challenge"}));
    const InterviewEvent* task_event = nullptr;
    for (const auto& event : driver.events()) {
        if (const auto* asked = std::get_if<QuestionAsked>(&event.payload); asked && asked->task) task_event = &event;
    }
    REQUIRE(task_event != nullptr);
    const auto& card = *std::get<QuestionAsked>(task_event->payload).task;
    REQUIRE_FALSE(card.sections.empty());

    auto json = event_to_json(*task_event);
    const auto& sections = json["task"]["sections"];
    REQUIRE(sections.size() == card.sections.size());
    for (std::size_t index = 0; index < sections.size(); ++index) {
        const auto* section = content::find_task_section(sections[index]["name"].get<std::string>());
        REQUIRE(section != nullptr);
        CHECK(sections[index]["title"] == section->title);
    }

    // As stored before titles were added: the title comes from content::task_sections().
    for (auto& section : json["task"]["sections"]) section.erase("title");
    CHECK(event_from_json(json) == *task_event);

    json["task"]["sections"][0]["name"] = "areas_to_analyse";
    CHECK_THROWS_WITH(event_from_json(json), Catch::Contains("task, sections[0]: field \"title\" is missing") &&
                                                 Catch::Contains("\"areas_to_analyse\" is not a task section"));
}

TEST_CASE("the same plan and answers give the same transcript word for word", "[interview][replay]") {
    const auto run = [](std::uint64_t seed) {
        InterviewDriver driver(plan_for({}, "enterprise", content::Seniority::mid, seed));
        int turn = 0;
        driver.answer_all([&](const std::string& id) { return (turn++ % 2) ? weak_answer(id) : strong_answer(id); });
        return event_log_to_json(driver.log()).dump();
    };
    CHECK(run(99) == run(99));
}

TEST_CASE("different seeds choose different questions where the stage has more than it asks", "[interview][replay]") {
    std::set<std::vector<std::string>> technical_choices;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        auto plan = plan_for({"technical"}, "none", content::Seniority::mid, seed);
        plan.questions_per_stage = 2;
        InterviewDriver driver(plan);
        std::vector<std::string> ids;
        for (const auto& item : std::get<InterviewStarted>(driver.events().front().payload).schedule.front().items) ids.push_back(item.id);
        technical_choices.insert(ids);
    }
    CHECK(technical_choices.size() > 1);
}

TEST_CASE("the seeded generator draws the same numbers on every platform", "[interview][replay]") {
    SeededRandom random(0);
    // splitmix64 reference values for seed 0.
    CHECK(random.next() == 0xE220A8397B1DCDAFULL);
    CHECK(random.next() == 0x6E789E6AA1B965F4ULL);
    CHECK(random.next() == 0x06C45D188009454FULL);
}
