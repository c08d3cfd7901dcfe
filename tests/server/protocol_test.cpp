#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/protocol.hpp"

using namespace mi::server;
using nlohmann::json;

namespace {

protocol::ParseResult parse(std::string_view frame) { return protocol::parse_client_message(frame, ServerLimits{}); }

protocol::Error error_of(std::string_view frame) {
    const auto result = parse(frame);
    REQUIRE(std::holds_alternative<protocol::Error>(result));
    return std::get<protocol::Error>(result);
}

template <typename T>
T message_of(std::string_view frame) {
    const auto result = parse(frame);
    REQUIRE(std::holds_alternative<protocol::ClientMessage>(result));
    const auto& message = std::get<protocol::ClientMessage>(result);
    REQUIRE(std::holds_alternative<T>(message));
    return std::get<T>(message);
}

}  // namespace

TEST_CASE("a join message yields the interview id, token and last seen sequence number", "[server][protocol]") {
    const auto join = message_of<protocol::Join>(R"({"type":"join","v":1,"interview_id":"abc","token":"t0k","last_seq":7})");
    CHECK(join.interview_id == "abc");
    CHECK(join.token == "t0k");
    CHECK(join.last_seq == 7);
}

TEST_CASE("a join without last_seq starts from the beginning", "[server][protocol]") {
    CHECK(message_of<protocol::Join>(R"({"type":"join","v":1,"interview_id":"a","token":"b"})").last_seq == 0);
}

TEST_CASE("an answer message carries its text unchanged", "[server][protocol]") {
    CHECK(message_of<protocol::Answer>(R"({"type":"answer","v":1,"text":"I use gdb — and logs"})").text ==
          "I use gdb — and logs");
}

TEST_CASE("a command message accepts only the candidate commands", "[server][protocol]") {
    CHECK(message_of<protocol::Command>(R"({"type":"command","v":1,"name":"hint"})").name == "hint");
    const auto error = error_of(R"({"type":"command","v":1,"name":"dance"})");
    CHECK(error.code == mi::server::ErrorCode::unknown_command);
    CHECK(error.field == "name");
    CHECK_THAT(error.message, Catch::Contains("help, repeat, skip, hint, again, end"));
}

TEST_CASE("a ping message is recognised", "[server][protocol]") {
    message_of<protocol::Ping>(R"({"type":"ping","v":1})");
}

TEST_CASE("text that is not JSON is reported as malformed with the byte position", "[server][protocol]") {
    const auto error = error_of(R"({"type":"answer", "v":1,)");
    CHECK(error.code == mi::server::ErrorCode::malformed_json);
    CHECK_THAT(error.message, Catch::Contains("at byte"));
}

TEST_CASE("a key given twice is reported as malformed, naming the key", "[server][protocol]") {
    const auto error = error_of(R"({"type":"answer","v":1,"text":"I profiled it","text":"no idea"})");
    CHECK(error.code == mi::server::ErrorCode::malformed_json);
    CHECK(error.field == "text");
    CHECK_THAT(error.message, Catch::Contains("\"text\" appears more than once"));
}

TEST_CASE("JSON that is not an object is reported as malformed", "[server][protocol]") {
    CHECK(error_of("[1,2]").code == mi::server::ErrorCode::malformed_json);
    CHECK_THAT(error_of("\"hello\"").message, Catch::Contains("not string"));
}

TEST_CASE("a message without a type names the missing field", "[server][protocol]") {
    const auto error = error_of(R"({"v":1,"text":"x"})");
    CHECK(error.code == mi::server::ErrorCode::missing_field);
    CHECK(error.field == "type");
}

TEST_CASE("a message without the protocol version is refused", "[server][protocol]") {
    const auto error = error_of(R"({"type":"ping"})");
    CHECK(error.code == mi::server::ErrorCode::missing_field);
    CHECK(error.field == "v");
}

TEST_CASE("another protocol version is refused and the supported one named", "[server][protocol]") {
    const auto error = error_of(R"({"type":"ping","v":2})");
    CHECK(error.code == mi::server::ErrorCode::unsupported_version);
    CHECK_THAT(error.message, Catch::Contains("version 1"));
}

TEST_CASE("an unknown type is named in the error", "[server][protocol]") {
    const auto error = error_of(R"({"type":"dance","v":1})");
    CHECK(error.code == mi::server::ErrorCode::unknown_type);
    CHECK(error.field == "type");
    CHECK_THAT(error.message, Catch::Contains("'dance'"));
}

TEST_CASE("a missing required field is named", "[server][protocol]") {
    const auto error = error_of(R"({"type":"answer","v":1})");
    CHECK(error.code == mi::server::ErrorCode::missing_field);
    CHECK(error.field == "text");
    CHECK(error_of(R"({"type":"join","v":1,"interview_id":"a"})").field == "token");
}

