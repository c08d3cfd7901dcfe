#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <random>
#include <utility>

#include <nlohmann/json.hpp>

#include "content/pack_loader.hpp"
#include "server/api_routes.hpp"
#include "server/event_segment.hpp"
#include "server/interview_service.hpp"
#include "server/protocol.hpp"
#include "server/sqlite_store.hpp"
#include "tests/server/service_test_support.hpp"

using namespace mi::server;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const mi::content::ContentLibrary& library() { return mi::testing::project_content(); }

// The real SQLite store, told to fail its next append like a full disk would.
class FailingStore final : public mi::testing::ForwardingStore {
public:
    using ForwardingStore::ForwardingStore;
    bool fail_next_append = false;
    bool fail_reads = false;
    std::vector<NewEvent> last_append;

    std::int64_t append_events(std::string_view id, std::int64_t expected, const std::vector<NewEvent>& events,
                               InterviewStatus status, std::int64_t now, std::string_view client_id) override {
        if (std::exchange(fail_next_append, false)) throw StoreError("disk full");
        last_append = events;
        return ForwardingStore::append_events(id, expected, events, status, now, client_id);
    }
    std::optional<InterviewRecord> find_interview(std::string_view id) override {
        if (fail_reads) throw StoreError("disk unreadable");
        return ForwardingStore::find_interview(id);
    }
    std::vector<EventRecord> load_events(std::string_view id, std::int64_t after) override {
        if (fail_reads) throw StoreError("disk unreadable");
        return ForwardingStore::load_events(id, after);
    }
};

struct Fixture {
    fs::path dir = fs::temp_directory_path() / ("mi-service-test-" + std::to_string(std::random_device{}()));
    FailingStore store{dir / "x.db"};
    Metrics metrics;
    InterviewService service{library(), store, metrics};

    ~Fixture() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    CreatedInterview create() {
        auto created = service.create_interview(
            json{{"role", "backend-developer"}, {"stages", {"hr"}}, {"questions_per_stage", 2}, {"seed", 3u}},
            WallClock::now());
        if (const auto* error = std::get_if<ServiceError>(&created)) FAIL(std::string(to_string(error->code)) + ": " + error->message);
        return std::get<CreatedInterview>(created);
    }
};

template <typename T>
const ServiceError& error_of(const Outcome<T>& outcome) {
    REQUIRE(std::holds_alternative<ServiceError>(outcome));
    return std::get<ServiceError>(outcome);
}

const ProducedEvents& produced_of(const Outcome<ProducedEvents>& outcome) {
    if (const auto* error = std::get_if<ServiceError>(&outcome)) FAIL(std::string(to_string(error->code)) + ": " + error->message);
    return std::get<ProducedEvents>(outcome);
}

// The REST layer as the listener calls it: through the route table first.
ApiResponse rest_request(const ApiRequest& request, InterviewService& service, WallClock::time_point now) {
    const auto decision = route_request(request.method, request.target.substr(0, request.target.find('?')));
    const auto* match = std::get_if<RouteMatch>(&decision);
    REQUIRE(match != nullptr);
    return handle_api_request(request, *match, service, now);
}

}  // namespace

TEST_CASE("an interview created over the API reads back with its token and not without", "[server][api]") {
    Fixture fixture;
    const auto created = rest_request(
        {"POST", "/api/v1/interviews", "", R"({"role":"backend-developer","stages":["hr"]})"}, fixture.service,
        WallClock::now());
    REQUIRE(created.status == 201);
    const auto body = json::parse(created.body);
    const std::string id = body["interview_id"];
    const std::string token = body["token"];

    const auto read = rest_request({"GET", "/api/v1/interviews/" + id, "Bearer " + token, ""}, fixture.service,
                                         WallClock::now());
    CHECK(read.status == 200);
    CHECK(json::parse(read.body)["events"].size() == 3);
    const auto refused = rest_request({"GET", "/api/v1/interviews/" + id, "Bearer nope", ""}, fixture.service,
                                            WallClock::now());
    CHECK(refused.status == 401);
    CHECK(json::parse(refused.body)["error"]["code"] == "unauthorized");
}

TEST_CASE("the stored token is a hash, never the token itself", "[server][api]") {
    Fixture fixture;
    const auto created = fixture.create();
    const auto record = fixture.store.find_interview(created.interview_id);
    REQUIRE(record);
    CHECK(record->token_sha256.size() == 64);
    CHECK(record->token_sha256.find(created.token) == std::string::npos);
}

