#include "server/chat/chat_commands.hpp"

#include <algorithm>
#include <cctype>

#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"

namespace mi::server::chat {

namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        if (c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r') {
            if (!word.empty()) words.push_back(lower(std::move(word)));
            word.clear();
        } else {
            word.push_back(c);
        }
    }
    if (!word.empty()) words.push_back(lower(std::move(word)));
    return words;
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

const std::vector<std::string> seniorities{"junior", "mid", "senior"};

}  // namespace

ChatIntent read_intent(std::string_view text, bool interview_running) {
    const std::string message = trimmed(text);
    auto words = split_words(message);
    if (words.empty()) return CandidateText{message};
    const bool slash = words.front().front() == '/';
    const std::string command = slash ? words.front().substr(1) : words.front();
    if (command == "start" && (slash || !interview_running)) {
        words.erase(words.begin());
        return StartRequest{std::move(words)};
    }
    if (command == "report" && words.size() == 1) return ReportRequest{};
    if (slash && command == "link") {
        // The code keeps its own case and hyphens; the profile service normalises it.
        const auto after = message.find_first_of(" \t", 1);
        return LinkRequest{after == std::string::npos ? std::string() : trimmed(message.substr(after))};
    }
    if (words.size() == 1 && (slash || !interview_running)) {
        if (command == "progress") return ProgressRequest{};
        if (command == "drill") return DrillRequest{};
        if (command == "profile") return ProfileRequest{};
    }
    return CandidateText{message};
}

PlanFromWords plan_from_start_words(const std::vector<std::string>& words, const PlanChoices& choices) {
    PlanFromWords result;
    result.plan = nlohmann::json::object();
    if (!choices.roles.empty()) result.plan["role"] = choices.roles.front();
    std::vector<std::string> stages;
    for (const auto& raw : words) {
        std::string word = raw;
        std::replace(word.begin(), word.end(), '_', '-');
        if (contains(choices.stages, word)) {
            if (!contains(stages, word)) stages.push_back(word);
        } else if (contains(choices.industries, word) || word == dialogue::no_industry) {
            result.plan["industry"] = word;
        } else if (contains(seniorities, word)) {
            result.plan["seniority"] = word;
        } else if (contains(choices.roles, word)) {
            result.plan["role"] = word;
        } else {
            result.problems.push_back("'" + raw + "' is not a stage, an industry or a seniority; stages: " +
                                      dialogue::join_quoted(choices.stages) +
                                      "; industries: " + dialogue::join_quoted(choices.industries) +
                                      "; seniorities: " + dialogue::join_quoted(seniorities));
        }
    }
    if (!stages.empty()) result.plan["stages"] = stages;
    return result;
}

const std::vector<MenuCommand>& chat_command_menu() {
    static const std::vector<MenuCommand> menu = [] {
        std::vector<MenuCommand> commands{{"start", "start an interview: /start [stages] [industry] [seniority]"}};
        for (const auto& definition : dialogue::commands()) {
            commands.push_back({std::string(definition.name), std::string(definition.purpose)});
        }
        commands.push_back({"report", "show the report of this conversation's interview"});
        commands.push_back({"drill", "a short drill of the key points you miss most"});
        commands.push_back({"progress", "your progress over all your interviews"});
        commands.push_back({"link", "link this chat to your web profile: /link RECOVERY-CODE"});
        commands.push_back({"profile", "a recovery code to see this chat history on the web"});
        return commands;
    }();
    return menu;
}

std::string chat_help_text(const PlanChoices& choices) {
    std::string text = "Start a mock interview with /start, optionally naming stages, an industry and a seniority, "
                       "for example: /start hr technical startup senior.\nStages: " +
                       dialogue::join_quoted(choices.stages) + ". Industries: " +
                       dialogue::join_quoted(choices.industries) + ". Seniorities: " +
                       dialogue::join_quoted(seniorities) + ".\nCommands:";
    for (const auto& command : chat_command_menu()) text.append("\n/").append(command.command).append(" - ").append(command.description);
    return text;
}

}  // namespace mi::server::chat
