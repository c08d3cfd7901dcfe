// `mock-interviewer practice`: a whole mock interview on stdin/stdout. The only place in the
// interview path with I/O and a clock: it reads one answer per line, stamps it with the time,
// hands it to the dialogue engine and prints the events the engine returns.
//
// A practical task that runs (docs/practical-tasks.md) takes a submission of several lines: they
// are gathered until a line holding only "." submits them; ".run" runs what is there so far
// against the task's dataset (rows, cost, plan) and keeps it; ".clear" starts again. The check
// runs here, on the terminal's own thread, with the same checkers the server uses.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "checkers/task_checkers.hpp"
#include "cli/commands.hpp"
#include "cli/content_dir.hpp"
#include "content/pack_loader.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/interview/interview.hpp"

namespace mi::cli {
namespace {

namespace dialogue = mi::dialogue;

constexpr int usage_error = 2;
constexpr int content_error = 1;
constexpr std::string_view default_role = "backend-developer";

struct PracticeOptions {
    std::string role;
    std::string stages;             // comma-separated stage ids; empty = all
    std::string industry{dialogue::no_industry};
    std::string seniority{"mid"};
    std::optional<std::uint64_t> seed;
    std::optional<int> questions_per_stage;
    std::optional<int> follow_ups_per_question;
    std::string practical_task;     // the Coding Challenge's task; empty = drawn with the seed
    std::string content_dir;        // empty: $MI_CONTENT_DIR, else ./content
};

// The lines of a multi-line submission that are not part of it.
constexpr std::string_view submit_line = ".";
constexpr std::string_view run_line = ".run";
constexpr std::string_view clear_line = ".clear";

std::string content_dir_of(const PracticeOptions& options) { return resolve_content_dir(options.content_dir); }

dialogue::TimePoint now() {
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> values;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        auto value = text.substr(start, end - start);
        const auto first = value.find_first_not_of(" \t");
        const auto last = value.find_last_not_of(" \t");
        if (first != std::string::npos) values.push_back(value.substr(first, last - first + 1));
        start = end + 1;
    }
    return values;
}

// Prints the engine's events for a person reading a terminal.
class TranscriptPrinter {
public:
    TranscriptPrinter(std::ostream& out, bool echo_answers) : out_(out), echo_answers_(echo_answers) {}

    void print(const std::vector<dialogue::InterviewEvent>& events) {
        for (const auto& event : events) std::visit([this](const auto& payload) { show(payload); }, event.payload);
        out_.flush();
    }

private:
    void show(const dialogue::InterviewStarted& started) { out_ << started.greeting << '\n'; }

    void show(const dialogue::StageStarted& stage) {
        out_ << "\n== Stage " << stage.stage_index + 1 << "/" << stage.stage_count << ": " << stage.stage_name
             << " ==\n" << stage.introduction << '\n';
    }

    void show(const dialogue::QuestionAsked& asked) {
        out_ << "\nQuestion " << asked.question_index + 1 << "/" << asked.question_count << ": " << asked.text << '\n';
        if (!asked.task) return;
        for (const auto& section : asked.task->sections) {
            out_ << "  " << section.title << ":\n";
            for (const auto& item : section.items) out_ << "    - " << item << '\n';
        }
        if (const auto& material = asked.task->material) {
            out_ << "\n  " << material->title << '\n';
            for (const auto& block : material->blocks) print_block(block);
            out_ << "\n  Type your submission over as many lines as you need; a line with only \"" << submit_line
                 << "\" submits it" << (material->runnable ? ", \"" + std::string(run_line) + "\" runs what you have so far" : "")
                 << ", \"" << clear_line << "\" starts again.\n";
        }
    }

    void show(const dialogue::TaskChecked& checked) {
        out_ << "  Checked by running it: " << checked.summary << '\n';
        for (const auto& block : checked.exhibits) print_block(block);
    }

    void print_block(const dialogue::LabelledBlock& block) {
        out_ << "  " << block.label << ":\n";
        std::size_t start = 0;
        while (start <= block.text.size()) {
            const auto end = std::min(block.text.find('\n', start), block.text.size());
            out_ << (block.language.empty() ? "    " : "    | ") << std::string_view(block.text).substr(start, end - start) << '\n';
            start = end + 1;
        }
    }

