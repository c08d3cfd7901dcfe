#include "dialogue/interview/interview_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "dialogue/scoring/wording.hpp"

namespace mi::dialogue {
namespace {

using nlohmann::json;

int pass_mark_for(content::Seniority seniority, const ReportRules& rules) {
    switch (seniority) {
        case content::Seniority::junior: return rules.junior_pass_mark;
        case content::Seniority::mid: return rules.mid_pass_mark;
        case content::Seniority::senior: return rules.senior_pass_mark;
    }
    return rules.mid_pass_mark;
}

Verdict verdict_for(std::optional<int> score, int pass_mark, const ReportRules& rules) {
    if (!score) return Verdict::not_assessed;
    if (*score >= pass_mark) return Verdict::meets;
    if (*score >= pass_mark - rules.borderline_margin) return Verdict::borderline;
    return Verdict::below;
}

std::optional<double> mean(const std::vector<int>& values) {
    if (values.empty()) return std::nullopt;
    return static_cast<double>(std::accumulate(values.begin(), values.end(), 0)) / static_cast<double>(values.size());
}

std::optional<int> rounded(std::optional<double> value) {
    if (!value) return std::nullopt;
    return static_cast<int>(std::lround(*value));
}

std::vector<std::string> texts(const std::vector<content::TextItem>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.text);
    return out;
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
    std::string joined;
    for (const auto& value : values) {
        if (!joined.empty()) joined += separator;
        joined += value;
    }
    return joined;
}

QuestionReport question_report(const ItemRecord& record) {
    QuestionReport report;
    report.stage_id = record.stage_id;
    report.item_id = record.item.id;
    report.kind = record.item.kind;
    report.text = record.text;
    report.status = record.status;
    // A question answered again counts its best attempt (the latest one on a tie).
    const HeapOptional<AnswerScored>* best_score = &record.score;
    const std::vector<FeedbackItem>* best_feedback = &record.feedback;
    const std::vector<MessageRecord>* best_messages = &record.messages;
    HeapOptional<AnswerScored> earlier_score;
    report.attempts = static_cast<int>(record.earlier_attempts.size()) + 1;
    report.best_attempt = report.attempts;
    for (std::size_t index = 0; index < record.earlier_attempts.size(); ++index) {
        const auto& earlier = record.earlier_attempts[index];
        const int current_best = *best_score ? (*best_score)->score : -1;
        if (earlier.score.score > current_best) {
            earlier_score = earlier.score;
            best_score = &earlier_score;
            best_feedback = &earlier.feedback;
            best_messages = &earlier.messages;
            report.best_attempt = static_cast<int>(index) + 1;
        }
    }
    if (record.status == ItemStatus::skipped) report.score = 0;
    if (*best_score && record.status == ItemStatus::answered) {
        report.score = (*best_score)->score;
        report.tip = (*best_score)->tip;
    }
    if (record.status == ItemStatus::answered || record.status == ItemStatus::unanswered) {
        for (const auto& item : *best_feedback) {
            switch (item.kind) {
                case FeedbackKind::coverage: (item.positive ? report.covered : report.missed).push_back(item.text); break;
                case FeedbackKind::star: (item.positive ? report.star_present : report.star_missing).push_back(item.subject_id); break;
                case FeedbackKind::red_flag: report.red_flags.push_back(item.text); break;
                case FeedbackKind::gate:
                case FeedbackKind::check: break;
            }
        }
    }
    if (record.check && record.status != ItemStatus::skipped) {
        const auto& check = *record.check;
        report.check = TaskCheckReport{check.checker, check.variant_id, check.outcome, check.summary,
                                       check.findings, check.exhibits, check.details};
    }
    report.follow_ups = static_cast<int>(record.follow_ups.size());
    for (const auto& message : *best_messages) {
        report.answers.push_back(message.text);
        report.answer_ms.push_back(message.elapsed_ms);
    }
    // Time spent counts every attempt.
    for (const auto& earlier : record.earlier_attempts) {
        for (const auto& message : earlier.messages) report.total_ms += message.elapsed_ms;
    }
    for (const auto& message : record.messages) report.total_ms += message.elapsed_ms;
    return report;
}

std::string first_tip(const content::Stage& stage) {
    if (!stage.preparation_tips.empty()) return stage.preparation_tips.front().text;
    if (!stage.evaluation_criteria.empty()) return "Show " + stage.evaluation_criteria.front().text;
    return {};
}

std::string format_duration(std::int64_t ms) {
    const auto seconds = ms / 1000;
    if (seconds < 60) return std::to_string(seconds) + " s";
    return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
}

std::string score_text(std::optional<int> score) { return score ? std::to_string(*score) + "/100" : "not scored"; }

std::string_view describe(ItemStatus status) {
    switch (status) {
        case ItemStatus::answered: return "answered";
        case ItemStatus::skipped: return "skipped";
        case ItemStatus::unanswered: return "asked, not answered";
        case ItemStatus::not_asked: return "not reached";
        case ItemStatus::in_progress: return "not finished";
    }
    return "unknown";
}

std::string_view describe(content::SkillLevel level) {
    switch (level) {
        case content::SkillLevel::must_verify: return "Must verify";
        case content::SkillLevel::good_to_verify: return "Good to verify";
    }
    return "Other";
}

// Each line of the candidate's text as a Markdown quote, so their lines and symbols stay as typed.
std::string quoted(const std::string& text) {
    std::string out = "> ";
    for (const char c : text) {
        if (c == '\n') {
            out += "\n> ";
            continue;
        }
        if (std::string_view("\\`*_[]<>#|").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out + "\n";
}

json optional_score(std::optional<int> score) { return score ? json(*score) : json(nullptr); }

json check_json(const std::optional<TaskCheckReport>& check) {
    if (!check) return nullptr;
    json findings = json::array();
    for (const auto& finding : check->findings) {
        findings.push_back({{"id", finding.id}, {"text", finding.text}, {"positive", finding.positive}});
    }
    json exhibits = json::array();
    for (const auto& block : check->exhibits) {
        exhibits.push_back({{"label", block.label}, {"text", block.text}, {"language", block.language}});
    }
    return {{"checker", check->checker},
            {"variant_id", check->variant_id},
            {"outcome", to_string(check->outcome)},
            {"summary", check->summary},
            {"findings", findings},
            {"exhibits", exhibits},
            {"details", check->details}};
}

// A code block that a ``` inside the text cannot end early: the fence is longer than any run of
// backticks in it.
std::string fenced(const std::string& text, const std::string& language) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
    std::string block = fence + language + "\n" + text;
    if (!text.empty() && text.back() != '\n') block.push_back('\n');
    return block + fence + "\n";
}

}  // namespace

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::meets: return "meets";
        case Verdict::borderline: return "borderline";
        case Verdict::below: return "below";
        case Verdict::not_assessed: return "not_assessed";
    }
    return "unknown";
}

