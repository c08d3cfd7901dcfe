// The PostgreSQL backend of InterviewStore. Each write is one statement (data-modifying CTEs), so
// one round trip and one commit: the UPDATE that moves last_seq from the expected value is the
// gate, and the events' segment, their answers' search rows and the client message id are
// inserted only from the row it returns. Two
// writers with the same expected seq (two threads, or two nodes) serialise on that row's lock;
// the second then finds last_seq moved, updates nothing, and gets SequenceConflict.
#include <optional>
#include <string>
#include <utility>

#include "server/event_segment.hpp"
#include "server/postgres/pg_event_log.hpp"
#include "server/postgres/pg_rows.hpp"
#include "server/postgres/pg_schema.hpp"
#include "server/postgres/pg_stores.hpp"

namespace mi::server::postgres {

namespace {

class PostgresInterviewStore final : public InterviewStore {
public:
    explicit PostgresInterviewStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    void create_interview(const NewInterview& interview, const std::vector<NewEvent>& opening_events) override {
        const auto segment = pg_segment_params(numbered_events(opening_events, 0, interview.created_at_ms));
        auto connection = pool_->acquire();
        (void)connection->exec(
            "WITH created AS ("
            "  INSERT INTO interviews (id, token_sha256, role_id, plan_json, status, created_at_ms, updated_at_ms, last_seq)"
            "  VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id), "
            "searched AS ("
            "  INSERT INTO answer_search (interview_id, seq, text)"
            "  SELECT created.id, a.seq, a.text FROM created, unnest($9::bigint[], $10::text[]) AS a(seq, text)) "
            "INSERT INTO interview_event_segments (interview_id, first_seq, last_seq, events) "
            "SELECT created.id, 1, $7, $8::bytea FROM created WHERE $7 > 0",
            {interview.id, interview.token_sha256, interview.role_id, interview.plan_json,
             to_string(InterviewStatus::in_progress), interview.created_at_ms,
             static_cast<std::int64_t>(opening_events.size()), segment.segment, segment.answer_seqs,
             segment.answer_texts});
    }

    // One statement (one round trip, one commit), except for the append that finishes the
    // interview: it then also merges the interview's segments into one, in the same transaction.
    std::int64_t append_events(std::string_view interview_id, std::int64_t expected_last_seq,
                               const std::vector<NewEvent>& events, InterviewStatus status_after, std::int64_t now_ms,
                               std::string_view client_message_id) override {
        const auto new_last_seq = expected_last_seq + static_cast<std::int64_t>(events.size());
        const auto segment = pg_segment_params(numbered_events(events, expected_last_seq, now_ms));
        auto connection = pool_->acquire();
        const bool finishing = status_after == InterviewStatus::finished;
        std::optional<PgTransaction> transaction;
        if (finishing) transaction.emplace(*connection);
        const auto moved = connection->exec(
            "WITH moved AS ("
            "  UPDATE interviews SET last_seq = $3, status = $4, updated_at_ms = $5"
            "  WHERE id = $1 AND last_seq = $2 RETURNING id), "
            "appended AS ("
            "  INSERT INTO interview_event_segments (interview_id, first_seq, last_seq, events)"
            "  SELECT moved.id, $2 + 1, $3, $7::bytea FROM moved WHERE $3 > $2), "
            "searched AS ("
            "  INSERT INTO answer_search (interview_id, seq, text)"
            "  SELECT moved.id, a.seq, a.text FROM moved, unnest($8::bigint[], $9::text[]) AS a(seq, text)), "
            "remembered AS ("
            "  INSERT INTO client_messages (interview_id, client_message_id, first_seq, last_seq)"
            "  SELECT moved.id, $6, $2 + 1, $3 FROM moved WHERE $6 <> '') "
            "SELECT COUNT(*) FROM moved",
            {interview_id, expected_last_seq, new_last_seq, to_string(status_after), now_ms, client_message_id,
             segment.segment, segment.answer_seqs, segment.answer_texts});
        if (moved.integer(0, 0) != 1) {
            throw SequenceConflict("interview " + std::string(interview_id) + " is not at event " +
                                   std::to_string(expected_last_seq) + " (missing, or changed by someone else)");
        }
        if (transaction) {
            merge_pg_segments(*connection, interview_id);
            transaction->commit();
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
        return read_interview_record(rows, 0);
    }

    std::vector<EventRecord> load_events(std::string_view interview_id, std::int64_t after_seq) override {
        auto connection = pool_->acquire();
        return read_pg_events(*connection, interview_id, after_seq);
    }

    std::vector<InterviewRecord> list_interviews(std::size_t limit, std::size_t offset) override {
        auto connection = pool_->acquire();
        const auto rows = connection->exec("SELECT " + std::string(interview_columns) +
                                               " FROM interviews ORDER BY created_at_ms DESC, id LIMIT $1 OFFSET $2",
                                           {static_cast<std::int64_t>(limit), static_cast<std::int64_t>(offset)});
        std::vector<InterviewRecord> records;
        for (int row = 0; row < rows.rows(); ++row) records.push_back(read_interview_record(rows, row));
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
