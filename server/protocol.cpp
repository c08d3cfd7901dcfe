#include "server/protocol.hpp"

#include <algorithm>

#include "content/json_text.hpp"
#include "content/json_writer.hpp"
#include "dialogue/interview/interview_event.hpp"

namespace mi::server::protocol {

namespace {

using nlohmann::json;

Error make_error(ErrorCode code, std::string message, std::string field = {}) {
    return Error{code, std::move(message), std::move(field), std::nullopt};
}

std::string_view json_type_name(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "boolean";
        case json::value_t::string: return "string";
        case json::value_t::array: return "array";
        case json::value_t::object: return "object";
        case json::value_t::binary: return "binary";
        case json::value_t::discarded: return "nothing";
        default: return "number";
    }
}

// Reads a required string field, or says exactly what is wrong with it.
std::variant<std::string, Error> required_string(const json& message, std::string_view type,
                                                 const char* field) {
    const auto found = message.find(field);
    if (found == message.end()) {
        return make_error(ErrorCode::missing_field,
                          std::string("a '") + std::string(type) + "' message needs the string field '" + field + "'",
                          field);
    }
    if (!found->is_string()) {
        return make_error(ErrorCode::wrong_type,
                          std::string("field '") + field + "' must be a string, not " +
                              std::string(json_type_name(*found)),
                          field);
    }
    return found->get<std::string>();
}

ParseResult parse_join(const json& message) {
    auto interview_id = required_string(message, "join", "interview_id");
    if (auto* error = std::get_if<Error>(&interview_id)) return *error;
    auto token = required_string(message, "join", "token");
    if (auto* error = std::get_if<Error>(&token)) return *error;

    Join join{std::get<std::string>(std::move(interview_id)), std::get<std::string>(std::move(token)), 0};
    if (join.interview_id.empty()) return make_error(ErrorCode::wrong_type, "field 'interview_id' must not be empty", "interview_id");
    if (join.token.empty()) return make_error(ErrorCode::wrong_type, "field 'token' must not be empty", "token");

    if (const auto last_seq = message.find("last_seq"); last_seq != message.end() && !last_seq->is_null()) {
        if (!last_seq->is_number_integer() || last_seq->get<std::int64_t>() < 0) {
            return make_error(ErrorCode::wrong_type, "field 'last_seq' must be a non-negative integer", "last_seq");
        }
        join.last_seq = last_seq->get<std::int64_t>();
    }
    return ClientMessage{std::move(join)};
}

// The optional client id of an answer or command: "" when absent.
std::variant<std::string, Error> optional_client_id(const json& message) {
    const auto found = message.find("client_id");
    if (found == message.end() || found->is_null()) return std::string();
    if (!found->is_string()) {
        return make_error(ErrorCode::wrong_type,
                          "field 'client_id' must be a string, not " + std::string(json_type_name(*found)), "client_id");
    }
    const auto& id = found->get_ref<const std::string&>();
    const bool well_formed = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (!well_formed) {
        return make_error(ErrorCode::wrong_type,
                          "field 'client_id' must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'", "client_id");
    }
    return id;
}

ParseResult parse_answer(const json& message, const ServerLimits& limits) {
    auto text = required_string(message, "answer", "text");
    if (auto* error = std::get_if<Error>(&text)) return *error;
    auto client_id = optional_client_id(message);
    if (auto* error = std::get_if<Error>(&client_id)) return *error;
    Answer answer{std::get<std::string>(std::move(text)), std::get<std::string>(std::move(client_id))};
    const auto characters = count_utf8_characters(answer.text);
    if (characters > limits.max_answer_chars) {
        return make_error(ErrorCode::answer_too_long,
                          "the answer has " + std::to_string(characters) + " characters; the limit is " +
                              std::to_string(limits.max_answer_chars),
                          "text");
    }
    return ClientMessage{std::move(answer)};
}

ParseResult parse_command(const json& message) {
    auto name = required_string(message, "command", "name");
    if (auto* error = std::get_if<Error>(&name)) return *error;
    auto client_id = optional_client_id(message);
    if (auto* error = std::get_if<Error>(&client_id)) return *error;
    Command command{std::get<std::string>(std::move(name)), std::get<std::string>(std::move(client_id))};
    const auto& names = command_names();
    if (std::find(names.begin(), names.end(), command.name) == names.end()) {
        std::string valid;
        for (const auto& known : names) valid += (valid.empty() ? "" : ", ") + known;
        return make_error(ErrorCode::unknown_command, "unknown command '" + command.name + "'; valid commands: " + valid,
                          "name");
    }
    return ClientMessage{std::move(command)};
}

ParseResult parse_run(const json& message, const ServerLimits& limits) {
    auto code = required_string(message, "run", "code");
    if (auto* error = std::get_if<Error>(&code)) return *error;
    auto client_id = optional_client_id(message);
    if (auto* error = std::get_if<Error>(&client_id)) return *error;
    Run run{std::get<std::string>(std::move(code)), std::get<std::string>(std::move(client_id))};
    // The code is what a submission's code block would hold: no longer than an answer.
    const auto characters = count_utf8_characters(run.code);
    if (characters > limits.max_answer_chars) {
        return make_error(ErrorCode::answer_too_long,
                          "the code has " + std::to_string(characters) + " characters; the limit is " +
                              std::to_string(limits.max_answer_chars),
                          "code");
    }
    return ClientMessage{std::move(run)};
}

std::string dump(const json& value) {
    // Replace, never throw: every string we send was validated or produced by us, but an engine
    // bug must not take a connection down.
    return content::dump_json_text_replacing(value);
}

}  // namespace

