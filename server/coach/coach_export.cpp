#include "server/coach/coach_export.hpp"

#include <algorithm>

namespace mi::server::coach {

namespace {

std::string score_text(const std::optional<int>& score) { return score ? std::to_string(*score) : std::string("—"); }

std::string turn_score_text(const ReviewTurn& turn) {
    std::string text = std::to_string(turn.score);
    if (turn.overridden()) {
        text += " (overridden; scorer: ";
        text += std::to_string(turn.original_score);
        text += ")";
    }
    return text;
}

std::string item_line(const JudgedItem& item, std::string_view positive, std::string_view negative) {
    std::string line = item.label.empty() ? item.id : item.label;
    line += ": ";
    line += item.value ? positive : negative;
    if (item.overridden()) {
        line += " (overridden; scorer: ";
        line += item.original ? positive : negative;
        line += ")";
    }
    return line;
}

std::vector<const NoteRecord*> notes_of(const InterviewDetail& detail, std::optional<std::int64_t> turn) {
    std::vector<const NoteRecord*> notes;
    for (const auto& note : detail.notes) {
        if (note.turn == turn) notes.push_back(&note);
    }
    return notes;
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string text;
    for (const auto& part : parts) {
        if (!text.empty()) text += separator;
        text += part;
    }
    return text;
}

std::string summary_heading(const InterviewDetail& detail) {
    std::string heading = "Interview " + detail.summary.interview_id + " — " + detail.summary.role;
    return heading;
}

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out.push_back(c);
        }
    }
    return out;
}

std::string export_markdown(const InterviewDetail& detail) {
    const auto& summary = detail.summary;
    std::string md = "# " + summary_heading(detail) + "\n\n";
    md += "- Status: " + std::string(to_string(summary.status)) + "\n";
    md += "- Stages: " + joined(summary.stages, ", ") + "\n";
    md += "- Industry: " + summary.industry + ", seniority: " + summary.seniority + "\n";
    md += "- Score: " + score_text(detail.review.score);
    if (detail.review.score != detail.review.original_score) {
        md += " (overridden; scorer: " + score_text(detail.review.original_score) + ")";
    }
    md += "\n- Scorer: " + detail.review.scorer_version + "\n";
    if (summary.invite_id) md += "- Invite: " + summary.invite_label + "\n";
    for (const auto* note : notes_of(detail, std::nullopt)) md += "- Note (" + note->author + "): " + note->text + "\n";
    for (const auto& turn : detail.review.turns) {
        md += "\n## Turn " + std::to_string(turn.turn) + " — " + turn.stage_id + "\n\n";
        md += "**Question:** " + turn.question + "\n\n";
        md += "**Answer:**\n\n";
        std::string quoted = "> ";
        for (const char c : turn.answer) {
            quoted.push_back(c);
            if (c == '\n') quoted += "> ";
        }
        md += quoted + "\n\n";
        md += "**Score:** " + turn_score_text(turn) + "\n\n";
        if (!turn.key_points.empty()) {
            md += "Key points:\n\n";
            for (const auto& item : turn.key_points) md += "- " + item_line(item, "covered", "not covered") + "\n";
            md += "\n";
        }
        const auto raised = std::count_if(turn.red_flags.begin(), turn.red_flags.end(),
                                          [](const JudgedItem& item) { return item.value || item.overridden(); });
        if (raised > 0) {
            md += "Red flags:\n\n";
            for (const auto& item : turn.red_flags) {
                if (item.value || item.overridden()) md += "- " + item_line(item, "raised", "not raised") + "\n";
            }
            md += "\n";
        }
        if (!turn.star.empty()) {
            md += "STAR:\n\n";
            for (const auto& item : turn.star) md += "- " + item.id + ": " + (item.value ? "present" : "absent") +
                                                     (item.overridden() ? " (overridden)" : "") + "\n";
            md += "\n";
        }
        for (const auto* note : notes_of(detail, turn.turn)) md += "Note (" + note->author + "): " + note->text + "\n\n";
    }
    return md;
}

