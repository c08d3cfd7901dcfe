#include "server/check_limits.hpp"

#include <algorithm>
#include <limits>

namespace mi::server {

checkers::CheckerLimits checker_limits(const ServerLimits& limits) {
    checkers::CheckerLimits checker;
    auto& sandbox = checker.sandbox;
    sandbox.max_submission_bytes = limits.max_check_code_bytes;
    sandbox.max_statements = limits.max_check_statements;
    sandbox.max_vm_steps = limits.max_check_steps;
    sandbox.max_wall_time = limits.check_timeout;
    sandbox.max_value_bytes = static_cast<int>(std::min<std::size_t>(limits.max_check_value_bytes, std::numeric_limits<int>::max()));
    sandbox.max_database_growth_bytes = limits.max_check_growth_bytes;
    sandbox.process_heap_limit_bytes = limits.sql_heap_limit_bytes;
    sandbox.max_concurrent_checks = static_cast<int>(limits.max_concurrent_checks);
    sandbox.max_result_rows = limits.max_check_result_rows;
    sandbox.max_result_bytes = limits.max_check_result_bytes;
    checker.max_run_rows = limits.max_run_rows;
    return checker;
}

}  // namespace mi::server