TEST_CASE("a field of the wrong JSON type is named with the type received", "[server][protocol]") {
    const auto error = error_of(R"({"type":"answer","v":1,"text":42})");
    CHECK(error.code == mi::server::ErrorCode::wrong_type);
    CHECK(error.field == "text");
    CHECK_THAT(error.message, Catch::Contains("not number"));
    CHECK(error_of(R"({"type":"join","v":1,"interview_id":"a","token":"b","last_seq":-1})").field == "last_seq");
    CHECK(error_of(R"({"type":"join","v":1,"interview_id":"a","token":"b","last_seq":"3"})").field == "last_seq");
    CHECK(error_of(R"({"type":1,"v":1})").code == mi::server::ErrorCode::wrong_type);
}

TEST_CASE("bytes that are not UTF-8 are refused before parsing", "[server][protocol]") {
    CHECK(error_of("{\"type\":\"answer\",\"v\":1,\"text\":\"\xC3\x28\"}").code == ErrorCode::invalid_utf8);
}

TEST_CASE("an answer over the character limit is refused with the count and the limit", "[server][protocol]") {
    ServerLimits limits;
    limits.max_answer_chars = 5;
    const auto ok = protocol::parse_client_message(R"({"type":"answer","v":1,"text":"ééééé"})", limits);
    CHECK(std::holds_alternative<protocol::ClientMessage>(ok));   // 5 characters, 10 bytes
    const auto result = protocol::parse_client_message(R"({"type":"answer","v":1,"text":"abcdef"})", limits);
    REQUIRE(std::holds_alternative<protocol::Error>(result));
    const auto& error = std::get<protocol::Error>(result);
    CHECK(error.code == mi::server::ErrorCode::answer_too_long);
    CHECK_THAT(error.message, Catch::Contains("6 characters") && Catch::Contains("limit is 5"));
}

TEST_CASE("the UTF-8 check rejects overlongs, surrogates, truncation and values past U+10FFFF", "[server][protocol]") {
    CHECK(protocol::is_valid_utf8("plain ascii"));
    CHECK(protocol::is_valid_utf8("\xE2\x82\xAC \xF0\x9F\x98\x80"));    // € 😀
    CHECK_FALSE(protocol::is_valid_utf8("\xC0\xAF"));                   // overlong '/'
    CHECK_FALSE(protocol::is_valid_utf8("\xED\xA0\x80"));               // U+D800
    CHECK_FALSE(protocol::is_valid_utf8("\xE2\x82"));                   // truncated
    CHECK_FALSE(protocol::is_valid_utf8("\xF4\x90\x80\x80"));           // U+110000
    CHECK_FALSE(protocol::is_valid_utf8("\xFF"));
}

TEST_CASE("server frames carry type and protocol version", "[server][protocol]") {
    const auto error = json::parse(
        protocol::error_frame({ErrorCode::wrong_type, "field 'text' must be a string", "text", std::nullopt}));
    CHECK(error == json{{"type", "error"}, {"v", 1}, {"code", "wrong_type"}, {"message", "field 'text' must be a string"},
                        {"field", "text"}});
    CHECK(json::parse(protocol::ack_frame(12, "answer", "", false)) ==
          json{{"type", "ack"}, {"v", 1}, {"seq", 12}, {"of", "answer"}});
    const auto event = json::parse(protocol::event_frame(13, json{{"type", "feedback"}}));
    CHECK(event["seq"] == 13);
    CHECK(event["event"]["type"] == "feedback");
    CHECK(json::parse(protocol::pong_frame())["type"] == "pong");
    CHECK(json::parse(protocol::superseded_frame())["type"] == "superseded");
}

TEST_CASE("an ack echoes the client id and says when the message was a duplicate", "[server][protocol]") {
    CHECK(json::parse(protocol::ack_frame(9, "command", "m-7", true)) ==
          json{{"type", "ack"}, {"v", 1}, {"seq", 9}, {"of", "command"}, {"client_id", "m-7"}, {"duplicate", true}});
}

TEST_CASE("a rate_limited error says when to send the message again", "[server][protocol]") {
    const auto frame = json::parse(protocol::error_frame({ErrorCode::rate_limited, "slow down", "", 180}));
    CHECK(frame["code"] == "rate_limited");
    CHECK(frame["retry_after_ms"] == 180);
}

TEST_CASE("a joined frame carries state, the missed events and the last sequence number", "[server][protocol]") {
    mi::dialogue::InterviewProgress state;
    state.stage_id = "hr";
    state.stage_name = "HR Interview";
    state.stage_count = 2;
    state.item_id = "q1";
    state.prompt = "Why?";
    state.question_count = 3;
    state.last_seq = 4;
    const std::vector<SequencedEvent> events{{4, json::object()}};
    const auto joined = json::parse(protocol::joined_frame("abc", state, events, 4));
    CHECK(joined["type"] == "joined");
    CHECK(joined["interview_id"] == "abc");
    CHECK(joined["state"] == json{{"status", "in_progress"},
                                  {"stage", {{"id", "hr"}, {"name", "HR Interview"}, {"index", 0}, {"count", 2}}},
                                  {"awaiting",
                                   {{"kind", "question"},
                                    {"item_id", "q1"},
                                    {"text", "Why?"},
                                    {"question_index", 0},
                                    {"question_count", 3}}},
                                  {"last_seq", 4}});
    CHECK(joined["events"] == json::array({json{{"seq", 4}, {"event", json::object()}}}));
    CHECK(joined["last_seq"] == 4);
}

