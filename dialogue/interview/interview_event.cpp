#include "dialogue/interview/interview_event.hpp"

#include <array>

#include "content/json_writer.hpp"
#include "content/role_pack.hpp"

namespace mi::dialogue {
namespace {

using nlohmann::json;

template <typename Enum, std::size_t N>
std::optional<Enum> parse_enum(std::string_view text, const std::array<Enum, N>& values) {
    for (auto value : values) {
        if (to_string(value) == text) return value;
    }
    return std::nullopt;
}

constexpr std::array item_kinds{ItemKind::question, ItemKind::task};
constexpr std::array question_kinds{QuestionKind::main, QuestionKind::task};
constexpr std::array feedback_kinds{FeedbackKind::coverage, FeedbackKind::star, FeedbackKind::red_flag,
                                    FeedbackKind::gate, FeedbackKind::check};
constexpr std::array check_outcomes{CheckOutcome::passed, CheckOutcome::failed, CheckOutcome::not_run};
constexpr std::array follow_up_sources{FollowUpSource::guide, FollowUpSource::probe};

constexpr std::array<CommandDefinition, 6> command_table{{
    {CommandName::help, "help", "see this list"},
    {CommandName::repeat, "repeat", "see the current question again"},
    {CommandName::skip, "skip", "move on to the next question"},
    {CommandName::hint, "hint", "get preparation tips for this stage and what the interviewer is looking for"},
    {CommandName::again, "again", "answer the last scored question again and see before and after"},
    {CommandName::end, "end", "finish now and get your report"},
}};

// to_string indexes the table by the enum's value.
constexpr bool command_table_follows_enum() {
    for (std::size_t index = 0; index < command_table.size(); ++index) {
        if (static_cast<std::size_t>(command_table[index].command) != index) return false;
    }
    return static_cast<std::size_t>(CommandName::end) + 1 == command_table.size();
}
static_assert(command_table_follows_enum(), "command_table lists every CommandName once, in the enum's order");

constexpr std::array<CommandName, command_table.size()> command_values() {
    std::array<CommandName, command_table.size()> values{};
    for (std::size_t index = 0; index < command_table.size(); ++index) values[index] = command_table[index].command;
    return values;
}
constexpr auto command_enum_values = command_values();

// Reads the fields of one JSON object, naming the event and field in every error.
class FieldReader {
public:
    FieldReader(const json& object, std::string context) : object_(object), context_(std::move(context)) {
        if (!object_.is_object()) fail("", "must be a JSON object");
    }

    [[nodiscard]] bool has(const char* name) const { return object_.contains(name); }
    [[nodiscard]] const json& field(const char* name) const {
        if (!object_.contains(name)) fail(name, "is missing");
        return object_[name];
    }
    [[nodiscard]] std::string string(const char* name) const {
        const auto& value = field(name);
        if (!value.is_string()) fail(name, "must be a string");
        return value.get<std::string>();
    }
    [[nodiscard]] std::int64_t integer(const char* name) const {
        const auto& value = field(name);
        if (!value.is_number_integer()) fail(name, "must be an integer");
        return value.get<std::int64_t>();
    }
    [[nodiscard]] int small_integer(const char* name) const { return static_cast<int>(integer(name)); }
    [[nodiscard]] std::size_t offset(const char* name) const {
        const auto& value = field(name);
        if (!value.is_number_unsigned()) fail(name, "must be a non-negative integer");
        return value.get<std::size_t>();
    }
    [[nodiscard]] double number(const char* name) const {
        const auto& value = field(name);
        if (!value.is_number()) fail(name, "must be a number");
        return value.get<double>();
    }
    [[nodiscard]] bool boolean(const char* name) const {
        const auto& value = field(name);
        if (!value.is_boolean()) fail(name, "must be true or false");
        return value.get<bool>();
    }
    [[nodiscard]] std::vector<std::string> strings(const char* name) const {
        const auto& value = field(name);
        if (!value.is_array()) fail(name, "must be an array of strings");
        std::vector<std::string> values;
        for (const auto& entry : value) {
            if (!entry.is_string()) fail(name, "must be an array of strings");
            values.push_back(entry.get<std::string>());
        }
        return values;
    }
    [[nodiscard]] const json& array(const char* name) const {
        const auto& value = field(name);
        if (!value.is_array()) fail(name, "must be an array");
        return value;
    }
    template <typename Enum, std::size_t N>
    [[nodiscard]] Enum enumeration(const char* name, const std::array<Enum, N>& values) const {
        const auto text = string(name);
        if (auto parsed = parse_enum(text, values)) return *parsed;
        std::string valid;
        for (auto value : values) valid += (valid.empty() ? "\"" : ", \"") + std::string(to_string(value)) + "\"";
        fail(name, "has unknown value \"" + text + "\"; valid: " + valid);
    }
    [[nodiscard]] FieldReader nested(const json& value, const std::string& what) const {
        return FieldReader(value, context_ + ", " + what);
    }

