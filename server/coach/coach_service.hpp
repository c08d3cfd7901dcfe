// What the server does for coaches and for candidates sharing or deleting their interviews,
// independent of HTTP: typed results in, typed results out (coach_routes.cpp makes the JSON).
// Every call runs on the server's interview thread, like InterviewService, whose create path it
// uses to start an interview from an invite link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "server/coach/coach_rules.hpp"
#include "server/coach/coach_store.hpp"
#include "server/coach/interview_review.hpp"
#include "server/interview_service.hpp"
#include "server/server_limits.hpp"

namespace mi::server::coach {

struct InterviewSummary {
    std::string interview_id, role, industry, seniority;
    std::vector<std::string> stages;
    ListedStatus status = ListedStatus::in_progress;
    std::int64_t created_at_ms = 0, updated_at_ms = 0;
    std::int64_t answers = 0;
    std::optional<int> score;
    bool overridden = false;
    std::optional<std::int64_t> invite_id;
    std::string invite_label;
    bool shared = false;
    std::optional<std::string> snippet;
};

struct InterviewPage {
    std::vector<InterviewSummary> interviews;
    std::optional<std::string> next_cursor;
};

struct InterviewDetail {
    InterviewSummary summary;
    nlohmann::json plan;
    InterviewReview review;
    std::vector<NoteRecord> notes;          // every note; turn-level ones name their turn
    std::vector<AuditRecord> audit;
};

// Started from an invite: the created interview and the invite it came from.
struct InvitedInterview {
    CreatedInterview created;
    InviteRecord invite;
};

// A requested override: the new values by field (see AuditRecord::field), and why.
struct OverrideRequest {
    std::optional<int> score;
    std::vector<std::pair<std::string, std::string>> key_points, red_flags, star;   // id -> value word
    std::string reason;
};

class CoachService {
public:
    // Everything must outlive the service.
    CoachService(InterviewService& interviews, CoachStore& store, const content::ContentLibrary& library,
                 const ServerLimits& limits);

    // The coach a bearer token belongs to: unauthorized for anything but a live coach's token.
    Outcome<CoachRecord> authenticate(std::string_view token, WallClock::time_point now);

    // Invites.
    Outcome<InviteRecord> create_invite(const CoachRecord& coach, std::string_view label, const nlohmann::json& plan,
                                        std::optional<std::int64_t> expires_at_ms, WallClock::time_point now);
    Outcome<std::vector<InviteRecord>> list_invites(const CoachRecord& coach);
    Outcome<InviteRecord> expire_invite(const CoachRecord& coach, std::int64_t invite_id, WallClock::time_point now);
    // For the candidate: invite_not_found, invite_expired, or the invite.
    Outcome<InviteRecord> open_invite(std::string_view code, WallClock::time_point now);
    Outcome<InvitedInterview> start_from_invite(std::string_view code, const std::optional<nlohmann::json>& seed,
                                                WallClock::time_point now);

    // The candidate's own interview (token checked): shares and deletion.
    Outcome<ShareRecord> add_share(std::string_view interview_id, std::string_view token, std::string_view share_code,
                                   WallClock::time_point now);
    Outcome<std::vector<ShareRecord>> list_shares(std::string_view interview_id, std::string_view token);
    Outcome<bool> remove_share(std::string_view interview_id, std::string_view token, std::string_view share_code);
    Outcome<ErasureCounts> delete_interview(std::string_view interview_id, std::string_view token,
                                            WallClock::time_point now);

    // The coach's view.
    Outcome<InterviewPage> list_interviews(const CoachRecord& coach, const ListQuery& query, WallClock::time_point now);
    Outcome<InterviewDetail> interview(const CoachRecord& coach, std::string_view interview_id, WallClock::time_point now);
    Outcome<NoteRecord> add_note(const CoachRecord& coach, std::string_view interview_id, std::string_view text,
                                 std::optional<std::int64_t> turn, WallClock::time_point now);
    Outcome<std::vector<AuditRecord>> override_turn(const CoachRecord& coach, std::string_view interview_id,
                                                    std::int64_t turn, const OverrideRequest& request,
                                                    WallClock::time_point now);
    Outcome<std::vector<AuditRecord>> revert(const CoachRecord& coach, std::string_view interview_id,
                                             std::int64_t audit_id, std::string_view reason, WallClock::time_point now);
    Outcome<Calibration> calibration(const CoachRecord& coach);

    [[nodiscard]] const ServerLimits& limits() const { return limits_; }

private:
    Outcome<bool> check_candidate(std::string_view interview_id, std::string_view token);
    // The interview's row if the coach may see it; interview_not_found otherwise (also when it
    // exists but is someone else's).
    Outcome<InterviewRow> visible_row(const CoachRecord& coach, std::string_view interview_id);
    Outcome<InterviewDetail> detail_of(const CoachRecord& coach, const InterviewRow& row, WallClock::time_point now);
    [[nodiscard]] const content::RolePack* pack_of(std::string_view role_id) const;
    InterviewSummary summary_of(const CoachRecord& coach, const InterviewRow& row, const InterviewReview& review,
                                WallClock::time_point now) const;
    InterviewReview review_of(const InterviewRow& row, const std::vector<AuditRecord>& audit);

    InterviewService& interviews_;
    CoachStore& store_;
    const content::ContentLibrary& library_;
    const ServerLimits& limits_;
};

}  // namespace mi::server::coach
