// `mock-interviewer db copy --from FILE.db --to postgresql://...`: moves a server's SQLite
// database to PostgreSQL, every table in one transaction, committed only when each table's row
// count and checksum on the target equal the source's (both printed). Exit 0 when copied and
// verified, 1 when it could not be (nothing is left in the target then), 2 for a command line
// it cannot use.
#include <CLI/CLI.hpp>

#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "server/postgres/database_copy.hpp"
#include "server/postgres/pg_connection.hpp"
#include "server/store_backend.hpp"

namespace mi::cli {
namespace {

namespace postgres = mi::server::postgres;

void print_report(const postgres::CopyReport& report) {
    std::cout << std::left << std::setw(26) << "table" << std::right << std::setw(10) << "source" << std::setw(10)
              << "target" << "  " << std::left << std::setw(18) << "source checksum" << std::setw(18) << "target checksum"
              << "\n";
    for (const auto& table : report.tables) {
        std::cout << std::left << std::setw(26) << table.table << std::right << std::setw(10) << table.source_rows
                  << std::setw(10) << table.target_rows << "  " << std::left << std::setw(18) << table.source_checksum
                  << std::setw(18) << table.target_checksum << (table.matches() ? "ok" : "DIFFERS") << "\n";
    }
    std::cout << std::left << std::setw(26) << "answer_search (rebuilt)" << std::right << std::setw(10)
              << report.source_answers << std::setw(10) << report.target_search_rows << "  " << std::left
              << std::setw(36) << "(answers in the source, index rows)"
              << (report.source_answers == report.target_search_rows ? "ok" : "DIFFERS") << "\n";
}

int run_copy(const postgres::CopyOptions& options) {
    if (server::backend_of(options.from_sqlite_path) != server::StoreBackend::sqlite) {
        std::cerr << "error: --from must be an SQLite database file, not a URL ('" << postgres::redact_url(options.from_sqlite_path)
                  << "')\n";
        return 2;
    }
    if (server::backend_of(options.to_url) != server::StoreBackend::postgresql) {
        std::cerr << "error: --to must be a postgresql://user@host:port/database URL, not '" << options.to_url << "'\n";
        return 2;
    }
    std::cout << "copying " << options.from_sqlite_path << " to " << postgres::redact_url(options.to_url)
              << (options.replace_target ? " (replacing what it holds)" : "") << std::endl;
    try {
        const auto report = postgres::copy_sqlite_to_postgres(options);
        print_report(report);
        if (!report.committed) {
            std::cerr << "error: the copy differs from the source (DIFFERS above); it was rolled back and the target "
                         "is as it was\n";
            return 1;
        }
        std::cout << "verified: every table's row count and checksum match (schema version " << report.schema_version
                  << "); committed in " << report.took.count() << " ms\n";
        return 0;
    } catch (const server::StoreError& failure) {
        std::cerr << "error: " << failure.what() << "\n";
        return 1;
    }
}

}  // namespace

void register_db_commands(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<postgres::CopyOptions>();
    auto* db = app.add_subcommand("db", "Move the server's database between backends");
    db->require_subcommand(1);
    auto* copy = db->add_subcommand(
        "copy", "Copy an SQLite database into PostgreSQL, verified table by table by row counts and checksums");
    copy->add_option("--from", options->from_sqlite_path, "The SQLite database file (stop the server first)")->required();
    copy->add_option("--to", options->to_url, "The PostgreSQL database, postgresql://user@host:port/database")->required();
    copy->add_flag("--replace", options->replace_target,
                   "Delete what the target holds first (a non-empty target is refused otherwise)");
    copy->callback([options, &exit_code] { exit_code = run_copy(*options); });
}

}  // namespace mi::cli