    [[noreturn]] void fail(std::string_view name, std::string_view problem) const {
        throw EventFormatError(context_ + (name.empty() ? std::string() : ": field \"" + std::string(name) + "\"") +
                               " " + std::string(problem));
    }

private:
    const json& object_;
    std::string context_;
};

json blocks_to_json(const std::vector<LabelledBlock>& blocks) {
    json array = json::array();
    for (const auto& block : blocks) array.push_back({{"label", block.label}, {"text", block.text}, {"language", block.language}});
    return array;
}

std::vector<LabelledBlock> blocks_from_json(const FieldReader& reader, const char* name) {
    std::vector<LabelledBlock> blocks;
    std::size_t index = 0;
    for (const auto& entry : reader.array(name)) {
        const auto block = reader.nested(entry, std::string(name) + "[" + std::to_string(index++) + "]");
        blocks.push_back({block.string("label"), block.string("text"), block.string("language")});
    }
    return blocks;
}

json evidence_to_json(const std::vector<EvidenceSpan>& spans) {
    json array = json::array();
    for (const auto& span : spans) {
        array.push_back({{"term", span.term}, {"message", span.message_index}, {"begin", span.begin}, {"end", span.end}});
    }
    return array;
}

std::vector<EvidenceSpan> evidence_from_json(const FieldReader& reader, const char* name) {
    std::vector<EvidenceSpan> spans;
    std::size_t index = 0;
    for (const auto& entry : reader.array(name)) {
        const auto item = reader.nested(entry, std::string(name) + "[" + std::to_string(index++) + "]");
        spans.push_back({item.string("term"), item.small_integer("message"), item.offset("begin"), item.offset("end")});
    }
    return spans;
}

json payload_to_json(const InterviewStarted& started) {
    json schedule = json::array();
    for (const auto& stage : started.schedule) {
        json items = json::array();
        for (const auto& item : stage.items) items.push_back({{"kind", to_string(item.kind)}, {"id", item.id}});
        schedule.push_back({{"stage_id", stage.stage_id}, {"weight", stage.weight}, {"items", items}});
    }
    return {{"plan", started.plan},
            {"questions_per_stage", started.questions_per_stage},
            {"follow_ups_per_question", started.follow_ups_per_question},
            {"schedule", schedule},
            {"role_title", started.role_title},
            {"greeting", started.greeting}};
}

json payload_to_json(const StageStarted& stage) {
    return {{"stage_id", stage.stage_id},       {"stage_name", stage.stage_name},
            {"stage_index", stage.stage_index}, {"stage_count", stage.stage_count},
            {"participants", stage.participants}, {"focus_areas", stage.focus_areas},
            {"introduction", stage.introduction}};
}

json payload_to_json(const QuestionAsked& asked) {
    json out{{"item_id", asked.item_id},
             {"kind", to_string(asked.kind)},
             {"stage_id", asked.stage_id},
             {"question_index", asked.question_index},
             {"question_count", asked.question_count},
             {"text", asked.text}};
    if (asked.task) {
        json sections = json::array();
        for (const auto& section : asked.task->sections) {
            sections.push_back({{"name", section.name}, {"title", section.title}, {"items", section.items}});
        }
        out["task"] = {{"name", asked.task->name},
                       {"summary", asked.task->summary},
                       {"duration", asked.task->duration},
                       {"sections", sections}};
        if (const auto& material = asked.task->material) {
            out["task"]["material"] = {{"checker", material->checker},
                                       {"variant_id", material->variant_id},
                                       {"title", material->title},
                                       {"instructions", material->instructions},
                                       {"language", material->language},
                                       {"runnable", material->runnable},
                                       {"blocks", blocks_to_json(material->blocks)},
                                       {"facts", material->facts.is_null() ? json::object() : material->facts}};
        }
    }
    return out;
}

json payload_to_json(const TaskChecked& checked) {
    json findings = json::array();
    for (const auto& finding : checked.findings) {
        findings.push_back({{"id", finding.id},
                            {"text", finding.text},
                            {"positive", finding.positive},
                            {"evidence", evidence_to_json(finding.evidence)}});
    }
    json items = json::array();
    for (const auto& item : checked.items) {
        items.push_back({{"item_id", item.item_id},
                         {"covered", item.covered},
                         {"reason", item.reason},
                         {"evidence", evidence_to_json(item.evidence)}});
    }
    json mistakes = json::array();
    for (const auto& mistake : checked.mistakes) {
        mistakes.push_back({{"mistake_id", mistake.mistake_id},
                            {"raised", mistake.raised},
                            {"reason", mistake.reason},
                            {"evidence", evidence_to_json(mistake.evidence)}});
    }
    return {{"item_id", checked.item_id},
            {"checker", checked.checker},
            {"variant_id", checked.variant_id},
            {"message_index", checked.message_index},
            {"outcome", to_string(checked.outcome)},
            {"summary", checked.summary},
            {"findings", findings},
            {"items", items},
            {"mistakes", mistakes},
            {"exhibits", blocks_to_json(checked.exhibits)},
            {"details", checked.details.is_null() ? json::object() : checked.details}};
}

json payload_to_json(const AnswerReceived& answer) {
    return {{"item_id", answer.item_id},
            {"text", answer.text},
            {"message_index", answer.message_index},
            {"elapsed_ms", answer.elapsed_ms}};
}

json payload_to_json(const FeedbackItem& item) {
    return {{"item_id", item.item_id},     {"kind", to_string(item.kind)},   {"subject_id", item.subject_id},
            {"section", item.section},     {"text", item.text},              {"positive", item.positive},
            {"confidence", item.confidence}, {"detail", item.detail},        {"evidence", evidence_to_json(item.evidence)}};
}

json payload_to_json(const AnswerScored& scored) {
    json penalties = json::array();
    for (const auto& penalty : scored.penalties) {
        penalties.push_back({{"reason", penalty.reason}, {"points", penalty.points}, {"evidence", evidence_to_json(penalty.evidence)}});
    }
    return {{"item_id", scored.item_id},
            {"score", scored.score},
            {"breakdown",
             {{"coverage", scored.coverage_points},
              {"structure", scored.structure_points},
              {"specificity", scored.specificity_points},
              {"penalties", scored.penalty_points},
              {"total", scored.score},
              {"penalty_items", penalties}}},
            {"feedback",
             {{"strengths", scored.strengths},
              {"missing", scored.missing},
              {"tip", scored.tip},
              {"gate_reason", scored.gate_reason}}},
            {"gate", scored.gate},
            {"scoring_version", scored.scoring_version},
            {"message_count", scored.message_count},
            {"metrics", evidence_to_json(scored.metrics)},
            {"strong_answer", scored.strong_answer}};
}

json payload_to_json(const FollowUpAsked& follow_up) {
    return {{"item_id", follow_up.item_id},         {"source", to_string(follow_up.source)},
            {"follow_up_id", follow_up.follow_up_id}, {"targets", follow_up.targets},
            {"text", follow_up.text},               {"follow_up_index", follow_up.follow_up_index}};
}

json payload_to_json(const CommandHandled& command) {
    return {{"name", to_string(command.name)}, {"response", command.response}};
}

json payload_to_json(const StageCompleted& completed) {
    return {{"stage_id", completed.stage_id}, {"text", completed.text}};
}

json payload_to_json(const RetryStarted& retry) {
    return {{"item_id", retry.item_id}, {"attempt", retry.attempt}, {"previous_score", retry.previous_score},
            {"text", retry.text}};
}

json payload_to_json(const RetryCompared& compared) {
    return {{"item_id", compared.item_id},        {"attempt", compared.attempt},
            {"before_score", compared.before_score}, {"after_score", compared.after_score},
            {"best_score", compared.best_score},  {"gained", compared.gained},
            {"lost", compared.lost},              {"flags_raised", compared.flags_raised},
            {"flags_cleared", compared.flags_cleared}, {"resume_prompt", compared.resume_prompt}};
}

json payload_to_json(const ReportReady& report) {
    if (report.condensed()) return json::object();
    return {{"report", report.report}, {"markdown", report.markdown}};
}

// The text of the events written on every answer, straight from the structs: the same bytes as
// event_to_json(event).dump() (content/json_writer.hpp), keys in that order. Other events go
// through the tree (event_to_json_text).
using content::JsonWriter;

struct Envelope {
    std::int64_t seq;
    std::int64_t at_ms;
    std::string_view type;
};

void write_evidence(JsonWriter& out, const std::vector<EvidenceSpan>& spans) {
    out.begin_array();
    for (const auto& span : spans) {
        out.begin_object()
            .key("begin").unsigned_integer(span.begin)
            .key("end").unsigned_integer(span.end)
            .key("message").integer(span.message_index)
            .key("term").string(span.term)
            .end_object();
    }
    out.end_array();
}

void write_text(JsonWriter& out, const Envelope& envelope, const AnswerReceived& answer) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("elapsed_ms").integer(answer.elapsed_ms)
        .key("item_id").string(answer.item_id)
        .key("message_index").integer(answer.message_index)
        .key("seq").integer(envelope.seq)
        .key("text").string(answer.text)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const FeedbackItem& item) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("confidence").number(item.confidence)
        .key("detail").string(item.detail)
        .key("evidence");
    write_evidence(out, item.evidence);
    out.key("item_id").string(item.item_id)
        .key("kind").string(to_string(item.kind))
        .key("positive").boolean(item.positive)
        .key("section").string(item.section)
        .key("seq").integer(envelope.seq)
        .key("subject_id").string(item.subject_id)
        .key("text").string(item.text)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const AnswerScored& scored) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("breakdown").begin_object()
        .key("coverage").integer(scored.coverage_points)
        .key("penalties").integer(scored.penalty_points)
        .key("penalty_items").begin_array();
    for (const auto& penalty : scored.penalties) {
        out.begin_object().key("evidence");
        write_evidence(out, penalty.evidence);
        out.key("points").integer(penalty.points).key("reason").string(penalty.reason).end_object();
    }
    out.end_array()
        .key("specificity").integer(scored.specificity_points)
        .key("structure").integer(scored.structure_points)
        .key("total").integer(scored.score)
        .end_object()
        .key("feedback").begin_object()
        .key("gate_reason").string(scored.gate_reason)
        .key("missing").strings(scored.missing)
        .key("strengths").strings(scored.strengths)
        .key("tip").string(scored.tip)
        .end_object()
        .key("gate").string(scored.gate)
        .key("item_id").string(scored.item_id)
        .key("message_count").integer(scored.message_count)
        .key("metrics");
    write_evidence(out, scored.metrics);
    out.key("score").integer(scored.score)
        .key("scoring_version").string(scored.scoring_version)
        .key("seq").integer(envelope.seq)
        .key("strong_answer").string(scored.strong_answer)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const FollowUpAsked& follow_up) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("follow_up_id").string(follow_up.follow_up_id)
        .key("follow_up_index").integer(follow_up.follow_up_index)
        .key("item_id").string(follow_up.item_id)
        .key("seq").integer(envelope.seq)
        .key("source").string(to_string(follow_up.source))
        .key("targets").strings(follow_up.targets)
        .key("text").string(follow_up.text)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const QuestionAsked& asked) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("item_id").string(asked.item_id)
        .key("kind").string(to_string(asked.kind))
        .key("question_count").integer(asked.question_count)
        .key("question_index").integer(asked.question_index)
        .key("seq").integer(envelope.seq)
        .key("stage_id").string(asked.stage_id);
    if (asked.task) out.key("task").value(payload_to_json(asked)["task"]);
    out.key("text").string(asked.text)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const StageStarted& stage) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("focus_areas").string(stage.focus_areas)
        .key("introduction").string(stage.introduction)
        .key("participants").strings(stage.participants)
        .key("seq").integer(envelope.seq)
        .key("stage_count").integer(stage.stage_count)
        .key("stage_id").string(stage.stage_id)
        .key("stage_index").integer(stage.stage_index)
        .key("stage_name").string(stage.stage_name)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const StageCompleted& completed) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("seq").integer(envelope.seq)
        .key("stage_id").string(completed.stage_id)
        .key("text").string(completed.text)
        .key("type").string(envelope.type)
        .end_object();
}

