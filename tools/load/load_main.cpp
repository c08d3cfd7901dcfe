// mock-interviewer-load: holds whole interviews over WebSocket with N simulated candidates and
// reports throughput, latency and the server's CPU and memory, side by side with an echo server
// on the same Beast stack and the same messages (docs/performance.md).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "tools/load/load_run.hpp"

namespace {

using namespace mi::load;
namespace fs = std::filesystem;

struct Settings {
    std::string server_binary;
    std::string content_dir = "content";
    std::string answers_file = "tests/data/eval/real-dev.jsonl";
    std::size_t min_words = 200;
    int connections = 1;
    int think_ms = 0;
    int duration_ms = 10000;
    int ramp_ms = 1000;
    bool echo = false;
    bool table = false;
    int repeat = 1;
    int threads = 1;
    int answers_per_interview = 0;
    std::string plan = R"({"role":"backend-developer","seniority":"mid","seed":42})";
    std::vector<std::string> server_args;
    std::string server_log;
    int port = 0;                   // drive a server already running here instead of starting one
    int server_pid = -1;            // ...whose CPU and memory to report
};

// Answers of at least `min_words` words: the file's answers (JSON lines with "answer", or one
// plain answer per line), consecutive ones joined until long enough.
std::vector<std::string> load_answers(const std::string& path, std::size_t min_words) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read answers file " + path);
    std::vector<std::string> pieces;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line.front() == '{') {
            const auto parsed = nlohmann::json::parse(line, nullptr, false);
            if (parsed.is_object() && parsed.contains("answer") && parsed["answer"].is_string()) {
                pieces.push_back(parsed["answer"].get<std::string>());
            }
        } else {
            pieces.push_back(line);
        }
    }
    if (pieces.empty()) throw std::runtime_error("no answers in " + path);
    std::vector<std::string> answers;
    std::string current;
    std::size_t words = 0;
    for (std::size_t i = 0; answers.size() < pieces.size(); ++i) {
        const auto& piece = pieces[i % pieces.size()];
        if (!current.empty()) current += ' ';
        current += piece;
        std::istringstream count(piece);
        std::string word;
        while (count >> word) ++words;
        if (words >= min_words) {
            answers.push_back(std::move(current));
            current.clear();
            words = 0;
        }
    }
    return answers;
}

struct Row {
    int connections;
    int think_ms;
};

struct Measured {
    RunResult result;
    double cpu_percent = 0;          // of one core
    std::int64_t peak_rss_kib = 0;
};

Measured run_once(const Settings& settings, const std::vector<std::string>& answers, const fs::path& self, bool echo,
                  int connections, int think_ms) {
    const auto folder = fs::temp_directory_path() / ("mi-load-" + std::to_string(getpid()));
    fs::create_directories(folder);
    std::vector<std::string> argv;
    if (echo) {
        argv = {self.string(), "--serve-echo"};
    } else {
        argv = {settings.server_binary, "serve", "--host", "127.0.0.1", "--port", "0",
                "--db", (folder / "load.db").string(), "--content", settings.content_dir, "--web", "/nonexistent",
                "--log-level", "warn",
                "--max-messages-per-second", "1000", "--rate-limit-strikes", "1000",
                "--max-connections", "1000000", "--max-connections-per-address", "1000000",
                "--max-queued-writes", "65536", "--max-interviews-per-minute", "1000000"};
        for (const auto& arg : settings.server_args) argv.push_back(arg);
    }
    std::optional<ServerProcess> server;
    if (settings.port == 0) server.emplace(argv, settings.server_log);
    RunOptions options;
    options.port = server ? server->port() : static_cast<std::uint16_t>(settings.port);
    options.echo = echo;
    options.connections = connections;
    options.think = std::chrono::milliseconds(think_ms);
    options.duration = std::chrono::milliseconds(settings.duration_ms);
    options.ramp = std::chrono::milliseconds(connections > 1 ? settings.ramp_ms : 200);
    options.answers = answers;
    options.plan_json = settings.plan;
    options.server_pid = server ? server->pid() : settings.server_pid;
    options.threads = settings.threads;
    options.answers_per_interview = settings.answers_per_interview;
    Measured measured;
    measured.result = drive_load(options);
    if (server) server->stop();
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    const auto cpu = measured.result.server_after.cpu_seconds - measured.result.server_before.cpu_seconds;
    measured.cpu_percent = 100.0 * cpu / measured.result.seconds;
    measured.peak_rss_kib = measured.result.server_after.peak_rss_kib;
    return measured;
}