std::string_view describe(Verdict verdict) {
    switch (verdict) {
        case Verdict::meets: return "meets the pass mark";
        case Verdict::borderline: return "just under the pass mark";
        case Verdict::below: return "below the pass mark";
        case Verdict::not_assessed: return "not assessed";
    }
    return "unknown";
}

InterviewReport build_report(const content::RolePack& pack, const InterviewState& state, const ReportRules& rules) {
    InterviewReport report;
    report.role_id = pack.id;
    report.role_title = pack.title;
    report.plan = state.started ? state.started->plan : json::object();
    report.pass_mark = pass_mark_for(state.plan.seniority, rules);
    report.ended_early = state.ended_early;

    double weighted_sum = 0;
    double weight_sum = 0;
    std::vector<std::pair<const ItemRecord*, double>> scored_items;  // with their stage weight
    for (std::size_t s = 0; s < state.items.size(); ++s) {
        const auto& scheduled = state.started->schedule[s];
        const auto* stage = pack.find_stage(scheduled.stage_id);
        std::vector<int> scores;
        for (const auto& record : state.items[s]) {
            auto question = question_report(record);
            if (question.text.empty()) {  // never asked: name it by the pack's text
                if (const auto* q = pack.find_question(record.item.id)) question.text = q->text;
            }
            // A task is named by the guide's name and summary, not by the prompt that put it
            // (which also says how to submit it).
            if (const auto* task = record.item.kind == ItemKind::task ? pack.find_task(record.item.id) : nullptr) {
                question.text = "Practical task: " + with_full_stop(task->name) + " " + with_full_stop(task->summary);
            }
            if (question.score) {
                scores.push_back(*question.score);
                scored_items.emplace_back(&record, scheduled.weight);
            }
            report.questions.push_back(std::move(question));
        }
        StageReport stage_report;
        stage_report.stage_id = scheduled.stage_id;
        stage_report.name = stage != nullptr ? stage->name : scheduled.stage_id;
        stage_report.weight = scheduled.weight;
        const auto stage_mean = mean(scores);
        stage_report.score = rounded(stage_mean);
        stage_report.verdict = verdict_for(stage_report.score, report.pass_mark, rules);
        if (stage != nullptr) {
            stage_report.success_criteria = texts(!stage->success_criteria.empty()      ? stage->success_criteria
                                                  : !stage->evaluation_criteria.empty() ? stage->evaluation_criteria
                                                                                        : stage->typical_discussion_points);
        }
        if (stage_mean) {
            weighted_sum += *stage_mean * scheduled.weight;
            weight_sum += scheduled.weight;
            stage_report.summary = score_text(stage_report.score) + " over " + count_of(scores.size(), "question") + ": " +
                                   std::string(describe(stage_report.verdict)) + " of " + std::to_string(report.pass_mark) +
                                   " for a " + std::string(content::to_string(state.plan.seniority)) +
                                   " candidate, judged on: " + with_full_stop(join(stage_report.success_criteria, "; "));
        } else {
            stage_report.summary = "Not assessed: no question of this stage was answered.";
        }
        report.stages.push_back(std::move(stage_report));
    }
    if (weight_sum > 0) report.overall_score = static_cast<int>(std::lround(weighted_sum / weight_sum));
    report.verdict = verdict_for(report.overall_score, report.pass_mark, rules);

    for (const auto& skill : pack.skills) {
        SkillReport skill_report{skill.id, skill.name, skill.level, std::nullopt, {}, Verdict::not_assessed};
        std::vector<int> scores;
        for (const auto& question : report.questions) {
            if (!question.score) continue;
            if (std::find(skill.evidenced_by.begin(), skill.evidenced_by.end(), question.item_id) == skill.evidenced_by.end()) continue;
            scores.push_back(*question.score);
            skill_report.evidence.push_back(question.item_id);
        }
        // A skill no answer gave evidence of was not assessed: listing it would suggest it was.
        if (scores.empty()) continue;
        skill_report.score = rounded(mean(scores));
        skill_report.verdict = verdict_for(skill_report.score, report.pass_mark, rules);
        report.skills.push_back(std::move(skill_report));
    }

    // Strengths: the best answers, each with what made it strong.
    std::vector<const QuestionReport*> by_score;
    for (const auto& question : report.questions) {
        if (question.score && question.status == ItemStatus::answered) by_score.push_back(&question);
    }
    std::stable_sort(by_score.begin(), by_score.end(), [](const auto* a, const auto* b) { return *a->score > *b->score; });
    for (const auto* question : by_score) {
        if (report.strengths.size() >= rules.max_strengths || *question->score < rules.strong_answer_score) break;
        std::string strength = "\"" + question->text + "\" (" + score_text(question->score) + ")";
        if (!question->covered.empty()) strength += ": covered " + join(question->covered, ", ");
        report.strengths.push_back(std::move(strength));
    }

    // Improvements: the questions that lost the most weighted points, with the guide's tip.
    for (const auto& [record, weight] : scored_items) {
        const auto& question = *std::find_if(report.questions.begin(), report.questions.end(),
                                             // Captured by name: clang 14 (the fuzz build) cannot capture a structured binding.
                                             [&item_id = record->item.id](const QuestionReport& q) { return q.item_id == item_id; });
        const double lost = (100.0 - *question.score) * weight;
        // An answer at the pass mark needs no improving first; "strengthen your 92/100" is filler.
        if (lost <= 0 || *question.score >= report.pass_mark) continue;
        Improvement improvement;
        improvement.points_lost = lost;
        if (question.status == ItemStatus::skipped) {
            improvement.title = "Answer \"" + question.text + "\" instead of skipping it";
            improvement.detail = "A skipped question counts as 0/100.";
        } else {
            improvement.title = "Strengthen your answer to \"" + question.text + "\" (" + score_text(question.score) + ")";
            if (!question.missed.empty()) improvement.detail += "Missed: " + join(question.missed, "; ") + ". ";
            if (!question.star_missing.empty()) improvement.detail += "STAR parts absent: " + join(question.star_missing, ", ") + ". ";
            if (!question.red_flags.empty()) improvement.detail += "Red flags: " + join(question.red_flags, "; ") + ".";
            while (!improvement.detail.empty() && improvement.detail.back() == ' ') improvement.detail.pop_back();
        }
        improvement.tip = question.tip;
        if (improvement.tip.empty()) {
            if (const auto* stage = pack.find_stage(question.stage_id)) improvement.tip = first_tip(*stage);
        }
        report.improvements.push_back(std::move(improvement));
    }
    std::stable_sort(report.improvements.begin(), report.improvements.end(),
                     [](const Improvement& a, const Improvement& b) { return a.points_lost > b.points_lost; });
    if (report.improvements.size() > rules.max_improvements) report.improvements.resize(rules.max_improvements);

    for (const auto& question : report.questions) report.total_answer_ms += question.total_ms;
    return report;
}

