// Practical tasks that run (docs/practical-tasks.md): the two things a host that can run a task's
// submission gives the engine. The engine itself runs nothing.
//
// - TaskMaterials: what a task gives the candidate beyond the guide's card (the slow query, the
//   dataset's schema, how to submit). A cheap lookup, asked on the interview thread when the task
//   is put, and stored in the question_asked event.
// - TaskCheckResult (the task_checked event): the typed result of running one submission. A check costs up to seconds of
//   CPU, so it must not run on the thread that holds every interview: the host asks the engine
//   what to check (Interview::task_submission), runs it on its own workers, and hands the result
//   to handle_message. The engine stores it as a task_checked event and its findings as feedback,
//   so replay never runs a check again, and a later change to a checker never changes a stored score.
//
// Who implements them: checkers/ (TaskCheckers, over practical/), for the server and the terminal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/interview/interview_event.hpp"
#include "dialogue/interview/interview_plan.hpp"

namespace mi::dialogue {

class TaskMaterials {
public:
    virtual ~TaskMaterials() = default;
    // The material for `task` in an interview with `plan`, or nullopt for a task answered in words.
    // Must be deterministic (replay and tests depend on it) and cheap: it runs on the interview thread.
    [[nodiscard]] virtual std::optional<TaskMaterial> material_for(const content::PracticalTask& task,
                                                                   const InterviewPlan& plan) const = 0;
};

// What to run: the engine's answer to "is this message a submission to check?".
struct TaskSubmission {
    std::string task_id;
    std::string checker;         // TaskMaterial::checker of the task as it was asked
    std::string variant_id;      // TaskMaterial::variant_id
    int message_index = 0;       // which message of the task this is (0: the submission, 1..: to follow-ups)
    std::string text;            // that message
};

// The typed result of one check: the task_checked event's payload.
using TaskCheckResult = TaskChecked;

}  // namespace mi::dialogue
