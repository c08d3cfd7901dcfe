#include "content/pack_validator.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace mi::content {
namespace {

constexpr std::string_view star_probe_prefix = "star:";

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }
std::string at(const std::string& pointer, std::size_t index) { return pointer + "/" + std::to_string(index); }

class CrossReferenceChecker {
public:
    CrossReferenceChecker(const RolePack& pack, const std::string& file_label) : pack_(pack), file_label_(file_label) {}

    std::vector<ContentProblem> check() {
        collect_ids();
        check_stages();
        check_questions();
        check_tasks_reachable();
        check_skills();
        return std::move(problems_);
    }

private:
    void report(std::string pointer, std::string message) {
        problems_.push_back(ContentProblem{file_label_, std::move(pointer), std::move(message)});
    }

    // Remembers where each id is defined; a second definition is a problem at its own place.
    template <typename Item>
    void collect(const std::string& list_pointer, const std::vector<Item>& items) {
        for (std::size_t index = 0; index < items.size(); ++index) {
            const auto& id = items[index].id;
            if (id.empty()) continue;  // missing or broken id: already reported by the reader
            auto id_pointer = at(list_pointer, index) + "/id";
            auto [first, inserted] = id_sites_.emplace(id, id_pointer);
            if (!inserted) report(id_pointer, "duplicate id " + in_quotes(id) + "; first used at " + first->second);
        }
    }

    void collect_ids() {
        collect("/stages", pack_.stages);
        for (std::size_t index = 0; index < pack_.stages.size(); ++index) {
            const auto& stage = pack_.stages[index];
            const auto pointer = at("/stages", index);
            collect(pointer + "/participants", stage.participants);
            collect(pointer + "/success_criteria", stage.success_criteria);
            collect(pointer + "/preparation_tips", stage.preparation_tips);
            collect(pointer + "/typical_tasks", stage.typical_tasks);
            collect(pointer + "/evaluation_criteria", stage.evaluation_criteria);
            collect(pointer + "/typical_discussion_points", stage.typical_discussion_points);
        }
        collect("/questions", pack_.questions);
        for (std::size_t index = 0; index < pack_.questions.size(); ++index) {
            const auto& question = pack_.questions[index];
            const auto pointer = at("/questions", index);
            collect(pointer + "/" + std::string(to_string(question.coverage_kind)), question.coverage);
            collect(pointer + "/follow_ups", question.follow_ups);
            collect(pointer + "/red_flags", question.red_flags);
        }
        collect("/practical_tasks", pack_.practical_tasks);
        for (std::size_t index = 0; index < pack_.practical_tasks.size(); ++index) {
            const auto& task = pack_.practical_tasks[index];
            const auto pointer = at("/practical_tasks", index);
            for (const auto& section : task_sections()) collect(pointer + "/" + std::string(section.id), task.*section.items);
            collect(pointer + "/common_mistakes", task.common_mistakes);
            collect(pointer + "/tips_for_success", task.tips_for_success);
        }
        collect("/industries", pack_.industries);
        for (std::size_t index = 0; index < pack_.industries.size(); ++index) {
            const auto& industry = pack_.industries[index];
            const auto pointer = at("/industries", index);
            collect(pointer + "/focus_areas", industry.focus_areas);
            collect(pointer + "/common_challenges", industry.common_challenges);
            collect(pointer + "/interview_emphasis", industry.interview_emphasis);
        }
        collect("/skills", pack_.skills);
        for (std::size_t index = 0; index < pack_.skills.size(); ++index) {
            collect(at("/skills", index) + "/evaluation_criteria", pack_.skills[index].evaluation_criteria);
        }
        collect("/preparation_tips", pack_.preparation_tips);
        for (std::size_t index = 0; index < pack_.preparation_tips.size(); ++index) {
            collect(at("/preparation_tips", index) + "/tips", pack_.preparation_tips[index].tips);
        }
    }

    void check_stages() {
        for (std::size_t stage_index = 0; stage_index < pack_.stages.size(); ++stage_index) {
            const auto& stage = pack_.stages[stage_index];
            const auto pointer = at("/stages", stage_index);
            for (std::size_t index = 0; index < stage.question_ids.size(); ++index) {
                const auto& id = stage.question_ids[index];
                if (id.empty()) continue;
                if (pack_.find_question(id) == nullptr) {
                    report(at(pointer + "/questions", index), in_quotes(id) + " is not the id of a question in this pack");
                }
                staged_questions_.insert(id);
            }
            for (std::size_t index = 0; index < stage.practical_task_ids.size(); ++index) {
                const auto& id = stage.practical_task_ids[index];
                if (id.empty()) continue;
                if (pack_.find_task(id) == nullptr) {
                    report(at(pointer + "/practical_tasks", index),
                           in_quotes(id) + " is not the id of a practical task in this pack");
                }
                staged_tasks_.insert(id);
            }
        }
    }