nlohmann::json report_to_json(const InterviewReport& report) {
    json questions = json::array();
    for (const auto& q : report.questions) {
        questions.push_back({{"stage_id", q.stage_id},
                             {"item_id", q.item_id},
                             {"kind", to_string(q.kind)},
                             {"text", q.text},
                             {"status", to_string(q.status)},
                             {"score", optional_score(q.score)},
                             {"covered", q.covered},
                             {"missed", q.missed},
                             {"red_flags", q.red_flags},
                             {"answers", q.answers},
                             {"star_present", q.star_present},
                             {"star_missing", q.star_missing},
                             {"follow_ups", q.follow_ups},
                             {"answer_ms", q.answer_ms},
                             {"total_ms", q.total_ms},
                             {"tip", q.tip},
                             {"attempts", q.attempts},
                             {"best_attempt", q.best_attempt},
                             {"check", check_json(q.check)}});
    }
    json stages = json::array();
    for (const auto& s : report.stages) {
        stages.push_back({{"stage_id", s.stage_id},
                          {"name", s.name},
                          {"score", optional_score(s.score)},
                          {"weight", s.weight},
                          {"verdict", to_string(s.verdict)},
                          {"success_criteria", s.success_criteria},
                          {"summary", s.summary}});
    }
    json skills = json::array();
    for (const auto& s : report.skills) {
        skills.push_back({{"skill_id", s.skill_id},
                          {"name", s.name},
                          {"level", content::to_string(s.level)},
                          {"score", optional_score(s.score)},
                          {"evidence", s.evidence},
                          {"verdict", to_string(s.verdict)}});
    }
    json improvements = json::array();
    for (const auto& i : report.improvements) {
        improvements.push_back({{"title", i.title}, {"detail", i.detail}, {"tip", i.tip}, {"points_lost", i.points_lost}});
    }
    return {{"role_id", report.role_id},
            {"role_title", report.role_title},
            {"plan", report.plan},
            {"overall_score", optional_score(report.overall_score)},
            {"pass_mark", report.pass_mark},
            {"verdict", to_string(report.verdict)},
            {"ended_early", report.ended_early},
            {"questions", questions},
            {"stages", stages},
            {"skills", skills},
            {"strengths", report.strengths},
            {"improvements", improvements},
            {"total_answer_ms", report.total_answer_ms}};
}

