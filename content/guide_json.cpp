#include "content/guide_json.hpp"

#include <algorithm>

namespace mi::content {
namespace {

using nlohmann::json;

template <typename Item>
json items_to_json(const std::vector<Item>& items) {
    json list = json::array();
    for (const auto& item : items) list.push_back({{"id", item.id}, {"text", item.text}});
    return list;
}

// Optional lists stay absent when empty, like in the pack itself.
template <typename Item>
void put_items(json& object, std::string_view name, const std::vector<Item>& items) {
    if (!items.empty()) object[std::string(name)] = items_to_json(items);
}

void put_text(json& object, const char* name, const std::string& text) {
    if (!text.empty()) object[name] = text;
}

json follow_ups_to_json(const std::vector<FollowUp>& follow_ups) {
    json list = json::array();
    for (const auto& follow_up : follow_ups) {
        list.push_back({{"id", follow_up.id}, {"text", follow_up.text}, {"probes", follow_up.probes}});
    }
    return list;
}

json question_to_json(const RolePack& pack, const Question& question) {
    json stage_ids = json::array();
    for (const auto& stage : pack.stages) {
        if (std::find(stage.question_ids.begin(), stage.question_ids.end(), question.id) != stage.question_ids.end()) {
            stage_ids.push_back(stage.id);
        }
    }
    json object = {{"id", question.id},
                   {"category", std::string(to_string(question.category))},
                   {"text", question.text},
                   {"stages", stage_ids}};
    put_text(object, "derived_from", question.derived_from);
    put_text(object, "interviewer_wants", question.interviewer_wants);
    if (question.coverage_kind != CoverageKind::none) {
        object[std::string(to_string(question.coverage_kind))] = items_to_json(question.coverage);
    }
    if (question.star) {
        object["star"] = {{"situation", question.star->situation},
                          {"task", question.star->task},
                          {"action", question.star->action},
                          {"result", question.star->result}};
    }
    put_text(object, "good_answer_example", question.good_answer_example);
    put_text(object, "bad_answer_example", question.bad_answer_example);
    if (!question.follow_ups.empty()) object["follow_ups"] = follow_ups_to_json(question.follow_ups);
    put_items(object, "red_flags", question.red_flags);
    if (!question.industries.empty()) object["industries"] = question.industries;
    if (!question.seniority.empty()) {
        json levels = json::array();
        for (auto level : question.seniority) levels.push_back(std::string(to_string(level)));
        object["seniority"] = levels;
    }
    return object;
}

json stage_to_json(const Stage& stage) {
    json object = {{"id", stage.id}, {"name", stage.name}, {"focus_areas", stage.focus_areas}};
    put_items(object, "participants", stage.participants);
    put_items(object, "success_criteria", stage.success_criteria);
    put_items(object, "preparation_tips", stage.preparation_tips);
    put_items(object, "typical_tasks", stage.typical_tasks);
    put_items(object, "evaluation_criteria", stage.evaluation_criteria);
    put_items(object, "typical_discussion_points", stage.typical_discussion_points);
    object["questions"] = stage.question_ids;
    object["practical_tasks"] = stage.practical_task_ids;
    return object;
}

json task_to_json(const PracticalTask& task) {
    json object = {{"id", task.id}, {"name", task.name}, {"summary", task.summary}, {"duration", task.duration}};
    for (const auto& section : task_sections()) put_items(object, section.id, task.*section.items);
    put_items(object, "common_mistakes", task.common_mistakes);
    put_items(object, "tips_for_success", task.tips_for_success);
    return object;
}

json industry_to_json(const Industry& industry) {
    return {{"id", industry.id},
            {"name", industry.name},
            {"focus_areas", items_to_json(industry.focus_areas)},
            {"common_challenges", items_to_json(industry.common_challenges)},
            {"interview_emphasis", items_to_json(industry.interview_emphasis)}};
}

json skill_to_json(const Skill& skill) {
    json object = {{"id", skill.id},
                   {"name", skill.name},
                   {"level", std::string(to_string(skill.level))},
                   {"verification_method", skill.verification_method}};
    put_text(object, "minimum_requirement", skill.minimum_requirement);
    object["evaluation_criteria"] = items_to_json(skill.evaluation_criteria);
    object["evidenced_by"] = skill.evidenced_by;
    return object;
}

}  // namespace

json role_guide_to_json(const RolePack& pack) {
    json guide = {{"id", pack.id},
                  {"title", pack.title},
                  {"overview", pack.overview},
                  {"interview_process",
                   {{"average_duration", pack.interview_process.average_duration},
                    {"overall_success_rate", pack.interview_process.overall_success_rate}}}};
    json stages = json::array();
    for (const auto& stage : pack.stages) stages.push_back(stage_to_json(stage));
    json questions = json::array();
    for (const auto& question : pack.questions) questions.push_back(question_to_json(pack, question));
    json tasks = json::array();
    for (const auto& task : pack.practical_tasks) tasks.push_back(task_to_json(task));
    json industries = json::array();
    for (const auto& industry : pack.industries) industries.push_back(industry_to_json(industry));
    json skills = json::array();
    for (const auto& skill : pack.skills) skills.push_back(skill_to_json(skill));
    json tips = json::array();
    for (const auto& group : pack.preparation_tips) {
        tips.push_back({{"id", group.id}, {"name", group.name}, {"tips", items_to_json(group.tips)}});
    }
    guide["stages"] = stages;
    guide["questions"] = questions;
    guide["practical_tasks"] = tasks;
    guide["industries"] = industries;
    guide["skills"] = skills;
    guide["preparation_tips"] = tips;
    return guide;
}

}  // namespace mi::content