    void check_questions() {
        for (std::size_t question_index = 0; question_index < pack_.questions.size(); ++question_index) {
            const auto& question = pack_.questions[question_index];
            const auto pointer = at("/questions", question_index);
            if (!question.id.empty() && staged_questions_.count(question.id) == 0) {
                report(pointer, "question " + in_quotes(question.id) +
                                    " is not asked in any stage; add its id to some stage's \"questions\"");
            }
            for (std::size_t follow_index = 0; follow_index < question.follow_ups.size(); ++follow_index) {
                const auto& probes = question.follow_ups[follow_index].probes;
                for (std::size_t index = 0; index < probes.size(); ++index) {
                    check_probe(question, probes[index], at(at(pointer + "/follow_ups", follow_index) + "/probes", index));
                }
            }
            if (!question.derived_from.empty() && id_sites_.count(question.derived_from) == 0) {
                report(pointer + "/derived_from",
                       "derived_from " + in_quotes(question.derived_from) + " is not an id in this pack");
            }
            for (std::size_t index = 0; index < question.industries.size(); ++index) {
                const auto& id = question.industries[index];
                if (!id.empty() && pack_.find_industry(id) == nullptr) {
                    report(at(pointer + "/industries", index), in_quotes(id) + " is not the id of an industry in this pack");
                }
            }
        }
    }

    // A follow-up probes something of its own question: a coverage item, a red flag, or a STAR part.
    void check_probe(const Question& question, const std::string& probe, const std::string& pointer) {
        if (probe.empty()) return;
        if (probe.compare(0, star_probe_prefix.size(), star_probe_prefix) == 0) {
            if (!question.star) {
                report(pointer, "probe " + in_quotes(probe) + " needs STAR guidance, but this question has no \"star\"");
            }
            return;
        }
        auto is_probe = [&](const auto& item) { return item.id == probe; };
        if (std::any_of(question.coverage.begin(), question.coverage.end(), is_probe) ||
            std::any_of(question.red_flags.begin(), question.red_flags.end(), is_probe)) {
            return;
        }
        auto elsewhere = id_sites_.find(probe);
        report(pointer, "probe " + in_quotes(probe) + " is not a coverage item or red flag of this question" +
                            (elsewhere == id_sites_.end() ? std::string(" (no such id in this pack)")
                                                          : " (it is defined at " + elsewhere->second + ")"));
    }

    void check_tasks_reachable() {
        for (std::size_t index = 0; index < pack_.practical_tasks.size(); ++index) {
            const auto& id = pack_.practical_tasks[index].id;
            if (!id.empty() && staged_tasks_.count(id) == 0) {
                report(at("/practical_tasks", index), "practical task " + in_quotes(id) +
                                                          " is not presented in any stage; add its id to some stage's "
                                                          "\"practical_tasks\"");
            }
        }
    }

    void check_skills() {
        for (std::size_t skill_index = 0; skill_index < pack_.skills.size(); ++skill_index) {
            const auto& evidence = pack_.skills[skill_index].evidenced_by;
            for (std::size_t index = 0; index < evidence.size(); ++index) {
                const auto& id = evidence[index];
                if (!id.empty() && pack_.find_question(id) == nullptr && pack_.find_task(id) == nullptr) {
                    report(at(at("/skills", skill_index) + "/evidenced_by", index),
                           in_quotes(id) + " is not the id of a question or practical task in this pack");
                }
            }
        }
    }

    const RolePack& pack_;
    const std::string& file_label_;
    std::vector<ContentProblem> problems_;
    std::map<std::string, std::string, std::less<>> id_sites_;  // id -> pointer of its first definition
    std::set<std::string, std::less<>> staged_questions_;
    std::set<std::string, std::less<>> staged_tasks_;
};

}  // namespace

std::vector<ContentProblem> check_cross_references(const RolePack& pack, const std::string& file_label) {
    return CrossReferenceChecker(pack, file_label).check();
}

bool is_valid_id(std::string_view id) {
    bool previous_was_dash = true;  // forbids a leading dash
    for (char c : id) {
        bool is_dash = c == '-';
        if (is_dash && previous_was_dash) return false;
        if (!is_dash && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        previous_was_dash = is_dash;
    }
    return !id.empty() && !previous_was_dash;
}

}  // namespace mi::content