void write_text(JsonWriter& out, const Envelope& envelope, const CommandHandled& command) {
    out.begin_object()
        .key("at_ms").integer(envelope.at_ms)
        .key("name").string(to_string(command.name))
        .key("response").string(command.response)
        .key("seq").integer(envelope.seq)
        .key("type").string(envelope.type)
        .end_object();
}

template <typename Payload>
concept WrittenAsText = requires(JsonWriter& out, const Envelope& envelope, const Payload& payload) {
    write_text(out, envelope, payload);
};

EventPayload started_from_json(const FieldReader& reader) {
    InterviewStarted started;
    started.plan = reader.field("plan");
    started.questions_per_stage = reader.small_integer("questions_per_stage");
    started.follow_ups_per_question = reader.small_integer("follow_ups_per_question");
    std::size_t stage_index = 0;
    for (const auto& entry : reader.array("schedule")) {
        const auto stage_reader = reader.nested(entry, "schedule[" + std::to_string(stage_index++) + "]");
        ScheduledStage stage{stage_reader.string("stage_id"), {}, stage_reader.number("weight")};
        std::size_t item_index = 0;
        for (const auto& item_entry : stage_reader.array("items")) {
            const auto item = stage_reader.nested(item_entry, "items[" + std::to_string(item_index++) + "]");
            stage.items.push_back({item.enumeration("kind", item_kinds), item.string("id")});
        }
        started.schedule.push_back(std::move(stage));
    }
    started.role_title = reader.string("role_title");
    started.greeting = reader.string("greeting");
    return started;
}

