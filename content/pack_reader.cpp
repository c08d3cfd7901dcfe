#include "content/pack_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

#include "content/pack_validator.hpp"

namespace mi::content {
namespace {

using nlohmann::json;

// Cardinality of an array field, mirroring "required" and "minItems" in the schema.
struct ListRule {
    bool required;
    std::size_t min_items;
    bool unique = false;  // "uniqueItems"

    [[nodiscard]] constexpr ListRule with_unique_items() const { return ListRule{required, min_items, true}; }
};
constexpr ListRule required_non_empty{true, 1};
constexpr ListRule required_may_be_empty{true, 0};
constexpr ListRule optional_non_empty{false, 1};  // absent when the guide has nothing, never []
constexpr ListRule optional_may_be_empty{false, 0};

constexpr std::array star_parts{"situation", "task", "action", "result"};
constexpr std::string_view star_probe_prefix = "star:";

// RFC 6901: "~" and "/" inside a key are escaped.
std::string escape_pointer_token(std::string_view token) {
    std::string escaped;
    for (char c : token) {
        if (c == '~') {
            escaped += "~0";
        } else if (c == '/') {
            escaped += "~1";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

std::string child(const std::string& pointer, std::string_view key) { return pointer + "/" + escape_pointer_token(key); }
std::string child(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

std::string describe_type(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        case json::value_t::number_float: return "a number";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        case json::value_t::binary:
        case json::value_t::discarded: break;
    }
    return "an unsupported value";
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string join_names(std::span<const std::string_view> names) {
    std::string joined;
    for (auto name : names) {
        if (!joined.empty()) joined += ", ";
        joined += name;
    }
    return joined;
}

std::optional<QuestionCategory> parse_category(std::string_view text) {
    for (auto category : {QuestionCategory::common_hr, QuestionCategory::behavioral, QuestionCategory::motivation,
                          QuestionCategory::basic_technical, QuestionCategory::advanced_technical}) {
        if (to_string(category) == text) return category;
    }
    return std::nullopt;
}

std::optional<SkillLevel> parse_skill_level(std::string_view text) {
    for (auto level : {SkillLevel::must_verify, SkillLevel::good_to_verify}) {
        if (to_string(level) == text) return level;
    }
    return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_valid_probe(std::string_view probe) {
    if (probe.substr(0, star_probe_prefix.size()) == star_probe_prefix) {
        auto part = probe.substr(star_probe_prefix.size());
        for (std::string_view known : star_parts) {
            if (part == known) return true;
        }
        return false;
    }
    return is_valid_id(probe);
}

class PackReader {
public:
    PackReader(const std::string& file_label, std::vector<ContentProblem>& problems)
        : file_label_(file_label), problems_(problems) {}

    RolePack read_pack(const json& root) {
        RolePack pack;
        const std::string pointer;
        if (!expect_object(root, pointer,
                           {"format_version", "id", "title", "overview", "interview_process", "stages", "questions",
                            "practical_tasks", "industries", "skills", "preparation_tips", "synonyms",
                            "technologies"})) {
            return pack;
        }
        if (auto version = read_integer(root, pointer, "format_version", true)) {
            if (*version != 1) {
                report(child(pointer, "format_version"),
                       "unsupported format_version " + std::to_string(*version) + "; this program reads version 1");
            }
        }
        pack.id = read_id_field(root, pointer, "id", true);
        pack.title = read_text_field(root, pointer, "title", true);
        pack.overview = read_text_field(root, pointer, "overview", true);
        if (const json* process = field(root, pointer, "interview_process", true)) {
            pack.interview_process = read_interview_process(*process, child(pointer, "interview_process"));
        }
        pack.stages = read_list(root, pointer, "stages", required_non_empty, &PackReader::read_stage);
        pack.questions = read_list(root, pointer, "questions", required_non_empty, &PackReader::read_question);
        pack.practical_tasks =
            read_list(root, pointer, "practical_tasks", required_may_be_empty, &PackReader::read_practical_task);
        pack.industries = read_list(root, pointer, "industries", required_may_be_empty, &PackReader::read_industry);
        pack.skills = read_list(root, pointer, "skills", required_may_be_empty, &PackReader::read_skill);
        pack.preparation_tips =
            read_list(root, pointer, "preparation_tips", required_may_be_empty, &PackReader::read_tip_group);
        pack.synonyms = read_list(root, pointer, "synonyms", required_may_be_empty, &PackReader::read_synonym_group);
        pack.technologies = read_list(root, pointer, "technologies", required_may_be_empty.with_unique_items(),
                                      &PackReader::read_term);
        return pack;
    }

private:
    void report(std::string pointer, std::string message) {
        problems_.push_back(ContentProblem{file_label_, std::move(pointer), std::move(message)});
    }

    void report_type(const std::string& pointer, std::string_view expected, const json& found) {
        report(pointer, "expected " + std::string(expected) + ", found " + describe_type(found));
    }

    bool expect_object(const json& value, const std::string& pointer, std::initializer_list<std::string_view> known) {
        return expect_object(value, pointer, std::span<const std::string_view>(known.begin(), known.size()));
    }

    // True when `value` is an object; every member not in `known` is reported (additionalProperties: false).
    bool expect_object(const json& value, const std::string& pointer, std::span<const std::string_view> known) {
        if (!value.is_object()) {
            report_type(pointer, "an object", value);
            return false;
        }
        for (const auto& [key, member] : value.items()) {
            bool is_known = false;
            for (auto name : known) is_known = is_known || key == name;
            if (!is_known) {
                report(child(pointer, key), "unknown field " + in_quotes(key) + "; allowed here: " + join_names(known));
            }
        }
        return true;
    }

    // The member `name` of an object, or nullptr when absent (reported when required).
    const json* field(const json& object, const std::string& pointer, std::string_view name, bool required) {
        auto found = object.find(std::string(name));
        if (found == object.end()) {
            if (required) report(pointer, "missing required field " + in_quotes(name));
            return nullptr;
        }
        return &*found;
    }

    // A non-empty string (minLength 1 in the schema).
    std::string read_text(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
            return {};
        }
        auto text = value.get<std::string>();
        if (text.empty()) {
            report(pointer, "must not be empty");
        } else if (std::all_of(text.begin(), text.end(), is_space)) {
            report(pointer, "must not be blank");
        }
        return text;
    }

    std::string read_id(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
            return {};
        }
        auto id = value.get<std::string>();
        if (!is_valid_id(id)) {
            report(pointer, in_quotes(id) + " is not a valid id: use lower-case kebab-case like \"debugging-approach\"");
        }
        return id;
    }

    // A scorer term: lower case, no surrounding spaces (the scorer never sees upper case).
    // An example sentence of a key point: any case, as a candidate would write it.
    std::string read_example_sentence(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
            return {};
        }
        auto sentence = value.get<std::string>();
        if (sentence.empty()) {
            report(pointer, "must not be empty");
        } else if (is_space(sentence.front()) || is_space(sentence.back())) {
            report(pointer, "example " + in_quotes(sentence) + " must not start or end with a space");
        }
        return sentence;
    }

    std::string read_term(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
            return {};
        }
        auto term = value.get<std::string>();
        if (term.empty()) {
            report(pointer, "must not be empty");
        } else if (std::any_of(term.begin(), term.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            report(pointer, "term " + in_quotes(term) + " must be lower case");
        } else if (is_space(term.front()) || is_space(term.back())) {
            report(pointer, "term " + in_quotes(term) + " must not start or end with a space");
        }
        return term;
    }

    std::string read_probe(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
            return {};
        }
        auto probe = value.get<std::string>();
        if (!is_valid_probe(probe)) {
            report(pointer, in_quotes(probe) +
                                " is not a probe: use the id of a coverage item or red flag, or star:situation, "
                                "star:task, star:action, star:result");
        }
        return probe;
    }

    std::string read_text_field(const json& object, const std::string& pointer, std::string_view name, bool required) {
        const json* value = field(object, pointer, name, required);
        return value ? read_text(*value, child(pointer, name)) : std::string{};
    }

    std::string read_id_field(const json& object, const std::string& pointer, std::string_view name, bool required) {
        const json* value = field(object, pointer, name, required);
        return value ? read_id(*value, child(pointer, name)) : std::string{};
    }

    // An integer (JSON Schema counts 2.0 as an integer, so do we).
    std::optional<long long> read_integer(const json& object, const std::string& pointer, std::string_view name,
                                          bool required) {
        const json* value = field(object, pointer, name, required);
        if (value == nullptr) return std::nullopt;
        const auto value_pointer = child(pointer, name);
        constexpr auto largest = static_cast<double>(std::numeric_limits<int>::max());
        if (value->is_number_float()) {
            double number = value->get<double>();
            if (std::isfinite(number) && std::floor(number) == number && std::fabs(number) <= largest) {
                return static_cast<long long>(number);
            }
        } else if (value->is_number_integer()) {
            if (value->is_number_unsigned() ? value->get<unsigned long long>() <= static_cast<unsigned long long>(largest)
                                            : std::llabs(value->get<long long>()) <= static_cast<long long>(largest)) {
                return value->get<long long>();
            }
            report(value_pointer, "is out of range");
            return std::nullopt;
        }
        report_type(value_pointer, "an integer", *value);
        return std::nullopt;
    }

    // Reports the last item of `items` when it equals an earlier one.
    template <typename Item>
    void report_repeat(const std::vector<Item>& items, const std::string& list_pointer) {
        const auto last = items.size() - 1;
        for (std::size_t index = 0; index < last; ++index) {
            if (!(items[index] == items[last])) continue;
            std::string what = "repeats item " + std::to_string(index);
            if constexpr (std::is_same_v<Item, std::string>) what = in_quotes(items[last]) + " is listed twice";
            report(child(list_pointer, last), what + "; items must be unique");
            return;
        }
    }

    template <typename Read>
    auto read_list(const json& object, const std::string& pointer, std::string_view name, ListRule rule, Read read_element)
        -> std::vector<std::decay_t<decltype((this->*read_element)(object, pointer))>> {
        std::vector<std::decay_t<decltype((this->*read_element)(object, pointer))>> items;
        const json* value = field(object, pointer, name, rule.required);
        if (value == nullptr) return items;
        const auto list_pointer = child(pointer, name);
        if (!value->is_array()) {
            report_type(list_pointer, "an array", *value);
            return items;
        }
        if (value->size() < rule.min_items) {
            report(list_pointer, rule.required ? "must not be empty"
                                               : "must not be empty; leave the field out when there is nothing to list");
        }
        items.reserve(value->size());
        for (std::size_t index = 0; index < value->size(); ++index) {
            items.push_back((this->*read_element)((*value)[index], child(list_pointer, index)));
            if constexpr (std::equality_comparable<typename decltype(items)::value_type>) {
                if (rule.unique) report_repeat(items, list_pointer);
            }
        }
        return items;
    }

    InterviewProcess read_interview_process(const json& value, const std::string& pointer) {
        InterviewProcess process;
        if (!expect_object(value, pointer, {"average_duration", "overall_success_rate"})) return process;
        process.average_duration = read_text_field(value, pointer, "average_duration", true);
        process.overall_success_rate = read_text_field(value, pointer, "overall_success_rate", true);
        return process;
    }

    TextItem read_text_item(const json& value, const std::string& pointer) {
        TextItem item;
        if (!expect_object(value, pointer, {"id", "text"})) return item;
        item.id = read_id_field(value, pointer, "id", true);
        item.text = read_text_field(value, pointer, "text", true);
        return item;
    }

    MatchRule read_match_rule(const json& value, const std::string& pointer) {
        MatchRule rule;
        if (!expect_object(value, pointer, {"any", "cues", "min_cues", "all", "wrong", "avoided", "examples"})) return rule;
        constexpr auto terms = optional_may_be_empty.with_unique_items();
        rule.any = read_list(value, pointer, "any", terms, &PackReader::read_term);
        rule.cues = read_list(value, pointer, "cues", terms, &PackReader::read_term);
        if (auto min_cues = read_integer(value, pointer, "min_cues", false)) {
            if (*min_cues < 1) {
                report(child(pointer, "min_cues"), "must be at least 1");
            } else if (!value.contains("cues")) {
                report(child(pointer, "min_cues"), "min_cues is given but there are no \"cues\" to count");
            } else {
                rule.min_cues = static_cast<int>(*min_cues);
                if (!rule.cues.empty() && rule.cues.size() < static_cast<std::size_t>(rule.min_cues)) {
                    report(child(pointer, "min_cues"), "min_cues is " + std::to_string(rule.min_cues) + " but only " +
                                                           std::to_string(rule.cues.size()) +
                                                           " cues are listed, so the cues can never match");
                }
            }
        }
        rule.all = read_list(value, pointer, "all", optional_may_be_empty, &PackReader::read_term_group);
        rule.wrong = read_list(value, pointer, "wrong", terms, &PackReader::read_term);
        rule.avoided = read_list(value, pointer, "avoided", terms, &PackReader::read_term);
        rule.examples = read_list(value, pointer, "examples", terms, &PackReader::read_example_sentence);
        if (rule.any.empty() && rule.cues.empty() && rule.all.empty()) {
            report(pointer, "matches nothing: give at least one of \"any\", \"cues\", \"all\" a non-empty list");
        }
        return rule;
    }

    std::vector<std::string> read_term_group(const json& value, const std::string& pointer) {
        if (!value.is_array()) {
            report_type(pointer, "an array of terms", value);
            return {};
        }
        if (value.empty()) report(pointer, "must not be empty");
        std::vector<std::string> terms;
        for (std::size_t index = 0; index < value.size(); ++index) {
            terms.push_back(read_term(value[index], child(pointer, index)));
            report_repeat(terms, pointer);
        }
        return terms;
    }

    std::vector<std::string> read_synonym_group(const json& value, const std::string& pointer) {
        auto group = read_term_group(value, pointer);
        if (value.is_array() && value.size() == 1) {
            report(pointer, "a synonym group needs at least 2 terms");
        }
        return group;
    }

    CoverageItem read_coverage_item(const json& value, const std::string& pointer) {
        CoverageItem item;
        if (!expect_object(value, pointer, {"id", "text", "match"})) return item;
        item.id = read_id_field(value, pointer, "id", true);
        item.text = read_text_field(value, pointer, "text", true);
        if (const json* match = field(value, pointer, "match", true)) {
            item.match = read_match_rule(*match, child(pointer, "match"));
        }
        return item;
    }

    Detector read_detector(const json& value, const std::string& pointer) {
        Detector detector;
        if (!expect_object(value, pointer, {"signal", "when_present", "when_absent"})) return detector;
        if (const json* signal = field(value, pointer, "signal", false)) {
            const auto signal_pointer = child(pointer, "signal");
            if (!signal->is_string()) {
                report_type(signal_pointer, "a string", *signal);
            } else if (auto known = parse_answer_signal(signal->get<std::string>())) {
                detector.signal = known;
            } else {
                report(signal_pointer, in_quotes(signal->get<std::string>()) +
                                           " is not a known signal; use one of lack_of_specifics, "
                                           "generic_without_context, no_real_world_experience, no_teamwork, "
                                           "restart_as_fix, no_testing, no_tools, no_structure");
            }
        }
        if (const json* present = field(value, pointer, "when_present", false)) {
            detector.when_present = read_match_rule(*present, child(pointer, "when_present"));
        }
        if (const json* absent = field(value, pointer, "when_absent", false)) {
            detector.when_absent = read_match_rule(*absent, child(pointer, "when_absent"));
        }
        if (!value.contains("signal") && !value.contains("when_present") && !value.contains("when_absent")) {
            report(pointer, "detects nothing: give at least one of \"signal\", \"when_present\", \"when_absent\"");
        }
        return detector;
    }

    RedFlag read_red_flag(const json& value, const std::string& pointer) {
        RedFlag flag;
        if (!expect_object(value, pointer, {"id", "text", "detect"})) return flag;
        flag.id = read_id_field(value, pointer, "id", true);
        flag.text = read_text_field(value, pointer, "text", true);
        if (const json* detect = field(value, pointer, "detect", true)) {
            flag.detect = read_detector(*detect, child(pointer, "detect"));
        }
        return flag;
    }

    FollowUp read_follow_up(const json& value, const std::string& pointer) {
        FollowUp follow_up;
        if (!expect_object(value, pointer, {"id", "text", "probes"})) return follow_up;
        follow_up.id = read_id_field(value, pointer, "id", true);
        follow_up.text = read_text_field(value, pointer, "text", true);
        follow_up.probes =
            read_list(value, pointer, "probes", required_may_be_empty.with_unique_items(), &PackReader::read_probe);
        return follow_up;
    }

    StarGuidance read_star(const json& value, const std::string& pointer) {
        StarGuidance star;
        if (!expect_object(value, pointer, {"situation", "task", "action", "result"})) return star;
        star.situation = read_text_field(value, pointer, "situation", true);
        star.task = read_text_field(value, pointer, "task", true);
        star.action = read_text_field(value, pointer, "action", true);
        star.result = read_text_field(value, pointer, "result", true);
        return star;
    }

    Seniority read_seniority(const json& value, const std::string& pointer) {
        if (!value.is_string()) {
            report_type(pointer, "a string", value);
        } else if (auto level = parse_seniority(value.get<std::string>())) {
            return *level;
        } else {
            report(pointer, in_quotes(value.get<std::string>()) + " is not a seniority level; use junior, mid or senior");
        }
        return Seniority::junior;
    }

    Question read_question(const json& value, const std::string& pointer) {
        Question question;
        if (!expect_object(value, pointer,
                           {"id", "category", "text", "interviewer_wants", "key_points", "expected_knowledge",
                            "metrics_to_mention", "star", "good_answer_example", "bad_answer_example", "follow_ups",
                            "red_flags", "derived_from", "industries", "seniority"})) {
            return question;
        }
        question.id = read_id_field(value, pointer, "id", true);
        if (const json* category = field(value, pointer, "category", true)) {
            const auto category_pointer = child(pointer, "category");
            if (!category->is_string()) {
                report_type(category_pointer, "a string", *category);
            } else if (auto known = parse_category(category->get<std::string>())) {
                question.category = *known;
            } else {
                report(category_pointer, in_quotes(category->get<std::string>()) +
                                             " is not a question category; use one of common_hr, behavioral, "
                                             "motivation, basic_technical, advanced_technical");
            }
        }
        question.text = read_text_field(value, pointer, "text", true);
        question.interviewer_wants = read_text_field(value, pointer, "interviewer_wants", false);

        // The guide gives a question one kind of coverage list at most; the kind tells the
        // interviewer (and the report) which heading the items came from.
        constexpr std::array<std::pair<std::string_view, CoverageKind>, 3> coverage_fields{{
            {"key_points", CoverageKind::key_points},
            {"expected_knowledge", CoverageKind::expected_knowledge},
            {"metrics_to_mention", CoverageKind::metrics_to_mention},
        }};
        for (const auto& [name, kind] : coverage_fields) {
            if (!value.contains(std::string(name))) continue;
            auto items = read_list(value, pointer, name, optional_non_empty, &PackReader::read_coverage_item);
            if (question.coverage_kind == CoverageKind::none) {
                question.coverage_kind = kind;
                question.coverage = std::move(items);
            } else {
                report(child(pointer, name), "a question has at most one of key_points, expected_knowledge, "
                                             "metrics_to_mention; this one already has " +
                                                 std::string(to_string(question.coverage_kind)));
            }
        }

        if (const json* star = field(value, pointer, "star", false)) {
            question.star = read_star(*star, child(pointer, "star"));
        }
        question.good_answer_example = read_text_field(value, pointer, "good_answer_example", false);
        question.bad_answer_example = read_text_field(value, pointer, "bad_answer_example", false);
        question.follow_ups = read_list(value, pointer, "follow_ups", optional_non_empty, &PackReader::read_follow_up);
        question.red_flags = read_list(value, pointer, "red_flags", optional_non_empty, &PackReader::read_red_flag);
        question.derived_from = read_id_field(value, pointer, "derived_from", false);
        question.industries =
            read_list(value, pointer, "industries", optional_non_empty.with_unique_items(), &PackReader::read_id);
        question.seniority =
            read_list(value, pointer, "seniority", optional_non_empty.with_unique_items(), &PackReader::read_seniority);
        return question;
    }

    PracticalTask read_practical_task(const json& value, const std::string& pointer) {
        PracticalTask task;
        std::vector<std::string_view> known{"id", "name", "summary", "duration"};
        for (const auto& section : task_sections()) known.push_back(section.id);
        known.insert(known.end(), {"common_mistakes", "tips_for_success"});
        if (!expect_object(value, pointer, known)) return task;
        task.id = read_id_field(value, pointer, "id", true);
        task.name = read_text_field(value, pointer, "name", true);
        task.summary = read_text_field(value, pointer, "summary", true);
        task.duration = read_text_field(value, pointer, "duration", true);
        bool has_section = false;
        std::vector<std::string_view> section_ids;
        for (const auto& section : task_sections()) {
            task.*section.items =
                read_list(value, pointer, section.id, optional_non_empty, &PackReader::read_coverage_item);
            has_section = has_section || value.contains(std::string(section.id));
            section_ids.push_back(section.id);
        }
        if (!has_section) report(pointer, "a practical task needs at least one of " + join_names(section_ids));
        task.common_mistakes = read_list(value, pointer, "common_mistakes", optional_non_empty, &PackReader::read_red_flag);
        task.tips_for_success = read_list(value, pointer, "tips_for_success", optional_non_empty, &PackReader::read_text_item);
        return task;
    }

    Stage read_stage(const json& value, const std::string& pointer) {
        Stage stage;
        if (!expect_object(value, pointer,
                           {"id", "name", "focus_areas", "participants", "success_criteria", "preparation_tips",
                            "typical_tasks", "evaluation_criteria", "typical_discussion_points", "questions",
                            "practical_tasks"})) {
            return stage;
        }
        stage.id = read_id_field(value, pointer, "id", true);
        stage.name = read_text_field(value, pointer, "name", true);
        stage.focus_areas = read_text_field(value, pointer, "focus_areas", true);
        stage.participants = read_list(value, pointer, "participants", optional_non_empty, &PackReader::read_text_item);
        stage.success_criteria =
            read_list(value, pointer, "success_criteria", optional_non_empty, &PackReader::read_text_item);
        stage.preparation_tips =
            read_list(value, pointer, "preparation_tips", optional_non_empty, &PackReader::read_text_item);
        stage.typical_tasks = read_list(value, pointer, "typical_tasks", optional_non_empty, &PackReader::read_text_item);
        stage.evaluation_criteria =
            read_list(value, pointer, "evaluation_criteria", optional_non_empty, &PackReader::read_text_item);
        stage.typical_discussion_points =
            read_list(value, pointer, "typical_discussion_points", optional_non_empty, &PackReader::read_text_item);
        stage.question_ids =
            read_list(value, pointer, "questions", required_may_be_empty.with_unique_items(), &PackReader::read_id);
        stage.practical_task_ids =
            read_list(value, pointer, "practical_tasks", optional_non_empty.with_unique_items(), &PackReader::read_id);
        return stage;
    }

    Industry read_industry(const json& value, const std::string& pointer) {
        Industry industry;
        if (!expect_object(value, pointer, {"id", "name", "focus_areas", "common_challenges", "interview_emphasis"})) {
            return industry;
        }
        industry.id = read_id_field(value, pointer, "id", true);
        industry.name = read_text_field(value, pointer, "name", true);
        industry.focus_areas = read_list(value, pointer, "focus_areas", required_non_empty, &PackReader::read_text_item);
        industry.common_challenges =
            read_list(value, pointer, "common_challenges", required_non_empty, &PackReader::read_text_item);
        industry.interview_emphasis =
            read_list(value, pointer, "interview_emphasis", required_non_empty, &PackReader::read_text_item);
        return industry;
    }

    Skill read_skill(const json& value, const std::string& pointer) {
        Skill skill;
        if (!expect_object(value, pointer,
                           {"id", "name", "level", "verification_method", "minimum_requirement", "evaluation_criteria",
                            "evidenced_by"})) {
            return skill;
        }
        skill.id = read_id_field(value, pointer, "id", true);
        skill.name = read_text_field(value, pointer, "name", true);
        if (const json* level = field(value, pointer, "level", true)) {
            const auto level_pointer = child(pointer, "level");
            if (!level->is_string()) {
                report_type(level_pointer, "a string", *level);
            } else if (auto known = parse_skill_level(level->get<std::string>())) {
                skill.level = *known;
            } else {
                report(level_pointer,
                       in_quotes(level->get<std::string>()) + " is not a skill level; use must_verify or good_to_verify");
            }
        }
        skill.verification_method = read_text_field(value, pointer, "verification_method", true);
        skill.minimum_requirement = read_text_field(value, pointer, "minimum_requirement", false);
        skill.evaluation_criteria =
            read_list(value, pointer, "evaluation_criteria", required_non_empty, &PackReader::read_text_item);
        skill.evidenced_by =
            read_list(value, pointer, "evidenced_by", required_non_empty.with_unique_items(), &PackReader::read_id);
        return skill;
    }

    TipGroup read_tip_group(const json& value, const std::string& pointer) {
        TipGroup group;
        if (!expect_object(value, pointer, {"id", "name", "tips"})) return group;
        group.id = read_id_field(value, pointer, "id", true);
        group.name = read_text_field(value, pointer, "name", true);
        group.tips = read_list(value, pointer, "tips", required_non_empty, &PackReader::read_text_item);
        return group;
    }

    const std::string& file_label_;
    std::vector<ContentProblem>& problems_;
};

}  // namespace

RolePack read_role_pack(const nlohmann::json& root, const std::string& file_label,
                        std::vector<ContentProblem>& problems) {
    return PackReader(file_label, problems).read_pack(root);
}

}  // namespace mi::content
