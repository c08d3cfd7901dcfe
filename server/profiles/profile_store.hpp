// Durable state of practice profiles, beside the interviews in the same database (schema
// migration 6): a profile, the SHA-256 of each device's secret and of its recovery code, and
// which interviews it owns. Plain types and whole operations, so a PostgreSQL backend can
// implement the same contract. Erasing a profile's interviews is the coach store's erasure
// (CoachStore::erase_interview), so there is one way to delete an interview's text.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/interview_store.hpp"

namespace mi::server::profiles {

enum class OwnedKind { interview, drill };

[[nodiscard]] std::string_view to_string(OwnedKind kind);
[[nodiscard]] std::optional<OwnedKind> parse_owned_kind(std::string_view text);

struct ProfileRecord {
    std::string id;
    std::string recovery_sha256;
    std::int64_t created_at_ms = 0;
    std::int64_t devices = 0;               // secrets issued (the first device, then each recovery)
};

struct OwnedInterview {
    InterviewRecord record;
    OwnedKind kind = OwnedKind::interview;
};

class ProfileStore {
public:
    virtual ~ProfileStore() = default;

    // A new profile with its first device's secret. Throws StoreError (also when an id or hash exists).
    virtual void create_profile(std::string_view profile_id, std::string_view secret_sha256,
                                std::string_view recovery_sha256, std::int64_t now_ms) = 0;
    [[nodiscard]] virtual std::optional<ProfileRecord> find_by_secret_hash(std::string_view secret_sha256) = 0;
    [[nodiscard]] virtual std::optional<ProfileRecord> find_by_recovery_hash(std::string_view recovery_sha256) = 0;
    // One more device: its secret works beside the others.
    virtual void add_secret(std::string_view profile_id, std::string_view secret_sha256, std::int64_t now_ms) = 0;

    // Records that the profile owns an interview created just before (by InterviewService).
    virtual void add_interview(std::string_view profile_id, std::string_view interview_id, OwnedKind kind,
                               std::int64_t now_ms) = 0;
    // Oldest first.
    [[nodiscard]] virtual std::vector<OwnedInterview> list_interviews(std::string_view profile_id) = 0;
    [[nodiscard]] virtual std::vector<EventRecord> load_events(std::string_view interview_id) = 0;

    // Chat identities (schema migration 7): a platform's user id ("slack", "U024BE7LH") belongs
    // to one profile. A chat profile has no device secret until its recovery code is used.
    [[nodiscard]] virtual std::optional<ProfileRecord> find_by_chat_identity(std::string_view platform,
                                                                             std::string_view user_id) = 0;
    // A new profile for a chat user, with no device secret. Throws StoreError (also when the
    // identity has a profile already).
    virtual void create_chat_profile(std::string_view profile_id, std::string_view recovery_sha256,
                                     std::string_view platform, std::string_view user_id, std::int64_t now_ms) = 0;
    // Links the chat identity to `profile_id`, in one transaction. When the identity belonged to
    // another profile, that profile is merged into `profile_id`: its interviews, device secrets
    // and chat identities move over and it is deleted. Returns how many interviews moved.
    virtual std::int64_t link_chat_identity(std::string_view platform, std::string_view user_id,
                                            std::string_view profile_id, std::int64_t now_ms) = 0;
    // A new recovery code for the profile; the previous one stops working.
    virtual void replace_recovery_hash(std::string_view profile_id, std::string_view recovery_sha256) = 0;

    // Deletes the profile, its secrets, its chat identities and what is left of its interview links (its interviews
    // are erased first, one by one), then checkpoints the WAL so nothing of it stays in the files.
    // False when there is no such profile.
    virtual bool delete_profile(std::string_view profile_id) = 0;
};

// Opens the profile tables of the database at `path` (open_sqlite_store must have migrated it).
// Throws StoreError.
[[nodiscard]] std::unique_ptr<ProfileStore> open_sqlite_profile_store(const std::filesystem::path& path);

}  // namespace mi::server::profiles
