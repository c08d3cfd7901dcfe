// Every limit the server enforces, as one table: name, flag, environment variable, default,
// range, unit and help. The table gives ServerLimits its defaults, `validate()` its ranges,
// `serve` its options and help, and docs/protocol.md its limits table (a test compares the
// document with render_limits_markdown()). A new limit is one row here and one field below.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mi::server {

enum class LimitId {
    max_message_bytes,
    max_answer_chars,
    message_timeout,
    idle_timeout,
    handshake_timeout,
    max_messages_per_second,
    rate_limit_strikes,
    max_connections,
    max_connections_per_address,
    max_interviews_per_minute,
    max_queued_writes,
    write_timeout,
    max_http_body_bytes,
    max_http_header_bytes,
    http_idle_timeout,
    shutdown_timeout,
    io_threads,
    interview_threads,
    db_pool_size,
    scoring_workspaces,
    malloc_arenas,
    outbox_retry_base,
    outbox_retry_max,
    outbox_max_attempts,
    chat_messages_per_second,
    chat_messages_per_conversation_per_second,
    outbound_request_timeout,
    link_attempt_burst,
    link_attempt_interval,
    // The practical tasks' checks (practical/sandbox_limits.hpp says why each value).
    max_check_code_bytes,
    max_check_statements,
    max_check_steps,
    check_timeout,
    max_check_value_bytes,
    max_check_growth_bytes,
    sql_heap_limit_bytes,
    max_concurrent_checks,
    max_check_result_rows,
    max_check_result_bytes,
    max_run_rows,
    // The coach API (docs/coaching.md).
    max_note_chars,
    max_invite_label_chars,
    max_page_size,
    abandoned_after,
    max_invite_lifetime,
};

enum class LimitUnit { bytes, characters, milliseconds, per_second, count };

struct LimitSpec {
    LimitId id;
    std::string_view flag;          // "--max-message-bytes"
    std::string_view env;           // "MI_MAX_MESSAGE_BYTES"
    double default_value;
    double minimum;
    double maximum;
    LimitUnit unit;
    bool whole_number;              // every limit but the message rate
    std::string_view what;          // the limit, in the docs' words ("message size")
    std::string_view when_over;     // what happens over it, for the docs ("close 1009")
    std::string_view help;          // `serve --help`
};

