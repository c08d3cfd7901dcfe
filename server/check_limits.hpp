// The practical tasks' sandbox limits, as the server's limits table sets them: each row of
// limit_specs under "checks" becomes the SandboxLimits field it names. The parser limits
// (columns, expression depth, ...) stay SandboxLimits' own: they are far above any honest query
// and no operator has a reason to move them.
#pragma once

#include "checkers/task_checkers.hpp"
#include "server/server_limits.hpp"

namespace mi::server {

[[nodiscard]] checkers::CheckerLimits checker_limits(const ServerLimits& limits);

}  // namespace mi::server
