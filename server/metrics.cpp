#include "server/metrics.hpp"

#include <cstdio>

namespace mi::server {

namespace {

std::string format_number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

// Label values escape backslash, double quote and newline (exposition format rules).
std::string escape_label(std::string_view value) {
    std::string escaped;
    for (const char c : value) {
        if (c == '\\' || c == '"') escaped.push_back('\\');
        if (c == '\n') {
            escaped += "\\n";
            continue;
        }
        escaped.push_back(c);
    }
    return escaped;
}

void render_single(std::string& out, std::string_view name, std::string_view type, std::string_view help,
                   const std::string& value) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(" ").append(value).append("\n");
}

}  // namespace

void LatencyHistogram::observe(std::chrono::nanoseconds latency) {
    const double seconds = std::chrono::duration<double>(latency).count();
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
        if (seconds <= bucket_bounds[i]) {
            ++buckets_[i];
            break;
        }
    }
    ++count_;
    sum_nanoseconds_ += static_cast<std::uint64_t>(latency.count() < 0 ? 0 : latency.count());
}

void LatencyHistogram::render(std::string& out, std::string_view name, std::string_view help) const {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" histogram\n");
    // Buckets are stored per interval and rendered cumulatively, as Prometheus expects.
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i) {
        cumulative += buckets_[i];
        out.append(name).append("_bucket{le=\"").append(format_number(bucket_bounds[i])).append("\"} ");
        out.append(std::to_string(cumulative)).append("\n");
    }
    const auto count = count_.load();
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(std::to_string(count)).append("\n");
    out.append(name).append("_sum ").append(format_number(static_cast<double>(sum_nanoseconds_.load()) / 1e9)).append("\n");
    out.append(name).append("_count ").append(std::to_string(count)).append("\n");
}

void Metrics::answer_scored(std::chrono::nanoseconds scoring_latency) {
    ++answers_scored_;
    scoring_latency_.observe(scoring_latency);
}

void Metrics::check_ran(std::chrono::nanoseconds duration) {
    ++checks_run_;
    check_latency_.observe(duration);
}

void Metrics::count_error(std::string_view kind) {
    const std::lock_guard lock(errors_mutex_);
    const auto found = errors_by_kind_.find(kind);
    if (found == errors_by_kind_.end()) {
        errors_by_kind_.emplace(std::string(kind), 1);
    } else {
        ++found->second;
    }
}

std::string Metrics::render_prometheus() const {
    std::string out;
    render_single(out, "mi_open_connections", "gauge", "Open TCP connections (HTTP and WebSocket).",
                  std::to_string(open_connections_.load()));
    render_single(out, "mi_active_interviews", "gauge", "Interviews with a connected candidate.",
                  std::to_string(active_interviews_.load()));
    render_single(out, "mi_interviews_created_total", "counter", "Interviews created since start.",
                  std::to_string(interviews_created_.load()));
    render_single(out, "mi_answers_scored_total", "counter", "Answers and submissions scored since start.",
                  std::to_string(answers_scored_.load()));
    scoring_latency_.render(out, "mi_scoring_latency_seconds",
                            "Time the interview engine took to handle one answer (scoring included).");
    feedback_latency_.render(out, "mi_feedback_latency_seconds",
                             "From an answer's arrival to its last feedback frame queued (commit included).");
    render_single(out, "mi_checks_total", "counter", "Practical-task checks and Runs since start.",
                  std::to_string(checks_run_.load()));
    check_latency_.render(out, "mi_check_latency_seconds",
                          "From handing a check or Run to a check thread to its result (waiting for a free thread included).");
    out.append("# HELP mi_errors_total Errors by kind (protocol error codes and internal failures).\n");
    out.append("# TYPE mi_errors_total counter\n");
    const std::lock_guard lock(errors_mutex_);
    for (const auto& [kind, count] : errors_by_kind_) {
        out.append("mi_errors_total{kind=\"").append(escape_label(kind)).append("\"} ");
        out.append(std::to_string(count)).append("\n");
    }
    return out;
}

}  // namespace mi::server
