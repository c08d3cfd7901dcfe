#include "server/coach/coach_service.hpp"

#include <algorithm>
#include <set>

#include <spdlog/spdlog.h>

#include "server/secret_token.hpp"

namespace mi::server::coach {

namespace {

using nlohmann::json;

std::int64_t epoch_ms(WallClock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

ServiceError unauthorized(std::string message) { return {ErrorCode::unauthorized, std::move(message), {}}; }

ServiceError interview_not_found(std::string_view interview_id) {
    return {ErrorCode::interview_not_found, "no interview with id '" + std::string(interview_id) + "'", {}};
}

ServiceError invalid(std::string_view field, std::string message) {
    return {ErrorCode::invalid_parameter, std::move(message), {std::string(field)}};
}

ServiceError store_failure(const StoreError& failure) {
    spdlog::error("coach store failure: {}", failure.what());
    return {ErrorCode::internal, "the coach data could not be read or written; please try again", {}};
}

// Counts Unicode characters (UTF-8 lead bytes), as the answer limit does.
std::size_t characters(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool expired(const InviteRecord& invite, std::int64_t now_ms) {
    return invite.expires_at_ms && *invite.expires_at_ms <= now_ms;
}

}  // namespace

CoachService::CoachService(InterviewService& interviews, CoachStore& store, const content::ContentLibrary& library,
                           const ServerLimits& limits)
    : interviews_(interviews), store_(store), library_(library), limits_(limits) {}

const content::RolePack* CoachService::pack_of(std::string_view role_id) const { return library_.find_role(role_id); }

Outcome<CoachRecord> CoachService::authenticate(std::string_view token, WallClock::time_point now) {
    if (!is_coach_token_shaped(token)) {
        return unauthorized("send a coach token as 'Authorization: Bearer mic_...' (from `mock-interviewer coach add`)");
    }
    try {
        const auto hash = sha256_hex(token);
        auto coach = store_.find_coach_by_token_hash(hash);
        // The lookup is by hash; the comparison that decides is constant-time.
        if (!coach || !token_matches(token, coach->token_sha256) || coach->revoked_at_ms) {
            return unauthorized("this coach token is not valid (unknown or revoked)");
        }
        const auto now_ms = epoch_ms(now);
        // "last used" to the minute: one write a minute per coach at most.
        if (!coach->last_used_at_ms || now_ms - *coach->last_used_at_ms >= 60'000) {
            store_.touch_coach(coach->id, now_ms);
            coach->last_used_at_ms = now_ms;
        }
        return *coach;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

// ---- invites ----

Outcome<InviteRecord> CoachService::create_invite(const CoachRecord& coach, std::string_view label, const json& plan,
                                                  std::optional<std::int64_t> expires_at_ms, WallClock::time_point now) {
    const auto now_ms = epoch_ms(now);
    if (label.empty() || characters(label) > limits_.max_invite_label_chars) {
        return invalid("label", "label must be 1 to " + std::to_string(limits_.max_invite_label_chars) + " characters");
    }
    if (expires_at_ms) {
        if (*expires_at_ms <= now_ms) return invalid("expires_at_ms", "expires_at_ms must be in the future");
        if (*expires_at_ms - now_ms > limits_.max_invite_lifetime.count()) {
            return invalid("expires_at_ms", "expires_at_ms may be at most " +
                                                std::to_string(limits_.max_invite_lifetime.count() / 86'400'000) +
                                                " days from now");
        }
    }
    if (plan.contains("seed")) return invalid("plan.seed", "an invite's plan has no seed: each candidate gets their own questions");
    const auto problems = interviews_.plan_problems(plan);
    if (!problems.empty()) {
        return ServiceError{ErrorCode::invalid_plan, "the plan is not valid: " + problems.front(), problems};
    }
    try {
        return store_.create_invite(coach.id, generate_token().substr(0, 22), label, plan.dump(), now_ms, expires_at_ms);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<std::vector<InviteRecord>> CoachService::list_invites(const CoachRecord& coach) {
    try {
        return store_.list_invites(coach.role == CoachRole::admin ? std::nullopt : std::optional(coach.id));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InviteRecord> CoachService::expire_invite(const CoachRecord& coach, std::int64_t invite_id,
                                                  WallClock::time_point now) {
    try {
        const auto invite = store_.find_invite(invite_id);
        if (!invite || !may_manage_invite(Viewer{coach.id, coach.role}, invite->coach_id)) {
            return ServiceError{ErrorCode::invite_not_found, "no invite with id " + std::to_string(invite_id), {}};
        }
        store_.expire_invite(invite_id, epoch_ms(now));
        return *store_.find_invite(invite_id);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InviteRecord> CoachService::open_invite(std::string_view code, WallClock::time_point now) {
    try {
        const auto invite = store_.find_invite_by_code(code);
        if (!invite) return ServiceError{ErrorCode::invite_not_found, "no invite link with this code", {}};
        if (expired(*invite, epoch_ms(now))) {
            return ServiceError{ErrorCode::invite_expired, "this invite link has expired; ask your coach for a new one", {}};
        }
        return *invite;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InvitedInterview> CoachService::start_from_invite(std::string_view code, const std::optional<json>& seed,
                                                          WallClock::time_point now) {
    auto opened = open_invite(code, now);
    if (auto* error = std::get_if<ServiceError>(&opened)) return *error;
    const auto& invite = std::get<InviteRecord>(opened);
    auto plan = json::parse(invite.plan_json, nullptr, false);
    if (!plan.is_object()) return ServiceError{ErrorCode::internal, "the invite's plan could not be read", {}};
    if (seed) plan["seed"] = *seed;
    auto created = interviews_.create_interview(plan, now);
    if (auto* error = std::get_if<ServiceError>(&created)) return *error;
    auto& interview = std::get<CreatedInterview>(created);
    try {
        store_.link_invite(interview.interview_id, invite.id);
    } catch (const StoreError& failure) {
        // The interview exists without its link: the candidate can still take it, the coach will
        // not see it. Said in the log; the candidate is told to start again.
        spdlog::error("interview {} started from invite {} but the link was not saved: {}", interview.interview_id,
                      invite.id, failure.what());
        return ServiceError{ErrorCode::internal, "the interview could not be linked to the invite; please start again", {}};
    }
    spdlog::info("interview {} started from invite {}", interview.interview_id, invite.id);
    return InvitedInterview{std::move(interview), invite};
}

// ---- the candidate's shares and deletion ----

Outcome<bool> CoachService::check_candidate(std::string_view interview_id, std::string_view token) {
    try {
        const auto hash = store_.interview_token_hash(interview_id);
        // Unknown interview and wrong token answer alike: the caller learns nothing about ids.
        if (!hash || !token_matches(token, *hash)) return interview_not_found(interview_id);
        return true;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<ShareRecord> CoachService::add_share(std::string_view interview_id, std::string_view token,
                                             std::string_view share_code, WallClock::time_point now) {
    auto checked = check_candidate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&checked)) return *error;
    std::string code(share_code);
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    try {
        const auto coach = store_.find_coach_by_share_code(code);
        if (!coach) return invalid("share_code", "no coach has the share code '" + std::string(share_code) + "'");
        store_.add_share(interview_id, coach->id, epoch_ms(now));
        for (auto& share : store_.list_shares(interview_id)) {
            if (share.coach_id == coach->id) return share;
        }
        return ServiceError{ErrorCode::internal, "the share was not recorded; please try again", {}};
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<std::vector<ShareRecord>> CoachService::list_shares(std::string_view interview_id, std::string_view token) {
    auto checked = check_candidate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&checked)) return *error;
    try {
        return store_.list_shares(interview_id);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<bool> CoachService::remove_share(std::string_view interview_id, std::string_view token,
                                         std::string_view share_code) {
    auto checked = check_candidate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&checked)) return *error;
    std::string code(share_code);
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    try {
        for (const auto& share : store_.list_shares(interview_id)) {
            if (share.share_code == code) {
                store_.remove_share(interview_id, share.coach_id);
                return true;
            }
        }
        return ServiceError{ErrorCode::not_found, "this interview is not shared with '" + std::string(share_code) + "'", {}};
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<ErasureCounts> CoachService::delete_interview(std::string_view interview_id, std::string_view token,
                                                      WallClock::time_point now) {
    auto checked = check_candidate(interview_id, token);
    if (auto* error = std::get_if<ServiceError>(&checked)) return *error;
    try {
        interviews_.forget(interview_id);
        const auto counts = store_.erase_interview(interview_id, epoch_ms(now));
        if (!counts) return interview_not_found(interview_id);
        spdlog::info("interview {} deleted by its candidate: {} answers, {} events, {} notes erased", interview_id,
                     counts->answers, counts->events, counts->notes);
        return *counts;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

// ---- the coach's view ----

InterviewReview CoachService::review_of(const InterviewRow& row, const std::vector<AuditRecord>& audit) {
    std::vector<json> events;
    for (const auto& stored : store_.load_events(row.record.id)) {
        auto event = json::parse(stored.payload_json, nullptr, false);
        if (event.is_object()) events.push_back(std::move(event));
    }
    std::vector<AuditValue> values;
    for (const auto& entry : audit) values.push_back({entry.turn, entry.field, entry.to});
    return build_review(events, values, pack_of(row.record.role_id));
}

InterviewSummary CoachService::summary_of(const CoachRecord& coach, const InterviewRow& row,
                                          const InterviewReview& review, WallClock::time_point now) const {
    InterviewSummary summary;
    const auto plan = json::parse(row.record.plan_json, nullptr, false);
    summary.interview_id = row.record.id;
    summary.role = row.record.role_id;
    if (plan.is_object()) {
        summary.industry = plan.value("industry", "");
        summary.seniority = plan.value("seniority", "");
        if (const auto stages = plan.find("stages"); stages != plan.end() && stages->is_array()) {
            for (const auto& stage : *stages) {
                if (stage.is_string()) summary.stages.push_back(stage.get<std::string>());
            }
        }
    }
    if (summary.stages.empty()) {
        if (const auto* pack = pack_of(row.record.role_id)) {
            for (const auto& stage : pack->stages) summary.stages.push_back(stage.id);
        }
    }
    summary.status = listed_status(row.record.status == InterviewStatus::finished, row.record.updated_at_ms, epoch_ms(now),
                                   limits_.abandoned_after.count());
    summary.created_at_ms = row.record.created_at_ms;
    summary.updated_at_ms = row.record.updated_at_ms;
    summary.answers = review.answers;
    summary.score = review.score;
    summary.overridden = std::any_of(review.turns.begin(), review.turns.end(), [](const ReviewTurn& turn) {
        const auto changed = [](const std::vector<JudgedItem>& items) {
            return std::any_of(items.begin(), items.end(), [](const JudgedItem& item) { return item.overridden(); });
        };
        return turn.overridden() || changed(turn.key_points) || changed(turn.red_flags) || changed(turn.star);
    });
    summary.invite_id = row.invite_id;
    summary.invite_label = row.invite_label;
    summary.shared = std::find(row.access.shared_with.begin(), row.access.shared_with.end(), coach.id) !=
                     row.access.shared_with.end();
    return summary;
}

Outcome<InterviewPage> CoachService::list_interviews(const CoachRecord& coach, const ListQuery& query,
                                                     WallClock::time_point now) {
    std::optional<CursorPosition> after;
    if (query.cursor) {
        auto decoded = decode_cursor(query, *query.cursor);
        if (const auto* problem = std::get_if<QueryProblem>(&decoded)) return invalid(problem->field, problem->message);
        after = std::get<CursorPosition>(decoded);
    }
    try {
        std::map<std::string, std::string> found;
        if (query.text) found = store_.search_answers(fts_phrase_query(*query.text));
        const Viewer viewer{coach.id, coach.role};
        const auto all_audit = store_.list_all_audit();
        std::vector<InterviewSummary> summaries;
        std::vector<ListedFacts> facts;
        for (const auto& row : store_.list_interview_rows()) {
            if (!may_see_interview(viewer, row.access)) continue;
            if (query.text && !found.contains(row.record.id)) continue;
            const auto audit = all_audit.find(row.record.id);
            const auto review = review_of(row, audit == all_audit.end() ? std::vector<AuditRecord>{} : audit->second);
            auto summary = summary_of(coach, row, review, now);
            if (query.text) summary.snippet = found[row.record.id];
            facts.push_back(ListedFacts{summary.interview_id, summary.role, summary.industry, summary.seniority,
                                        summary.stages, summary.status, summary.created_at_ms, summary.score,
                                        summary.invite_id, true});
            summaries.push_back(std::move(summary));
        }
        const auto page = page_of(query, facts, after);
        InterviewPage result;
        for (const auto index : page.indices) result.interviews.push_back(summaries[index]);
        if (page.next) result.next_cursor = encode_cursor(query, *page.next);
        return result;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InterviewRow> CoachService::visible_row(const CoachRecord& coach, std::string_view interview_id) {
    try {
        auto row = store_.find_interview_row(interview_id);
        if (!row || !may_see_interview(Viewer{coach.id, coach.role}, row->access)) return interview_not_found(interview_id);
        return *row;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InterviewDetail> CoachService::detail_of(const CoachRecord& coach, const InterviewRow& row,
                                                 WallClock::time_point now) {
    try {
        InterviewDetail detail;
        detail.audit = store_.list_audit(row.record.id);
        detail.review = review_of(row, detail.audit);
        detail.summary = summary_of(coach, row, detail.review, now);
        detail.plan = json::parse(row.record.plan_json, nullptr, false);
        detail.notes = store_.list_notes(row.record.id);
        return detail;
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<InterviewDetail> CoachService::interview(const CoachRecord& coach, std::string_view interview_id,
                                                 WallClock::time_point now) {
    auto row = visible_row(coach, interview_id);
    if (auto* error = std::get_if<ServiceError>(&row)) return *error;
    return detail_of(coach, std::get<InterviewRow>(row), now);
}

Outcome<NoteRecord> CoachService::add_note(const CoachRecord& coach, std::string_view interview_id, std::string_view text,
                                           std::optional<std::int64_t> turn, WallClock::time_point now) {
    auto row = visible_row(coach, interview_id);
    if (auto* error = std::get_if<ServiceError>(&row)) return *error;
    const auto length = characters(text);
    if (length == 0) return invalid("text", "a note needs some text");
    if (length > limits_.max_note_chars) {
        return invalid("text", "the note has " + std::to_string(length) + " characters; at most " +
                                   std::to_string(limits_.max_note_chars) + " are kept");
    }
    try {
        if (turn) {
            const auto review = review_of(std::get<InterviewRow>(row), {});
            const bool known = std::any_of(review.turns.begin(), review.turns.end(),
                                           [&](const ReviewTurn& candidate) { return candidate.turn == *turn; });
            if (!known) return invalid("turn", "this interview has no turn " + std::to_string(*turn));
        }
        return store_.add_note(interview_id, turn, coach.id, text, epoch_ms(now));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<std::vector<AuditRecord>> CoachService::override_turn(const CoachRecord& coach, std::string_view interview_id,
                                                              std::int64_t turn_id, const OverrideRequest& request,
                                                              WallClock::time_point now) {
    auto row = visible_row(coach, interview_id);
    if (auto* error = std::get_if<ServiceError>(&row)) return *error;
    if (request.reason.empty()) return invalid("reason", "an override needs a reason");
    if (characters(request.reason) > limits_.max_note_chars) {
        return invalid("reason", "the reason is over " + std::to_string(limits_.max_note_chars) + " characters");
    }
    if (request.score && (*request.score < 0 || *request.score > 100)) {
        return invalid("score", "score must be a whole number from 0 to 100");
    }
    try {
        const auto audit = store_.list_audit(interview_id);
        const auto review = review_of(std::get<InterviewRow>(row), audit);
        const auto turn = std::find_if(review.turns.begin(), review.turns.end(),
                                       [&](const ReviewTurn& candidate) { return candidate.turn == turn_id; });
        if (turn == review.turns.end()) {
            return ServiceError{ErrorCode::not_found, "this interview has no turn " + std::to_string(turn_id), {"turn"}};
        }
        std::vector<NewAudit> entries;
        if (request.score && *request.score != turn->score) {
            entries.push_back({turn_id, "score", std::to_string(turn->score), std::to_string(*request.score), {}});
        }
        struct Group {
            const char* kind;
            const char* body_field;
            const std::vector<std::pair<std::string, std::string>>& values;
            const std::vector<JudgedItem>& items;
            const char* positive;
            const char* negative;
        };
        const Group groups[] = {
            {"key_point", "key_points", request.key_points, turn->key_points, "covered", "not_covered"},
            {"red_flag", "red_flags", request.red_flags, turn->red_flags, "raised", "not_raised"},
            {"star", "star", request.star, turn->star, "present", "absent"},
        };
        for (const auto& group : groups) {
            for (const auto& [id, value] : group.values) {
                const auto item = std::find_if(group.items.begin(), group.items.end(),
                                               [&](const JudgedItem& judged) { return judged.id == id; });
                const std::string where = std::string(group.body_field) + "." + id;
                if (item == group.items.end()) {
                    return invalid(where, std::string("turn ") + std::to_string(turn_id) + " has no " + group.kind +
                                              " '" + id + "'");
                }
                if (value != group.positive && value != group.negative) {
                    return invalid(where, where + " must be \"" + group.positive + "\" or \"" + group.negative + "\"");
                }
                const std::string field = std::string(group.kind) + ":" + id;
                const auto current = field_value_text(field, item->value);
                if (value != current) entries.push_back({turn_id, field, current, value, {}});
            }
        }
        if (entries.empty()) return invalid("body", "nothing to change: every value given is the one in effect");
        return store_.add_audit(interview_id, entries, request.reason, coach.id, epoch_ms(now));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<std::vector<AuditRecord>> CoachService::revert(const CoachRecord& coach, std::string_view interview_id,
                                                       std::int64_t audit_id, std::string_view reason,
                                                       WallClock::time_point now) {
    auto row = visible_row(coach, interview_id);
    if (auto* error = std::get_if<ServiceError>(&row)) return *error;
    if (reason.empty()) return invalid("reason", "a revert needs a reason");
    if (characters(reason) > limits_.max_note_chars) {
        return invalid("reason", "the reason is over " + std::to_string(limits_.max_note_chars) + " characters");
    }
    try {
        const auto audit = store_.list_audit(interview_id);
        const auto entry = std::find_if(audit.begin(), audit.end(), [&](const AuditRecord& e) { return e.id == audit_id; });
        if (entry == audit.end()) {
            return ServiceError{ErrorCode::not_found, "this interview has no audit entry " + std::to_string(audit_id), {}};
        }
        const bool reverted = std::any_of(audit.begin(), audit.end(),
                                          [&](const AuditRecord& e) { return e.reverts == audit_id; });
        if (reverted) return invalid("audit_id", "audit entry " + std::to_string(audit_id) + " is reverted already");
        // The value in effect now (the latest entry of the same turn and field).
        std::string current = entry->to;
        for (const auto& other : audit) {
            if (other.turn == entry->turn && other.field == entry->field) current = other.to;
        }
        return store_.add_audit(interview_id, {NewAudit{entry->turn, entry->field, current, entry->from, audit_id}},
                                reason, coach.id, epoch_ms(now));
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

Outcome<Calibration> CoachService::calibration(const CoachRecord& coach) {
    try {
        const Viewer viewer{coach.id, coach.role};
        const auto all_audit = store_.list_all_audit();
        std::vector<Judgement> judgements;
        for (const auto& row : store_.list_interview_rows()) {
            if (!may_see_interview(viewer, row.access)) continue;
            const auto audit = all_audit.find(row.record.id);
            const auto review = review_of(row, audit == all_audit.end() ? std::vector<AuditRecord>{} : audit->second);
            auto lines = judgements_of(row.record.id, review);
            judgements.insert(judgements.end(), lines.begin(), lines.end());
        }
        return calibrate(judgements, 3);
    } catch (const StoreError& failure) {
        return store_failure(failure);
    }
}

}  // namespace mi::server::coach
