#include "cli/cli_app.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"

namespace mi::cli {
namespace {

// The innermost command the user named ("content" in `mock-interviewer content`).
const CLI::App* innermost_command(const CLI::App& app) {
    const CLI::App* command = &app;
    while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
    return command;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"Mock Interviewer: realistic mock job interviews, scored in a way you can check."};
    app.set_version_flag("--version", std::string("mock-interviewer ") + MI_VERSION);
    app.require_subcommand(1);

    int exit_code = 0;
    register_content_commands(app, exit_code);
    register_eval_commands(app, exit_code);
    register_serve_commands(app, exit_code);
    register_practice_commands(app, exit_code);
    register_outbox_commands(app, exit_code);
    register_coach_commands(app, exit_code);
    register_db_commands(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) return app.exit(error);   // --help, --version
        // A command named without the subcommand it needs: list what there is to choose from,
        // rather than only "A subcommand is required".
        const CLI::App* command = innermost_command(app);
        if (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && command->get_require_subcommand_min() > 0 &&
            command->get_subcommands().empty()) {
            std::cerr << command->help();
        }
        (void)app.exit(error);   // the reason, and "Run with --help for more information."
        return 2;                // a usage error, as for every other bad input on the command line
    }
    return exit_code;
}

}  // namespace mi::cli
