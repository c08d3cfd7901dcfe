// Candidate commands: recognised as a whole message in any case, with or without a leading "/".
#include "interview_test_support.hpp"

using namespace mi::dialogue;
using namespace mi::dialogue::testing;

TEST_CASE("commands are whole messages in any case, optionally with a slash, and anything else is an answer", "[interview][command]") {
    CHECK(parse_command("help") == CommandName::help);
    CHECK(parse_command("  /SKIP \n") == CommandName::skip);
    CHECK(parse_command("Hint") == CommandName::hint);
    CHECK(parse_command("/repeat") == CommandName::repeat);
    CHECK(parse_command("END") == CommandName::end);
    CHECK_FALSE(parse_command("help me with this").has_value());
    CHECK_FALSE(parse_command("I would skip the cache").has_value());
    CHECK_FALSE(parse_command("").has_value());
    // The longest name, padded and slashed, still reads; one letter more is an answer.
    CHECK(parse_command("\t  /REPEAT   \n\n") == CommandName::repeat);
    CHECK_FALSE(parse_command("/repeats").has_value());
    CHECK_FALSE(parse_command("repeat!").has_value());
    CHECK_FALSE(parse_command(std::string(1000, 'x') + " help").has_value());
}

TEST_CASE("every command's name reads back as that command, and the names are listed once in order", "[interview][command]") {
    REQUIRE(commands().size() == command_names().size());
    for (std::size_t index = 0; index < commands().size(); ++index) {
        const auto& listed = commands()[index];
        INFO(listed.name);
        CHECK(to_string(listed.command) == listed.name);
        CHECK(parse_command_name(to_string(listed.command)) == listed.command);
        CHECK(parse_command(std::string(listed.name)) == listed.command);
        CHECK(command_names()[index] == listed.name);
        CHECK_FALSE(listed.purpose.empty());
        const InterviewEvent event{1, interview_start, CommandHandled{listed.command, "ok"}};
        CHECK(event_from_json(event_to_json(event)) == event);
    }
    // The names are the wire format: stored events and clients use them.
    CHECK(command_names() == std::vector<std::string>{"help", "repeat", "skip", "hint", "again", "end"});
}

TEST_CASE("help lists the commands and leaves the question open", "[interview][command]") {
    InterviewDriver driver(plan_for({"hr"}));
    const auto before = driver.interview().progress();
    const auto events = driver.say("help");
    REQUIRE(events.size() == 1);
    const auto& command = std::get<CommandHandled>(events[0].payload);
    CHECK(command.name == CommandName::help);
    for (const auto& listed : commands()) {
        CHECK_THAT(command.response, Catch::Contains("\"" + std::string(listed.name) + "\" to " + std::string(listed.purpose)));
    }
    CHECK_THAT(command.response, Catch::StartsWith("Commands work when typed as a whole message: type \"help\" to see this list, "));
    CHECK_THAT(command.response, Catch::Contains(", or \"end\" to finish now and get your report. Anything else is taken as your answer."));
    CHECK(driver.interview().progress().item_id == before.item_id);
}

TEST_CASE("repeat shows the current question again, or the follow-up when one is open", "[interview][command]") {
    InterviewDriver driver(plan_for({"technical"}));
    const auto question_text = std::get<QuestionAsked>(driver.events().back().payload).text;
    CHECK(std::get<CommandHandled>(driver.say("/Repeat").front().payload).response == question_text);

    const auto answered = driver.say("not sure");
    if (const auto* follow_up = find_event<FollowUpAsked>(answered)) {
        CHECK(std::get<CommandHandled>(driver.say("repeat").front().payload).response == follow_up->text);
    }
}

TEST_CASE("skip moves to the next question and counts the skipped one as 0 in the report", "[interview][command]") {
    auto plan = plan_for({"hr"});
    plan.questions_per_stage = 2;
    InterviewDriver driver(plan);
    const auto skipped_id = driver.interview().progress().item_id;
    const auto events = driver.say("SKIP");
    REQUIRE(events.size() == 2);
    CHECK(std::get<CommandHandled>(events[0].payload).name == CommandName::skip);
    const auto& next = std::get<QuestionAsked>(events[1].payload);
    CHECK(next.item_id != skipped_id);
    CHECK(next.question_index == 1);

    driver.answer_all(strong_answer);
    const auto report = driver.interview().report();
    const auto& question = report.questions.front();
    CHECK(question.item_id == skipped_id);
    CHECK(question.status == ItemStatus::skipped);
    CHECK(question.score == 0);
}

TEST_CASE("skip during a follow-up keeps the answer's score and moves on", "[interview][command]") {
    auto plan = plan_for({"hr"});
    plan.questions_per_stage = 2;
    InterviewDriver driver(plan);
    const auto id = driver.interview().progress().item_id;
    const auto answered = driver.say(weak_answer(id));
    REQUIRE(find_event<FollowUpAsked>(answered) != nullptr);
    const auto score = find_event<AnswerScored>(answered)->score;
    (void)driver.say("skip");
    CHECK(driver.interview().progress().item_id != id);
    const auto report = driver.interview().report();
    CHECK(report.questions.front().status == ItemStatus::answered);
    CHECK(report.questions.front().score == score);
}

TEST_CASE("hint gives the stage's preparation tips and what the interviewer wants", "[interview][command]") {
    InterviewDriver driver(plan_for({"hr"}));
    const auto* question = backend_pack().find_question(driver.interview().progress().item_id);
    const auto response = std::get<CommandHandled>(driver.say("hint").front().payload).response;
    for (const auto& tip : backend_pack().find_stage("hr")->preparation_tips) CHECK_THAT(response, Catch::Contains(tip.text));
    CHECK_THAT(response, Catch::Contains(question->interviewer_wants.substr(1)));
}

TEST_CASE("hint on a practical task gives the task's tips when the stage has none", "[interview][command]") {
    InterviewDriver driver(plan_for({"coding-challenge"}));
    const auto* task = backend_pack().find_task(driver.interview().progress().item_id);
    const auto response = std::get<CommandHandled>(driver.say("hint").front().payload).response;
    CHECK_THAT(response, Catch::Contains("Preparation tips for the Coding Challenge"));
    if (!task->tips_for_success.empty()) CHECK_THAT(response, Catch::Contains(task->tips_for_success.front().text));
}

TEST_CASE("end finishes the interview at once with the report", "[interview][command]") {
    InterviewDriver driver(plan_for({"hr", "technical"}));
    (void)driver.say(strong_answer(driver.interview().progress().item_id));
    const auto events = driver.say("/end");
    CHECK(std::get<CommandHandled>(events.front().payload).name == CommandName::end);
    REQUIRE(events.back().type() == "report");
    CHECK(driver.interview().finished());
    const auto& report = std::get<ReportReady>(events.back().payload);
    CHECK(report.report["ended_early"] == true);
    CHECK_THAT(report.markdown, Catch::Contains("ended early"));
}

TEST_CASE("running out of input ends the interview with the report, without a command", "[interview][command]") {
    InterviewDriver driver(plan_for({"hr"}));
    const auto events = driver.interview().finish(interview_start + std::chrono::minutes(5));
    REQUIRE(events.size() == 1);
    CHECK(events.front().type() == "report");
    CHECK(driver.interview().finished());
    CHECK(driver.interview().finish(interview_start).empty());
    CHECK(driver.interview().report().questions.front().status == ItemStatus::unanswered);
}
