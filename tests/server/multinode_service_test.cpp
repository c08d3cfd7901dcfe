// Two nodes in one process: two InterviewServices, each with its own connection to one SQLite
// file (as two processes would have), optionally hearing each other through one notification bus.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "content/pack_loader.hpp"
#include "server/interview_service.hpp"
#include "server/sqlite_store.hpp"
#include "server/store_notifications.hpp"
#include "tests/server/service_test_support.hpp"

using namespace mi::server;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const mi::content::ContentLibrary& library() { return mi::testing::project_content(); }

// The real SQLite store, which runs `before_next_append` (once) just before an append reaches the
// database: another node's commit landing between this node's look at the log and its own commit.
class RacingStore final : public mi::testing::ForwardingStore {
public:
    using ForwardingStore::ForwardingStore;
    std::function<void()> before_next_append;

    std::int64_t append_events(std::string_view id, std::int64_t expected, const std::vector<NewEvent>& events,
                               InterviewStatus status, std::int64_t now, std::string_view client_id) override {
        if (auto race = std::exchange(before_next_append, nullptr)) race();
        return ForwardingStore::append_events(id, expected, events, status, now, client_id);
    }
};

struct Node {
    Node(const fs::path& db, std::string id, LocalNotificationBus* bus)
        : store(db), notifications(std::move(id), bus), service(library(), store, metrics, nullptr, &notifications) {
        service.on_superseded_elsewhere([this](ConnectionId connection) { superseded.push_back(connection); });
    }
    RacingStore store;
    Metrics metrics;
    LocalNotifications notifications;
    InterviewService service;
    std::vector<ConnectionId> superseded;   // connections told another node took their interview
};

// Nodes A and B on one database file; with `bus` they hear each other's notices, without it they
// rely on the log alone (a second process on one SQLite file, or a notice that was lost).
struct TwoNodes {
    explicit TwoNodes(bool bus) : a(db(), "node-a", bus ? &shared_bus : nullptr), b(db(), "node-b", bus ? &shared_bus : nullptr) {}
    ~TwoNodes() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    fs::path db() {
        fs::create_directories(dir);
        return dir / "shared.db";
    }

    CreatedInterview create() {
        auto created = a.service.create_interview(
            json{{"role", "backend-developer"}, {"stages", {"hr"}}, {"questions_per_stage", 3}, {"seed", 5u}},
            WallClock::now());
        if (const auto* error = std::get_if<ServiceError>(&created)) FAIL(std::string(to_string(error->code)) + ": " + error->message);
        return std::get<CreatedInterview>(created);
    }

    fs::path dir = fs::temp_directory_path() / ("mi-multinode-test-" + std::to_string(std::random_device{}()));
    LocalNotificationBus shared_bus;
    Node a;
    Node b;
};

const ProducedEvents& produced_of(const Outcome<ProducedEvents>& outcome) {
    if (const auto* error = std::get_if<ServiceError>(&outcome)) FAIL(std::string(to_string(error->code)) + ": " + error->message);
    return std::get<ProducedEvents>(outcome);
}

void join(Node& node, const CreatedInterview& created, ConnectionId connection) {
    const auto joined = node.service.join(created.interview_id, created.token, 0, connection);
    if (const auto* error = std::get_if<ServiceError>(&joined)) FAIL(std::string(to_string(error->code)) + ": " + error->message);
}

// The stored log, checked for what a fork would break: seq 1, 2, 3, ... without a gap, and every
// answer followed by its own score before the next answer. Returns the answers' texts in order.
std::vector<std::string> answers_in_log(InterviewStore& store, const std::string& interview_id) {
    std::vector<std::string> answers;
    std::int64_t expected_seq = 1;
    bool awaiting_score = false;
    for (const auto& event : store.load_events(interview_id)) {
        CHECK(event.seq == expected_seq++);
        const auto payload = json::parse(event.payload_json);
        if (event.type == "answer_received") {
            CHECK_FALSE(awaiting_score);
            awaiting_score = true;
            answers.push_back(payload.value("text", ""));
        }
        if (event.type == "answer_scored") awaiting_score = false;
    }
    CHECK_FALSE(awaiting_score);
    CHECK(store.find_interview(interview_id)->last_seq == expected_seq - 1);
    return answers;
}

constexpr std::string_view first_answer =
    "At my last job I led the migration of our billing service to PostgreSQL, and we cut costs by 30%.";
constexpr std::string_view second_answer =
    "I mentor two junior developers and review their pull requests every day, which halved our bug count.";

}  // namespace

TEST_CASE("an interview started on one node continues on another, after everything the first stored",
          "[server][multinode]") {
    TwoNodes nodes(/*bus=*/true);
    const auto created = nodes.create();
    join(nodes.a, created, 1);
    const auto on_a = produced_of(nodes.a.service.handle_message(created.interview_id, 1, first_answer, WallClock::now()));

    join(nodes.b, created, 7);
    const auto on_b = produced_of(nodes.b.service.handle_message(created.interview_id, 7, second_answer, WallClock::now()));
    CHECK(on_b.stored_seq == on_a.events.back().seq + 1);
    CHECK(answers_in_log(nodes.b.store, created.interview_id) ==
          std::vector<std::string>{std::string(first_answer), std::string(second_answer)});
}

TEST_CASE("a join on another node supersedes the connection that held the interview here", "[server][multinode]") {
    TwoNodes nodes(/*bus=*/true);
    const auto created = nodes.create();
    join(nodes.a, created, 1);
    join(nodes.b, created, 7);
    CHECK(nodes.a.superseded == std::vector<ConnectionId>{1});
    CHECK(nodes.b.superseded.empty());
    const auto refused = nodes.a.service.handle_message(created.interview_id, 1, first_answer, WallClock::now());
    REQUIRE(std::holds_alternative<ServiceError>(refused));
    CHECK(std::get<ServiceError>(refused).code == ErrorCode::superseded);
    CHECK(answers_in_log(nodes.a.store, created.interview_id).empty());
}