    void show(const dialogue::AnswerReceived& answer) {
        if (echo_answers_) out_ << "> " << answer.text << '\n';
    }

    void show(const dialogue::FeedbackItem& item) {
        switch (item.kind) {
            case dialogue::FeedbackKind::gate: out_ << "  [!] " << item.detail << '\n'; break;
            case dialogue::FeedbackKind::coverage:
                out_ << (item.positive ? "  [+] Covered: " : "  [-] Missing: ") << item.text;
                if (!item.detail.empty()) {
                    out_ << " (checked: " << item.detail << ")";
                } else if (item.positive && !item.evidence.empty()) {
                    out_ << " (\"" << item.evidence.front().term << "\")";
                }
                out_ << '\n';
                break;
            case dialogue::FeedbackKind::check: out_ << (item.positive ? "  [ok] " : "  [x] ") << item.text << '\n'; break;
            case dialogue::FeedbackKind::star:
                out_ << "  [" << (item.positive ? '+' : '-') << "] STAR " << item.subject_id
                     << (item.positive ? " present" : " absent") << '\n';
                break;
            case dialogue::FeedbackKind::red_flag:
                out_ << "  [!] Red flag: " << item.text;
                if (!item.detail.empty()) out_ << " (" << item.detail << ")";
                out_ << '\n';
                break;
        }
    }

    void show(const dialogue::AnswerScored& scored) {
        out_ << "  Score: " << scored.score << "/100 (coverage " << scored.coverage_points << " + structure "
             << scored.structure_points << " + specificity " << scored.specificity_points << " - penalties "
             << scored.penalty_points << ")\n";
        if (!scored.tip.empty()) out_ << "  Tip: " << scored.tip << '\n';
    }

    void show(const dialogue::FollowUpAsked& follow_up) { out_ << "\nFollow-up: " << follow_up.text << '\n'; }
    void show(const dialogue::CommandHandled& command) { out_ << command.response << '\n'; }
    void show(const dialogue::StageCompleted& completed) { out_ << '\n' << completed.text << '\n'; }
    void show(const dialogue::RetryStarted& retry) {
        out_ << "\nTry again (attempt " << retry.attempt << "): " << retry.text << '\n';
    }
    void show(const dialogue::RetryCompared& compared) {
        out_ << "  Before and after:\n";
        for (const auto& line : dialogue::describe_retry(compared)) out_ << "    " << line << '\n';
    }
    void show(const dialogue::ReportReady& report) { out_ << '\n' << report.markdown; }