EventPayload stage_started_from_json(const FieldReader& reader) {
    return StageStarted{reader.string("stage_id"),       reader.string("stage_name"),
                        reader.small_integer("stage_index"), reader.small_integer("stage_count"),
                        reader.strings("participants"),  reader.string("focus_areas"),
                        reader.string("introduction")};
}

// Events stored before sections carried a title have only the name; the title is the one the
// content library gives that section today.
std::string section_title(const FieldReader& section) {
    if (section.has("title")) return section.string("title");
    const auto name = section.string("name");
    if (const auto* known = content::find_task_section(name)) return std::string(known->title);
    section.fail("title", "is missing, and \"" + name + "\" is not a task section to take it from");
}

EventPayload question_from_json(const FieldReader& reader, const json& object) {
    QuestionAsked asked{reader.string("item_id"),
                        reader.enumeration("kind", question_kinds),
                        reader.string("stage_id"),
                        reader.small_integer("question_index"),
                        reader.small_integer("question_count"),
                        reader.string("text"),
                        std::nullopt};
    if (object.contains("task")) {
        const auto task = reader.nested(object["task"], "task");
        TaskCard card{task.string("name"), task.string("summary"), task.string("duration"), {}, std::nullopt};
        std::size_t index = 0;
        for (const auto& entry : task.array("sections")) {
            const auto section = task.nested(entry, "sections[" + std::to_string(index++) + "]");
            card.sections.push_back({section.string("name"), section_title(section), section.strings("items")});
        }
        if (object["task"].contains("material")) {
            const auto material = task.nested(object["task"]["material"], "material");
            TaskMaterial given;
            given.checker = material.string("checker");
            given.variant_id = material.string("variant_id");
            given.title = material.string("title");
            given.instructions = material.string("instructions");
            given.language = material.string("language");
            given.runnable = material.boolean("runnable");
            given.blocks = blocks_from_json(material, "blocks");
            given.facts = material.field("facts");
            if (!given.facts.is_object()) material.fail("facts", "must be a JSON object");
            card.material = std::move(given);
        }
        asked.task = std::move(card);
    }
    return asked;
}

