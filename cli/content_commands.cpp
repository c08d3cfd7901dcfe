// `mock-interviewer content validate|list`: check the role packs and show the guide they hold.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.hpp"
#include "cli/content_dir.hpp"
#include "content/guide_json.hpp"
#include "content/pack_loader.hpp"

namespace mi::cli {
namespace {

namespace content = mi::content;

struct ContentOptions {
    std::string content_dir;  // empty: $MI_CONTENT_DIR, else ./content
    bool as_json = false;
};

std::string counted(std::size_t count, const std::string& singular, const std::string& plural) {
    return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

std::string counted(std::size_t count, const std::string& singular) { return counted(count, singular, singular + "s"); }

void print_problems(std::ostream& out, const std::vector<content::ContentProblem>& problems) {
    for (const auto& problem : problems) {
        out << problem.file << ": " << (problem.pointer.empty() ? "/" : problem.pointer) << ": " << problem.message
            << '\n';
    }
}

int validate_content(const ContentOptions& options) {
    const auto content_dir = resolve_content_dir(options.content_dir);
    auto loaded = content::load_content_library(content_dir);
    if (!loaded.ok()) {
        print_problems(std::cout, loaded.problems);
        std::cout << "content has " << counted(loaded.problems.size(), "problem") << " (" << content_dir << ")\n";
        return 1;
    }
    std::size_t stages = 0, questions = 0, tasks = 0, industries = 0, skills = 0;
    for (const auto& role : loaded.library.roles) {
        stages += role.stages.size();
        questions += role.questions.size();
        tasks += role.practical_tasks.size();
        industries += role.industries.size();
        skills += role.skills.size();
    }
    std::cout << "content OK: " << counted(loaded.library.roles.size(), "role") << ", " << counted(stages, "stage")
              << ", " << counted(questions, "question") << ", " << counted(tasks, "practical task") << ", "
              << counted(industries, "industry", "industries")
              << ", " << counted(skills, "skill") << " (" << content_dir << ")\n";
    return 0;
}

void print_text_items(std::ostream& out, const std::string& indent, const std::vector<content::TextItem>& items) {
    for (const auto& item : items) out << indent << "- " << item.text << '\n';
}

void print_role(std::ostream& out, const content::RolePack& role) {
    out << role.title << " [" << role.id << "]\n";
    out << "  " << role.overview << '\n';
    out << "  Interview process: " << role.interview_process.average_duration << ", overall success rate "
        << role.interview_process.overall_success_rate << '\n';

    out << "\n  Stages:\n";
    for (std::size_t index = 0; index < role.stages.size(); ++index) {
        const auto& stage = role.stages[index];
        out << "  " << index + 1 << ". " << stage.name << " [" << stage.id << "]: " << stage.focus_areas << '\n';
        for (const auto& question_id : stage.question_ids) {
            if (const auto* question = role.find_question(question_id)) {
                out << "       Q [" << question->id << "] (" << content::to_string(question->category) << ") "
                    << question->text;
                if (!question->derived_from.empty()) out << "  (derived from " << question->derived_from << ")";
                out << '\n';
            }
        }
        for (const auto& task_id : stage.practical_task_ids) {
            if (const auto* task = role.find_task(task_id)) {
                out << "       Task [" << task->id << "] " << task->name << '\n';
            }
        }
    }

    out << "\n  Practical tasks:\n";
    for (const auto& task : role.practical_tasks) {
        out << "  - " << task.name << " [" << task.id << "], " << task.duration << ": " << task.summary << '\n';
    }

    out << "\n  Industries:\n";
    for (const auto& industry : role.industries) {
        out << "  - " << industry.name << " [" << industry.id << "]\n";
        out << "      Focus areas:\n";
        print_text_items(out, "        ", industry.focus_areas);
        out << "      Interview emphasis:\n";
        print_text_items(out, "        ", industry.interview_emphasis);
    }

    out << "\n  Skills:\n";
    for (auto level : {content::SkillLevel::must_verify, content::SkillLevel::good_to_verify}) {
        out << "    " << (level == content::SkillLevel::must_verify ? "Must verify" : "Good to verify") << ":\n";
        for (const auto& skill : role.skills) {
            if (skill.level != level) continue;
            out << "    - " << skill.name << " [" << skill.id << "]: " << skill.verification_method;
            if (!skill.minimum_requirement.empty()) out << "; minimum: " << skill.minimum_requirement;
            out << '\n';
        }
    }
    out << '\n';
}

int list_content(const ContentOptions& options) {
    const auto content_dir = resolve_content_dir(options.content_dir);
    auto loaded = content::load_content_library(content_dir);
    // Problems go to stderr so that stdout stays a clean listing (valid JSON with --json) of what loaded.
    if (!loaded.ok()) {
        print_problems(std::cerr, loaded.problems);
        std::cerr << "content has " << counted(loaded.problems.size(), "problem")
                  << "; run `mock-interviewer content validate " << content_dir << "` for details\n";
    }
    if (options.as_json) {
        auto roles = nlohmann::json::array();
        for (const auto& role : loaded.library.roles) roles.push_back(content::role_guide_to_json(role));
        std::cout << roles.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
        for (const auto& role : loaded.library.roles) print_role(std::cout, role);
    }
    return loaded.ok() ? 0 : 1;
}

}  // namespace

void register_content_commands(CLI::App& app, int& exit_code) {
    auto* content_command = app.add_subcommand("content", "Check and browse the role packs (the interview guides)");
    content_command->require_subcommand(1);
    // CLI11 keeps pointers to option targets, so they must outlive this function.
    auto options = std::make_shared<ContentOptions>();

    auto* validate = content_command->add_subcommand(
        "validate", "Check every pack in DIR/roles against the content rules; exit 1 on any problem");
    validate->add_option("dir", options->content_dir, "Content directory (default: $MI_CONTENT_DIR or ./content)");
    validate->callback([options, &exit_code] { exit_code = validate_content(*options); });

    auto* list = content_command->add_subcommand("list", "Show roles, stages with their questions, tasks, industries, skills");
    list->add_option("dir", options->content_dir, "Content directory (default: $MI_CONTENT_DIR or ./content)");
    list->add_flag("--json", options->as_json, "One JSON array with one object per role");
    list->callback([options, &exit_code] { exit_code = list_content(*options); });
}

}  // namespace mi::cli
