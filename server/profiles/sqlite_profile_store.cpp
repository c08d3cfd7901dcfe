// The SQLite backend of ProfileStore: its own connection to the interviews' database
// (open_side_store_connection: WAL, synchronous=FULL, foreign keys, secure_delete), each write
// one short transaction, calls serialised by a mutex.
#include "server/profiles/profile_store.hpp"

#include <mutex>

#include "server/sqlite_event_log.hpp"
#include "server/sqlite_statement.hpp"

namespace mi::server::profiles {

namespace {

constexpr int profile_schema_version = 8;   // chat identities (7), event segments (8)

constexpr std::string_view profile_select =
    "SELECT p.id, p.recovery_sha256, p.created_at_ms, "
    "(SELECT COUNT(*) FROM profile_secrets s WHERE s.profile_id = p.id) FROM profiles p ";

ProfileRecord read_profile(const SqliteStatement& row) {
    return ProfileRecord{row.text(0), row.text(1), row.integer(2), row.integer(3)};
}

class SqliteProfileStore final : public ProfileStore {
public:
    explicit SqliteProfileStore(const std::filesystem::path& path)
        : db_(open_side_store_connection(path, profile_schema_version, "profile tables")) {}
    ~SqliteProfileStore() override { sqlite3_close(db_); }
    SqliteProfileStore(const SqliteProfileStore&) = delete;
    SqliteProfileStore& operator=(const SqliteProfileStore&) = delete;

    void create_profile(std::string_view profile_id, std::string_view secret_sha256, std::string_view recovery_sha256,
                        std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        {
            SqliteStatement insert(db_, "INSERT INTO profiles (id, recovery_sha256, created_at_ms) VALUES (?, ?, ?)");
            insert.bind(1, profile_id).bind(2, recovery_sha256).bind(3, now_ms);
            insert.run();
        }
        insert_secret(profile_id, secret_sha256, now_ms);
        transaction.commit();
    }

    std::optional<ProfileRecord> find_by_secret_hash(std::string_view secret_sha256) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(profile_select) +
                                        "JOIN profile_secrets k ON k.profile_id = p.id WHERE k.secret_sha256 = ?");
        select.bind(1, secret_sha256);
        if (!select.step()) return std::nullopt;
        return read_profile(select);
    }