TEST_CASE("an invalid plan is refused with every problem", "[server][api]") {
    Fixture fixture;
    const auto response = rest_request(
        {"POST", "/api/v1/interviews", "", R"({"role":"backend-developer","stages":["lunch"]})"}, fixture.service,
        WallClock::now());
    CHECK(response.status == 400);
    const auto error = json::parse(response.body)["error"];
    CHECK(error["code"] == "invalid_plan");
    CHECK_THAT(error["message"].get<std::string>(), Catch::Contains("lunch"));
    CHECK(!error["details"].empty());
}

TEST_CASE("joining returns the events after the client's last seq and the current state", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    const auto joined = fixture.service.join(created.interview_id, created.token, 2, 1);
    REQUIRE(std::holds_alternative<JoinedInterview>(joined));
    const auto& result = std::get<JoinedInterview>(joined);
    REQUIRE(result.events.size() == 1);
    CHECK(result.events[0].seq == 3);
    CHECK(result.events[0].event["type"] == "question_asked");
    CHECK(result.state.awaiting == mi::dialogue::AwaitingKind::question);
    CHECK(result.state.stage_id == "hr");
    CHECK(result.state.stage_name == "HR Interview");
    CHECK(result.state.last_seq == 3);
    CHECK(result.last_seq == 3);
    CHECK_FALSE(result.superseded);
}

TEST_CASE("a message is answered with its events numbered after the log", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    const auto produced = fixture.service.handle_message(created.interview_id, 1, "I like computers.", WallClock::now());
    const auto& events = produced_of(produced);
    CHECK(events.stored_seq == 4);
    // A message's events come as text only; the frame sends it as it is.
    CHECK(events.events[0].event.is_null());
    CHECK(json::parse(events.events[0].event_text)["type"] == "answer_received");
    CHECK(fixture.store.find_interview(created.interview_id)->last_seq == events.events.back().seq);
    CHECK(events.state.last_seq == events.events.back().seq);
}

TEST_CASE("a second join takes over and the first connection's messages are refused", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    const auto second = fixture.service.join(created.interview_id, created.token, 0, 2);
    REQUIRE(std::holds_alternative<JoinedInterview>(second));
    CHECK(std::get<JoinedInterview>(second).superseded == ConnectionId{1});
    CHECK(error_of(fixture.service.handle_message(created.interview_id, 1, "hello", WallClock::now())).code ==
          ErrorCode::superseded);
}

TEST_CASE("a message whose commit fails is not acknowledged and can be sent again", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    fixture.store.fail_next_append = true;
    const auto failed = fixture.service.handle_message(created.interview_id, 1, "my answer", WallClock::now());
    CHECK(error_of(failed).code == ErrorCode::internal);
    CHECK(fixture.store.load_events(created.interview_id, 0).size() == 3);

    // The engine was rebuilt from the log: the retry, on the same connection, is seq 4.
    const auto retried = fixture.service.handle_message(created.interview_id, 1, "my answer", WallClock::now());
    CHECK(produced_of(retried).stored_seq == 4);
}

TEST_CASE("joining with a wrong token or an unknown id is refused", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    CHECK(error_of(fixture.service.join(created.interview_id, "wrong", 0, 1)).code == ErrorCode::unauthorized);
    CHECK(error_of(fixture.service.join("missing", created.token, 0, 1)).code == ErrorCode::interview_not_found);
}

TEST_CASE("the state follows stages, questions, follow-ups and the report, from the engine", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    const auto answered = fixture.service.handle_message(created.interview_id, 1, "I like computers.", WallClock::now());
    const auto& after_weak_answer = produced_of(answered).state;
    CHECK(after_weak_answer.awaiting == mi::dialogue::AwaitingKind::follow_up);
    CHECK_FALSE(after_weak_answer.prompt.empty());
    CHECK_FALSE(after_weak_answer.finished);

    const auto ended = fixture.service.handle_message(created.interview_id, 1, "end", WallClock::now());
    const auto& final_state = produced_of(ended).state;
    CHECK(final_state.finished);
    CHECK(final_state.last_seq == produced_of(ended).events.back().seq);
    const auto json_state = mi::server::protocol::state_json(final_state);
    CHECK(json_state["status"] == "finished");
    CHECK(json_state["awaiting"].is_null());
}

