#include "server/postgres/pg_connection.hpp"

#include <charconv>
#include <utility>

#include <libpq-fe.h>

namespace mi::server::postgres {

namespace {

std::string first_words(std::string_view sql) {
    constexpr std::size_t shown = 60;
    std::string words(sql.substr(0, shown));
    for (auto& c : words) {
        if (c == '\n') c = ' ';
    }
    if (sql.size() > shown) words += "...";
    return words;
}

// The server's error without libpq's trailing newline.
std::string trimmed(const char* message) {
    std::string text = message ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text.empty() ? "unknown error" : text;
}

}  // namespace

bool is_postgres_url(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string redact_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return std::string(url);
    const auto authority_start = scheme + 3;
    const auto at = url.find('@', authority_start);
    const auto slash = url.find('/', authority_start);
    if (at == std::string_view::npos || (slash != std::string_view::npos && slash < at)) return std::string(url);
    const auto colon = url.find(':', authority_start);
    if (colon == std::string_view::npos || colon > at) return std::string(url);
    std::string redacted(url.substr(0, colon + 1));
    redacted += "***";
    redacted += url.substr(at);
    return redacted;
}

std::string text_array_literal(const std::vector<std::string_view>& items) {
    std::string literal = "{";
    for (std::size_t index = 0; index < items.size(); ++index) {
        if (index > 0) literal += ',';
        literal += '"';
        for (const char c : items[index]) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    literal += '}';
    return literal;
}

// --- PgResult ---

void PgResult::Release::operator()(pg_result* result) const { PQclear(result); }

PgResult::PgResult(pg_result* result) : result_(result) {}

int PgResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

bool PgResult::is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) == 1; }

std::string PgResult::text(int row, int column) const {
    if (!result_ || row >= rows() || column >= PQnfields(result_.get())) return {};
    return std::string(PQgetvalue(result_.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t PgResult::integer(int row, int column) const {
    if (!result_ || row >= rows() || column >= PQnfields(result_.get())) return 0;
    const char* value = PQgetvalue(result_.get(), row, column);
    const auto length = static_cast<std::size_t>(PQgetlength(result_.get(), row, column));
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(value, value + length, number);
    if (error != std::errc() || end != value + length) {
        throw PgError("PostgreSQL returned '" + std::string(value, length) + "' where a whole number was expected", "");
    }
    return number;
}

std::optional<std::int64_t> PgResult::optional_integer(int row, int column) const {
    if (is_null(row, column)) return std::nullopt;
    return integer(row, column);
}

std::int64_t PgResult::affected() const {
    if (!result_) return 0;
    const char* count = PQcmdTuples(result_.get());
    std::int64_t number = 0;
    std::from_chars(count, count + std::char_traits<char>::length(count), number);
    return number;
}

// --- PgConnection ---

PgConnection::PgConnection(const std::string& url) : address_(redact_url(url)) {
    connection_ = PQconnectdb(url.c_str());
    if (connection_ == nullptr) throw PgError("cannot connect to PostgreSQL at " + address_ + ": out of memory", "");
    if (PQstatus(connection_) != CONNECTION_OK) {
        const auto reason = trimmed(PQerrorMessage(connection_));
        PQfinish(connection_);
        connection_ = nullptr;
        throw PgError("cannot connect to PostgreSQL at " + address_ + ": " + reason, "08006");
    }
    // Notices (e.g. "relation already exists, skipping") are not errors; they stay off stderr.
    PQsetNoticeProcessor(connection_, [](void*, const char*) {}, nullptr);
}

PgConnection::~PgConnection() { PQfinish(connection_); }

void PgConnection::fail(pg_result* result, std::string_view sql) const {
    std::string sqlstate;
    std::string reason;
    if (result != nullptr) {
        if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) sqlstate = state;
        reason = trimmed(PQresultErrorMessage(result));
        PQclear(result);
    } else {
        reason = trimmed(PQerrorMessage(connection_));
    }
    std::string message = "PostgreSQL at " + address_ + ": " + reason;
    if (!sqlstate.empty()) message += " (SQLSTATE " + sqlstate + ")";
    message += " while running: " + first_words(sql);
    throw PgError(message, sqlstate);
}

void PgConnection::check(pg_result* result, std::string_view sql) const {
    const auto status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, sql);
}

PgResult PgConnection::exec(std::string_view sql, const PgParams& params) {
    auto found = prepared_.find(sql);
    if (found == prepared_.end()) {
        auto name = "mi_" + std::to_string(prepared_.size() + 1);
        const std::string text(sql);
        pg_result* prepared = PQprepare(connection_, name.c_str(), text.c_str(), 0, nullptr);
        check(prepared, sql);
        PQclear(prepared);
        found = prepared_.emplace(text, std::move(name)).first;
    }
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param.value() ? param.value()->c_str() : nullptr);
    pg_result* result = PQexecPrepared(connection_, found->second.c_str(), static_cast<int>(values.size()),
                                       values.data(), nullptr, nullptr, 0);
    check(result, sql);
    return PgResult(result);
}

PgResult PgConnection::execute(std::string_view sql) {
    const std::string text(sql);
    pg_result* result = PQexec(connection_, text.c_str());
    check(result, sql);
    return PgResult(result);
}

bool PgConnection::usable() const { return connection_ != nullptr && PQstatus(connection_) == CONNECTION_OK; }

int PgConnection::socket() const { return PQsocket(connection_); }

std::vector<PgNotification> PgConnection::take_notifications() {
    if (PQconsumeInput(connection_) == 0) fail(nullptr, "(waiting for notifications)");
    std::vector<PgNotification> notifications;
    while (PGnotify* notification = PQnotifies(connection_)) {
        notifications.push_back(PgNotification{notification->relname, notification->extra ? notification->extra : ""});
        PQfreemem(notification);
    }
    return notifications;
}

// --- PgTransaction ---

PgTransaction::PgTransaction(PgConnection& connection) : connection_(connection) { connection_.execute("BEGIN"); }

PgTransaction::~PgTransaction() {
    if (done_ || !connection_.usable()) return;
    try {
        connection_.execute("ROLLBACK");
    } catch (const StoreError&) {
        // The connection is broken; the pool drops it when it comes back.
    }
}

void PgTransaction::commit() {
    done_ = true;
    connection_.execute("COMMIT");
}

// --- PgPool ---

PgPool::PgPool(std::string url, std::size_t size) : url_(std::move(url)), address_(redact_url(url_)), size_(size) {
    if (size_ == 0) size_ = 1;
    // One connection up front, so a wrong URL or a server that is down is reported at start-up.
    idle_.push_back(std::make_unique<PgConnection>(url_));
    open_ = 1;
}

PgPool::Lease::~Lease() {
    if (pool_ != nullptr && connection_) pool_->give_back(std::move(connection_));
}

PgPool::Lease PgPool::acquire() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
    }
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, std::make_unique<PgConnection>(url_));
    } catch (...) {
        lock.lock();
        --open_;
        returned_.notify_one();
        throw;
    }
}

void PgPool::give_back(std::unique_ptr<PgConnection> connection) {
    const std::lock_guard lock(mutex_);
    if (connection->usable()) {
        idle_.push_back(std::move(connection));
    } else {
        --open_;
    }
    returned_.notify_one();
}

}  // namespace mi::server::postgres
