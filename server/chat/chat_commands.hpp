// What a chat message asks for, before the interview engine sees it: start an interview (with
// the stages, industry and seniority named after /start), show the report again, or be the
// candidate's text (an answer, or an engine command word such as /hint, which the engine reads
// itself). Also the command menu every platform shows, from the one table of commands. Pure.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace mi::server::chat {

struct StartRequest {
    std::vector<std::string> words;     // after "/start", lower-cased, split on spaces and commas
};
struct ReportRequest {};
struct CandidateText {
    std::string text;
};
// The practice profile commands (docs/profiles.md "Chat").
struct ProgressRequest {};
struct DrillRequest {};
struct ProfileRequest {};
struct LinkRequest {
    std::string code;                   // as typed after "/link", possibly empty
};
using ChatIntent =
    std::variant<StartRequest, ReportRequest, CandidateText, ProgressRequest, DrillRequest, ProfileRequest, LinkRequest>;

// "/start hr senior" always starts; "start hr" without the slash only when no interview is
// running (during one it is an answer that begins with "start"). "/report" and "report" alone
// ask for the report. "/progress", "/drill", "/profile" and "/link CODE" always are commands;
// "progress", "drill" and "profile" alone only when no interview is running. Everything else is
// the candidate's text.
[[nodiscard]] ChatIntent read_intent(std::string_view text, bool interview_running);

// The ids a start request may name.
struct PlanChoices {
    std::vector<std::string> roles;
    std::vector<std::string> stages;        // of the role the plan is for
    std::vector<std::string> industries;
};

struct PlanFromWords {
    nlohmann::json plan;                    // a POST /api/v1/interviews body
    std::vector<std::string> problems;      // one per word that names nothing, with what it could be
};

// Each word is a stage id (kept in the order given), an industry, a seniority or a role id;
// "_" may stand for "-" ("system_design"). Nothing named: the service's defaults (every stage, mid).
[[nodiscard]] PlanFromWords plan_from_start_words(const std::vector<std::string>& words, const PlanChoices& choices);

struct MenuCommand {
    std::string command;                    // without the slash: "start"
    std::string description;                // as the bot's command menu shows it
};

// Every command a chat candidate can send, in menu order: start, the engine's commands, report,
// then the profile's: drill, progress, link, profile.
// Telegram's setMyCommands list in docs/integrations.md is this list (a test compares them).
[[nodiscard]] const std::vector<MenuCommand>& chat_command_menu();

// The help text before an interview runs: how to start one, and the commands.
[[nodiscard]] std::string chat_help_text(const PlanChoices& choices);

}  // namespace mi::server::chat