void print_run(const char* label, const Measured& measured) {
    const auto& r = measured.result;
    const auto ack = r.to_ack.percentiles(), first = r.to_first_feedback.percentiles(), done = r.to_complete.percentiles();
    std::printf("%s: %.0f answers/s (%llu in %.1f s), %llu interviews finished, %llu errors\n", label,
                static_cast<double>(r.answers) / r.seconds, static_cast<unsigned long long>(r.answers), r.seconds,
                static_cast<unsigned long long>(r.interviews_finished), static_cast<unsigned long long>(r.errors));
    for (const auto& [kind, count] : r.errors_by_kind) std::printf("  error %s: %llu\n", kind.c_str(), static_cast<unsigned long long>(count));
    std::printf("  ms p50/p95/p99/max  ack %.2f/%.2f/%.2f/%.2f  first feedback %.2f/%.2f/%.2f/%.2f  complete %.2f/%.2f/%.2f/%.2f\n",
                ack.p50_ms, ack.p95_ms, ack.p99_ms, ack.max_ms, first.p50_ms, first.p95_ms, first.p99_ms, first.max_ms,
                done.p50_ms, done.p95_ms, done.p99_ms, done.max_ms);
    std::printf("  server CPU %.0f %% of a core, peak RSS %.1f MiB, %d connections open at the end\n", measured.cpu_percent,
                static_cast<double>(measured.peak_rss_kib) / 1024.0, r.connections_open_at_end);
    if (r.interviews_held > 0) std::printf("  %d interviews held open after all their answers\n", r.interviews_held);
    std::fflush(stdout);
}

std::string figure(const Spread& spread, const char* format) {
    char median[64], low[64], high[64];
    std::snprintf(median, sizeof median, format, spread.median);
    std::snprintf(low, sizeof low, format, spread.low);
    std::snprintf(high, sizeof high, format, spread.high);
    if (std::string(low) == high) return median;
    return std::string(median) + " (" + low + "–" + high + ")";
}