const std::vector<std::string>& command_names() { return dialogue::command_names(); }

bool is_valid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char min_second = 0x80;
        unsigned char max_second = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) min_second = 0xA0;        // overlong
            if (lead == 0xED) max_second = 0x9F;        // UTF-16 surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) min_second = 0x90;        // overlong
            if (lead == 0xF4) max_second = 0x8F;        // above U+10FFFF
        } else {
            return false;
        }
        if (i + length > size) return false;
        if (bytes[i + 1] < min_second || bytes[i + 1] > max_second) return false;
        for (std::size_t k = 2; k < length; ++k) {
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return false;
        }
        i += length;
    }
    return true;
}

std::size_t count_utf8_characters(std::string_view valid_utf8) {
    return static_cast<std::size_t>(std::count_if(valid_utf8.begin(), valid_utf8.end(), [](char byte) {
        return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
    }));
}

ParseResult parse_client_message(std::string_view frame, const ServerLimits& limits) {
    if (!is_valid_utf8(frame)) {
        return make_error(ErrorCode::invalid_utf8, "the message is not valid UTF-8 text");
    }
    json message;
    try {
        content::JsonText parsed = content::parse_json_text(frame);
        if (!parsed.duplicate_keys.empty()) {
            const std::string& pointer = parsed.duplicate_keys.front();
            return make_error(ErrorCode::malformed_json, "the message is ambiguous: " + content::describe_duplicate_key(pointer),
                              pointer.substr(1));
        }
        message = std::move(parsed.value);
    } catch (const content::JsonTextError& error) {
        return make_error(ErrorCode::malformed_json, "the message is not valid JSON at byte " +
                                                         std::to_string(error.byte) + ": " + error.what());
    }
    if (!message.is_object()) {
        return make_error(ErrorCode::malformed_json,
                          "a message must be a JSON object, not " + std::string(json_type_name(message)));
    }

    auto type = required_string(message, "message", "type");
    if (auto* error = std::get_if<Error>(&type)) return *error;
    const std::string& type_name = std::get<std::string>(type);

    const auto v = message.find("v");
    if (v == message.end()) {
        return make_error(ErrorCode::missing_field, "every message needs the protocol version field 'v' (1)", "v");
    }
    if (!v->is_number_integer()) {
        return make_error(ErrorCode::wrong_type, "field 'v' must be an integer, not " + std::string(json_type_name(*v)), "v");
    }
    if (v->get<std::int64_t>() != version) {
        return make_error(ErrorCode::unsupported_version,
                          "protocol version " + std::to_string(v->get<std::int64_t>()) +
                              " is not supported; this server speaks version " + std::to_string(version),
                          "v");
    }

    if (type_name == "join") return parse_join(message);
    if (type_name == "answer") return parse_answer(message, limits);
    if (type_name == "command") return parse_command(message);
    if (type_name == "ping") return ClientMessage{Ping{}};
    if (type_name == "run") return parse_run(message, limits);
    return make_error(ErrorCode::unknown_type,
                      "unknown message type '" + type_name + "'; expected join, answer, command, run or ping", "type");
}

std::string error_frame(const Error& error) {
    json frame{{"type", "error"}, {"v", version}, {"code", to_string(error.code)}, {"message", error.message}};
    if (!error.field.empty()) frame["field"] = error.field;
    if (error.retry_after_ms) frame["retry_after_ms"] = *error.retry_after_ms;
    return dump(frame);
}

std::string pong_frame() { return dump(json{{"type", "pong"}, {"v", version}}); }

json state_json(const dialogue::InterviewProgress& progress) {
    json stage = nullptr;
    if (!progress.stage_id.empty()) {
        stage = {{"id", progress.stage_id},
                 {"name", progress.stage_name},
                 {"index", progress.stage_index},
                 {"count", progress.stage_count}};
    }
    json awaiting = nullptr;
    if (!progress.finished && !progress.item_id.empty()) {
        awaiting = {{"kind", dialogue::to_string(progress.awaiting)},
                    {"item_id", progress.item_id},
                    {"text", progress.prompt},
                    {"question_index", progress.question_index},
                    {"question_count", progress.question_count}};
    }
    return json{{"status", progress.finished ? "finished" : "in_progress"},
                {"stage", stage},
                {"awaiting", awaiting},
                {"last_seq", progress.last_seq}};
}

