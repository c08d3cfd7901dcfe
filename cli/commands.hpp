// Each command group registers its subcommands on the application. A subcommand's callback
// stores its exit code in `exit_code`; errors meant for the user are printed by the command.
#pragma once

namespace CLI {
class App;
}

namespace mi::cli {

void register_content_commands(CLI::App& app, int& exit_code);
void register_serve_commands(CLI::App& app, int& exit_code);
void register_practice_commands(CLI::App& app, int& exit_code);
void register_eval_commands(CLI::App& app, int& exit_code);
void register_outbox_commands(CLI::App& app, int& exit_code);
void register_coach_commands(CLI::App& app, int& exit_code);
void register_db_commands(CLI::App& app, int& exit_code);

}  // namespace mi::cli