    std::optional<ProfileRecord> find_by_recovery_hash(std::string_view recovery_sha256) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(profile_select) + "WHERE p.recovery_sha256 = ?");
        select.bind(1, recovery_sha256);
        if (!select.step()) return std::nullopt;
        return read_profile(select);
    }

    void add_secret(std::string_view profile_id, std::string_view secret_sha256, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        insert_secret(profile_id, secret_sha256, now_ms);
    }

    void add_interview(std::string_view profile_id, std::string_view interview_id, OwnedKind kind,
                       std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement insert(db_, "INSERT INTO profile_interviews (interview_id, profile_id, kind, created_at_ms) "
                                    "VALUES (?, ?, ?, ?)");
        insert.bind(1, interview_id).bind(2, profile_id).bind(3, to_string(kind)).bind(4, now_ms);
        insert.run();
    }

    std::vector<OwnedInterview> list_interviews(std::string_view profile_id) override {
        const std::lock_guard lock(mutex_);
        // The interview's columns first, as read_interview_record reads them, then the kind (the
        // subquery keeps the interviews' column names unambiguous: the link has a created_at_ms too).
        SqliteStatement select(db_, "SELECT " + std::string(interview_record_columns) +
                                        ", kind FROM (SELECT v.*, o.kind AS kind FROM profile_interviews o "
                                        "JOIN interviews v ON v.id = o.interview_id WHERE o.profile_id = ?) "
                                        "ORDER BY created_at_ms, id");
        select.bind(1, profile_id);
        std::vector<OwnedInterview> owned;
        while (select.step()) {
            owned.push_back({read_interview_record(select),
                             parse_owned_kind(select.text(8)).value_or(OwnedKind::interview)});
        }
        return owned;
    }

    std::vector<EventRecord> load_events(std::string_view interview_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatementCache statements(db_);
        return read_sqlite_events(statements, interview_id);
    }

    bool delete_profile(std::string_view profile_id) override {
        const std::lock_guard lock(mutex_);
        {
            SqliteTransaction transaction(db_);
            {
                SqliteStatement select(db_, "SELECT 1 FROM profiles WHERE id = ?");
                select.bind(1, profile_id);
                if (!select.step()) return false;
            }
            for (const char* sql : {"DELETE FROM profile_interviews WHERE profile_id = ?",
                                    "DELETE FROM profile_chat_identities WHERE profile_id = ?",
                                    "DELETE FROM profile_secrets WHERE profile_id = ?",
                                    "DELETE FROM profiles WHERE id = ?"}) {
                SqliteStatement statement(db_, sql);
                statement.bind(1, profile_id);
                statement.run();
            }
            transaction.commit();
        }
        // secure_delete zeroed the freed pages; the checkpoint writes them into the main file and
        // truncates the WAL, which held earlier page images.
        sqlite_execute(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
        return true;
    }

    std::optional<ProfileRecord> find_by_chat_identity(std::string_view platform, std::string_view user_id) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement select(db_, std::string(profile_select) +
                                        "JOIN profile_chat_identities c ON c.profile_id = p.id "
                                        "WHERE c.platform = ? AND c.user_id = ?");
        select.bind(1, platform).bind(2, user_id);
        if (!select.step()) return std::nullopt;
        return read_profile(select);
    }

    void create_chat_profile(std::string_view profile_id, std::string_view recovery_sha256, std::string_view platform,
                             std::string_view user_id, std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        {
            SqliteStatement insert(db_, "INSERT INTO profiles (id, recovery_sha256, created_at_ms) VALUES (?, ?, ?)");
            insert.bind(1, profile_id).bind(2, recovery_sha256).bind(3, now_ms);
            insert.run();
        }
        insert_identity(platform, user_id, profile_id, now_ms);
        transaction.commit();
    }

    std::int64_t link_chat_identity(std::string_view platform, std::string_view user_id, std::string_view profile_id,
                                    std::int64_t now_ms) override {
        const std::lock_guard lock(mutex_);
        SqliteTransaction transaction(db_);
        std::optional<std::string> previous;
        {
            SqliteStatement select(db_, "SELECT profile_id FROM profile_chat_identities WHERE platform = ? AND user_id = ?");
            select.bind(1, platform).bind(2, user_id);
            if (select.step()) previous = select.text(0);
        }
        std::int64_t moved = 0;
        if (previous && *previous != profile_id) {
            {
                SqliteStatement count(db_, "SELECT COUNT(*) FROM profile_interviews WHERE profile_id = ?");
                count.bind(1, *previous);
                if (count.step()) moved = count.integer(0);
            }
            for (const char* sql : {"UPDATE profile_interviews SET profile_id = ?1 WHERE profile_id = ?2",
                                    "UPDATE profile_secrets SET profile_id = ?1 WHERE profile_id = ?2",
                                    "UPDATE profile_chat_identities SET profile_id = ?1 WHERE profile_id = ?2"}) {
                SqliteStatement statement(db_, sql);
                statement.bind(1, profile_id).bind(2, *previous);
                statement.run();
            }
            SqliteStatement remove(db_, "DELETE FROM profiles WHERE id = ?");
            remove.bind(1, *previous);
            remove.run();
        } else if (!previous) {
            insert_identity(platform, user_id, profile_id, now_ms);
        }
        transaction.commit();
        return moved;
    }

    void replace_recovery_hash(std::string_view profile_id, std::string_view recovery_sha256) override {
        const std::lock_guard lock(mutex_);
        SqliteStatement update(db_, "UPDATE profiles SET recovery_sha256 = ? WHERE id = ?");
        update.bind(1, recovery_sha256).bind(2, profile_id);
        update.run();
    }

private:
    void insert_identity(std::string_view platform, std::string_view user_id, std::string_view profile_id,
                         std::int64_t now_ms) {
        SqliteStatement insert(db_, "INSERT INTO profile_chat_identities (platform, user_id, profile_id, created_at_ms) "
                                    "VALUES (?, ?, ?, ?)");
        insert.bind(1, platform).bind(2, user_id).bind(3, profile_id).bind(4, now_ms);
        insert.run();
    }

    void insert_secret(std::string_view profile_id, std::string_view secret_sha256, std::int64_t now_ms) {
        SqliteStatement insert(db_, "INSERT INTO profile_secrets (secret_sha256, profile_id, created_at_ms) VALUES (?, ?, ?)");
        insert.bind(1, secret_sha256).bind(2, profile_id).bind(3, now_ms);
        insert.run();
    }

    sqlite3* db_ = nullptr;
    std::mutex mutex_;
};

}  // namespace

std::string_view to_string(OwnedKind kind) { return kind == OwnedKind::drill ? "drill" : "interview"; }

std::optional<OwnedKind> parse_owned_kind(std::string_view text) {
    if (text == "interview") return OwnedKind::interview;
    if (text == "drill") return OwnedKind::drill;
    return std::nullopt;
}

std::unique_ptr<ProfileStore> open_sqlite_profile_store(const std::filesystem::path& path) {
    return std::make_unique<SqliteProfileStore>(path);
}

}  // namespace mi::server::profiles
