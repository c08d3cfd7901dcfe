#include "server/chat/chat_reply.hpp"

#include <nlohmann/json.hpp>

#include "dialogue/interview/interview_event.hpp"

namespace mi::server::chat {

namespace {

using nlohmann::json;
namespace dialogue = mi::dialogue;

std::string score_text(const json& score) { return score.is_number() ? std::to_string(score.get<int>()) : "not scored"; }

std::string verdict_text(const std::string& verdict) {
    if (verdict == "meets") return "meets the bar";
    if (verdict == "borderline") return "borderline";
    if (verdict == "below") return "below the bar";
    return "not assessed";
}

// Builds the replies of a run of events, one reply per group.
class ReplyBuilder {
public:
    explicit ReplyBuilder(std::string_view report_url) : report_url_(report_url) {}

    void add(const SequencedEvent& entry) {
        const auto event = dialogue::event_from_json(entry.event);
        std::visit([&](const auto& payload) { show(entry, payload); }, event.payload);
    }

    std::vector<ChatReply> finish() {
        close();
        return std::move(replies_);
    }

private:
    ChatReply& open(ReplyKind kind, const SequencedEvent& entry) {
        if (!current_ || current_->kind != kind) {
            close();
            current_ = ChatReply{kind, {}, std::nullopt, {}};
        }
        current_->events.push_back(entry);
        return *current_;
    }

    void close() {
        if (current_ && !current_->sections.empty()) replies_.push_back(std::move(*current_));
        current_.reset();
    }

    static void add_section(ChatReply& reply, std::string title, std::vector<std::string> lines) {
        reply.sections.push_back(ReplySection{std::move(title), std::move(lines)});
    }

    // Feedback items gather in one section, under the score that follows them.
    static ReplySection& feedback_section(ChatReply& reply) {
        if (reply.sections.empty() || reply.sections.back().title != "Feedback") add_section(reply, "Feedback", {});
        return reply.sections.back();
    }

