#include "server/profiles/profile_service.hpp"

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "content/json_text.hpp"
#include "dialogue/interview/interview_state.hpp"
#include "server/profiles/recovery_code.hpp"
#include "server/secret_token.hpp"

namespace mi::server::profiles {

namespace {

using nlohmann::json;
namespace progress = dialogue::progress;

// Profile secrets carry a prefix so a candidate's interview token or a coach token sent here by
// mistake is told apart at once.
constexpr std::string_view secret_prefix = "mip_";

std::int64_t epoch_ms(WallClock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

ServiceError unauthorized(std::string message) { return {ErrorCode::unauthorized, std::move(message), {}}; }

ServiceError store_failure(const StoreError& failure) {
    spdlog::error("profile store failure: {}", failure.what());
    return {ErrorCode::internal, "the practice profile could not be read or written; please try again", {}};
}

std::string new_secret() { return std::string(secret_prefix) + generate_token(); }

}  // namespace

ProfileService::ProfileService(InterviewService& interviews, ProfileStore& store, coach::CoachStore& erasure,
                               const content::ContentLibrary& library, const ServerLimits& limits)
    : interviews_(interviews), store_(store), erasure_(erasure), library_(library), limits_(limits) {}

Outcome<CreatedProfile> ProfileService::create(WallClock::time_point now) {
    CreatedProfile created{generate_interview_id(), new_secret(), generate_recovery_code(), epoch_ms(now)};
    try {
        store_.create_profile(created.profile_id, sha256_hex(created.secret),
                              sha256_hex(*normalise_recovery_code(created.recovery_code)), created.created_at_ms);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
    spdlog::info("practice profile {} created", created.profile_id);
    return created;
}

Outcome<ProfileRecord> ProfileService::authenticate(std::string_view secret) {
    if (!secret.starts_with(secret_prefix)) {
        return unauthorized("send the practice profile's secret as 'Authorization: Bearer mip_...' "
                            "(from POST /api/v1/profiles or /api/v1/profiles/recover)");
    }
    try {
        // The hash is the lookup key: a match is a profile whose stored hash equals the secret's.
        auto profile = store_.find_by_secret_hash(sha256_hex(secret));
        if (!profile) return unauthorized("this practice profile secret is not valid (unknown, or the profile was deleted)");
        return *profile;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<RecoveredProfile> ProfileService::recover(std::string_view typed_code, WallClock::time_point now) {
    const auto code = normalise_recovery_code(typed_code);
    if (!code) {
        return ServiceError{ErrorCode::invalid_parameter,
                            "a recovery code is 16 letters and digits, like K7QM-2XPD-9RTA-H4WN (hyphens and spaces "
                            "may be left out)",
                            {"recovery_code"}};
    }
    try {
        const auto profile = store_.find_by_recovery_hash(sha256_hex(*code));
        if (!profile) return unauthorized("no practice profile has this recovery code; check it for typing mistakes");
        RecoveredProfile recovered{profile->id, new_secret()};
        store_.add_secret(profile->id, sha256_hex(recovered.secret), epoch_ms(now));
        spdlog::info("practice profile {} taken to another device", profile->id);
        return recovered;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<ProfileRecord> ProfileService::chat_profile(std::string_view platform, std::string_view user_id,
                                                    WallClock::time_point now) {
    try {
        if (auto profile = store_.find_by_chat_identity(platform, user_id)) return *profile;
        // The code is not shown now: /profile issues a fresh one when the candidate wants it.
        const std::string profile_id = generate_interview_id();
        store_.create_chat_profile(profile_id, sha256_hex(*normalise_recovery_code(generate_recovery_code())), platform,
                                   user_id, epoch_ms(now));
        spdlog::info("practice profile {} created for a {} chat user", profile_id, platform);
        auto profile = store_.find_by_chat_identity(platform, user_id);
        if (!profile) throw StoreError("the chat profile just created cannot be read back");
        return *profile;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<LinkedChatIdentity> ProfileService::link_chat_identity(std::string_view platform, std::string_view user_id,
                                                                std::string_view typed_code, WallClock::time_point now) {
    const auto code = normalise_recovery_code(typed_code);
    if (!code) {
        return ServiceError{ErrorCode::invalid_parameter,
                            "a recovery code is 16 letters and digits, like K7QM-2XPD-9RTA-H4WN: send /link followed "
                            "by the code your progress page shows",
                            {"recovery_code"}};
    }
    try {
        const auto profile = store_.find_by_recovery_hash(sha256_hex(*code));
        if (!profile) {
            return unauthorized("no practice profile has this recovery code; check it for typing mistakes. Nothing "
                                "was changed");
        }
        LinkedChatIdentity linked{profile->id, store_.link_chat_identity(platform, user_id, profile->id, epoch_ms(now))};
        spdlog::info("a {} chat user linked to practice profile {} ({} interviews merged in)", platform, profile->id,
                     linked.interviews_moved);
        return linked;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<std::string> ProfileService::replace_recovery_code(const ProfileRecord& profile) {
    std::string code = generate_recovery_code();
    try {
        store_.replace_recovery_hash(profile.id, sha256_hex(*normalise_recovery_code(code)));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
    spdlog::info("practice profile {} has a new recovery code", profile.id);
    return code;
}

Outcome<CreatedInterview> ProfileService::start_interview(const ProfileRecord& profile, const json& plan,
                                                          WallClock::time_point now) {
    auto created = interviews_.create_interview(plan, now);
    if (auto* error = std::get_if<ServiceError>(&created)) return *error;
    auto& interview = std::get<CreatedInterview>(created);
    const bool drill = plan.contains("questions");
    try {
        store_.add_interview(profile.id, interview.interview_id, drill ? OwnedKind::drill : OwnedKind::interview,
                             epoch_ms(now));
    } catch (const StoreError& failure) {
        // The interview exists without its owner: the candidate can still take it, it will not
        // count in their progress. Said in the log; the candidate is told to start again.
        spdlog::error("interview {} started for profile {} but the ownership was not saved: {}", interview.interview_id,
                      profile.id, failure.what());
        return ServiceError{ErrorCode::internal, "the interview could not be added to your profile; please start again", {}};
    }
    return std::move(interview);
}

Outcome<std::vector<OwnedInterview>> ProfileService::interviews(const ProfileRecord& profile) {
    try {
        return store_.list_interviews(profile.id);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

ProfileProgress ProfileService::histories(const ProfileRecord& profile, WallClock::time_point now) {
    ProfileProgress result;
    std::vector<progress::InterviewHistory> all;
    for (auto& owned : store_.list_interviews(profile.id)) {
        const auto* pack = library_.find_role(owned.record.role_id);
        try {
            if (pack == nullptr) throw dialogue::InterviewError("its role '" + owned.record.role_id + "' is not loaded");
            // A fold over the stored events, as the engine's replay does, without a scorer.
            dialogue::InterviewState state;
            for (const auto& stored : store_.load_events(owned.record.id)) {
                dialogue::apply_event(state, *pack, dialogue::event_from_json(content::parse_json_text(stored.payload_json).value));
            }
            auto history = progress::history_of(*pack, state, owned.record.id, owned.record.created_at_ms,
                                                 owned.kind == OwnedKind::drill);
            all.push_back(history);
            result.interviews.push_back({std::move(owned), std::move(history), {}});
        } catch (const StoreError&) {
            throw;
        } catch (const std::exception& failure) {
            spdlog::error("profile {}: interview {} left out of the progress: {}", profile.id, owned.record.id,
                          failure.what());
            result.unreadable.push_back(owned.record.id);
        }
    }
    for (auto& entry : result.interviews) {
        if (entry.history.finished) entry.changes = progress::changes_since_previous(all, entry.history);
    }
    result.summary = progress::summarise_progress(std::move(all), epoch_ms(now));
    return result;
}

Outcome<ProfileProgress> ProfileService::progress(const ProfileRecord& profile, WallClock::time_point now) {
    try {
        return histories(profile, now);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<progress::DrillPlan> ProfileService::drill(const ProfileRecord& profile) {
    try {
        auto all = histories(profile, WallClock::now());
        std::vector<progress::InterviewHistory> owned;
        for (auto& entry : all.interviews) owned.push_back(std::move(entry.history));
        return progress::plan_drill(std::move(owned));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<CreatedInterview> ProfileService::start_drill(const ProfileRecord& profile, std::optional<std::uint64_t> seed,
                                                      WallClock::time_point now) {
    auto planned = drill(profile);
    if (auto* error = std::get_if<ServiceError>(&planned)) return *error;
    const auto& plan = std::get<progress::DrillPlan>(planned);
    if (plan.questions.empty()) {
        return ServiceError{ErrorCode::not_found,
                            "nothing to drill yet: no key point has been missed and no red flag raised in your "
                            "interviews; practise an interview first",
                            {}};
    }
    // The drill's role is that of the interviews it was planned from (questions are unique to a role).
    std::string role;
    try {
        for (auto& owned : store_.list_interviews(profile.id)) role = owned.record.role_id;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
    const auto* pack = library_.find_role(role);
    if (pack == nullptr) return ServiceError{ErrorCode::role_unavailable, "the role '" + role + "' is not loaded", {}};
    json stages = json::array();
    json questions = json::array();
    // The plan lists stages in the guide's order, as every plan does.
    for (const auto& stage : pack->stages) {
        const bool used = std::any_of(plan.questions.begin(), plan.questions.end(),
                                      [&](const progress::DrillQuestion& question) { return question.stage_id == stage.id; });
        if (used) stages.push_back(stage.id);
    }
    for (const auto& question : plan.questions) questions.push_back(question.item_id);
    json interview_plan{{"role", role},
                        {"stages", stages},
                        {"questions", questions},
                        {"follow_ups_per_question", 0},
                        {"seed", seed.value_or(static_cast<std::uint64_t>(epoch_ms(now)))}};
    return start_interview(profile, interview_plan, now);
}

Outcome<ProfileExport> ProfileService::export_profile(const ProfileRecord& profile, WallClock::time_point now) {
    try {
        ProfileExport exported;
        exported.profile = profile;
        exported.progress = histories(profile, now);
        for (const auto& owned : store_.list_interviews(profile.id)) {
            auto transcript = interviews_.describe_authenticated(owned.record.id);
            if (auto* error = std::get_if<ServiceError>(&transcript)) return *error;
            exported.interviews.push_back(std::get<InterviewTranscript>(std::move(transcript)));
            exported.kinds.push_back(owned.kind);
        }
        return exported;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<ProfileErasure> ProfileService::erase(const ProfileRecord& profile, WallClock::time_point now) {
    try {
        ProfileErasure erased;
        for (const auto& owned : store_.list_interviews(profile.id)) {
            interviews_.forget(owned.record.id);
            const auto counts = erasure_.erase_interview(owned.record.id, epoch_ms(now));
            if (!counts) continue;   // deleted on its own already (DELETE /api/v1/interviews/{id})
            ++erased.interviews;
            erased.answers += counts->answers;
            erased.events += counts->events;
        }
        if (!store_.delete_profile(profile.id)) {
            return unauthorized("this practice profile was deleted already");
        }
        spdlog::info("practice profile {} deleted by its candidate: {} interviews, {} answers erased", profile.id,
                     erased.interviews, erased.answers);
        return erased;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

}  // namespace mi::server::profiles
