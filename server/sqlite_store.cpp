// Durability choices:
// - WAL journal: readers never block the writer, and a commit is one sequential append.
// - synchronous=FULL: the WAL is fsync'ed at every commit. With NORMAL a commit survives a crash
//   of the process (kill -9) but not of the machine (power loss, kernel panic); we acknowledge
//   answers to candidates as stored, so an acknowledged answer must survive both. The cost is one
//   fsync per answer, far below the time a candidate takes to type one.
// - busy_timeout: another process (the sqlite3 shell, a backup) holding a lock makes us wait up
//   to 5 s instead of failing at once.
// - Group commit (commit_in_group below): concurrent writes share one transaction and one fsync;
//   each still returns only once durable. Statements are prepared once per connection.
// - Three connections: the writer, a reader (WAL readers never wait for a commit), and one for
//   checkpoints, which run on a thread of their own instead of inside the commit that fills the log.
// Every call is thread-safe.
#include "server/sqlite_store.hpp"

#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <sqlite3.h>

#include "server/event_segment.hpp"
#include "server/sqlite_event_log.hpp"
#include "server/sqlite_statement.hpp"

namespace mi::server {

namespace {

struct Migration {
    int version;
    const char* description;
    const char* sql;
};

// Append-only: never edit a released migration, add the next one. Portable SQL (types and
// constraints PostgreSQL accepts as written).
const Migration migrations[] = {
    {1, "interviews and their event logs",
     "CREATE TABLE interviews ("
     "  id TEXT PRIMARY KEY,"
     "  token_sha256 TEXT NOT NULL,"
     "  role_id TEXT NOT NULL,"
     "  plan_json TEXT NOT NULL,"
     "  status TEXT NOT NULL,"
     "  created_at_ms BIGINT NOT NULL,"
     "  updated_at_ms BIGINT NOT NULL,"
     "  last_seq BIGINT NOT NULL DEFAULT 0"
     ");"
     "CREATE TABLE interview_events ("
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  seq BIGINT NOT NULL,"
     "  type TEXT NOT NULL,"
     "  payload_json TEXT NOT NULL,"
     "  recorded_at_ms BIGINT NOT NULL,"
     "  PRIMARY KEY (interview_id, seq)"
     ");"
     "CREATE INDEX interviews_by_created ON interviews (created_at_ms);"},
    {2, "client message ids, so a resent answer is not handled twice",
     "CREATE TABLE client_messages ("
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  client_message_id TEXT NOT NULL,"
     "  first_seq BIGINT NOT NULL,"
     "  last_seq BIGINT NOT NULL,"
     "  PRIMARY KEY (interview_id, client_message_id)"
     ");"},
    {3, "chat integrations: conversations, webhook deliveries seen, the outbox of replies",
     "CREATE TABLE chat_conversations ("
     "  id TEXT PRIMARY KEY,"
     "  platform TEXT NOT NULL,"
     "  address_json TEXT NOT NULL,"
     "  interview_id TEXT REFERENCES interviews(id),"
     "  projected_through_seq BIGINT NOT NULL DEFAULT 0,"
     "  created_at_ms BIGINT NOT NULL,"
     "  updated_at_ms BIGINT NOT NULL"
     ");"
     "CREATE TABLE chat_inbound ("
     "  platform TEXT NOT NULL,"
     "  dedupe_key TEXT NOT NULL,"
     "  response_json TEXT NOT NULL,"
     "  received_at_ms BIGINT NOT NULL,"
     "  PRIMARY KEY (platform, dedupe_key)"
     ");"
     "CREATE TABLE chat_outbox ("
     "  id BIGINT PRIMARY KEY,"
     "  platform TEXT NOT NULL,"
     "  conversation_id TEXT NOT NULL REFERENCES chat_conversations(id),"
     "  dedupe_key TEXT NOT NULL UNIQUE,"
     "  method TEXT NOT NULL,"
     "  payload_json TEXT NOT NULL,"
     "  state TEXT NOT NULL,"
     "  attempts INTEGER NOT NULL DEFAULT 0,"
     "  next_attempt_at_ms BIGINT NOT NULL,"
     "  last_error TEXT NOT NULL DEFAULT '',"
     "  created_at_ms BIGINT NOT NULL,"
     "  sent_at_ms BIGINT"
     ");"
     "CREATE INDEX chat_outbox_by_conversation ON chat_outbox (conversation_id, state, id);"
     "CREATE INDEX chat_outbox_by_state ON chat_outbox (platform, state, next_attempt_at_ms);"
     "CREATE TABLE chat_settings ("
     "  name TEXT PRIMARY KEY,"
     "  value TEXT NOT NULL"
     ");"},
    {4, "coaches: accounts, invite links, shares, notes, the audit of overrides, tombstones of deleted interviews",
     "CREATE TABLE coaches ("
     "  id INTEGER PRIMARY KEY,"
     "  name TEXT NOT NULL UNIQUE,"
     "  role TEXT NOT NULL,"
     "  token_sha256 TEXT NOT NULL UNIQUE,"
     "  share_code TEXT NOT NULL UNIQUE,"
     "  created_at_ms BIGINT NOT NULL,"
     "  last_used_at_ms BIGINT,"
     "  revoked_at_ms BIGINT"
     ");"
     "CREATE TABLE coach_invites ("
     "  id INTEGER PRIMARY KEY,"
     "  code TEXT NOT NULL UNIQUE,"
     "  coach_id BIGINT NOT NULL REFERENCES coaches(id),"
     "  label TEXT NOT NULL,"
     "  plan_json TEXT NOT NULL,"
     "  created_at_ms BIGINT NOT NULL,"
     "  expires_at_ms BIGINT"
     ");"
     "CREATE TABLE coach_interview_invites ("
     "  interview_id TEXT PRIMARY KEY REFERENCES interviews(id),"
     "  invite_id BIGINT NOT NULL REFERENCES coach_invites(id)"
     ");"
     "CREATE INDEX coach_interview_invites_by_invite ON coach_interview_invites (invite_id);"
     "CREATE TABLE coach_shares ("
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  coach_id BIGINT NOT NULL REFERENCES coaches(id),"
     "  created_at_ms BIGINT NOT NULL,"
     "  PRIMARY KEY (interview_id, coach_id)"
     ");"
     "CREATE TABLE coach_notes ("
     "  id INTEGER PRIMARY KEY,"
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  turn BIGINT,"
     "  coach_id BIGINT NOT NULL REFERENCES coaches(id),"
     "  text TEXT NOT NULL,"
     "  created_at_ms BIGINT NOT NULL"
     ");"
     "CREATE INDEX coach_notes_by_interview ON coach_notes (interview_id, id);"
     "CREATE TABLE coach_audit ("
     "  id INTEGER PRIMARY KEY,"
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  turn BIGINT NOT NULL,"
     "  field TEXT NOT NULL,"
     "  from_value TEXT NOT NULL,"
     "  to_value TEXT NOT NULL,"
     "  reason TEXT NOT NULL,"
     "  coach_id BIGINT NOT NULL REFERENCES coaches(id),"
     "  at_ms BIGINT NOT NULL,"
     "  reverts BIGINT REFERENCES coach_audit(id)"
     ");"
     "CREATE INDEX coach_audit_by_interview ON coach_audit (interview_id, id);"
     "CREATE TABLE interview_tombstones ("
     "  interview_id TEXT PRIMARY KEY,"
     "  deleted_at_ms BIGINT NOT NULL,"
     "  created_at_ms BIGINT NOT NULL,"
     "  invite_id BIGINT,"
     "  answers BIGINT NOT NULL,"
     "  events BIGINT NOT NULL,"
     "  notes BIGINT NOT NULL,"
     "  overrides BIGINT NOT NULL,"
     "  shares BIGINT NOT NULL"
     ");"},
    {5, "full-text search over answer text (SQLite FTS5), kept up to date by a trigger on the event log",
     "CREATE VIRTUAL TABLE answer_search USING fts5(interview_id UNINDEXED, seq UNINDEXED, text);"
     "INSERT INTO answer_search (interview_id, seq, text) "
     "  SELECT interview_id, seq, json_extract(payload_json, '$.text') FROM interview_events "
     "  WHERE type = 'answer_received';"
     "CREATE TRIGGER answer_search_on_insert AFTER INSERT ON interview_events "
     "  WHEN NEW.type = 'answer_received' BEGIN "
     "  INSERT INTO answer_search (interview_id, seq, text) "
     "    VALUES (NEW.interview_id, NEW.seq, json_extract(NEW.payload_json, '$.text')); "
     "END;"},
    {6, "practice profiles: the profile, each device's secret (hashed), the interviews it owns",
     "CREATE TABLE profiles ("
     "  id TEXT PRIMARY KEY,"
     "  recovery_sha256 TEXT NOT NULL UNIQUE,"
     "  created_at_ms BIGINT NOT NULL"
     ");"
     "CREATE TABLE profile_secrets ("
     "  secret_sha256 TEXT PRIMARY KEY,"
     "  profile_id TEXT NOT NULL REFERENCES profiles(id),"
     "  created_at_ms BIGINT NOT NULL"
     ");"
     "CREATE INDEX profile_secrets_by_profile ON profile_secrets (profile_id);"
     "CREATE TABLE profile_interviews ("
     "  interview_id TEXT PRIMARY KEY REFERENCES interviews(id),"
     "  profile_id TEXT NOT NULL REFERENCES profiles(id),"
     "  kind TEXT NOT NULL,"
     "  created_at_ms BIGINT NOT NULL"
     ");"
     "CREATE INDEX profile_interviews_by_profile ON profile_interviews (profile_id, created_at_ms);"},
    {7, "chat identities of practice profiles: a platform's user id belongs to one profile",
     "CREATE TABLE profile_chat_identities ("
     "  platform TEXT NOT NULL,"
     "  user_id TEXT NOT NULL,"
     "  profile_id TEXT NOT NULL REFERENCES profiles(id),"
     "  created_at_ms BIGINT NOT NULL,"
     "  PRIMARY KEY (platform, user_id)"
     ");"
     "CREATE INDEX profile_chat_identities_by_profile ON profile_chat_identities (profile_id);"},
    // Events from here on are stored compressed, one row per append, merged into one row when the
    // interview finishes (server/sqlite_event_log.hpp); the rows of interview_events stay as they
    // are and are still read. The search index keeps no copy of the answers (content='') and no
    // word positions (detail=none: coach search asks for words, never phrases); the answers it
    // indexes are named in answer_search_rows, since a contentless table gives back only rowids.
    // The CASE keeps json_type away from a payload that is not JSON.
    {8, "event logs stored as compressed segments; the answer search index written by the store",
     "CREATE TABLE interview_event_segments ("
     "  interview_id TEXT NOT NULL REFERENCES interviews(id),"
     "  first_seq BIGINT NOT NULL,"
     "  last_seq BIGINT NOT NULL,"
     "  events BLOB NOT NULL,"
     "  PRIMARY KEY (interview_id, first_seq)"
     ");"
     "DROP TRIGGER answer_search_on_insert;"
     "DROP TABLE answer_search;"
     "CREATE TABLE answer_search_rows ("
     "  id INTEGER PRIMARY KEY,"
     "  interview_id TEXT NOT NULL,"
     "  seq BIGINT NOT NULL"
     ");"
     "CREATE INDEX answer_search_rows_by_interview ON answer_search_rows (interview_id, seq);"
     "CREATE VIRTUAL TABLE answer_search USING fts5(text, content='', detail=none);"
     "INSERT INTO answer_search_rows (interview_id, seq) "
     "  SELECT interview_id, seq FROM interview_events WHERE type = 'answer_received' "
     "  AND CASE WHEN json_valid(payload_json) THEN json_type(payload_json, '$.text') END = 'text' "
     "  ORDER BY interview_id, seq;"
     "INSERT INTO answer_search (rowid, text) "
     "  SELECT r.id, json_extract(e.payload_json, '$.text') FROM answer_search_rows r "
     "  JOIN interview_events e ON e.interview_id = r.interview_id AND e.seq = r.seq;"},
    // The answers' words reach the index in batches (server/sqlite_event_log.hpp): until then they
    // wait here, committed with their events, so a crash loses none and a search indexes them first.
    {9, "answers waiting for the search index, which takes them in batches",
     "CREATE TABLE answer_search_pending ("
     "  row INTEGER PRIMARY KEY,"
     "  text TEXT NOT NULL"
     ");"},
};

using Statement = SqliteStatement;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

sqlite3* open_connection(const std::filesystem::path& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        const std::string reason = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StoreError("cannot open the database " + path.string() + ": " + reason);
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

// WAL pages after which the checkpoint thread copies the log back into the database (SQLite's own
// automatic checkpoint uses the same size, but runs it inside the commit that crosses it).
constexpr int checkpoint_after_wal_pages = 1000;

// Answers that wait for the search index before a group commit indexes them together (see
// run_batch): at 1,000 live interviews about a quarter of a second of answers, so one commit in
// fifty or more pays for the index, with about 300 KB of answer text waiting. A search indexes
// what waits first, so it never misses an answer.
constexpr std::int64_t search_index_batch = 256;

class SqliteStore final : public InterviewStore {
public:
    explicit SqliteStore(const std::filesystem::path& path) : path_(path) {
        std::error_code error;
        if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            throw StoreError("cannot create the database folder " + path.parent_path().string() + ": " + error.message());
        }
        db_ = open_connection(path);
        try {
            enter_wal_mode();
            execute("PRAGMA synchronous=FULL");
            execute("PRAGMA foreign_keys=ON");
            // The segments a finishing append replaces hold the interview's answers: their pages
            // are zeroed when freed, so an erasure later leaves no older copy in free space.
            execute("PRAGMA secure_delete=ON");
            migrate();
            reader_ = open_connection(path);
            sqlite_execute(reader_, "PRAGMA foreign_keys=ON");
            checkpointer_db_ = open_connection(path);
        } catch (const StoreError& failure) {
            sqlite3_close(reader_);
            sqlite3_close(db_);
            throw StoreError("database " + path.string() + ": " + failure.what());
        }
        writes_.emplace(db_);
        reads_.emplace(reader_);
        {
            auto waiting = writes_->get("SELECT COUNT(*) FROM answer_search_pending");
            waiting.step();
            search_waiting_ = waiting.integer(0);
        }
        // Checkpoints leave the commit path: the commit that fills the log only wakes this thread.
        sqlite3_wal_hook(db_, &SqliteStore::on_wal_commit, this);
        checkpointer_ = std::thread([this] { checkpoint_loop(); });
    }

    ~SqliteStore() override {
        {
            const std::lock_guard lock(checkpoint_mutex_);
            stopping_ = true;
        }
        checkpoint_wanted_.notify_all();
        checkpointer_.join();
        reads_.reset();
        writes_.reset();
        sqlite3_close(checkpointer_db_);
        sqlite3_close(reader_);
        sqlite3_close(db_);
    }
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    void create_interview(const NewInterview& interview, const std::vector<NewEvent>& opening_events) override {
        commit_in_group([&] {
            auto insert = writes_->get("INSERT INTO interviews (id, token_sha256, role_id, plan_json, status, created_at_ms, "
                                       "updated_at_ms, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            insert.bind(1, interview.id)
                .bind(2, interview.token_sha256)
                .bind(3, interview.role_id)
                .bind(4, interview.plan_json)
                .bind(5, to_string(InterviewStatus::in_progress))
                .bind(6, interview.created_at_ms)
                .bind(7, interview.created_at_ms)
                .bind(8, static_cast<std::int64_t>(opening_events.size()));
            insert.run();
            insert_events(interview.id, numbered_events(opening_events, 0, interview.created_at_ms));
        });
    }

    std::int64_t append_events(std::string_view interview_id, std::int64_t expected_last_seq,
                               const std::vector<NewEvent>& events, InterviewStatus status_after,
                               std::int64_t now, std::string_view client_message_id) override {
        const auto new_last_seq = expected_last_seq + static_cast<std::int64_t>(events.size());
        const auto records = numbered_events(events, expected_last_seq, now);
        // A finishing append leaves the interview one segment, compressed here, before the group
        // commit, on the caller's thread.
        std::optional<MergedSegment> merged;
        if (status_after == InterviewStatus::finished) {
            const std::lock_guard lock(read_mutex_);
            merged = merge_segments(*reads_, interview_id, expected_last_seq, records);
        }
        commit_in_group([&] {
            auto update = writes_->get("UPDATE interviews SET last_seq = ?, status = ?, updated_at_ms = ? "
                                       "WHERE id = ? AND last_seq = ?");
            update.bind(1, new_last_seq).bind(2, to_string(status_after)).bind(3, now).bind(4, interview_id)
                .bind(5, expected_last_seq);
            update.run();
            if (sqlite3_changes(db_) != 1) {
                throw SequenceConflict("interview " + std::string(interview_id) + " is not at event " +
                                       std::to_string(expected_last_seq) + " (missing, or changed by someone else)");
            }
            insert_events(interview_id, records, merged ? &*merged : nullptr);
            if (!client_message_id.empty()) {
                auto remember = writes_->get("INSERT INTO client_messages (interview_id, client_message_id, first_seq, "
                                             "last_seq) VALUES (?, ?, ?, ?)");
                remember.bind(1, interview_id).bind(2, client_message_id).bind(3, expected_last_seq + 1)
                    .bind(4, new_last_seq);
                remember.run();
            }
        });
        return new_last_seq;
    }

    std::optional<ClientMessageRecord> find_client_message(std::string_view interview_id,
                                                           std::string_view client_message_id) override {
        const std::lock_guard lock(read_mutex_);
        auto select = reads_->get("SELECT first_seq, last_seq FROM client_messages "
                                  "WHERE interview_id = ? AND client_message_id = ?");
        select.bind(1, interview_id).bind(2, client_message_id);
        if (!select.step()) return std::nullopt;
        return ClientMessageRecord{select.integer(0), select.integer(1)};
    }

    std::optional<InterviewRecord> find_interview(std::string_view interview_id) override {
        const std::lock_guard lock(read_mutex_);
        auto select = reads_->get("SELECT " + std::string(interview_record_columns) + " FROM interviews WHERE id = ?");
        select.bind(1, interview_id);
        if (!select.step()) return std::nullopt;
        return read_interview_record(select);
    }

    std::vector<EventRecord> load_events(std::string_view interview_id, std::int64_t after_seq) override {
        const std::lock_guard lock(read_mutex_);
        return read_sqlite_events(*reads_, interview_id, after_seq);
    }

    std::vector<InterviewRecord> list_interviews(std::size_t limit, std::size_t offset) override {
        const std::lock_guard lock(read_mutex_);
        auto select = reads_->get("SELECT " + std::string(interview_record_columns) +
                                  " FROM interviews ORDER BY created_at_ms DESC, id LIMIT ? OFFSET ?");
        select.bind(1, static_cast<std::int64_t>(limit)).bind(2, static_cast<std::int64_t>(offset));
        std::vector<InterviewRecord> records;
        while (select.step()) records.push_back(read_interview_record(select));
        return records;
    }

    void check_reachable() override {
        const std::lock_guard lock(read_mutex_);
        auto select = reads_->get("SELECT COUNT(*) FROM schema_migrations");
        select.step();
    }

    int schema_version() override {
        const std::lock_guard lock(write_mutex_);
        return current_schema_version();
    }

private:
    // Group commit. Every write (a new interview, an append) waits in a queue; whichever caller
    // finds no commit under way leads: it takes every write queued so far, runs each inside a
    // savepoint of one transaction and commits it with one fsync, while the writes arriving
    // meanwhile queue for the next leader. So a write returns only once it is durable
    // (synchronous=FULL), exactly as with one transaction per write, and concurrent interviews
    // share the fsync. A write that fails (a sequence conflict) is rolled back to its savepoint
    // alone; a commit that fails fails every write of the batch.
    struct PendingWrite {
        std::function<void()> apply;    // runs on the writer connection, inside the batch
        std::exception_ptr failure;
        bool done = false;
    };

    void commit_in_group(std::function<void()> apply) {
        PendingWrite write{std::move(apply), nullptr, false};
        std::unique_lock lock(queue_mutex_);
        queue_.push_back(&write);
        while (!write.done) {
            if (leading_) {
                batch_done_.wait(lock);
                continue;
            }
            leading_ = true;
            std::vector<PendingWrite*> batch;
            batch.swap(queue_);
            lock.unlock();
            run_batch(batch);
            lock.lock();
            for (auto* pending : batch) pending->done = true;
            leading_ = false;
            batch_done_.notify_all();
        }
        if (write.failure) std::rethrow_exception(write.failure);
    }

    // Answers wait for the search index in answer_search_pending (see append_sqlite_events) until
    // search_index_batch of them do; then the batch that crosses it indexes them all, after its
    // last savepoint, since FTS5 would flush its terms into a segment of their own at each one.
    void run_batch(const std::vector<PendingWrite*>& batch) noexcept {
        const std::lock_guard lock(write_mutex_);
        const auto waiting_before = search_waiting_;
        try {
            Transaction transaction(*this);
            for (auto* pending : batch) {
                const auto waiting_before_write = search_waiting_;
                writes_->get("SAVEPOINT write").run();
                try {
                    pending->apply();
                    writes_->get("RELEASE write").run();
                } catch (...) {
                    pending->failure = std::current_exception();
                    search_waiting_ = waiting_before_write;
                    sqlite3_exec(db_, "ROLLBACK TO write", nullptr, nullptr, nullptr);
                    sqlite3_exec(db_, "RELEASE write", nullptr, nullptr, nullptr);
                }
            }
            const bool indexing = search_waiting_ >= search_index_batch;
            if (indexing) index_pending_search(*writes_);
            transaction.commit();
            if (indexing) search_waiting_ = 0;
        } catch (const std::exception& failure) {
            search_waiting_ = waiting_before;
            const auto reason = std::make_exception_ptr(StoreError(failure.what()));
            for (auto* pending : batch) {
                if (!pending->failure) pending->failure = reason;
            }
        }
    }

    static int on_wal_commit(void* self, sqlite3*, const char*, int pages) {
        auto& store = *static_cast<SqliteStore*>(self);
        if (pages >= checkpoint_after_wal_pages) {
            {
                const std::lock_guard lock(store.checkpoint_mutex_);
                store.checkpoint_due_ = true;
            }
            store.checkpoint_wanted_.notify_one();
        }
        return SQLITE_OK;
    }

    // PASSIVE: copies what it can without waiting for readers or blocking the writer; the log
    // starts over at the next commit once all of it is in the database.
    void checkpoint_loop() {
        std::unique_lock lock(checkpoint_mutex_);
        for (;;) {
            checkpoint_wanted_.wait(lock, [this] { return stopping_ || checkpoint_due_; });
            if (stopping_) return;
            checkpoint_due_ = false;
            lock.unlock();
            sqlite3_wal_checkpoint_v2(checkpointer_db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
            lock.lock();
        }
    }

    // BEGIN IMMEDIATE takes the write lock up front so two writers never deadlock mid-transaction;
    // rolled back unless commit() was reached.
    class Transaction {
    public:
        explicit Transaction(SqliteStore& store) : store_(store) { store_.execute("BEGIN IMMEDIATE"); }
        ~Transaction() {
            if (!committed_) sqlite3_exec(store_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        void commit() {
            store_.execute("COMMIT");
            committed_ = true;
        }

    private:
        SqliteStore& store_;
        bool committed_ = false;
    };

    void execute(const std::string& sql) { sqlite_execute(db_, sql); }

    // Two nodes opening one new file at the same moment: SQLite can answer the switch to WAL with
    // SQLITE_BUSY at once, without calling the busy handler (waiting there could deadlock), while
    // the other opener holds the lock it needs. The other opener is done within milliseconds, so
    // this tries again for up to the busy timeout before giving up with SQLite's own message.
    void enter_wal_mode() {
        const auto give_up_at = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        for (;;) {
            const int result = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
            if (result == SQLITE_OK) return;
            if ((result & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= give_up_at) {
                execute("PRAGMA journal_mode=WAL");   // fails again, saying why
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    void insert_events(std::string_view interview_id, const std::vector<EventRecord>& events,
                       const MergedSegment* merged = nullptr) {
        append_sqlite_events(*writes_, interview_id, events, merged, &search_waiting_);
    }

    int current_schema_version() {
        Statement select(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        select.step();
        return static_cast<int>(select.integer(0));
    }

    void migrate() {
        execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "description TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)");
        const int current = current_schema_version();
        if (current > latest_schema_version()) {
            throw StoreError("its schema is at version " + std::to_string(current) + " but this build knows only up to " +
                             std::to_string(latest_schema_version()) + "; run a newer mock-interviewer");
        }
        for (const auto& migration : migrations) {
            if (migration.version <= current) continue;
            Transaction transaction(*this);
            // Looked at again under the write lock: a second process starting on the same file at
            // the same moment may have applied it meanwhile (then this one is rolled back unused).
            if (current_schema_version() >= migration.version) continue;
            execute(migration.sql);
            Statement record(db_, "INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES (?, ?, ?)");
            record.bind(1, static_cast<std::int64_t>(migration.version)).bind(2, migration.description).bind(3, now_ms());
            record.run();
            transaction.commit();
        }
    }

    std::filesystem::path path_;
    // The writer connection: only the group commit's leader (and start-up) uses it.
    sqlite3* db_ = nullptr;
    std::mutex write_mutex_;
    std::optional<SqliteStatementCache> writes_;
    // About how many answers wait for the search index (under write_mutex_): a search or an
    // erasure on another connection indexes them without telling, which only brings the next
    // indexing batch forward.
    std::int64_t search_waiting_ = 0;
    // Reads go through a connection of their own: in WAL mode they see every committed write and
    // never wait for a commit's fsync.
    sqlite3* reader_ = nullptr;
    std::mutex read_mutex_;
    std::optional<SqliteStatementCache> reads_;
    std::mutex queue_mutex_;
    std::condition_variable batch_done_;
    std::vector<PendingWrite*> queue_;
    bool leading_ = false;
    sqlite3* checkpointer_db_ = nullptr;
    std::mutex checkpoint_mutex_;
    std::condition_variable checkpoint_wanted_;
    bool checkpoint_due_ = false;
    bool stopping_ = false;
    std::thread checkpointer_;
};

}  // namespace

std::string_view to_string(InterviewStatus status) {
    return status == InterviewStatus::finished ? "finished" : "in_progress";
}

std::optional<InterviewStatus> parse_interview_status(std::string_view text) {
    if (text == "in_progress") return InterviewStatus::in_progress;
    if (text == "finished") return InterviewStatus::finished;
    return std::nullopt;
}

int latest_schema_version() { return std::size(migrations) == 0 ? 0 : migrations[std::size(migrations) - 1].version; }

std::unique_ptr<InterviewStore> open_sqlite_store(const std::filesystem::path& path) {
    return std::make_unique<SqliteStore>(path);
}

}  // namespace mi::server