    void show(const SequencedEvent& entry, const dialogue::InterviewStarted& started) {
        add_section(open(ReplyKind::prompt, entry), "", {started.greeting});
    }
    void show(const SequencedEvent& entry, const dialogue::StageStarted& stage) {
        add_section(open(ReplyKind::prompt, entry),
                    "Stage " + std::to_string(stage.stage_index + 1) + "/" + std::to_string(stage.stage_count) + ": " +
                        stage.stage_name,
                    {stage.introduction});
    }
    void show(const SequencedEvent& entry, const dialogue::QuestionAsked& asked) {
        auto& reply = open(ReplyKind::prompt, entry);
        add_section(reply,
                    "Question " + std::to_string(asked.question_index + 1) + "/" + std::to_string(asked.question_count),
                    {asked.text});
        if (!asked.task) return;
        for (const auto& section : asked.task->sections) {
            std::vector<std::string> items;
            for (const auto& item : section.items) items.push_back("• " + item);
            add_section(reply, section.title, std::move(items));
        }
    }
    void show(const SequencedEvent& entry, const dialogue::AnswerReceived&) {
        // The candidate's own words are not echoed back; they are in the chat already.
        open(ReplyKind::feedback, entry);
    }
    void show(const SequencedEvent& entry, const dialogue::FeedbackItem& item) {
        auto& lines = feedback_section(open(ReplyKind::feedback, entry)).lines;
        switch (item.kind) {
            case dialogue::FeedbackKind::coverage: {
                std::string line = (item.positive ? "✅ Covered: " : "❌ Missing: ") + item.text;
                if (item.positive && !item.evidence.empty()) line += " (\"" + item.evidence.front().term + "\")";
                lines.push_back(std::move(line));
                break;
            }
            case dialogue::FeedbackKind::star:
                lines.push_back(std::string(item.positive ? "✅ STAR " : "❌ STAR ") + item.subject_id +
                                (item.positive ? " present" : " missing"));
                break;
            case dialogue::FeedbackKind::red_flag:
                lines.push_back("⚠️ Red flag: " + item.text + (item.detail.empty() ? "" : " (" + item.detail + ")"));
                break;
            case dialogue::FeedbackKind::gate: lines.push_back("⚠️ " + item.detail); break;
            case dialogue::FeedbackKind::check:
                lines.push_back(std::string(item.positive ? "✅ Checked: " : "🔎 Checked: ") + item.text +
                                (item.detail.empty() ? "" : " (" + item.detail + ")"));
                break;
        }
    }
    void show(const SequencedEvent& entry, const dialogue::TaskChecked& checked) {
        // What running the submission showed, finding by finding, before the score.
        std::vector<std::string> lines;
        for (const auto& finding : checked.findings) lines.push_back((finding.positive ? "✅ " : "• ") + finding.text);
        add_section(open(ReplyKind::feedback, entry), checked.summary.empty() ? "Checked by running it" : checked.summary,
                    std::move(lines));
    }
    void show(const SequencedEvent& entry, const dialogue::AnswerScored& scored) {
        std::vector<std::string> lines{"coverage " + std::to_string(scored.coverage_points) + " + structure " +
                                       std::to_string(scored.structure_points) + " + specificity " +
                                       std::to_string(scored.specificity_points) + " - penalties " +
                                       std::to_string(scored.penalty_points)};
        if (!scored.tip.empty()) lines.push_back("Tip: " + scored.tip);
        add_section(open(ReplyKind::feedback, entry), "Score: " + std::to_string(scored.score) + "/100", std::move(lines));
    }
    void show(const SequencedEvent& entry, const dialogue::FollowUpAsked& follow_up) {
        add_section(open(ReplyKind::prompt, entry), "Follow-up", {follow_up.text});
    }
    void show(const SequencedEvent& entry, const dialogue::CommandHandled& command) {
        add_section(open(ReplyKind::prompt, entry), "", {command.response});
    }
    void show(const SequencedEvent& entry, const dialogue::RetryStarted& retry) {
        add_section(open(ReplyKind::prompt, entry), "Try again (attempt " + std::to_string(retry.attempt) + ")", {retry.text});
    }
    void show(const SequencedEvent& entry, const dialogue::RetryCompared& compared) {
        add_section(open(ReplyKind::feedback, entry), "Before and after", dialogue::describe_retry(compared));
    }
    void show(const SequencedEvent& entry, const dialogue::StageCompleted& completed) {
        add_section(open(ReplyKind::prompt, entry), "", {completed.text});
    }
    void show(const SequencedEvent& entry, const dialogue::ReportReady& ready) {
        auto& reply = open(ReplyKind::report, entry);
        const json& report = ready.report;
        std::vector<std::string> overview{"Overall: " + score_text(report.value("overall_score", json())) +
                                          "/100, pass mark " + std::to_string(report.value("pass_mark", 0)) + ": " +
                                          verdict_text(report.value("verdict", ""))};
        if (report.value("ended_early", false)) overview.emplace_back("The interview was ended early.");
        add_section(reply, "Interview report: " + report.value("role_title", std::string("interview")), std::move(overview));
        std::vector<std::string> stages;
        for (const auto& stage : report.value("stages", json::array())) {
            stages.push_back(stage.value("name", std::string()) + ": " + score_text(stage.value("score", json())) +
                             " (" + verdict_text(stage.value("verdict", "")) + ")");
        }
        if (!stages.empty()) add_section(reply, "Stages", std::move(stages));
        std::vector<std::string> strengths;
        for (const auto& strength : report.value("strengths", json::array())) {
            if (strength.is_string()) strengths.push_back("• " + strength.get<std::string>());
        }
        if (!strengths.empty()) add_section(reply, "Strengths", std::move(strengths));
        std::vector<std::string> improvements;
        for (const auto& improvement : report.value("improvements", json::array())) {
            std::string line = "• " + improvement.value("title", std::string());
            if (const auto tip = improvement.value("tip", std::string()); !tip.empty()) line += ": " + tip;
            improvements.push_back(std::move(line));
        }
        if (!improvements.empty()) add_section(reply, "To improve", std::move(improvements));
        if (!report_url_.empty()) reply.link = ReplyLink{"Open the full report in the browser", std::string(report_url_)};
    }

    std::string_view report_url_;
    std::optional<ChatReply> current_;
    std::vector<ChatReply> replies_;
};

}  // namespace

std::string_view to_string(ReplyKind kind) {
    switch (kind) {
        case ReplyKind::prompt: return "prompt";
        case ReplyKind::feedback: return "feedback";
        case ReplyKind::report: return "report";
        case ReplyKind::notice: return "notice";
    }
    return "notice";
}

std::vector<ChatReply> replies_for_events(const std::vector<SequencedEvent>& events, std::string_view report_url) {
    ReplyBuilder builder(report_url);
    for (const auto& entry : events) builder.add(entry);
    return builder.finish();
}

ChatReply notice_reply(std::string title, std::vector<std::string> lines) {
    ChatReply reply;
    reply.kind = ReplyKind::notice;
    reply.sections.push_back(ReplySection{std::move(title), std::move(lines)});
    return reply;
}

std::string plain_text(const ChatReply& reply) {
    std::string text;
    for (const auto& section : reply.sections) {
        if (!text.empty()) text.append("\n\n");
        if (!section.title.empty()) text.append(section.title);
        for (const auto& line : section.lines) {
            if (!text.empty() && text.back() != '\n') text.push_back('\n');
            text.append(line);
        }
    }
    if (reply.link) text.append("\n\n").append(reply.link->label).append(": ").append(reply.link->url);
    return text;
}

}  // namespace mi::server::chat