TEST_CASE("a message resent with the same client id is answered from the store, not handled twice", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    const auto first = fixture.service.handle_message(created.interview_id, 1, "I like computers.", WallClock::now(), "a-1");
    const auto stored = fixture.store.find_interview(created.interview_id)->last_seq;

    // The acknowledgement was lost; the client reconnects (a new connection) and sends it again.
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, stored, 2)));
    const auto again = fixture.service.handle_message(created.interview_id, 2, "I like computers.", WallClock::now(), "a-1");
    CHECK(produced_of(again).duplicate);
    CHECK(produced_of(again).stored_seq == produced_of(first).stored_seq);
    CHECK(produced_of(again).events.empty());
    CHECK(fixture.store.find_interview(created.interview_id)->last_seq == stored);

    // Another id is another message.
    const auto next = fixture.service.handle_message(created.interview_id, 2, "skip", WallClock::now(), "a-2");
    CHECK_FALSE(produced_of(next).duplicate);
    CHECK(produced_of(next).stored_seq == stored + 1);
}

TEST_CASE("a failed save whose reload fails too says the interview is unavailable, and recovers", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    fixture.store.fail_next_append = true;
    fixture.store.fail_reads = true;
    const auto failed = fixture.service.handle_message(created.interview_id, 1, "my answer", WallClock::now());
    CHECK(error_of(failed).code == ErrorCode::interview_unavailable);
    // Still unreadable: the same, never "superseded" (which would say another tab has it).
    CHECK(error_of(fixture.service.handle_message(created.interview_id, 1, "my answer", WallClock::now())).code ==
          ErrorCode::interview_unavailable);
    fixture.store.fail_reads = false;
    const auto retried = fixture.service.handle_message(created.interview_id, 1, "my answer", WallClock::now());
    CHECK(produced_of(retried).stored_seq == 4);
}

TEST_CASE("joining with last_seq at or past the end returns no events", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    for (const std::int64_t last_seq : {3, 4, 1000}) {
        const auto joined = fixture.service.join(created.interview_id, created.token, last_seq, 1);
        REQUIRE(std::holds_alternative<JoinedInterview>(joined));
        CHECK(std::get<JoinedInterview>(joined).events.empty());
        CHECK(std::get<JoinedInterview>(joined).last_seq == 3);
    }
}

TEST_CASE("an answer goes to the store with the text the search indexes, and other events without one", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    const std::string answer = "I like computers, \"really\" — caf\u00e9 and all.";
    (void)produced_of(fixture.service.handle_message(created.interview_id, 1, answer, WallClock::now()));
    REQUIRE(fixture.store.last_append.size() > 1);
    for (const auto& event : fixture.store.last_append) {
        INFO(event.type);
        // The text handed over is exactly what the store would read out of the payload.
        CHECK(event.search_text == mi::server::searchable_answer_text(event.type, event.payload_json));
    }
    CHECK(fixture.store.last_append.front().search_text == answer);
}

TEST_CASE("a finished interview's report reads back as it was sent, though the store keeps it condensed", "[server][service]") {
    Fixture fixture;
    const auto created = fixture.create();
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(created.interview_id, created.token, 0, 1)));
    (void)produced_of(fixture.service.handle_message(created.interview_id, 1, "I like computers.", WallClock::now()));
    const auto ended = fixture.service.handle_message(created.interview_id, 1, "end", WallClock::now());
    auto sent = produced_of(ended).events.back();
    sent.event = json::parse(sent.event_text);
    REQUIRE(sent.event["type"] == "report");
    REQUIRE(sent.event.contains("report"));     // the frame carries the whole report

    const auto stored = fixture.store.load_events(created.interview_id, sent.seq - 1);
    REQUIRE(stored.size() == 1);
    const auto stored_json = json::parse(stored.front().payload_json);
    CHECK_FALSE(stored_json.contains("report"));
    CHECK_FALSE(stored_json.contains("markdown"));
    CHECK(stored.front().payload_json.size() < 200);

    const auto described = fixture.service.describe_interview(created.interview_id, created.token);
    REQUIRE(std::holds_alternative<InterviewTranscript>(described));
    CHECK(std::get<InterviewTranscript>(described).report_event == sent.event);
    CHECK(std::get<InterviewTranscript>(described).events.back().event == sent.event);
    const auto rejoined = fixture.service.join(created.interview_id, created.token, 0, 2);
    REQUIRE(std::holds_alternative<JoinedInterview>(rejoined));
    CHECK(std::get<JoinedInterview>(rejoined).events.back().event == sent.event);
    const auto just_the_report = fixture.service.join(created.interview_id, created.token, sent.seq - 1, 3);
    REQUIRE(std::holds_alternative<JoinedInterview>(just_the_report));
    REQUIRE(std::get<JoinedInterview>(just_the_report).events.size() == 1);
    CHECK(std::get<JoinedInterview>(just_the_report).events.front().event == sent.event);

    // A restarted server (a new service over the same store) shows the same report.
    InterviewService restarted{library(), fixture.store, fixture.metrics};
    const auto after_restart = restarted.describe_interview(created.interview_id, created.token);
    REQUIRE(std::holds_alternative<InterviewTranscript>(after_restart));
    CHECK(std::get<InterviewTranscript>(after_restart).report_event == sent.event);
}