TEST_CASE("a node that heard nothing finds another node's answers in the log before handling the next",
          "[server][multinode]") {
    TwoNodes nodes(/*bus=*/false);
    const auto created = nodes.create();
    join(nodes.a, created, 1);
    join(nodes.b, created, 7);
    CHECK(nodes.a.superseded.empty());      // no bus: node A was not told
    const auto on_b = produced_of(nodes.b.service.handle_message(created.interview_id, 7, first_answer, WallClock::now()));

    // Node A's engine is still at the opening; it replays B's turn first, so its answer is the next turn.
    const auto on_a = produced_of(nodes.a.service.handle_message(created.interview_id, 1, second_answer, WallClock::now()));
    CHECK(on_a.stored_seq == on_b.events.back().seq + 1);
    CHECK(on_a.state.last_seq == on_a.events.back().seq);
    CHECK(answers_in_log(nodes.a.store, created.interview_id) ==
          std::vector<std::string>{std::string(first_answer), std::string(second_answer)});
    CHECK(nodes.a.metrics.render_prometheus().find("kind=\"stale_engine\"") != std::string::npos);
}

TEST_CASE("an append that loses the race to another node is handled again on the fresh log, without a fork",
          "[server][multinode]") {
    TwoNodes nodes(/*bus=*/false);
    const auto created = nodes.create();
    join(nodes.a, created, 1);
    join(nodes.b, created, 7);
    // B commits its answer after A has looked at the log and scored A's answer, before A commits.
    std::optional<Outcome<ProducedEvents>> on_b;
    nodes.a.store.before_next_append = [&] {
        on_b = nodes.b.service.handle_message(created.interview_id, 7, first_answer, WallClock::now());
    };
    const auto on_a = produced_of(nodes.a.service.handle_message(created.interview_id, 1, second_answer, WallClock::now()));
    REQUIRE(on_b);
    CHECK(produced_of(*on_b).stored_seq == 4);
    CHECK(on_a.stored_seq == produced_of(*on_b).events.back().seq + 1);
    const auto first_event = json::parse(on_a.events.front().event_text);
    CHECK(first_event["type"] == "answer_received");
    CHECK(first_event["text"] == std::string(second_answer));
    CHECK(answers_in_log(nodes.a.store, created.interview_id) ==
          std::vector<std::string>{std::string(first_answer), std::string(second_answer)});
    CHECK(nodes.a.metrics.render_prometheus().find("kind=\"sequence_conflict\"") != std::string::npos);

    // And A goes on from there: its engine is the log's.
    const auto next = produced_of(nodes.a.service.handle_message(created.interview_id, 1, "skip", WallClock::now()));
    CHECK(next.stored_seq == on_a.events.back().seq + 1);
}

TEST_CASE("an append that loses the race to the same message on another node is answered as that duplicate",
          "[server][multinode]") {
    TwoNodes nodes(/*bus=*/false);
    const auto created = nodes.create();
    join(nodes.a, created, 1);
    join(nodes.b, created, 7);
    // The client resent its answer through another node (its first connection looked dead) while the
    // first node was still handling it: both handle client id m-1, B commits first.
    std::optional<Outcome<ProducedEvents>> on_b;
    nodes.a.store.before_next_append = [&] {
        on_b = nodes.b.service.handle_message(created.interview_id, 7, first_answer, WallClock::now(), "m-1");
    };
    const auto on_a = produced_of(nodes.a.service.handle_message(created.interview_id, 1, first_answer, WallClock::now(), "m-1"));
    REQUIRE(on_b);
    CHECK(on_a.duplicate);
    CHECK(on_a.events.empty());
    CHECK(on_a.stored_seq == produced_of(*on_b).stored_seq);
    CHECK(on_a.state.last_seq == produced_of(*on_b).events.back().seq);
    CHECK(answers_in_log(nodes.a.store, created.interview_id) == std::vector<std::string>{std::string(first_answer)});
}

TEST_CASE("a notice is one line of text and anything else on the channel is ignored", "[server][multinode]") {
    const StoreNotice appended{StoreNotice::Kind::appended, "n1", "abc", 42};
    CHECK(to_payload(appended) == "appended n1 abc 42");
    const auto parsed = parse_notice(to_payload(appended));
    REQUIRE(parsed);
    CHECK(parsed->kind == StoreNotice::Kind::appended);
    CHECK(parsed->node_id == "n1");
    CHECK(parsed->interview_id == "abc");
    CHECK(parsed->last_seq == 42);

    const auto taken = parse_notice(to_payload({StoreNotice::Kind::taken_over, "n2", "xyz", 0}));
    REQUIRE(taken);
    CHECK(taken->kind == StoreNotice::Kind::taken_over);
    CHECK(taken->interview_id == "xyz");

    for (const std::string_view garbage : {"", "appended", "appended n1", "appended n1 abc", "appended n1 abc x",
                                           "appended n1 abc 0", "appended n1 abc 4 more", "taken_over n1 abc 4",
                                           "deleted n1 abc", "appended  abc 4"}) {
        INFO(garbage);
        CHECK_FALSE(parse_notice(garbage));
    }
}

TEST_CASE("two nodes started at once get different node ids", "[server][multinode]") {
    std::set<std::string> ids;
    for (int i = 0; i < 20; ++i) ids.insert(generate_node_id());
    CHECK(ids.size() == 20);
    CHECK(ids.begin()->size() == 12);
}