std::string report_to_markdown(const InterviewReport& report) {
    std::string md = "# Interview report: " + report.role_title + "\n\n";
    md += "**Overall: " + score_text(report.overall_score) + "** (" + std::string(describe(report.verdict)) + " of " +
          std::to_string(report.pass_mark) + ")";
    if (report.ended_early) md += ". The interview was ended early";
    md += ". Time answering: " + format_duration(report.total_answer_ms) + ".\n\n";

    md += "## Stages\n\n| Stage | Score | Weight | Verdict |\n| --- | --- | --- | --- |\n";
    for (const auto& s : report.stages) {
        char weight[16];
        std::snprintf(weight, sizeof weight, "%.1f", s.weight);
        md += "| " + s.name + " | " + score_text(s.score) + " | " + weight + " | " + std::string(describe(s.verdict)) + " |\n";
    }
    md += "\n";
    for (const auto& s : report.stages) md += "- **" + s.name + "**: " + s.summary + "\n";

    md += "\n## Questions\n";
    for (const auto& q : report.questions) {
        md += "\n### " + q.text + "\n\n";
        md += "- Score: " + score_text(q.score) + " (" + std::string(describe(q.status)) + ")";
        if (!q.answer_ms.empty()) md += ", time " + format_duration(q.total_ms) + " over " + count_of(q.answer_ms.size(), "message");
        if (q.follow_ups > 0) md += ", " + count_of(static_cast<std::size_t>(q.follow_ups), "follow-up");
        md += "\n";
        if (q.attempts > 1) {
            md += "\nAnswered " + std::to_string(q.attempts) + " times (Try again); attempt " +
                  std::to_string(q.best_attempt) + (q.best_attempt > 1 ? ", a retry," : "") + " counts as the best.\n";
        }
        for (std::size_t i = 0; i < q.answers.size(); ++i) {
            md += std::string(i == 0 ? "\nYour answer:\n\n" : "\nYour answer to follow-up " + std::to_string(i) + ":\n\n") +
                  quoted(q.answers[i]);
        }
        if (!q.answers.empty()) md += "\n";
        if (!q.covered.empty()) md += "- Covered: " + join(q.covered, "; ") + "\n";
        if (!q.missed.empty()) md += "- Missed: " + join(q.missed, "; ") + "\n";
        if (!q.star_present.empty() || !q.star_missing.empty()) {
            md += "- STAR: present " + (q.star_present.empty() ? std::string("none") : join(q.star_present, ", ")) +
                  "; missing " + (q.star_missing.empty() ? std::string("none") : join(q.star_missing, ", ")) + "\n";
        }
        if (!q.red_flags.empty()) md += "- Red flags: " + join(q.red_flags, "; ") + "\n";
        if (q.check) {
            md += "\n#### Checked by running it\n\n" + q.check->summary + "\n\n";
            for (const auto& finding : q.check->findings) md += std::string(finding.positive ? "- ✓ " : "- ✗ ") + finding.text + "\n";
            for (const auto& block : q.check->exhibits) {
                md += "\n" + block.label + ":\n\n" + (block.language.empty() ? block.text + "\n" : fenced(block.text, block.language));
            }
        }
    }

    md += "\n## Skills\n\n";
    if (report.skills.empty()) md += "No answer gave evidence of a skill yet.\n";
    else md += "| Skill | Level | Score | Verdict | Evidence |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& s : report.skills) {
        md += "| " + s.name + " | " + std::string(describe(s.level)) + " | " + score_text(s.score) + " | " +
              std::string(describe(s.verdict)) + " | from " + count_of(s.evidence.size(), "answer") + " |\n";
    }

    md += "\n## Strengths\n\n";
    if (report.strengths.empty()) md += "No answer reached a strong score yet.\n";
    for (const auto& strength : report.strengths) md += "- " + strength + "\n";

    md += "\n## Most valuable improvements\n\n";
    if (report.improvements.empty()) {
        md += "Nothing stands out: every answer reached the pass mark of " + std::to_string(report.pass_mark) + ".\n";
    }
    int rank = 1;
    for (const auto& i : report.improvements) {
        md += std::to_string(rank++) + ". " + i.title + "\n";
        if (!i.detail.empty()) md += "   " + i.detail + "\n";
        if (!i.tip.empty()) md += "   Tip: " + i.tip + "\n";
    }
    return md;
}

}  // namespace mi::dialogue
