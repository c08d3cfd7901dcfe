// The PostgreSQL backend of ProfileStore: the SQLite store's statements with $n parameters on the
// shared pool, each write one statement or one transaction. Linking a chat identity locks the
// identity's row first (or creates it), so two nodes linking the same user at once serialise and
// the second sees the first's result.
#include <utility>

#include "server/postgres/pg_event_log.hpp"
#include "server/postgres/pg_rows.hpp"
#include "server/postgres/pg_stores.hpp"

namespace mi::server::postgres {

namespace {

using namespace mi::server::profiles;

constexpr std::string_view profile_select =
    "SELECT p.id, p.recovery_sha256, p.created_at_ms, "
    "(SELECT COUNT(*) FROM profile_secrets s WHERE s.profile_id = p.id) FROM profiles p ";

std::optional<ProfileRecord> first_profile(const PgResult& rows) {
    if (rows.empty()) return std::nullopt;
    return ProfileRecord{rows.text(0, 0), rows.text(0, 1), rows.integer(0, 2), rows.integer(0, 3)};
}

void insert_profile(PgConnection& connection, std::string_view profile_id, std::string_view recovery_sha256,
                    std::int64_t now_ms) {
    (void)connection.exec("INSERT INTO profiles (id, recovery_sha256, created_at_ms) VALUES ($1, $2, $3)",
                          {profile_id, recovery_sha256, now_ms});
}

void insert_secret(PgConnection& connection, std::string_view profile_id, std::string_view secret_sha256,
                   std::int64_t now_ms) {
    (void)connection.exec("INSERT INTO profile_secrets (secret_sha256, profile_id, created_at_ms) VALUES ($1, $2, $3)",
                          {secret_sha256, profile_id, now_ms});
}

class PostgresProfileStore final : public ProfileStore {
public:
    explicit PostgresProfileStore(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}

    void create_profile(std::string_view profile_id, std::string_view secret_sha256, std::string_view recovery_sha256,
                        std::int64_t now_ms) override {
        in_transaction(*pool_, [&](PgConnection& connection) {
            insert_profile(connection, profile_id, recovery_sha256, now_ms);
            insert_secret(connection, profile_id, secret_sha256, now_ms);
        });
    }

    std::optional<ProfileRecord> find_by_secret_hash(std::string_view secret_sha256) override {
        auto connection = pool_->acquire();
        return first_profile(connection->exec(
            std::string(profile_select) + "JOIN profile_secrets k ON k.profile_id = p.id WHERE k.secret_sha256 = $1",
            {secret_sha256}));
    }

    std::optional<ProfileRecord> find_by_recovery_hash(std::string_view recovery_sha256) override {
        auto connection = pool_->acquire();
        return first_profile(
            connection->exec(std::string(profile_select) + "WHERE p.recovery_sha256 = $1", {recovery_sha256}));
    }

    void add_secret(std::string_view profile_id, std::string_view secret_sha256, std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        insert_secret(*connection, profile_id, secret_sha256, now_ms);
    }

    void add_interview(std::string_view profile_id, std::string_view interview_id, OwnedKind kind,
                       std::int64_t now_ms) override {
        auto connection = pool_->acquire();
        (void)connection->exec("INSERT INTO profile_interviews (interview_id, profile_id, kind, created_at_ms) "
                               "VALUES ($1, $2, $3, $4)",
                               {interview_id, profile_id, to_string(kind), now_ms});
    }

    std::vector<OwnedInterview> list_interviews(std::string_view profile_id) override {
        auto connection = pool_->acquire();
        std::string sql = "SELECT v.id, v.token_sha256, v.role_id, v.plan_json, v.status, v.created_at_ms, "
                          "v.updated_at_ms, v.last_seq, o.kind FROM profile_interviews o ";
        sql += "JOIN interviews v ON v.id = o.interview_id WHERE o.profile_id = $1 ORDER BY v.created_at_ms, v.id";
        const auto rows = connection->exec(sql, {profile_id});
        std::vector<OwnedInterview> owned;
        owned.reserve(static_cast<std::size_t>(rows.rows()));
        for (int row = 0; row < rows.rows(); ++row) {
            owned.push_back(
                {read_interview_record(rows, row), parse_owned_kind(rows.text(row, 8)).value_or(OwnedKind::interview)});
        }
        return owned;
    }

    std::vector<EventRecord> load_events(std::string_view interview_id) override {
        auto connection = pool_->acquire();
        return read_pg_events(*connection, interview_id);
    }