TEST_CASE("turn_complete carries the last seq and the state, and a finished one has nothing awaited", "[server][protocol]") {
    mi::dialogue::InterviewProgress state;
    state.stage_id = "final";
    state.finished = true;
    state.last_seq = 40;
    const auto frame = json::parse(protocol::turn_complete_frame(state));
    CHECK(frame["type"] == "turn_complete");
    CHECK(frame["seq"] == 40);
    CHECK(frame["state"]["status"] == "finished");
    CHECK(frame["state"]["awaiting"].is_null());
}

TEST_CASE("ack and turn_complete frames are the bytes their JSON trees dump, in every shape", "[server][protocol]") {
    const auto tree_dump = [](const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); };
    for (const bool duplicate : {false, true}) {
        for (const std::string client_id : {"", "m-7"}) {
            json tree{{"type", "ack"}, {"v", 1}, {"seq", 9}, {"of", "answer"}};
            if (!client_id.empty()) tree["client_id"] = client_id;
            if (duplicate) tree["duplicate"] = true;
            CHECK(protocol::ack_frame(9, "answer", client_id, duplicate) == tree_dump(tree));
        }
    }
    // Not UTF-8: replaced, as dump() replaces it, not thrown.
    CHECK(protocol::ack_frame(1, "answer", "bad\xFF", false) ==
          tree_dump(json{{"type", "ack"}, {"v", 1}, {"seq", 1}, {"of", "answer"}, {"client_id", "bad\xFF"}}));

    mi::dialogue::InterviewProgress state;
    const auto check_state = [&] {
        CHECK(protocol::turn_complete_frame(state) ==
              tree_dump(json{{"type", "turn_complete"}, {"v", 1}, {"seq", state.last_seq}, {"state", protocol::state_json(state)}}));
    };
    check_state();   // nothing started
    state.stage_id = "hr";
    state.stage_name = "HR \"Interview\" \u00e9";
    state.stage_index = 1;
    state.stage_count = 5;
    state.item_id = "q1";
    state.prompt = "Why?\nTell me";
    state.question_index = 2;
    state.question_count = 3;
    state.last_seq = 1234567;
    check_state();
    state.awaiting = mi::dialogue::AwaitingKind::follow_up;
    check_state();
    state.prompt = "broken \xC3";
    check_state();
    state.finished = true;
    check_state();
}

TEST_CASE("answers and commands take an optional client id of 1-64 safe characters", "[server][protocol]") {
    CHECK(message_of<protocol::Answer>(R"({"type":"answer","v":1,"text":"x","client_id":"a_B-9"})").client_id == "a_B-9");
    CHECK(message_of<protocol::Command>(R"({"type":"command","v":1,"name":"skip","client_id":"c1"})").client_id == "c1");
    CHECK(message_of<protocol::Answer>(R"({"type":"answer","v":1,"text":"x"})").client_id.empty());
    for (const auto* bad : {R"({"type":"answer","v":1,"text":"x","client_id":""})",
                            R"({"type":"answer","v":1,"text":"x","client_id":"has space"})",
                            R"({"type":"answer","v":1,"text":"x","client_id":7})"}) {
        const auto error = error_of(bad);
        CHECK(error.code == ErrorCode::wrong_type);
        CHECK(error.field == "client_id");
    }
    const std::string too_long = R"x({"type":"answer","v":1,"text":"x","client_id":")x" + std::string(65, 'a') + "\"}";
    CHECK(error_of(too_long).field == "client_id");
}

TEST_CASE("numbers beyond a double are malformed_json naming the byte, without echoing the number", "[server][protocol]") {
    for (const auto* frame : {R"({"type":"answer","v":1e999,"text":"x"})", R"({"type":"join","v":1,"last_seq":-1e999})",
                              R"([1e400])"}) {
        const auto error = error_of(frame);
        CHECK(error.code == ErrorCode::malformed_json);
        CHECK_THAT(error.message, Catch::Contains("at byte"));
        CHECK_THAT(error.message, !Catch::Contains("e999") && !Catch::Contains("e400"));
    }
}

TEST_CASE("every close code the server sends is in the protocol's list", "[server][protocol]") {
    std::vector<int> codes;
    for (const auto code : protocol::all_close_codes) codes.push_back(static_cast<int>(code));
    CHECK(codes == std::vector<int>{1000, 1001, 1002, 1007, 1008, 1009, 1011, 4000, 4001});
}

TEST_CASE("an event frame built from the stored text is byte for byte the one built from the event", "[server][protocol]") {
    const json event{{"type", "feedback"}, {"seq", 7}, {"text", "caf\u00e9 \"quoted\""}, {"evidence", json::array({1, 2})}};
    const SequencedEvent with_text{7, event, event.dump()};
    CHECK(protocol::event_frame(with_text) == protocol::event_frame(7, event));
    const SequencedEvent without_text{7, event, {}};
    CHECK(protocol::event_frame(without_text) == protocol::event_frame(7, event));
}