EventPayload task_checked_from_json(const FieldReader& reader) {
    TaskChecked checked;
    checked.item_id = reader.string("item_id");
    checked.checker = reader.string("checker");
    checked.variant_id = reader.string("variant_id");
    checked.message_index = reader.small_integer("message_index");
    checked.outcome = reader.enumeration("outcome", check_outcomes);
    checked.summary = reader.string("summary");
    std::size_t index = 0;
    for (const auto& entry : reader.array("findings")) {
        const auto finding = reader.nested(entry, "findings[" + std::to_string(index++) + "]");
        checked.findings.push_back({finding.string("id"), finding.string("text"), finding.boolean("positive"),
                                    evidence_from_json(finding, "evidence")});
    }
    index = 0;
    for (const auto& entry : reader.array("items")) {
        const auto item = reader.nested(entry, "items[" + std::to_string(index++) + "]");
        checked.items.push_back({item.string("item_id"), item.boolean("covered"), item.string("reason"),
                                 evidence_from_json(item, "evidence")});
    }
    index = 0;
    for (const auto& entry : reader.array("mistakes")) {
        const auto mistake = reader.nested(entry, "mistakes[" + std::to_string(index++) + "]");
        checked.mistakes.push_back({mistake.string("mistake_id"), mistake.boolean("raised"), mistake.string("reason"),
                                    evidence_from_json(mistake, "evidence")});
    }
    checked.exhibits = blocks_from_json(reader, "exhibits");
    checked.details = reader.field("details");
    if (!checked.details.is_object()) reader.fail("details", "must be a JSON object");
    return checked;
}

