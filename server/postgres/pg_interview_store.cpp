// The PostgreSQL backend of InterviewStore. Each write is one statement (data-modifying CTEs), so
// one round trip and one commit: the UPDATE that moves last_seq from the expected value is the
// gate, and the events and the client message id are inserted only from the row it returns. Two
// writers with the same expected seq (two threads, or two nodes) serialise on that row's lock;
// the second then finds last_seq moved, updates nothing, and gets SequenceConflict.
#include <string>
#include <utility>

#include "server/postgres/pg_schema.hpp"
#include "server/postgres/pg_stores.hpp"

namespace mi::server::postgres {

namespace {

constexpr std::string_view interview_columns =
    "id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, last_seq";

InterviewRecord read_interview(const PgResult& rows, int row) {
    InterviewRecord record;
    record.id = rows.text(row, 0);
    record.token_sha256 = rows.text(row, 1);
    record.role_id = rows.text(row, 2);
    record.plan_json = rows.text(row, 3);
    record.status = parse_interview_status(rows.text(row, 4)).value_or(InterviewStatus::in_progress);
    record.created_at_ms = rows.integer(row, 5);
    record.updated_at_ms = rows.integer(row, 6);
    record.last_seq = rows.integer(row, 7);
    return record;
}

// The events' types and payloads as two text[] parameters, unnested WITH ORDINALITY into seqs.
std::pair<std::string, std::string> event_arrays(const std::vector<NewEvent>& events) {
    std::vector<std::string_view> types, payloads;
    for (const auto& event : events) {
        types.push_back(event.type);
        payloads.push_back(event.payload_json);
    }
    return {text_array_literal(types), text_array_literal(payloads)};
}

class PostgresInterviewStore final : public InterviewStore {
public:
    explicit PostgresInterviewStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    void create_interview(const NewInterview& interview, const std::vector<NewEvent>& opening_events) override {
        const auto [types, payloads] = event_arrays(opening_events);
        auto connection = pool_->acquire();
        (void)connection->exec(
            "WITH created AS ("
            "  INSERT INTO interviews (id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, last_seq)"
            "  VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id) "
            "INSERT INTO interview_events (interview_id, seq, type, payload_json, recorded_at_ms) "
            "SELECT created.id, e.ord, e.type, e.payload, $6 FROM created, "
            "  unnest($8::text[], $9::text[]) WITH ORDINALITY AS e(type, payload, ord)",
            {interview.id, interview.token_sha256, interview.role_id, interview.plan_json,
             to_string(InterviewStatus::in_progress), interview.created_at_ms,
             static_cast<std::int64_t>(opening_events.size()), types, payloads});
    }

    std::int64_t append_events(std::string_view interview_id, std::int64_t expected_last_seq,
                               const std::vector<NewEvent>& events, InterviewStatus status_after, std::int64_t now_ms,
                               std::string_view client_message_id) override {
        const auto new_last_seq = expected_last_seq + static_cast<std::int64_t>(events.size());
        const auto [types, payloads] = event_arrays(events);
        auto connection = pool_->acquire();
        const auto moved = connection->exec(
            "WITH moved AS ("
            "  UPDATE interviews SET last_seq = $3, status = $4, updated_at_ms = $5"
            "  WHERE id = $1 AND last_seq = $2 RETURNING id), "
            "appended AS ("
            "  INSERT INTO interview_events (interview_id, seq, type, payload_json, recorded_at_ms)"
            "  SELECT moved.id, $2 + e.ord, e.type, e.payload, $5 FROM moved,"
            "    unnest($7::text[], $8::text[]) WITH ORDINALITY AS e(type, payload, ord)), "
            "remembered AS ("
            "  INSERT INTO client_messages (interview_id, client_message_id, first_seq, last_seq)"
            "  SELECT moved.id, $6, $2 + 1, $3 FROM moved WHERE $6 <> '') "
            "SELECT COUNT(*) FROM moved",
            {interview_id, expected_last_seq, new_last_seq, to_string(status_after), now_ms, client_message_id, types,
             payloads});
        if (moved.integer(0, 0) != 1) {
            throw SequenceConflict("interview " + std::string(interview_id) + " is not at event " +
                                   std::to_string(expected_last_seq) + " (missing, or changed by someone else)");
        }
        return new_last_seq;
    }

    std::optional<ClientMessageRecord> find_client_message(std::string_view interview_id,
                                                           std::string_view client_message_id) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT first_seq, last_seq FROM client_messages "
                                           "WHERE interview_id = $1 AND client_message_id = $2",
                                           {interview_id, client_message_id});
        if (rows.empty()) return std::nullopt;
        return ClientMessageRecord{rows.integer(0, 0), rows.integer(0, 1)};
    }

    std::optional<InterviewRecord> find_interview(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        const auto rows =
            connection->exec("SELECT " + std::string(interview_columns) + " FROM interviews WHERE id = $1", {interview_id});
        if (rows.empty()) return std::nullopt;
        return read_interview(rows, 0);
    }

    std::vector<EventRecord> load_events(std::string_view interview_id, std::int64_t after_seq) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT seq, type, payload_json, recorded_at_ms FROM interview_events "
                                           "WHERE interview_id = $1 AND seq > $2 ORDER BY seq",
                                           {interview_id, after_seq});
        std::vector<EventRecord> events;
        events.reserve(static_cast<std::size_t>(rows.rows()));
        for (int row = 0; row < rows.rows(); ++row) {
            events.push_back(EventRecord{rows.integer(row, 0), rows.text(row, 1), rows.text(row, 2), rows.integer(row, 3)});
        }
        return events;
    }

    std::vector<InterviewRecord> list_interviews(std::size_t limit, std::size_t offset) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT " + std::string(interview_columns) +
                                               " FROM interviews ORDER BY created_at_ms DESC, id LIMIT $1 OFFSET $2",
                                           {static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)});
        std::vector<InterviewRecord> records;
        for (int row = 0; row < rows.rows(); ++row) records.push_back(read_interview(rows, row));
        return records;
    }

    void check_reachable() override {
        auto connection = pool_->acquire();
        (void)connection->exec("SELECT COUNT(*) FROM schema_migrations");
    }

    int schema_version() override {
        auto connection = pool_->acquire();
        return current_schema_version(*connection);
    }

private:
    std::shared_ptr<PgPool> pool_;
};

}  // namespace

std::shared_ptr<PgPool> open_postgres_database(const std::string& url, std::size_t pool_size) {
    auto pool = std::make_shared<PgPool>(url, pool_size);
    try {
        auto connection = pool->acquire();
        migrate(*connection);
    } catch (const StoreError& failure) {
        throw StoreError("database " + pool->address() + ": " + failure.what());
    }
    return pool;
}

std::unique_ptr<InterviewStore> open_postgres_interview_store(std::shared_ptr<PgPool> pool) {
    return std::make_unique<PostgresInterviewStore>(std::move(pool));
}

}  // namespace mi::server::postgres