json sequenced_event_json(std::int64_t seq, const json& event) { return json{{"seq", seq}, {"event", event}}; }

std::string joined_frame(std::string_view interview_id, const dialogue::InterviewProgress& state,
                         const std::vector<SequencedEvent>& events, std::int64_t last_seq) {
    json list = json::array();
    for (const auto& entry : events) list.push_back(sequenced_event_json(entry.seq, entry.event));
    return dump(json{{"type", "joined"},
                     {"v", version},
                     {"interview_id", interview_id},
                     {"state", state_json(state)},
                     {"events", std::move(list)},
                     {"last_seq", last_seq}});
}

// Sent on every answer, so written without a tree (content/json_writer.hpp): the bytes dump()
// gives, keys in ascending order. A string that is not UTF-8 (never ours, but an engine bug must
// not take a connection down) falls back to dump()'s replacement characters.
std::string ack_frame(std::int64_t seq, std::string_view kind, std::string_view client_id, bool duplicate) {
    try {
        content::JsonWriter frame;
        frame.begin_object();
        if (!client_id.empty()) frame.key("client_id").string(client_id);
        if (duplicate) frame.key("duplicate").boolean(true);
        frame.key("of").string(kind).key("seq").integer(seq).key("type").string("ack").key("v").integer(version);
        return frame.end_object().take();
    } catch (const content::JsonWriterInvalidUtf8&) {
        json frame{{"type", "ack"}, {"v", version}, {"seq", seq}, {"of", kind}};
        if (!client_id.empty()) frame["client_id"] = client_id;
        if (duplicate) frame["duplicate"] = true;
        return dump(frame);
    }
}

std::string event_frame(std::int64_t seq, const nlohmann::json& event) {
    return dump(json{{"type", "event"}, {"v", version}, {"seq", seq}, {"event", event}});
}

std::string event_frame(const SequencedEvent& entry) {
    if (entry.event_text.empty()) return event_frame(entry.seq, entry.event);
    // The same bytes dump() gives for event_frame(seq, event): keys in order, no spaces.
    std::string frame;
    frame.reserve(entry.event_text.size() + 48);
    frame += R"({"event":)";
    frame += entry.event_text;
    frame += R"(,"seq":)";
    frame += std::to_string(entry.seq);
    frame += R"(,"type":"event","v":)";
    frame += std::to_string(version);
    frame += '}';
    return frame;
}

// Sent on every answer: written as ack_frame is, the bytes dump() gives for
// {type, v, seq, state: state_json(state)}.
std::string turn_complete_frame(const dialogue::InterviewProgress& state) {
    try {
        content::JsonWriter frame;
        frame.begin_object().key("seq").integer(state.last_seq).key("state").begin_object();
        frame.key("awaiting");
        if (!state.finished && !state.item_id.empty()) {
            frame.begin_object()
                .key("item_id").string(state.item_id)
                .key("kind").string(dialogue::to_string(state.awaiting))
                .key("question_count").integer(state.question_count)
                .key("question_index").integer(state.question_index)
                .key("text").string(state.prompt)
                .end_object();
        } else {
            frame.value(nullptr);
        }
        frame.key("last_seq").integer(state.last_seq).key("stage");
        if (!state.stage_id.empty()) {
            frame.begin_object()
                .key("count").integer(state.stage_count)
                .key("id").string(state.stage_id)
                .key("index").integer(state.stage_index)
                .key("name").string(state.stage_name)
                .end_object();
        } else {
            frame.value(nullptr);
        }
        frame.key("status").string(state.finished ? "finished" : "in_progress").end_object();
        frame.key("type").string("turn_complete").key("v").integer(version);
        return frame.end_object().take();
    } catch (const content::JsonWriterInvalidUtf8&) {
        return dump(json{{"type", "turn_complete"}, {"v", version}, {"seq", state.last_seq}, {"state", state_json(state)}});
    }
}

std::string superseded_frame() {
    return dump(json{{"type", "superseded"},
                     {"v", version},
                     {"message", "this interview was opened in another connection; this one is closed"}});
}

std::string run_result_frame(std::string_view client_id, const nlohmann::json& result) {
    json frame{{"type", "run_result"}, {"v", version}, {"result", result}};
    if (!client_id.empty()) frame["client_id"] = client_id;
    return dump(frame);
}

std::string run_error_frame(const Error& error, std::string_view client_id, const std::optional<CodePosition>& position) {
    json frame{{"type", "error"}, {"v", version}, {"code", to_string(error.code)}, {"message", error.message}, {"of", "run"}};
    if (!error.field.empty()) frame["field"] = error.field;
    if (error.retry_after_ms) frame["retry_after_ms"] = *error.retry_after_ms;
    if (!client_id.empty()) frame["client_id"] = client_id;
    if (position) {
        frame["position"] = {{"line", position->line},
                             {"column", position->column},
                             {"offset", position->offset ? json(*position->offset) : json(nullptr)},
                             {"statement", position->statement}};
    }
    return dump(frame);
}

}  // namespace mi::server::protocol