EventPayload answer_from_json(const FieldReader& reader) {
    return AnswerReceived{reader.string("item_id"), reader.string("text"), reader.small_integer("message_index"),
                          reader.integer("elapsed_ms")};
}

EventPayload feedback_from_json(const FieldReader& reader) {
    return FeedbackItem{reader.string("item_id"),
                        reader.enumeration("kind", feedback_kinds),
                        reader.string("subject_id"),
                        reader.string("section"),
                        reader.string("text"),
                        reader.boolean("positive"),
                        reader.number("confidence"),
                        reader.string("detail"),
                        evidence_from_json(reader, "evidence")};
}

EventPayload scored_from_json(const FieldReader& reader) {
    const auto breakdown = reader.nested(reader.field("breakdown"), "breakdown");
    const auto feedback = reader.nested(reader.field("feedback"), "feedback");
    AnswerScored scored;
    scored.item_id = reader.string("item_id");
    scored.score = reader.small_integer("score");
    scored.coverage_points = breakdown.small_integer("coverage");
    scored.structure_points = breakdown.small_integer("structure");
    scored.specificity_points = breakdown.small_integer("specificity");
    scored.penalty_points = breakdown.small_integer("penalties");
    if (breakdown.small_integer("total") != scored.score) breakdown.fail("total", "differs from the score");
    std::size_t index = 0;
    for (const auto& entry : breakdown.array("penalty_items")) {
        const auto penalty = breakdown.nested(entry, "penalty_items[" + std::to_string(index++) + "]");
        // Events stored before scorer-2 have no evidence on their penalties, nor metrics and strong answers.
        scored.penalties.push_back({penalty.string("reason"), penalty.small_integer("points"),
                                    penalty.has("evidence") ? evidence_from_json(penalty, "evidence") : std::vector<EvidenceSpan>{}});
    }
    scored.strengths = feedback.strings("strengths");
    scored.missing = feedback.strings("missing");
    scored.tip = feedback.string("tip");
    scored.gate_reason = feedback.string("gate_reason");
    scored.gate = reader.string("gate");
    scored.scoring_version = reader.string("scoring_version");
    scored.message_count = reader.small_integer("message_count");
    if (reader.has("metrics")) scored.metrics = evidence_from_json(reader, "metrics");
    if (reader.has("strong_answer")) scored.strong_answer = reader.string("strong_answer");
    return scored;
}