// clang-format off
inline constexpr std::array<LimitSpec, 45> limit_specs{{
    // Big enough for the longest answer (20 000 characters of mostly ASCII) with room for JSON.
    {LimitId::max_message_bytes, "--max-message-bytes", "MI_MAX_MESSAGE_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024,
     LimitUnit::bytes, true, "WebSocket message size", "close 1009 as soon as more has arrived",
     "Largest WebSocket message; more closes the connection with 1009 as soon as it arrives"},
    // About eight pages of text: no spoken answer is longer, and a pasted document is refused.
    {LimitId::max_answer_chars, "--max-answer-chars", "MI_MAX_ANSWER_CHARS", 20'000, 1, 1'000'000,
     LimitUnit::characters, true, "answer length", "`answer_too_long`, nothing stored",
     "Longest answer, in Unicode characters"},
    // A whole message is sent at once by every real client; one trickled byte by byte is an attack.
    {LimitId::message_timeout, "--message-timeout-ms", "MI_MESSAGE_TIMEOUT_MS", 10'000, 100, 600'000,
     LimitUnit::milliseconds, true, "time for one WebSocket message to arrive whole", "close 1008",
     "A WebSocket message must arrive whole within this once its first byte has"},
    {LimitId::idle_timeout, "--idle-timeout-ms", "MI_IDLE_TIMEOUT_MS", 60'000, 1000, 86'400'000,
     LimitUnit::milliseconds, true, "WebSocket idle time (pinged at half of it)", "close 4001",
     "Close a WebSocket that sends nothing, not even a pong, for this long; it is pinged at half of it"},
    {LimitId::handshake_timeout, "--handshake-timeout-ms", "MI_HANDSHAKE_TIMEOUT_MS", 10'000, 100, 600'000,
     LimitUnit::milliseconds, true, "time for an HTTP request, a WebSocket upgrade or close handshake",
     "the connection is closed",
     "Time allowed for an HTTP request (headers and body, from its first byte), the WebSocket upgrade and the closing handshake"},
    // A person types far slower; a script that resends at once is told when to retry.
    {LimitId::max_messages_per_second, "--max-messages-per-second", "MI_MAX_MESSAGES_PER_SECOND", 5, 0.1, 1000,
     LimitUnit::per_second, false, "messages per second per connection (bursts of as many)",
     "`rate_limited` with `retry_after_ms`",
     "Per-connection message rate (bursts of as many); faster messages get rate_limited"},
    {LimitId::rate_limit_strikes, "--rate-limit-strikes", "MI_RATE_LIMIT_STRIKES", 10, 1, 1000,
     LimitUnit::count, true, "rate-limited messages in a row", "close 1008",
     "Rate-limited messages in a row that close the connection with 1008"},
    {LimitId::max_connections, "--max-connections", "MI_MAX_CONNECTIONS", 1024, 1, 1'000'000,
     LimitUnit::count, true, "open connections", "503 `server_busy`",
     "Open connections (HTTP and WebSocket) at once; more get 503"},
    // One browser holds two or three; a whole office behind one NAT fits too. Behind a proxy that
    // does not keep the client's address, raise it to max-connections.
    {LimitId::max_connections_per_address, "--max-connections-per-address", "MI_MAX_CONNECTIONS_PER_ADDRESS", 128, 1,
     1'000'000, LimitUnit::count, true, "open connections from one IP address", "429 `too_many_connections`",
     "Open connections from one client IP address; more get 429"},
    // A candidate starts one interview at a time, a class or a test run a few dozen at once; a
    // script creating thousands a minute only fills the database.
    {LimitId::max_interviews_per_minute, "--max-interviews-per-minute", "MI_MAX_INTERVIEWS_PER_MINUTE", 120, 1,
     1'000'000, LimitUnit::count, true, "interviews and practice profiles created per minute from one IP address (bursts of as many)",
     "429 `rate_limited` with `Retry-After`",
     "Interviews and practice profiles one client IP address may create per minute (POST /api/v1/interviews, "
     "/api/v1/profiles, /api/v1/profiles/me/interviews and /drills, together), in bursts of as many; more get 429"},
    // One answer produces a dozen or two frames; 256 is many answers a client has not read.
    {LimitId::max_queued_writes, "--max-queued-writes", "MI_MAX_QUEUED_WRITES", 256, 16, 65'536,
     LimitUnit::count, true, "unsent frames per connection", "close 1008",
     "Unsent frames per WebSocket before a non-reading client is closed"},
    // A write stalls only once the socket's buffers (megabytes) are full: a client that has not
    // taken one frame for this long has stopped reading, and a close frame would wait behind it.
    {LimitId::write_timeout, "--write-timeout-ms", "MI_WRITE_TIMEOUT_MS", 20'000, 100, 600'000,
     LimitUnit::milliseconds, true, "time for a client to take one WebSocket frame", "the connection is dropped",
     "Drop a WebSocket whose client has not taken one frame for this long (it stopped reading)"},
    {LimitId::max_http_body_bytes, "--max-http-body-bytes", "MI_MAX_HTTP_BODY_BYTES", 64 * 1024, 1024,
     16 * 1024 * 1024, LimitUnit::bytes, true, "HTTP request body", "413 `body_too_large`",
     "Largest HTTP request body; larger gets 413"},
    {LimitId::max_http_header_bytes, "--max-http-header-bytes", "MI_MAX_HTTP_HEADER_BYTES", 16 * 1024, 1024,
     1024 * 1024, LimitUnit::bytes, true, "HTTP request line and headers", "431 `headers_too_large`",
     "Largest HTTP request line plus headers; larger gets 431"},
    {LimitId::http_idle_timeout, "--http-idle-timeout-ms", "MI_HTTP_IDLE_TIMEOUT_MS", 30'000, 100, 3'600'000,
     LimitUnit::milliseconds, true, "HTTP keep-alive idle time", "the connection is closed",
     "Close an HTTP connection idle between requests for this long"},
    {LimitId::shutdown_timeout, "--shutdown-timeout-ms", "MI_SHUTDOWN_TIMEOUT_MS", 5'000, 0, 600'000,
     LimitUnit::milliseconds, true, "shutdown grace", "remaining connections are dropped",
     "On SIGINT/SIGTERM, how long clients get to take their close frames"},
    // Interview work has threads of its own (below); two I/O threads use 2 cores.
    {LimitId::io_threads, "--io-threads", "MI_IO_THREADS", 2, 1, 64, LimitUnit::count, true,
     "network I/O threads", "", "Threads for network I/O"},
    // Interview work: engine steps, and waiting for the commit that acknowledges an answer. A
    // thread waiting for an fsync uses no CPU, and every waiting answer joins the next group
    // commit, so more threads than cores is the point: 32 answers share one fsync (~4 ms here).
    {LimitId::interview_threads, "--interview-threads", "MI_INTERVIEW_THREADS", 32, 1, 1024, LimitUnit::count, true,
     "interview threads (engine steps and commits)", "messages wait their turn",
     "Threads for interview work: engine steps and the commits that acknowledge answers"},
    // PostgreSQL only (SQLite has its own three connections). Each commit holds a connection for
    // one round trip, so half the interview threads keep every thread's commit moving; two nodes
    // at 16 each stay far below PostgreSQL's default of 100 connections.
    {LimitId::db_pool_size, "--db-pool-size", "MI_DB_POOL_SIZE", 16, 1, 1000, LimitUnit::count, true,
     "PostgreSQL connections per node", "queries wait for a free connection",
     "Connections this node keeps open to PostgreSQL (not used with SQLite)"},
    // Scoring is CPU-bound, so more answers scored at once than cores only queue inside the CPU;
    // each workspace holds a 256 KiB word cache and buffers sized by the longest answer it saw, so
    // one per interview thread that ever scored kept up to 32 of them (docs/performance.md,
    // "Memory (2026-12-03)"). Two cores here; a few more cover a thread paused mid-score.
    {LimitId::scoring_workspaces, "--scoring-workspaces", "MI_SCORING_WORKSPACES", 4, 1, 1024, LimitUnit::count, true,
     "answers scored at once (one workspace each, per role pack)", "the next answer waits for a workspace",
     "Answers scored at the same time per role pack; each holds a workspace (word cache and buffers)"},
    // glibc gives every thread that contends for malloc an arena of its own, up to 8 per core, and
    // keeps what is freed in each: with 32 interview threads RSS grew with the answers given. 0
    // keeps glibc's default. The throughput cost at 1,000 connections is in docs/performance.md.
    {LimitId::malloc_arenas, "--malloc-arenas", "MI_MALLOC_ARENAS", 2, 0, 1024, LimitUnit::count, true,
     "malloc arenas (glibc's M_ARENA_MAX; 0: glibc's default)", "threads share the arenas",
     "Most malloc arenas in the process (glibc M_ARENA_MAX, set at start-up); 0 leaves glibc's default of 8 per core"},
    // Chat replies (docs/integrations.md). A platform that is down for a minute gets a handful of
    // tries, not hundreds; the delay doubles from here, half of it random.
    {LimitId::outbox_retry_base, "--outbox-retry-base-ms", "MI_OUTBOX_RETRY_BASE_MS", 1'000, 1, 600'000,
     LimitUnit::milliseconds, true, "first retry delay of a chat reply (doubling, with jitter)", "",
     "Delay before a failed chat reply is first sent again; it doubles with each failure, half of it random"},
    {LimitId::outbox_retry_max, "--outbox-retry-max-ms", "MI_OUTBOX_RETRY_MAX_MS", 600'000, 1, 86'400'000,
     LimitUnit::milliseconds, true, "longest delay between two tries of a chat reply", "",
     "Longest delay between two tries of a chat reply (a platform's Retry-After may ask for more)"},
    // Ten tries at the defaults span about half an hour: longer than most outages, and a reply
    // later than that has lost its point; the dead letter stays listed for an operator.
    {LimitId::outbox_max_attempts, "--outbox-max-attempts", "MI_OUTBOX_MAX_ATTEMPTS", 10, 1, 1'000,
     LimitUnit::count, true, "tries of one chat reply", "a dead letter (`mock-interviewer outbox list`)",
     "Failed tries after which a chat reply becomes a dead letter"},
    // Telegram allows about 30 messages a second from one bot overall.
    {LimitId::chat_messages_per_second, "--chat-messages-per-second", "MI_CHAT_MESSAGES_PER_SECOND", 30, 0.1, 1000,
     LimitUnit::per_second, false, "chat replies per second per platform", "replies wait their turn",
     "Chat replies sent per second to one platform, in all"},
    // Telegram: one message a second to the same chat; Slack: about one a second per channel.
    {LimitId::chat_messages_per_conversation_per_second, "--chat-messages-per-conversation-per-second",
     "MI_CHAT_MESSAGES_PER_CONVERSATION_PER_SECOND", 1, 0.1, 1000, LimitUnit::per_second, false,
     "chat replies per second to one conversation", "replies wait their turn",
     "Chat replies sent per second to any one conversation"},
    {LimitId::outbound_request_timeout, "--outbound-timeout-ms", "MI_OUTBOUND_TIMEOUT_MS", 10'000, 100, 600'000,
     LimitUnit::milliseconds, true, "time for one request to a chat platform", "the try fails and is retried",
     "Time allowed for one request to a chat platform or the webhook callback (connect, send and answer)"},
    // A recovery code has 80 random bits, so even a year of tries is hopeless; the limit keeps the
    // log and the database quiet. A person mistypes a few times, then waits.
    {LimitId::link_attempt_burst, "--link-attempt-burst", "MI_LINK_ATTEMPT_BURST", 5, 1, 1'000, LimitUnit::count, true,
     "`/link` tries from one chat user at once", "refused with the minutes to wait, nothing changed",
     "Chat /link tries one chat user may make at once, before waiting"},
    {LimitId::link_attempt_interval, "--link-attempt-interval-ms", "MI_LINK_ATTEMPT_INTERVAL_MS", 120'000, 1'000,
     86'400'000, LimitUnit::milliseconds, true, "time after which one more `/link` try is allowed",
     "refused with the minutes to wait, nothing changed",
     "Time after which a chat user who used up the /link tries gets one more"},
    // --- checks of the practical tasks that run (docs/practical-tasks.md): one row per sandbox limit ---
    // A full schema with comments is 3-6 KB; refuses a pasted dump before SQLite parses a byte.
    {LimitId::max_check_code_bytes, "--max-check-code-bytes", "MI_MAX_CHECK_CODE_BYTES", 64 * 1024, 1024, 1024 * 1024,
     LimitUnit::bytes, true, "code one check runs (SQL or an OpenAPI document)", "not run: `too_large`",
     "Largest SQL or OpenAPI document a check or a Run takes"},
    // A schema is ~30 statements; stops a script of a million INSERTs.
    {LimitId::max_check_statements, "--max-check-statements", "MI_MAX_CHECK_STATEMENTS", 100, 1, 10'000,
     LimitUnit::count, true, "SQL statements one check runs", "not run: `too_large`",
     "SQL statements one check or Run may hold"},
    // ~12x the slowest given query plus its costliest index: 1-2 s of one core. Counted by SQLite,
    // so the same submission stops at the same step on every machine.
    {LimitId::max_check_steps, "--max-check-steps", "MI_MAX_CHECK_STEPS", 200'000'000, 1'000'000, 10'000'000'000.0,
     LimitUnit::count, true, "work one check may do (SQLite virtual-machine steps)", "stopped: `step_budget`",
     "Virtual-machine steps one check or Run may take (deterministic)"},
    // A safety stop only: the step budget stops every statement first on the machines we size for.
    {LimitId::check_timeout, "--check-timeout-ms", "MI_CHECK_TIMEOUT_MS", 10'000, 100, 600'000,
     LimitUnit::milliseconds, true, "time one check may take (a safety stop behind the steps)", "stopped: `time_budget`",
     "Wall-clock stop for one check or Run"},
    // The dataset's longest value is under 100 bytes; stops zeroblob(1e9) in one step.
    {LimitId::max_check_value_bytes, "--max-check-value-bytes", "MI_MAX_CHECK_VALUE_BYTES", 1024 * 1024, 1024,
     64 * 1024 * 1024, LimitUnit::bytes, true, "largest value a check may make", "stopped: `out_of_memory`",
     "Largest string or blob a check's SQL may make"},
    // Room for any index the candidate builds (~2 MB each on the shop dataset).
    {LimitId::max_check_growth_bytes, "--max-check-growth-bytes", "MI_MAX_CHECK_GROWTH_BYTES", 64 * 1024 * 1024,
     1024 * 1024, 1024.0 * 1024 * 1024, LimitUnit::bytes, true, "how much a check's database may grow",
     "stopped: `database_full`", "How much a check's database may grow beyond its dataset"},
    // Process-wide by SQLite's design, so it covers the checks and the interview store together:
    // max-concurrent-checks sandboxes (12 MB image, growth, sorts) and the store's few MB.
    {LimitId::sql_heap_limit_bytes, "--sql-heap-limit-bytes", "MI_SQL_HEAP_LIMIT_BYTES", 512 * 1024 * 1024,
     64 * 1024 * 1024, 16.0 * 1024 * 1024 * 1024, LimitUnit::bytes, true,
     "SQLite's heap in the whole process (checks and the store)", "the statement fails: `out_of_memory`",
     "Hard ceiling on all of SQLite's memory in the process (sqlite3_hard_heap_limit64)"},
    // One per core: checks are CPU-bound and run on their own threads, never the I/O or interview thread.
    {LimitId::max_concurrent_checks, "--max-concurrent-checks", "MI_MAX_CONCURRENT_CHECKS", 2, 1, 64,
     LimitUnit::count, true, "checks running at once (threads of their own)", "waits its turn",
     "Checks and Runs that run at once; more wait in line"},
    // Shown and compared row by row; past it, compared by digest (every row is still read).
    {LimitId::max_check_result_rows, "--max-check-result-rows", "MI_MAX_CHECK_RESULT_ROWS", 1000, 10, 100'000,
     LimitUnit::count, true, "rows of a result kept to compare in full", "compared by digest",
     "Rows of a query's result a check keeps to compare row by row"},
    {LimitId::max_check_result_bytes, "--max-check-result-bytes", "MI_MAX_CHECK_RESULT_BYTES", 256 * 1024, 1024,
     16 * 1024 * 1024, LimitUnit::bytes, true, "bytes of a result kept to compare in full", "compared by digest",
     "Bytes of a query's result a check keeps to compare row by row"},
    // A screenful: the candidate sees what the query returns; the count says how many there are.
    {LimitId::max_run_rows, "--max-run-rows", "MI_MAX_RUN_ROWS", 50, 1, 1000, LimitUnit::count, true,
     "rows a Run shows", "counted, not shown", "Rows of the candidate's query a Run sends back"},
    // --- the coach API (docs/coaching.md) ---
    // A page of remarks; a pasted transcript is refused. Also bounds an override's reason.
    {LimitId::max_note_chars, "--max-note-chars", "MI_MAX_NOTE_CHARS", 4'000, 1, 100'000, LimitUnit::characters, true,
     "coach note (and override reason) length", "400 `invalid_parameter`, nothing stored",
     "Longest coach note or override reason, in Unicode characters"},
    {LimitId::max_invite_label_chars, "--max-invite-label-chars", "MI_MAX_INVITE_LABEL_CHARS", 200, 1, 10'000,
     LimitUnit::characters, true, "invite label length", "400 `invalid_parameter`",
     "Longest label of a coach's invite link, in Unicode characters"},
    // A screenful of rows; every page is computed from the coach's whole list.
    {LimitId::max_page_size, "--max-page-size", "MI_MAX_PAGE_SIZE", 100, 1, 10'000, LimitUnit::count, true,
     "interviews in one page of the coach list (`limit`)", "400 `invalid_parameter`",
     "Most interviews one page of GET /api/v1/coach/interviews may ask for"},
    // A candidate who has not answered for a day has left; the interview can still be resumed.
    {LimitId::abandoned_after, "--abandoned-after-ms", "MI_ABANDONED_AFTER_MS", 86'400'000, 60'000, 31'536'000'000.0,
     LimitUnit::milliseconds, true, "time without an event after which an unfinished interview is listed as abandoned",
     "status `abandoned` (it can still be resumed)",
     "An interview in progress with no event for this long is listed as abandoned"},
    {LimitId::max_invite_lifetime, "--max-invite-lifetime-ms", "MI_MAX_INVITE_LIFETIME_MS", 31'536'000'000.0, 60'000,
     315'360'000'000.0, LimitUnit::milliseconds, true, "how far ahead an invite's expiry may be set",
     "400 `invalid_parameter`", "Latest expiry of an invite link, from its creation"},
}};
// clang-format on