    std::ostream& out_;
    bool echo_answers_;
};

int run_practice(const PracticeOptions& options) {
    const auto content_dir = content_dir_of(options);
    auto loaded = content::load_content_library(content_dir);
    for (const auto& problem : loaded.problems) {
        std::cerr << "content problem: " << problem.file << ": " << (problem.pointer.empty() ? "/" : problem.pointer)
                  << ": " << problem.message << '\n';
    }
    if (loaded.library.roles.empty()) {
        std::cerr << "error: no usable role pack in " << content_dir << " (set --content or MI_CONTENT_DIR)\n";
        return content_error;
    }
    std::vector<std::string> roles;
    for (const auto& role : loaded.library.roles) roles.push_back(role.id);
    std::string role_id = options.role;
    if (role_id.empty()) role_id = loaded.library.find_role(default_role) ? std::string(default_role) : roles.front();
    const auto* pack = loaded.library.find_role(role_id);
    if (pack == nullptr) {
        std::cerr << "error: --role \"" << role_id << "\" is unknown; valid roles: " << dialogue::join_quoted(roles) << '\n';
        return usage_error;
    }

    dialogue::InterviewPlan plan;
    plan.role = pack->id;
    plan.stages = split_list(options.stages);
    plan.industry = options.industry;
    plan.questions_per_stage = options.questions_per_stage;
    plan.follow_ups_per_question = options.follow_ups_per_question;
    plan.practical_task = options.practical_task;
    std::vector<std::string> problems;
    if (auto seniority = content::parse_seniority(options.seniority)) {
        plan.seniority = *seniority;
    } else {
        problems.push_back("seniority \"" + options.seniority + "\" is unknown; valid: \"junior\", \"mid\", \"senior\"");
    }
    // Without --seed every run differs; the seed is printed so a run can be repeated exactly.
    plan.seed = options.seed.value_or(static_cast<std::uint64_t>(now().time_since_epoch().count()));
    for (auto& problem : dialogue::validate_plan(plan, *pack)) problems.push_back(std::move(problem));
    if (!problems.empty()) {
        for (const auto& problem : problems) std::cerr << "error: " << problem << '\n';
        return usage_error;
    }

    const dialogue::AnswerScorer scorer(*pack);
    // The tasks that run: without them (a content folder without tasks/), tasks are answered in words.
    auto checkers = checkers::TaskCheckers::load(loaded.library, content_dir);
    for (const auto& problem : checkers.problems) {
        std::cerr << "content problem: " << problem.file << ": " << (problem.pointer.empty() ? "/" : problem.pointer) << ": "
                  << problem.message << '\n';
    }
    std::optional<dialogue::Interview> interview;
    try {
        interview.emplace(dialogue::Interview::start(*pack, scorer, plan, now(), {}, checkers.checkers.get()));
    } catch (const dialogue::InterviewError& error) {
        std::cerr << "error: " << error.what() << '\n';
        return usage_error;
    }
    const bool interactive = isatty(STDIN_FILENO) != 0;
    TranscriptPrinter printer(std::cout, !interactive);
    std::cout << "(seed " << plan.seed << "; pass --seed " << plan.seed << " to repeat this interview)\n";
    printer.print(interview->opening_events());

    // A message for the engine, with its check when it is a submission to a task that runs.
    auto send = [&](const std::string& text) {
        std::optional<dialogue::TaskCheckResult> check;
        if (auto submission = interview->task_submission(text)) check = checkers.checkers->check(*submission);
        printer.print(interview->handle_message(text, now(), std::move(check)));
    };
    auto in_task_that_runs = [&] {
        const auto* record = interview->state().current_item();
        return record != nullptr && record->material.has_value();
    };

    std::string line;
    std::string draft;  // the lines of a submission gathered so far
    while (!interview->finished()) {
        if (interactive) std::cout << (draft.empty() ? "> " : "... ") << std::flush;
        if (!std::getline(std::cin, line)) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (in_task_that_runs() && (!draft.empty() || !dialogue::parse_command(line))) {
            if (line == submit_line) {
                if (draft.find_first_not_of(" \t\n") != std::string::npos) send(draft);
                draft.clear();
            } else if (line == run_line) {
                const auto* material = &*interview->state().current_item()->material;
                std::cout << checkers::run_to_text(checkers.checkers->run(material->checker, material->variant_id, draft)) << std::flush;
            } else if (line == clear_line) {
                draft.clear();
                std::cout << "(cleared)\n";
            } else {
                if (!draft.empty()) draft.push_back('\n');
                draft += line;
            }
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos) continue;  // a blank line is not an answer
        send(line);
    }
    // End of input submits a submission in progress, then ends the interview with the report, as `end` would.
    if (!interview->finished() && draft.find_first_not_of(" \t\n") != std::string::npos) send(draft);
    printer.print(interview->finish(now()));
    return 0;
}

}  // namespace

void register_practice_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<PracticeOptions>();
    auto* practice = app.add_subcommand(
        "practice", "Hold a mock interview on the terminal: one answer per line, the report at the end (or at end of input).");
    practice->add_option("--role", options->role, "Role pack id (default: backend-developer)");
    practice->add_option("--stages", options->stages, "Comma-separated stage ids, in the order to hold them (default: all)");
    practice->add_option("--industry", options->industry, "startup, enterprise, agency or none")->capture_default_str();
    practice->add_option("--seniority", options->seniority, "junior, mid or senior")->capture_default_str();
    practice->add_option("--seed", options->seed, "Seed for question choice (default: from the clock, printed)");
    practice->add_option("--questions-per-stage", options->questions_per_stage, "Questions per stage (default: by seniority)");
    practice->add_option("--follow-ups", options->follow_ups_per_question, "Follow-ups per question (default: by seniority)");
    practice->add_option("--task", options->practical_task,
                         "Practical task of a stage that has some, by its id in the role pack (default: drawn with the seed)");
    practice->add_option("--content", options->content_dir, "Content directory (default: $MI_CONTENT_DIR or ./content)");
    practice->callback([options, &exit_code] { exit_code = run_practice(*options); });
}

}  // namespace mi::cli