void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"mock-interviewer-load: simulated candidates holding whole interviews over WebSocket, side by side "
                 "with an echo server on the same Beast stack"};
    Settings settings;
    const fs::path self = fs::canonical("/proc/self/exe");
    settings.server_binary = (self.parent_path().parent_path().parent_path() / "mock-interviewer").string();
    bool serve_echo_mode = false;
    app.add_flag("--serve-echo", serve_echo_mode, "Be the echo server (started by this program for --echo)");
    app.add_option("--server", settings.server_binary, "The mock-interviewer binary to start")->capture_default_str();
    app.add_option("--content", settings.content_dir, "Content folder for the server")->capture_default_str();
    app.add_option("--answers", settings.answers_file, "Answers: JSON lines with \"answer\", or one per line")
        ->capture_default_str();
    app.add_option("--min-words", settings.min_words, "Join answers from the file until each has this many words")
        ->capture_default_str();
    app.add_option("-c,--connections", settings.connections, "Simulated candidates")->capture_default_str();
    app.add_option("--think-ms", settings.think_ms, "Think time after each complete feedback (0: closed loop)")
        ->capture_default_str();
    app.add_option("--duration-ms", settings.duration_ms, "Measured window")->capture_default_str();
    app.add_option("--ramp-ms", settings.ramp_ms, "Candidates start spread over this, before the window")
        ->capture_default_str();
    app.add_flag("--echo", settings.echo, "Drive the echo baseline instead of the interviewer");
    app.add_flag("--table", settings.table, "The standard table: four loads, each against the interviewer and the echo");
    app.add_option("--repeat", settings.repeat, "Measure each row this many times (medians and spread)")
        ->capture_default_str();
    app.add_option("--threads", settings.threads, "The generator's I/O threads")->capture_default_str();
    app.add_option("--answers-per-interview", settings.answers_per_interview,
                   "Hold each interview open after this many answers until the run ends (0: answer to the report)")
        ->capture_default_str();
    app.add_option("--plan", settings.plan, "The interview plan (POST /api/v1/interviews body)")->capture_default_str();
    app.add_option("--server-arg", settings.server_args, "An extra argument for `mock-interviewer serve` (repeatable)");
    app.add_option("--server-log", settings.server_log, "Where the server's stderr goes (default: nowhere)");
    app.add_option("--port", settings.port, "Drive a server already listening on 127.0.0.1:PORT instead of starting one");
    app.add_option("--server-pid", settings.server_pid, "With --port: the process whose CPU and memory to report");
    CLI11_PARSE(app, argc, argv);

    raise_file_limit();
    if (serve_echo_mode) return serve_echo("127.0.0.1", 0, 2, 64 * 1024);

    try {
        const auto answers = load_answers(settings.answers_file, settings.min_words);
        std::vector<Row> rows;
        if (settings.table) {
            rows = {{1, 0}, {100, 200}, {1000, 200}, {1000, 0}};
        } else {
            rows = {{settings.connections, settings.think_ms}};
        }
        std::printf("%zu answers of at least %zu words from %s; window %d ms after a %d ms ramp; %d time(s) each\n",
                    answers.size(), settings.min_words, settings.answers_file.c_str(), settings.duration_ms,
                    settings.ramp_ms, settings.repeat);
        std::vector<std::string> table_lines;
        for (const auto& row : rows) {
            std::vector<double> rate, p50, p99, cpu, rss, echo_rate, echo_p99, echo_cpu, first_p99, ack_p99;
            for (int attempt = 0; attempt < settings.repeat; ++attempt) {
                char label[128];
                if (!settings.echo || settings.table) {
                    const auto server = run_once(settings, answers, self, false, row.connections, row.think_ms);
                    std::snprintf(label, sizeof label, "interviewer, %d connections, think %d ms, run %d", row.connections,
                                  row.think_ms, attempt + 1);
                    print_run(label, server);
                    const auto done = server.result.to_complete.percentiles();
                    rate.push_back(static_cast<double>(server.result.answers) / server.result.seconds);
                    p50.push_back(done.p50_ms);
                    p99.push_back(done.p99_ms);
                    ack_p99.push_back(server.result.to_ack.percentiles().p99_ms);
                    first_p99.push_back(server.result.to_first_feedback.percentiles().p99_ms);
                    cpu.push_back(server.cpu_percent);
                    rss.push_back(static_cast<double>(server.peak_rss_kib) / 1024.0);
                }
                if (settings.echo || settings.table) {
                    const auto echo = run_once(settings, answers, self, true, row.connections, row.think_ms);
                    std::snprintf(label, sizeof label, "echo, %d connections, think %d ms, run %d", row.connections,
                                  row.think_ms, attempt + 1);
                    print_run(label, echo);
                    echo_rate.push_back(static_cast<double>(echo.result.answers) / echo.result.seconds);
                    echo_p99.push_back(echo.result.to_complete.percentiles().p99_ms);
                    echo_cpu.push_back(echo.cpu_percent);
                }
            }
            if (settings.table) {
                const double offered = row.think_ms > 0 ? row.connections * 1000.0 / row.think_ms : 0;
                std::string load = std::to_string(row.connections) + (row.connections == 1 ? " connection" : " connections") +
                                   (row.think_ms > 0 ? ", " + std::to_string(row.think_ms) + " ms think" : ", closed loop");
                std::string line = "| " + load + " | " + figure(spread_of(rate), "%.0f") +
                                   (offered > 0 ? " (of " + std::to_string(static_cast<int>(offered)) + " offered)" : "") +
                                   " | " + figure(spread_of(echo_rate), "%.0f") + " | " + figure(spread_of(p50), "%.1f") +
                                   " / " + figure(spread_of(p99), "%.1f") + " ms | " + figure(spread_of(ack_p99), "%.1f") +
                                   " / " + figure(spread_of(first_p99), "%.1f") + " ms | " +
                                   figure(spread_of(echo_p99), "%.1f") + " ms | " + figure(spread_of(cpu), "%.0f") + " % / " +
                                   figure(spread_of(echo_cpu), "%.0f") + " % | " + figure(spread_of(rss), "%.0f") + " MiB |";
                table_lines.push_back(line);
            }
        }
        if (settings.table) {
            std::printf("\n| load | answers/s | echo msgs/s | p50 / p99 answer → complete feedback | p99 to ack / first "
                        "feedback | echo p99 | server CPU / echo CPU (of one core) | server peak RSS |\n");
            std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (const auto& line : table_lines) std::printf("%s\n", line.c_str());
        }
    } catch (const std::exception& failure) {
        std::cerr << "mock-interviewer-load: " << failure.what() << "\n";
        return 1;
    }
    return 0;
}
