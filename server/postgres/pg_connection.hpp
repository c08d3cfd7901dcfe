// A small RAII wrapper over libpq: one connection, its results, parameterised statements with
// text parameters, transactions, and a pool. Every failure is a PgError (a StoreError) carrying
// PostgreSQL's SQLSTATE and message, the statement's first words, and the server's address
// without its password. No libpq header here: callers include only this.
//
// Thread safety: a PgConnection is used by one thread at a time (the pool hands each out to one
// caller); PgPool is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "server/interview_store.hpp"

struct pg_conn;
struct pg_result;

namespace mi::server::postgres {

// SQLSTATE codes the stores act on (https://www.postgresql.org/docs/15/errcodes-appendix.html).
inline constexpr std::string_view sqlstate_unique_violation = "23505";
inline constexpr std::string_view sqlstate_foreign_key_violation = "23503";
inline constexpr std::string_view sqlstate_serialization_failure = "40001";
inline constexpr std::string_view sqlstate_deadlock_detected = "40P01";

class PgError : public StoreError {
public:
    PgError(const std::string& message, std::string sqlstate) : StoreError(message), sqlstate_(std::move(sqlstate)) {}
    // Five characters, or empty when the failure was not the server's answer (a lost connection).
    [[nodiscard]] const std::string& sqlstate() const { return sqlstate_; }

private:
    std::string sqlstate_;
};

// One parameter of a statement, sent as text ($1, $2, ...); nullopt is SQL NULL.
class PgParam {
public:
    PgParam(std::string_view text) : value_(std::string(text)) {}
    PgParam(const std::string& text) : value_(text) {}
    PgParam(const char* text) : value_(std::string(text)) {}
    PgParam(std::int64_t number) : value_(std::to_string(number)) {}
    PgParam(int number) : value_(std::to_string(number)) {}
    PgParam(std::nullopt_t) {}
    PgParam(std::optional<std::int64_t> number) {
        if (number) value_ = std::to_string(*number);
    }
    [[nodiscard]] const std::optional<std::string>& value() const { return value_; }

private:
    std::optional<std::string> value_;
};

using PgParams = std::vector<PgParam>;

// The rows of a statement, every value as text (libpq's text format).
class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* result);

    [[nodiscard]] int rows() const;
    [[nodiscard]] bool empty() const { return rows() == 0; }
    [[nodiscard]] bool is_null(int row, int column) const;
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] std::int64_t integer(int row, int column) const;
    [[nodiscard]] std::optional<std::int64_t> optional_integer(int row, int column) const;
    // Rows an INSERT, UPDATE or DELETE touched.
    [[nodiscard]] std::int64_t affected() const;

private:
    struct Release {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Release> result_;
};

struct PgNotification {
    std::string channel;
    std::string payload;
};

class PgConnection {
public:
    // Connects to `url` (postgresql://user@host:port/db or a libpq conninfo string).
    explicit PgConnection(const std::string& url);
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Runs one statement with $1.. parameters. Each distinct statement text is prepared on this
    // connection the first time and reused (preparing costs more than an append's small statements).
    PgResult exec(std::string_view sql, const PgParams& params = {});
    // Runs statements without parameters and without preparing them, several separated by ';'
    // allowed (migrations, BEGIN, cursors); returns the last one's rows.
    PgResult execute(std::string_view sql);

    // False once the connection to the server is lost; the pool then drops it.
    [[nodiscard]] bool usable() const;
    // The server's address without a password, for messages.
    [[nodiscard]] const std::string& address() const { return address_; }

    // LISTEN/NOTIFY: the socket to wait on, and the notifications that have arrived (reads what is
    // waiting on the socket without blocking).
    [[nodiscard]] int socket() const;
    [[nodiscard]] std::vector<PgNotification> take_notifications();

private:
    [[noreturn]] void fail(pg_result* result, std::string_view sql) const;
    void check(pg_result* result, std::string_view sql) const;

    pg_conn* connection_ = nullptr;
    std::string address_;
    std::map<std::string, std::string, std::less<>> prepared_;   // statement text -> prepared name
};

// BEGIN on construction, ROLLBACK on destruction unless commit() was reached.
class PgTransaction {
public:
    explicit PgTransaction(PgConnection& connection);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;
    void commit();

private:
    PgConnection& connection_;
    bool done_ = false;
};

// Up to `size` connections to one database, opened when first needed and kept. A caller waits
// while all are lent out; a connection found broken on its return is closed, and the next caller
// opens a fresh one, so a restarted database server is reconnected to without a restart of ours.
class PgPool {
public:
    PgPool(std::string url, std::size_t size);
    PgPool(const PgPool&) = delete;
    PgPool& operator=(const PgPool&) = delete;

    class Lease {
    public:
        Lease(PgPool& pool, std::unique_ptr<PgConnection> connection) : pool_(&pool), connection_(std::move(connection)) {}
        ~Lease();
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        PgConnection& operator*() const { return *connection_; }
        PgConnection* operator->() const { return connection_.get(); }

    private:
        PgPool* pool_;
        std::unique_ptr<PgConnection> connection_;
    };

    [[nodiscard]] Lease acquire();
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] const std::string& url() const { return url_; }
    [[nodiscard]] const std::string& address() const { return address_; }

private:
    void give_back(std::unique_ptr<PgConnection> connection);

    std::string url_;
    std::string address_;
    std::size_t size_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<PgConnection>> idle_;
    std::size_t open_ = 0;      // lent out plus idle
};

// Runs `work` in one transaction on a pooled connection and commits; rolled back when it throws.
template <typename Work>
auto in_transaction(PgPool& pool, Work&& work) {
    auto connection = pool.acquire();
    PgTransaction transaction(*connection);
    if constexpr (std::is_void_v<decltype(work(*connection))>) {
        work(*connection);
        transaction.commit();
    } else {
        auto result = work(*connection);
        transaction.commit();
        return result;
    }
}

// A PostgreSQL text[] literal of `items` ({"a","b \"c\""}), to send many values as one parameter
// (unnest($1::text[])): one statement and one round trip for a whole batch.
[[nodiscard]] std::string text_array_literal(const std::vector<std::string_view>& items);

// True for the URLs that select PostgreSQL (postgresql:// or postgres://); anything else is a path.
[[nodiscard]] bool is_postgres_url(std::string_view location);
// `url` with its password (if any) replaced by ***, for logs and messages.
[[nodiscard]] std::string redact_url(std::string_view url);

}  // namespace mi::server::postgres
