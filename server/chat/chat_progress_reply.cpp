#include "server/chat/chat_progress_reply.hpp"

#include <algorithm>

namespace mi::server::chat {

namespace {

namespace progress = dialogue::progress;

// A trend shows the last few scores: enough to see a direction, short enough for a phone.
constexpr std::size_t trend_points = 5;
constexpr std::size_t skills_listed = 6;
constexpr std::size_t misses_listed = 3;
constexpr std::size_t changes_listed = 5;

std::string signed_number(int value) { return (value > 0 ? "+" : "") + std::to_string(value); }

std::string trend(const std::vector<progress::ScorePoint>& points) {
    std::string text;
    const std::size_t first = points.size() > trend_points ? points.size() - trend_points : 0;
    if (first > 0) text = "... ";
    for (std::size_t index = first; index < points.size(); ++index) {
        if (index > first) text.append(" -> ");
        text.append(std::to_string(points[index].score));
    }
    if (points.size() >= 2) {
        text.append(" (");
        text.append(signed_number(points.back().score - points.front().score));
        text.append(" since the first)");
    }
    return text;
}

std::string days(int count) { return std::to_string(count) + (count == 1 ? " day" : " days"); }

std::string tally_line(const progress::PointTally& tally, std::string_view verb) {
    std::string line = tally.text;
    line.append(": ");
    line.append(verb);
    line.append(" in ");
    line.append(std::to_string(tally.misses));
    line.append(" of ");
    line.append(std::to_string(tally.judged));
    line.append(tally.judged == 1 ? " answer" : " answers");
    return line;
}

}  // namespace

ChatReply progress_reply(const progress::ProgressSummary& summary, const std::vector<std::string>& latest_changes) {
    ChatReply reply;
    reply.kind = ReplyKind::notice;
    if (summary.answers == 0) {
        reply.sections.push_back({"Your progress",
                                  {"No scored answer yet: send /start to practise an interview, then /progress "
                                   "shows how you do over time."}});
        return reply;
    }
    ReplySection overview{"Your progress", {}};
    overview.lines.push_back(std::to_string(summary.interviews) + (summary.interviews == 1 ? " interview" : " interviews") +
                             " (" + std::to_string(summary.finished_interviews) + " finished), " +
                             std::to_string(summary.answers) + " scored answers");
    if (!summary.overall.empty()) overview.lines.push_back("Overall: " + trend(summary.overall));
    overview.lines.push_back("Streak: " + days(summary.current_streak_days) + " (longest " +
                             days(summary.longest_streak_days) + ", " + days(summary.practice_days) + " of practice)");
    reply.sections.push_back(std::move(overview));

    ReplySection skills{"Skills", {}};
    for (const auto& series : summary.skills) {
        if (skills.lines.size() == skills_listed) break;
        if (series.points.empty()) continue;
        skills.lines.push_back(series.name + ": " + trend(series.points));
    }
    if (!skills.lines.empty()) reply.sections.push_back(std::move(skills));

    ReplySection improved{"Since your previous interview", {}};
    for (const auto& line : latest_changes) {
        if (improved.lines.size() == changes_listed) break;
        improved.lines.push_back(line);
    }
    if (improved.lines.empty()) improved.lines.push_back("Nothing to compare yet: finish two interviews to see what changed.");
    reply.sections.push_back(std::move(improved));

    ReplySection missed{"Key points missed most", {}};
    for (const auto& tally : summary.most_missed_key_points) {
        if (missed.lines.size() == misses_listed) break;
        if (tally.misses > 0) missed.lines.push_back(tally_line(tally, "missed"));
    }
    if (!missed.lines.empty()) reply.sections.push_back(std::move(missed));

    ReplySection flags{"Red flags raised most", {}};
    for (const auto& tally : summary.most_raised_red_flags) {
        if (flags.lines.size() == misses_listed) break;
        if (tally.misses > 0) flags.lines.push_back(tally_line(tally, "raised"));
    }
    if (!flags.lines.empty()) reply.sections.push_back(std::move(flags));

    const bool something_to_drill = reply.sections.back().title == "Key points missed most" ||
                                    reply.sections.back().title == "Red flags raised most";
    reply.sections.push_back({"", {something_to_drill ? "Send /drill to practise these in a short session."
                                                      : "Send /start for another interview."}});
    return reply;
}

ChatReply drill_intro_reply(const progress::DrillPlan& plan) {
    ChatReply reply;
    reply.kind = ReplyKind::notice;
    ReplySection intro{"Drill: your weak spots", {}};
    intro.lines.push_back(std::to_string(plan.questions.size()) + " questions, about " +
                          std::to_string(plan.estimated_minutes) + " minutes, without follow-ups.");
    for (const auto& question : plan.questions) {
        std::string line = question.text;
        if (!question.targets.empty()) {
            line.append(" (for: ");
            for (std::size_t index = 0; index < question.targets.size() && index < 2; ++index) {
                if (index > 0) line.append("; ");
                line.append(question.targets[index].text);
            }
            line.append(")");
        }
        intro.lines.push_back(std::move(line));
    }
    reply.sections.push_back(std::move(intro));
    return reply;
}

ChatReply changes_reply(const std::vector<std::string>& changes) {
    ChatReply reply;
    reply.kind = ReplyKind::notice;
    reply.sections.push_back({"Since your previous interview", changes});
    return reply;
}

}  // namespace mi::server::chat