[[nodiscard]] const LimitSpec& limit_spec(LimitId id);

// The default of a limit, for the field initialisers below.
template <typename T>
constexpr T limit_default(LimitId id) {
    for (const auto& spec : limit_specs) {
        if (spec.id == id) return static_cast<T>(spec.default_value);
    }
    return T{};
}
inline constexpr std::chrono::milliseconds limit_default_ms(LimitId id) {
    return std::chrono::milliseconds(limit_default<std::int64_t>(id));
}

struct ServerLimits {
    std::size_t max_message_bytes = limit_default<std::size_t>(LimitId::max_message_bytes);
    std::size_t max_answer_chars = limit_default<std::size_t>(LimitId::max_answer_chars);
    std::chrono::milliseconds message_timeout = limit_default_ms(LimitId::message_timeout);
    std::chrono::milliseconds idle_timeout = limit_default_ms(LimitId::idle_timeout);
    std::chrono::milliseconds handshake_timeout = limit_default_ms(LimitId::handshake_timeout);
    double max_messages_per_second = limit_default<double>(LimitId::max_messages_per_second);
    int rate_limit_strikes_before_close = limit_default<int>(LimitId::rate_limit_strikes);
    std::size_t max_connections = limit_default<std::size_t>(LimitId::max_connections);
    std::size_t max_connections_per_address = limit_default<std::size_t>(LimitId::max_connections_per_address);
    std::size_t max_interviews_per_minute = limit_default<std::size_t>(LimitId::max_interviews_per_minute);
    std::size_t max_queued_writes = limit_default<std::size_t>(LimitId::max_queued_writes);
    std::chrono::milliseconds write_timeout = limit_default_ms(LimitId::write_timeout);
    std::size_t max_http_body_bytes = limit_default<std::size_t>(LimitId::max_http_body_bytes);
    std::size_t max_http_header_bytes = limit_default<std::size_t>(LimitId::max_http_header_bytes);
    std::chrono::milliseconds http_idle_timeout = limit_default_ms(LimitId::http_idle_timeout);
    std::chrono::milliseconds shutdown_timeout = limit_default_ms(LimitId::shutdown_timeout);
    unsigned io_threads = limit_default<unsigned>(LimitId::io_threads);
    unsigned interview_threads = limit_default<unsigned>(LimitId::interview_threads);
    std::size_t db_pool_size = limit_default<std::size_t>(LimitId::db_pool_size);
    std::size_t scoring_workspaces = limit_default<std::size_t>(LimitId::scoring_workspaces);
    int malloc_arenas = limit_default<int>(LimitId::malloc_arenas);
    std::chrono::milliseconds outbox_retry_base = limit_default_ms(LimitId::outbox_retry_base);
    std::chrono::milliseconds outbox_retry_max = limit_default_ms(LimitId::outbox_retry_max);
    int outbox_max_attempts = limit_default<int>(LimitId::outbox_max_attempts);
    double chat_messages_per_second = limit_default<double>(LimitId::chat_messages_per_second);
    double chat_messages_per_conversation_per_second =
        limit_default<double>(LimitId::chat_messages_per_conversation_per_second);
    std::chrono::milliseconds outbound_request_timeout = limit_default_ms(LimitId::outbound_request_timeout);
    std::size_t link_attempt_burst = limit_default<std::size_t>(LimitId::link_attempt_burst);
    std::chrono::milliseconds link_attempt_interval = limit_default_ms(LimitId::link_attempt_interval);
    std::size_t max_check_code_bytes = limit_default<std::size_t>(LimitId::max_check_code_bytes);
    std::size_t max_check_statements = limit_default<std::size_t>(LimitId::max_check_statements);
    std::int64_t max_check_steps = limit_default<std::int64_t>(LimitId::max_check_steps);
    std::chrono::milliseconds check_timeout = limit_default_ms(LimitId::check_timeout);
    std::size_t max_check_value_bytes = limit_default<std::size_t>(LimitId::max_check_value_bytes);
    std::int64_t max_check_growth_bytes = limit_default<std::int64_t>(LimitId::max_check_growth_bytes);
    std::int64_t sql_heap_limit_bytes = limit_default<std::int64_t>(LimitId::sql_heap_limit_bytes);
    unsigned max_concurrent_checks = limit_default<unsigned>(LimitId::max_concurrent_checks);
    std::size_t max_check_result_rows = limit_default<std::size_t>(LimitId::max_check_result_rows);
    std::size_t max_check_result_bytes = limit_default<std::size_t>(LimitId::max_check_result_bytes);
    std::size_t max_run_rows = limit_default<std::size_t>(LimitId::max_run_rows);
    std::size_t max_note_chars = limit_default<std::size_t>(LimitId::max_note_chars);
    std::size_t max_invite_label_chars = limit_default<std::size_t>(LimitId::max_invite_label_chars);
    std::size_t max_page_size = limit_default<std::size_t>(LimitId::max_page_size);
    std::chrono::milliseconds abandoned_after = limit_default_ms(LimitId::abandoned_after);
    std::chrono::milliseconds max_invite_lifetime = limit_default_ms(LimitId::max_invite_lifetime);
    // Origins allowed to open the WebSocket (exact "scheme://host[:port]" strings, or "*").
    // Empty: only same-origin pages (Origin's host equals the Host header) and clients that send
    // no Origin at all (command-line tools, tests). Not a number, so not in the table.
    std::vector<std::string> allowed_origins;
};

// A limit's value as a number in the table's unit, and setting it from one.
[[nodiscard]] double limit_value(const ServerLimits& limits, LimitId id);
void set_limit_value(ServerLimits& limits, LimitId id, double value);

// Every limit outside its range, one sentence each naming the flag; empty when all fit.
[[nodiscard]] std::vector<std::string> limit_problems(const ServerLimits& limits);

// The limits table of docs/protocol.md, generated from limit_specs.
[[nodiscard]] std::string render_limits_markdown();

}  // namespace mi::server
