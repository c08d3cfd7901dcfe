#include "server/server_limits.hpp"

#include <cmath>
#include <stdexcept>

namespace mi::server {

namespace {

using std::chrono::milliseconds;

// "64 KiB", "20 000 characters", "10 s", "5 per second".
std::string format_amount(double value, LimitUnit unit) {
    const auto whole = static_cast<long long>(value);
    // Thousands separated by a space, as the docs write them ("20 000").
    auto grouped = [](long long number) {
        const std::string digits = std::to_string(number);
        std::string text;
        for (std::size_t i = 0; i < digits.size(); ++i) {
            if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') text.push_back(' ');
            text.push_back(digits[i]);
        }
        return text;
    };
    switch (unit) {
        case LimitUnit::bytes:
            if (whole >= 1024LL * 1024 * 1024 && whole % (1024LL * 1024 * 1024) == 0) {
                return std::to_string(whole / (1024LL * 1024 * 1024)) + " GiB";
            }
            if (whole >= 1024 * 1024 && whole % (1024 * 1024) == 0) return std::to_string(whole / (1024 * 1024)) + " MiB";
            if (whole >= 1024 && whole % 1024 == 0) return std::to_string(whole / 1024) + " KiB";
            return grouped(whole) + " bytes";
        case LimitUnit::characters: return grouped(whole) + " characters";
        case LimitUnit::milliseconds:
            if (whole >= 1000 && whole % 1000 == 0) return grouped(whole / 1000) + " s";
            return grouped(whole) + " ms";
        case LimitUnit::per_second: {
            std::string text = std::to_string(value);
            text.erase(text.find_last_not_of('0') + 1);
            if (text.back() == '.') text.pop_back();
            return text + " per second";
        }
        case LimitUnit::count: return grouped(whole);
    }
    return grouped(whole);
}

// "1 KiB to 16 MiB", "100 ms to 600 s", but "1 to 1 000 000 characters".
std::string format_range(double minimum, double maximum, LimitUnit unit) {
    std::string low = format_amount(minimum, unit);
    const std::string_view suffix = unit == LimitUnit::characters   ? " characters"
                                    : unit == LimitUnit::per_second ? " per second"
                                                                    : "";
    if (!suffix.empty() && low.ends_with(suffix)) low.resize(low.size() - suffix.size());
    return low + " to " + format_amount(maximum, unit);
}

}  // namespace

const LimitSpec& limit_spec(LimitId id) {
    for (const auto& spec : limit_specs) {
        if (spec.id == id) return spec;
    }
    throw std::logic_error("a limit without a row in limit_specs");
}

double limit_value(const ServerLimits& limits, LimitId id) {
    switch (id) {
        case LimitId::max_message_bytes: return static_cast<double>(limits.max_message_bytes);
        case LimitId::max_answer_chars: return static_cast<double>(limits.max_answer_chars);
        case LimitId::message_timeout: return static_cast<double>(limits.message_timeout.count());
        case LimitId::idle_timeout: return static_cast<double>(limits.idle_timeout.count());
        case LimitId::handshake_timeout: return static_cast<double>(limits.handshake_timeout.count());
        case LimitId::max_messages_per_second: return limits.max_messages_per_second;
        case LimitId::rate_limit_strikes: return limits.rate_limit_strikes_before_close;
        case LimitId::max_connections: return static_cast<double>(limits.max_connections);
        case LimitId::max_connections_per_address: return static_cast<double>(limits.max_connections_per_address);
        case LimitId::max_interviews_per_minute: return static_cast<double>(limits.max_interviews_per_minute);
        case LimitId::max_queued_writes: return static_cast<double>(limits.max_queued_writes);
        case LimitId::write_timeout: return static_cast<double>(limits.write_timeout.count());
        case LimitId::max_http_body_bytes: return static_cast<double>(limits.max_http_body_bytes);
        case LimitId::max_http_header_bytes: return static_cast<double>(limits.max_http_header_bytes);
        case LimitId::http_idle_timeout: return static_cast<double>(limits.http_idle_timeout.count());
        case LimitId::shutdown_timeout: return static_cast<double>(limits.shutdown_timeout.count());
        case LimitId::io_threads: return limits.io_threads;
        case LimitId::interview_threads: return limits.interview_threads;
        case LimitId::db_pool_size: return static_cast<double>(limits.db_pool_size);
        case LimitId::scoring_workspaces: return static_cast<double>(limits.scoring_workspaces);
        case LimitId::malloc_arenas: return limits.malloc_arenas;
        case LimitId::outbox_retry_base: return static_cast<double>(limits.outbox_retry_base.count());
        case LimitId::outbox_retry_max: return static_cast<double>(limits.outbox_retry_max.count());
        case LimitId::outbox_max_attempts: return limits.outbox_max_attempts;
        case LimitId::chat_messages_per_second: return limits.chat_messages_per_second;
        case LimitId::chat_messages_per_conversation_per_second: return limits.chat_messages_per_conversation_per_second;
        case LimitId::outbound_request_timeout: return static_cast<double>(limits.outbound_request_timeout.count());
        case LimitId::link_attempt_burst: return static_cast<double>(limits.link_attempt_burst);
        case LimitId::link_attempt_interval: return static_cast<double>(limits.link_attempt_interval.count());
        case LimitId::max_check_code_bytes: return static_cast<double>(limits.max_check_code_bytes);
        case LimitId::max_check_statements: return static_cast<double>(limits.max_check_statements);
        case LimitId::max_check_steps: return static_cast<double>(limits.max_check_steps);
        case LimitId::check_timeout: return static_cast<double>(limits.check_timeout.count());
        case LimitId::max_check_value_bytes: return static_cast<double>(limits.max_check_value_bytes);
        case LimitId::max_check_growth_bytes: return static_cast<double>(limits.max_check_growth_bytes);
        case LimitId::sql_heap_limit_bytes: return static_cast<double>(limits.sql_heap_limit_bytes);
        case LimitId::max_concurrent_checks: return limits.max_concurrent_checks;
        case LimitId::max_check_result_rows: return static_cast<double>(limits.max_check_result_rows);
        case LimitId::max_check_result_bytes: return static_cast<double>(limits.max_check_result_bytes);
        case LimitId::max_run_rows: return static_cast<double>(limits.max_run_rows);
        case LimitId::max_note_chars: return static_cast<double>(limits.max_note_chars);
        case LimitId::max_invite_label_chars: return static_cast<double>(limits.max_invite_label_chars);
        case LimitId::max_page_size: return static_cast<double>(limits.max_page_size);
        case LimitId::abandoned_after: return static_cast<double>(limits.abandoned_after.count());
        case LimitId::max_invite_lifetime: return static_cast<double>(limits.max_invite_lifetime.count());
    }
    return 0;
}

void set_limit_value(ServerLimits& limits, LimitId id, double value) {
    // Out-of-range values are stored clamped to what the field can hold and reported by
    // limit_problems(), which compares with the table, so nothing here needs to refuse.
    const double non_negative = std::max(0.0, std::min(value, 9.0e15));
    const auto whole = static_cast<std::size_t>(non_negative);
    const auto ms = milliseconds(static_cast<std::int64_t>(non_negative));
    switch (id) {
        case LimitId::max_message_bytes: limits.max_message_bytes = whole; return;
        case LimitId::max_answer_chars: limits.max_answer_chars = whole; return;
        case LimitId::message_timeout: limits.message_timeout = ms; return;
        case LimitId::idle_timeout: limits.idle_timeout = ms; return;
        case LimitId::handshake_timeout: limits.handshake_timeout = ms; return;
        case LimitId::max_messages_per_second: limits.max_messages_per_second = value; return;
        case LimitId::rate_limit_strikes:
            limits.rate_limit_strikes_before_close = static_cast<int>(std::min(non_negative, 2.0e9));
            return;
        case LimitId::max_connections: limits.max_connections = whole; return;
        case LimitId::max_connections_per_address: limits.max_connections_per_address = whole; return;
        case LimitId::max_interviews_per_minute: limits.max_interviews_per_minute = whole; return;
        case LimitId::max_queued_writes: limits.max_queued_writes = whole; return;
        case LimitId::write_timeout: limits.write_timeout = ms; return;
        case LimitId::max_http_body_bytes: limits.max_http_body_bytes = whole; return;
        case LimitId::max_http_header_bytes: limits.max_http_header_bytes = whole; return;
        case LimitId::http_idle_timeout: limits.http_idle_timeout = ms; return;
        case LimitId::shutdown_timeout: limits.shutdown_timeout = ms; return;
        case LimitId::io_threads: limits.io_threads = static_cast<unsigned>(std::min(non_negative, 4.0e9)); return;
        case LimitId::interview_threads:
            limits.interview_threads = static_cast<unsigned>(std::min(non_negative, 4.0e9));
            return;
        case LimitId::db_pool_size: limits.db_pool_size = whole; return;
        case LimitId::scoring_workspaces: limits.scoring_workspaces = whole; return;
        case LimitId::malloc_arenas: limits.malloc_arenas = static_cast<int>(std::min(non_negative, 2.0e9)); return;
        case LimitId::outbox_retry_base: limits.outbox_retry_base = ms; return;
        case LimitId::outbox_retry_max: limits.outbox_retry_max = ms; return;
        case LimitId::outbox_max_attempts: limits.outbox_max_attempts = static_cast<int>(std::min(non_negative, 2.0e9)); return;
        case LimitId::chat_messages_per_second: limits.chat_messages_per_second = value; return;
        case LimitId::chat_messages_per_conversation_per_second:
            limits.chat_messages_per_conversation_per_second = value;
            return;
        case LimitId::outbound_request_timeout: limits.outbound_request_timeout = ms; return;
        case LimitId::link_attempt_burst: limits.link_attempt_burst = whole; return;
        case LimitId::link_attempt_interval: limits.link_attempt_interval = ms; return;
        case LimitId::max_check_code_bytes: limits.max_check_code_bytes = whole; return;
        case LimitId::max_check_statements: limits.max_check_statements = whole; return;
        case LimitId::max_check_steps: limits.max_check_steps = static_cast<std::int64_t>(non_negative); return;
        case LimitId::check_timeout: limits.check_timeout = ms; return;
        case LimitId::max_check_value_bytes: limits.max_check_value_bytes = whole; return;
        case LimitId::max_check_growth_bytes: limits.max_check_growth_bytes = static_cast<std::int64_t>(non_negative); return;
        case LimitId::sql_heap_limit_bytes: limits.sql_heap_limit_bytes = static_cast<std::int64_t>(non_negative); return;
        case LimitId::max_concurrent_checks:
            limits.max_concurrent_checks = static_cast<unsigned>(std::min(non_negative, 4.0e9));
            return;
        case LimitId::max_check_result_rows: limits.max_check_result_rows = whole; return;
        case LimitId::max_check_result_bytes: limits.max_check_result_bytes = whole; return;
        case LimitId::max_run_rows: limits.max_run_rows = whole; return;
        case LimitId::max_note_chars: limits.max_note_chars = whole; return;
        case LimitId::max_invite_label_chars: limits.max_invite_label_chars = whole; return;
        case LimitId::max_page_size: limits.max_page_size = whole; return;
        case LimitId::abandoned_after: limits.abandoned_after = ms; return;
        case LimitId::max_invite_lifetime: limits.max_invite_lifetime = ms; return;
    }
}

std::vector<std::string> limit_problems(const ServerLimits& limits) {
    std::vector<std::string> problems;
    for (const auto& spec : limit_specs) {
        const double value = limit_value(limits, spec.id);
        if (!(value >= spec.minimum && value <= spec.maximum)) {
            problems.push_back(std::string(spec.flag) + " must be " + format_range(spec.minimum, spec.maximum, spec.unit) +
                               ", not " + format_amount(value, spec.unit));
        }
    }
    if (limits.max_answer_chars > limits.max_message_bytes) {
        problems.emplace_back("--max-answer-chars must not exceed --max-message-bytes (an answer travels in one message)");
    }
    if (limits.outbox_retry_base > limits.outbox_retry_max) {
        problems.emplace_back("--outbox-retry-base-ms must not exceed --outbox-retry-max-ms");
    }
    if (limits.max_run_rows > limits.max_check_result_rows) {
        problems.emplace_back("--max-run-rows must not exceed --max-check-result-rows (a Run shows rows the check kept)");
    }
    return problems;
}

std::string render_limits_markdown() {
    std::string table = "| limit | default | range | flag | environment | over it |\n| --- | --- | --- | --- | --- | --- |\n";
    for (const auto& spec : limit_specs) {
        table += "| " + std::string(spec.what) + " | " + format_amount(spec.default_value, spec.unit) + " | " +
                 format_range(spec.minimum, spec.maximum, spec.unit) + " | `" +
                 std::string(spec.flag) + "` | `" + std::string(spec.env) + "` | " +
                 (spec.when_over.empty() ? "—" : std::string(spec.when_over)) + " |\n";
    }
    return table;
}

}  // namespace mi::server