EventPayload follow_up_from_json(const FieldReader& reader) {
    return FollowUpAsked{reader.string("item_id"),     reader.enumeration("source", follow_up_sources),
                         reader.string("follow_up_id"), reader.strings("targets"),
                         reader.string("text"),        reader.small_integer("follow_up_index")};
}

EventPayload command_from_json(const FieldReader& reader) {
    return CommandHandled{reader.enumeration("name", command_enum_values), reader.string("response")};
}

EventPayload stage_completed_from_json(const FieldReader& reader) {
    return StageCompleted{reader.string("stage_id"), reader.string("text")};
}

EventPayload retry_started_from_json(const FieldReader& reader) {
    return RetryStarted{reader.string("item_id"), reader.small_integer("attempt"), reader.small_integer("previous_score"),
                        reader.string("text")};
}

EventPayload retry_compared_from_json(const FieldReader& reader) {
    return RetryCompared{reader.string("item_id"),         reader.small_integer("attempt"),
                         reader.small_integer("before_score"), reader.small_integer("after_score"),
                         reader.small_integer("best_score"),   reader.strings("gained"),
                         reader.strings("lost"),            reader.strings("flags_raised"),
                         reader.strings("flags_cleared"),   reader.string("resume_prompt")};
}

EventPayload report_from_json(const FieldReader& reader, const json& event) {
    // Stored without its body (event_to_stored_json): rebuilt by restore_reports.
    if (!event.contains("report") && !event.contains("markdown")) return ReportReady{};
    const auto& report = reader.field("report");
    if (!report.is_object()) reader.fail("report", "must be a JSON object");
    return ReportReady{report, reader.string("markdown")};
}

}  // namespace

std::string_view to_string(ItemKind kind) { return kind == ItemKind::question ? "question" : "task"; }
std::string_view to_string(QuestionKind kind) { return kind == QuestionKind::main ? "main" : "task"; }
std::string_view to_string(FollowUpSource source) { return source == FollowUpSource::guide ? "guide" : "probe"; }

std::string_view to_string(FeedbackKind kind) {
    switch (kind) {
        case FeedbackKind::coverage: return "coverage";
        case FeedbackKind::star: return "star";
        case FeedbackKind::red_flag: return "red_flag";
        case FeedbackKind::gate: return "gate";
        case FeedbackKind::check: return "check";
    }
    return "unknown";
}

std::string_view to_string(CheckOutcome outcome) {
    switch (outcome) {
        case CheckOutcome::passed: return "passed";
        case CheckOutcome::failed: return "failed";
        case CheckOutcome::not_run: return "not_run";
    }
    return "not_run";
}

std::span<const CommandDefinition> commands() { return command_table; }

const std::vector<std::string>& command_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& command : command_table) out.emplace_back(command.name);
        return out;
    }();
    return names;
}

std::string_view to_string(CommandName name) {
    const auto index = static_cast<std::size_t>(name);
    return index < command_table.size() ? command_table[index].name : "unknown";
}

std::optional<CommandName> parse_command_name(std::string_view text) { return parse_enum(text, command_enum_values); }

std::vector<std::string> describe_retry(const RetryCompared& compared) {
    const auto joined = [](const std::vector<std::string>& texts) {
        std::string line;
        for (const auto& text : texts) {
            if (!line.empty()) line += "; ";
            line += text;
        }
        return line;
    };
    const int change = compared.after_score - compared.before_score;
    std::string score = "Before " + std::to_string(compared.before_score) + ", after " +
                        std::to_string(compared.after_score) + " (";
    score += change == 0 ? std::string("no change") : (change > 0 ? "+" : "") + std::to_string(change);
    score += "); the report counts " + std::to_string(compared.best_score) + ".";
    std::vector<std::string> lines{std::move(score)};
    if (!compared.gained.empty()) lines.push_back("Key points gained: " + joined(compared.gained));
    if (!compared.lost.empty()) lines.push_back("Key points lost: " + joined(compared.lost));
    if (!compared.flags_raised.empty()) lines.push_back("Red flags raised: " + joined(compared.flags_raised));
    if (!compared.flags_cleared.empty()) lines.push_back("Red flags cleared: " + joined(compared.flags_cleared));
    if (lines.size() == 1) lines.emplace_back("The same key points as before.");
    if (!compared.resume_prompt.empty()) lines.push_back("Back to: " + compared.resume_prompt);
    return lines;
}

