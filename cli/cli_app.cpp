#include "cli/cli_app.hpp"

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace mi::cli {

int run(int argc, char** argv) {
    CLI::App app{"Mock Interviewer: realistic mock job interviews, scored in a way you can check."};
    app.set_version_flag("--version", std::string("mock-interviewer ") + MI_VERSION);
    app.require_subcommand(1);

    int exit_code = 0;
    register_content_commands(app, exit_code);
    register_eval_commands(app, exit_code);
    register_serve_commands(app, exit_code);
    register_practice_commands(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        return app.exit(error);
    }
    return exit_code;
}

}  // namespace mi::cli