namespace {

// The candidate's messages of a long interview: answers (the guide's good example or a weak one),
// `again` and its new answer, hints and skips.
std::string long_interview_message(int step, const std::string& item_id) {
    if (step % 9 == 4) return "again";
    if (step % 13 == 7) return "hint";
    if (step % 19 == 10) return "skip";
    const auto* question = library().find_role("backend-developer")->find_question(item_id);
    if (step % 3 != 0 && question != nullptr && !question->good_answer_example.empty()) return question->good_answer_example;
    return "I would look at the logs first, then reproduce it, write a test and fix it with the team.";
}

}  // namespace

TEST_CASE("a long interview's live report is the one an engine keeping every answer builds", "[server][service]") {
    Fixture fixture;
    const json plan{{"role", "backend-developer"}, {"seniority", "senior"}, {"seed", 11u}, {"questions_per_stage", 4}};
    const auto start = WallClock::time_point(std::chrono::milliseconds(1'750'000'000'000));
    const auto created = fixture.service.create_interview(plan, start);
    REQUIRE(std::holds_alternative<CreatedInterview>(created));
    const auto& interview = std::get<CreatedInterview>(created);
    REQUIRE(std::holds_alternative<JoinedInterview>(fixture.service.join(interview.interview_id, interview.token, 0, 1)));

    // The engine as the server ran it before: every answer kept, the report built from its state.
    const auto& role = *library().find_role("backend-developer");
    const mi::dialogue::AnswerScorer scorer(role);
    auto whole = mi::dialogue::Interview::start(role, scorer, *mi::dialogue::plan_from_json(plan).plan,
                                                mi::dialogue::TimePoint(std::chrono::milliseconds(1'750'000'000'000)));
    auto now = start;
    std::string item_id = whole.progress().item_id;
    std::vector<SequencedEvent> last_frames;
    for (int step = 0; step < 300 && !whole.finished(); ++step) {
        now += std::chrono::seconds(25 + step % 5);
        auto message = long_interview_message(step, item_id);
        INFO("step " << step << ": " << message.substr(0, 40));
        // The last answers fail once to read the log the report is built from: nothing is stored,
        // and the same message sent again gives the report.
        const auto expected = whole.handle_message(message, std::chrono::time_point_cast<std::chrono::milliseconds>(now));
        if (whole.finished()) {
            fixture.store.fail_reads = true;
            const auto refused = fixture.service.handle_message(interview.interview_id, 1, message, now);
            fixture.store.fail_reads = false;
            CHECK(error_of(refused).code == ErrorCode::interview_unavailable);
        }
        const auto outcome = fixture.service.handle_message(interview.interview_id, 1, message, now);
        const auto& produced = produced_of(outcome);
        REQUIRE(produced.events.size() == expected.size());
        for (std::size_t index = 0; index < expected.size(); ++index) {
            CHECK(produced.events[index].event_text == mi::dialogue::event_to_json(expected[index]).dump());
        }
        item_id = produced.state.item_id;
        last_frames = produced.events;
        with_event_trees(last_frames);
    }
    REQUIRE(whole.finished());
    REQUIRE(last_frames.back().event["type"] == "report");
    CHECK(last_frames.back().event["report"]["questions"].size() >= 12);
    const auto described = fixture.service.describe_interview(interview.interview_id, interview.token);
    REQUIRE(std::holds_alternative<InterviewTranscript>(described));
    CHECK(std::get<InterviewTranscript>(described).report_event == last_frames.back().event);
}