std::string_view InterviewEvent::type() const {
    static constexpr std::array<std::string_view, std::variant_size_v<EventPayload>> names{
        "interview_started", "stage_started", "question_asked", "answer_received", "feedback",
        "answer_scored",     "follow_up",     "command",        "stage_completed", "report",
        "task_checked",      "retry_started", "retry_compared"};
    return names[payload.index()];
}

nlohmann::json event_to_json(const InterviewEvent& event) {
    auto out = std::visit([](const auto& payload) { return payload_to_json(payload); }, event.payload);
    out["type"] = event.type();
    out["seq"] = event.seq;
    out["at_ms"] = event.at.time_since_epoch().count();
    return out;
}

std::string event_to_json_text(const InterviewEvent& event) {
    const Envelope envelope{event.seq, event.at.time_since_epoch().count(), event.type()};
    std::optional<std::string> written;
    try {
        written = std::visit(
        [&](const auto& payload) {
            if constexpr (WrittenAsText<std::decay_t<decltype(payload)>>) {
                JsonWriter out;
                write_text(out, envelope, payload);
                return std::optional<std::string>(out.take());
            } else {
                return std::optional<std::string>();
            }
        },
        event.payload);
    } catch (const content::JsonWriterInvalidUtf8&) {
        written.reset();
    }
    // The tree also says what is wrong with text that is not UTF-8 (nlohmann's type_error 316),
    // as it did before the writer.
    if (written) return *written;
    return content::dump_json_text(event_to_json(event));
}

nlohmann::json event_to_stored_json(const InterviewEvent& event) {
    if (!std::holds_alternative<ReportReady>(event.payload)) return event_to_json(event);
    return event_to_json(InterviewEvent{event.seq, event.at, ReportReady{}});
}

nlohmann::json event_log_to_json(const EventLog& log) {
    json events = json::array();
    for (const auto& event : log.events) events.push_back(event_to_json(event));
    return {{"events", events}};
}

InterviewEvent event_from_json(const nlohmann::json& json) {
    const FieldReader header(json, "event");
    const auto seq = header.integer("seq");
    const auto type = header.string("type");
    const FieldReader reader(json, "event " + std::to_string(seq) + " (" + type + ")");
    InterviewEvent event;
    event.seq = seq;
    event.at = TimePoint(std::chrono::milliseconds(reader.integer("at_ms")));
    if (type == "interview_started") event.payload = started_from_json(reader);
    else if (type == "stage_started") event.payload = stage_started_from_json(reader);
    else if (type == "question_asked") event.payload = question_from_json(reader, json);
    else if (type == "answer_received") event.payload = answer_from_json(reader);
    else if (type == "feedback") event.payload = feedback_from_json(reader);
    else if (type == "answer_scored") event.payload = scored_from_json(reader);
    else if (type == "follow_up") event.payload = follow_up_from_json(reader);
    else if (type == "command") event.payload = command_from_json(reader);
    else if (type == "stage_completed") event.payload = stage_completed_from_json(reader);
    else if (type == "report") event.payload = report_from_json(reader, json);
    else if (type == "task_checked") event.payload = task_checked_from_json(reader);
    else if (type == "retry_started") event.payload = retry_started_from_json(reader);
    else if (type == "retry_compared") event.payload = retry_compared_from_json(reader);
    else reader.fail("type", "is not a known event type");
    return event;
}

EventLog event_log_from_json(const nlohmann::json& json) {
    const FieldReader reader(json, "event log");
    EventLog log;
    for (const auto& entry : reader.array("events")) log.events.push_back(event_from_json(entry));
    return log;
}

}  // namespace mi::dialogue