std::string export_csv(const InterviewDetail& detail) {
    std::string csv = csv_row({"interview_id", "turn", "stage", "question_id", "question", "answer", "score",
                               "original_score", "overridden", "key_points_covered", "key_points_missed", "red_flags",
                               "notes"});
    for (const auto& turn : detail.review.turns) {
        std::vector<std::string> covered, missed, flags, notes;
        for (const auto& item : turn.key_points) {
            (item.value ? covered : missed).push_back(item.id + (item.overridden() ? " (overridden)" : ""));
        }
        for (const auto& item : turn.red_flags) {
            if (item.value) flags.push_back(item.id + (item.overridden() ? " (overridden)" : ""));
        }
        for (const auto* note : notes_of(detail, turn.turn)) notes.push_back(note->author + ": " + note->text);
        csv += csv_row({detail.summary.interview_id, std::to_string(turn.turn), turn.stage_id, turn.question_id,
                        turn.question, turn.answer, std::to_string(turn.score), std::to_string(turn.original_score),
                        turn.overridden() ? "yes" : "no", joined(covered, "; "), joined(missed, "; "),
                        joined(flags, "; "), joined(notes, " | ")});
    }
    return csv;
}

std::string export_html(const InterviewDetail& detail) {
    const auto& summary = detail.summary;
    std::string html =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    html += html_escape(summary_heading(detail));
    html += "</title>\n<link rel=\"stylesheet\" href=\"/css/app.css\">\n"
            "<link rel=\"stylesheet\" href=\"/css/print.css\" media=\"print\">\n</head>\n<body>\n<main>\n";
    html += "<header class=\"report-header\"><h1>" + html_escape(summary_heading(detail)) + "</h1></header>\n";
    html += "<section class=\"overall report-section\"><h2>Overall</h2><p>Score: <strong>" +
            html_escape(score_text(detail.review.score)) + "</strong>";
    if (detail.review.score != detail.review.original_score) {
        html += " <em>(overridden; scorer: " + html_escape(score_text(detail.review.original_score)) + ")</em>";
    }
    html += "</p><p>Status: " + html_escape(to_string(summary.status)) + ". Stages: " + html_escape(joined(summary.stages, ", ")) +
            ". Industry: " + html_escape(summary.industry) + ", seniority: " + html_escape(summary.seniority) +
            ". Scorer: " + html_escape(detail.review.scorer_version) + ".</p>";
    for (const auto* note : notes_of(detail, std::nullopt)) {
        html += "<p class=\"note\">Note (" + html_escape(note->author) + "): " + html_escape(note->text) + "</p>";
    }
    html += "</section>\n<ol class=\"question-list\">\n";
    for (const auto& turn : detail.review.turns) {
        html += "<li class=\"report-section\"><h2>" + html_escape(turn.question) + "</h2>";
        html += "<p><strong>Answer:</strong> " + html_escape(turn.answer) + "</p>";
        html += "<p><strong>Score:</strong> " + html_escape(turn_score_text(turn)) + "</p>";
        if (!turn.key_points.empty()) {
            html += "<h3>Key points</h3><ul>";
            for (const auto& item : turn.key_points) html += "<li>" + html_escape(item_line(item, "covered", "not covered")) + "</li>";
            html += "</ul>";
        }
        std::string flags;
        for (const auto& item : turn.red_flags) {
            if (item.value || item.overridden()) flags += "<li>" + html_escape(item_line(item, "raised", "not raised")) + "</li>";
        }
        if (!flags.empty()) html += "<h3>Red flags</h3><ul>" + flags + "</ul>";
        for (const auto* note : notes_of(detail, turn.turn)) {
            html += "<p class=\"note\">Note (" + html_escape(note->author) + "): " + html_escape(note->text) + "</p>";
        }
        html += "</li>\n";
    }
    html += "</ol>\n</main>\n</body>\n</html>\n";
    return html;
}

}  // namespace mi::server::coach
