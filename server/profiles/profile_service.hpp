// What the server does for practice profiles, independent of HTTP: create one (a secret for this
// device and a recovery code for others), recognise its secret, take it to another device, start
// interviews it owns, its progress and drill plan, its export, and its erasure. Typed results in
// and out (profile_routes.cpp makes the JSON).
//
// Runs on the profiles strand (server_context.hpp), one call at a time: the store is one
// connection. The interview service it starts interviews through takes its own shard locks, and
// the coach store whose erasure it reuses has its own lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "dialogue/progress/drill_plan.hpp"
#include "dialogue/progress/progress.hpp"
#include "server/coach/coach_store.hpp"
#include "server/interview_service.hpp"
#include "server/profiles/profile_store.hpp"
#include "server/server_limits.hpp"

namespace mi::server::profiles {

// Shown once: neither the secret nor the recovery code can be read back.
struct CreatedProfile {
    std::string profile_id;
    std::string secret;
    std::string recovery_code;
    std::int64_t created_at_ms = 0;
};

struct RecoveredProfile {
    std::string profile_id;
    std::string secret;                     // this device's, new
};

// One owned interview as the progress page lists it.
struct ProfileInterview {
    OwnedInterview owned;
    dialogue::progress::InterviewHistory history;
    std::vector<std::string> changes;       // since the previous interview (finished ones only)
};

struct ProfileProgress {
    std::vector<ProfileInterview> interviews;       // oldest first
    dialogue::progress::ProgressSummary summary;
    std::vector<std::string> unreadable;            // interviews whose log could not be read (logged), left out
};

struct ProfileExport {
    ProfileRecord profile;
    std::vector<InterviewTranscript> interviews;
    std::vector<OwnedKind> kinds;                   // beside interviews
    ProfileProgress progress;
};

// A chat identity linked to a web profile with its recovery code.
struct LinkedChatIdentity {
    std::string profile_id;
    std::int64_t interviews_moved = 0;      // from the identity's previous profile, merged in
};

struct ProfileErasure {
    std::int64_t interviews = 0, answers = 0, events = 0;
};

class ProfileService {
public:
    // Everything must outlive the service. `erasure` is the coach store, whose erase_interview
    // deletes an interview everywhere it is referenced.
    ProfileService(InterviewService& interviews, ProfileStore& store, coach::CoachStore& erasure,
                   const content::ContentLibrary& library, const ServerLimits& limits);

    Outcome<CreatedProfile> create(WallClock::time_point now);
    // The profile a secret belongs to: unauthorized otherwise.
    Outcome<ProfileRecord> authenticate(std::string_view secret);
    // A recovery code as the candidate typed it: a fresh secret for this device.
    Outcome<RecoveredProfile> recover(std::string_view typed_code, WallClock::time_point now);

    // A chat user's profile (`platform` as chat's to_string, the platform's user id), created
    // on first use: a chat message is the credential, the webhook's signature vouches for it.
    Outcome<ProfileRecord> chat_profile(std::string_view platform, std::string_view user_id, WallClock::time_point now);
    // `/link CODE`: the chat identity joins the profile of the recovery code; the identity's
    // previous profile is merged into it. A wrong code changes nothing (unauthorized).
    Outcome<LinkedChatIdentity> link_chat_identity(std::string_view platform, std::string_view user_id,
                                                   std::string_view typed_code, WallClock::time_point now);
    // A fresh recovery code for the profile, shown once; the previous code stops working.
    Outcome<std::string> replace_recovery_code(const ProfileRecord& profile);

    // An interview the profile owns (`plan` as for POST /api/v1/interviews).
    Outcome<CreatedInterview> start_interview(const ProfileRecord& profile, const nlohmann::json& plan,
                                              WallClock::time_point now);
    Outcome<std::vector<OwnedInterview>> interviews(const ProfileRecord& profile);
    Outcome<ProfileProgress> progress(const ProfileRecord& profile, WallClock::time_point now);
    Outcome<dialogue::progress::DrillPlan> drill(const ProfileRecord& profile);
    // Starts the drill plan's questions as an interview the profile owns, without follow-ups;
    // not_found when there is nothing to drill yet.
    Outcome<CreatedInterview> start_drill(const ProfileRecord& profile, std::optional<std::uint64_t> seed,
                                          WallClock::time_point now);
    Outcome<ProfileExport> export_profile(const ProfileRecord& profile, WallClock::time_point now);
    // Erases every interview of the profile (their answers overwritten in the database file),
    // then the profile itself.
    Outcome<ProfileErasure> erase(const ProfileRecord& profile, WallClock::time_point now);

private:
    // Every owned interview's history (replayed from its log), oldest first.
    ProfileProgress histories(const ProfileRecord& profile, WallClock::time_point now);

    InterviewService& interviews_;
    ProfileStore& store_;
    coach::CoachStore& erasure_;
    const content::ContentLibrary& library_;
    const ServerLimits& limits_;
};

}  // namespace mi::server::profiles
