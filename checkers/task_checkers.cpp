#include "checkers/task_checkers.hpp"

#include <algorithm>
#include <stdexcept>

#include "checkers/check_adapters.hpp"
#include "practical/schema_check.hpp"
#include "practical/slow_query_task.hpp"

namespace mi::checkers {

// Which role-pack task each checker serves. The slow-query packs name their task themselves
// (content/tasks/*.json "task_id"); the schema and API checkers decide items of one task each.
namespace {
constexpr std::string_view schema_task_id = "db-schema-design";
constexpr std::string_view api_task_id = "api-implementation";
}  // namespace

struct TaskCheckers::SlowQueryTask {
    practical::PerformanceTaskPack pack;
    std::unique_ptr<practical::SlowQueryChecker> checker;
};

TaskCheckers::TaskCheckers(CheckerLimits limits) : limits_(limits) {}
TaskCheckers::~TaskCheckers() = default;

TaskCheckers::Loaded TaskCheckers::load(const content::ContentLibrary& library, const std::filesystem::path& content_dir,
                                        const CheckerLimits& limits) {
    Loaded loaded;
    loaded.checkers.reset(new TaskCheckers(limits));
    auto& self = *loaded.checkers;
    auto problem = [&](std::string file, std::string message) {
        loaded.problems.push_back(content::ContentProblem{std::move(file), "", std::move(message)});
    };
    auto find_task = [&](std::string_view id) -> const content::PracticalTask* {
        for (const auto& pack : library.roles) {
            if (const auto* task = pack.find_task(id)) return task;
        }
        return nullptr;
    };

    const auto tasks_dir = content_dir / "tasks";
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(tasks_dir, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto pack = practical::load_performance_pack(file);
        for (auto& found : pack.problems) loaded.problems.push_back(std::move(found));
        if (!pack.pack) continue;
        if (find_task(pack.pack->task_id) == nullptr) {
            problem(file.string(), "task_id \"" + pack.pack->task_id + "\" is not a practical task of any role pack");
            continue;
        }
        if (self.slow_query_) {
            problem(file.string(), "a second slow-query pack; only " + self.slow_query_->pack.id + " is used");
            continue;
        }
        try {
            auto task = std::make_unique<SlowQueryTask>();
            task->pack = *pack.pack;
            task->checker = std::make_unique<practical::SlowQueryChecker>(*pack.pack, limits.sandbox);
            // Measured now, once: the task card shows each query's cost, and the interview thread
            // that asks the task must not wait for it.
            for (const auto& query : task->pack.queries) (void)task->checker->measure_original(query.id);
            self.task_of_checker_.emplace("slow_query", task->pack.task_id);
            self.slow_query_ = std::move(task);
        } catch (const std::exception& failure) {
            problem(file.string(), std::string("the slow-query task cannot be set up: ") + failure.what());
        }
    }
    if (const auto* task = find_task(schema_task_id)) {
        try {
            self.schema_ = std::make_unique<practical::SchemaChecker>(*task, limits.sandbox);
            self.task_of_checker_.emplace("schema", task->id);
        } catch (const std::invalid_argument& failure) {
            problem("roles", failure.what());
        }
    }
    if (const auto* task = find_task(api_task_id)) {
        try {
            self.openapi_ = std::make_unique<practical::OpenApiChecker>(*task);
            self.task_of_checker_.emplace("openapi", task->id);
        } catch (const std::invalid_argument& failure) {
            problem("roles", failure.what());
        }
    }
    return loaded;
}

std::optional<dialogue::TaskMaterial> TaskCheckers::material_for(const content::PracticalTask& task,
                                                                 const dialogue::InterviewPlan& plan) const {
    if (slow_query_ && task.id == slow_query_->pack.task_id) {
        const auto& query = practical::choose_query(slow_query_->pack, plan.seniority, plan.seed);
        return detail::slow_query_material({*slow_query_->checker, slow_query_->pack, limits_}, query);
    }
    if (schema_ && task.id == schema_task_id) return detail::schema_material();
    if (openapi_ && task.id == api_task_id) return detail::openapi_material();
    return std::nullopt;
}

std::optional<dialogue::TaskCheckResult> TaskCheckers::check(const dialogue::TaskSubmission& submission) const {
    if (submission.checker == "slow_query" && slow_query_) {
        return detail::slow_query_check({*slow_query_->checker, slow_query_->pack, limits_}, submission);
    }
    if (submission.checker == "schema" && schema_) return detail::schema_check(*schema_, submission);
    if (submission.checker == "openapi" && openapi_) return detail::openapi_check(*openapi_, submission);
    throw std::invalid_argument("no checker \"" + submission.checker + "\" is set up on this server");
}

TaskRun TaskCheckers::run(std::string_view checker, std::string_view variant_id, std::string_view code) const {
    if (checker == "slow_query" && slow_query_) {
        return detail::slow_query_run({*slow_query_->checker, slow_query_->pack, limits_}, variant_id, code);
    }
    if (checker == "schema" && schema_) return detail::schema_run(*schema_, code);
    if (checker == "openapi" && openapi_) return detail::openapi_run(*openapi_, code);
    throw std::invalid_argument("no checker \"" + std::string(checker) + "\" is set up on this server");
}

std::vector<std::pair<std::string, std::string>> TaskCheckers::checkers() const {
    return {task_of_checker_.begin(), task_of_checker_.end()};
}

bool TaskCheckers::has_checker(std::string_view checker) const { return task_of_checker_.find(checker) != task_of_checker_.end(); }

}  // namespace mi::checkers