    std::optional<ProfileRecord> find_by_chat_identity(std::string_view platform, std::string_view user_id) override {
        auto connection = pool_->acquire();
        return first_profile(connection->exec(std::string(profile_select) +
                                                  "JOIN profile_chat_identities c ON c.profile_id = p.id "
                                                  "WHERE c.platform = $1 AND c.user_id = $2",
                                              {platform, user_id}));
    }

    void create_chat_profile(std::string_view profile_id, std::string_view recovery_sha256, std::string_view platform,
                             std::string_view user_id, std::int64_t now_ms) override {
        in_transaction(*pool_, [&](PgConnection& connection) {
            insert_profile(connection, profile_id, recovery_sha256, now_ms);
            insert_identity(connection, platform, user_id, profile_id, now_ms);
        });
    }

    std::int64_t link_chat_identity(std::string_view platform, std::string_view user_id, std::string_view profile_id,
                                    std::int64_t now_ms) override {
        return in_transaction(*pool_, [&](PgConnection& connection) -> std::int64_t {
            // Either this inserts the link (the identity was nobody's) or the row exists and is
            // locked here until commit, so a concurrent link of the same identity waits for this one.
            const auto inserted = connection.exec(
                "INSERT INTO profile_chat_identities (platform, user_id, profile_id, created_at_ms) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (platform, user_id) DO NOTHING",
                {platform, user_id, profile_id, now_ms});
            if (inserted.affected() == 1) return 0;
            const auto owner = connection.exec("SELECT profile_id FROM profile_chat_identities "
                                               "WHERE platform = $1 AND user_id = $2 FOR UPDATE",
                                               {platform, user_id});
            if (owner.empty()) return 0;    // unlinked by a deletion between the two statements
            const auto previous = owner.text(0, 0);
            if (previous == profile_id) return 0;
            const auto moved =
                connection.exec("SELECT COUNT(*) FROM profile_interviews WHERE profile_id = $1", {previous}).integer(0, 0);
            for (const char* sql : {"UPDATE profile_interviews SET profile_id = $1 WHERE profile_id = $2",
                                    "UPDATE profile_secrets SET profile_id = $1 WHERE profile_id = $2",
                                    "UPDATE profile_chat_identities SET profile_id = $1 WHERE profile_id = $2"}) {
                (void)connection.exec(sql, {profile_id, previous});
            }
            (void)connection.exec("DELETE FROM profiles WHERE id = $1", {previous});
            return moved;
        });
    }

    void replace_recovery_hash(std::string_view profile_id, std::string_view recovery_sha256) override {
        auto connection = pool_->acquire();
        (void)connection->exec("UPDATE profiles SET recovery_sha256 = $1 WHERE id = $2", {recovery_sha256, profile_id});
    }

    bool delete_profile(std::string_view profile_id) override {
        auto connection = pool_->acquire();
        {
            PgTransaction transaction(*connection);
            if (connection->exec("SELECT 1 FROM profiles WHERE id = $1 FOR UPDATE", {profile_id}).empty()) return false;
            for (const char* sql : {"DELETE FROM profile_interviews WHERE profile_id = $1",
                                    "DELETE FROM profile_chat_identities WHERE profile_id = $1",
                                    "DELETE FROM profile_secrets WHERE profile_id = $1",
                                    "DELETE FROM profiles WHERE id = $1"}) {
                (void)connection->exec(sql, {profile_id});
            }
            transaction.commit();
        }
        // As after an interview's erasure (the coach store): VACUUM removes the deleted row
        // versions now, not at autovacuum's next pass.
        connection->execute("VACUUM profile_interviews, profile_chat_identities, profile_secrets, profiles");
        return true;
    }

private:
    static void insert_identity(PgConnection& connection, std::string_view platform, std::string_view user_id,
                                std::string_view profile_id, std::int64_t now_ms) {
        (void)connection.exec("INSERT INTO profile_chat_identities (platform, user_id, profile_id, created_at_ms) "
                              "VALUES ($1, $2, $3, $4)",
                              {platform, user_id, profile_id, now_ms});
    }

    std::shared_ptr<PgPool> pool_;
};

}  // namespace

std::unique_ptr<ProfileStore> open_postgres_profile_store(std::shared_ptr<PgPool> pool) {
    return std::make_unique<PostgresProfileStore>(std::move(pool));
}

}  // namespace mi::server::postgres
