#include "server/chat/chat_service.hpp"

#include <algorithm>
#include <limits>

#include <spdlog/spdlog.h>

#include "dialogue/interview/interview.hpp"
#include "server/chat/chat_commands.hpp"
#include "server/chat/chat_markup.hpp"
#include "server/chat/chat_progress_reply.hpp"
#include "server/profiles/profile_service.hpp"
#include "server/chat/webhook_signature.hpp"
#include "server/protocol.hpp"
#include "server/secret_token.hpp"

namespace mi::server::chat {

namespace {

using nlohmann::json;

// The connection id chat conversations hold interviews under: far above the WebSocket sessions'
// counter, so the two never meet. Each turn attaches, handles and leaves, so one id serves all.
constexpr ConnectionId chat_connection = ConnectionId{1} << 62;

// Leaves the interview when the turn is over, however it ends: nothing stays in memory that the
// store does not have, and the next turn replays the log.
class Detach {
public:
    Detach(InterviewService& interviews) : interviews_(interviews) {}
    ~Detach() {
        for (const auto& id : attached_) interviews_.leave(id, chat_connection);
    }
    Detach(const Detach&) = delete;
    Detach& operator=(const Detach&) = delete;
    void add(const std::string& interview_id) { attached_.push_back(interview_id); }

private:
    InterviewService& interviews_;
    std::vector<std::string> attached_;
};

PlanChoices plan_choices(InterviewService& interviews, std::string_view role) {
    PlanChoices choices;
    for (const auto& summary : interviews.list_roles()) choices.roles.push_back(summary.id);
    const std::string role_id = role.empty() && !choices.roles.empty() ? choices.roles.front() : std::string(role);
    if (auto stages = interviews.list_stages(role_id); auto* list = std::get_if<std::vector<StageSummary>>(&stages)) {
        for (const auto& stage : *list) choices.stages.push_back(stage.id);
    }
    for (const auto& industry : interviews.list_industries()) choices.industries.push_back(industry.id);
    return choices;
}

std::string last_key_or_random(const std::vector<std::string>& keys) {
    return keys.empty() ? "unkeyed:" + generate_interview_id() : keys.back();
}

}  // namespace

std::string report_link_signature(std::string_view key, std::string_view interview_id) {
    std::string message = "report:";
    message.append(interview_id);
    return hmac_sha256_hex(key, message);
}

struct ChatService::Attached {
    std::vector<SequencedEvent> unreplied;  // stored after the conversation's last replied-to event
    dialogue::InterviewProgress state;
};

// Collects what one turn changes, for the one transaction that records it.
class ChatService::TurnBuilder {
public:
    explicit TurnBuilder(ConversationRecord conversation) { record.conversation = std::move(conversation); }
    TurnRecord record;
    std::vector<json> generic_messages;
    std::optional<dialogue::InterviewProgress> state;
};

ChatService::ChatService(InterviewService& interviews, ChatStore& store, const ChatConfig& config,
                         const ServerLimits& limits, WakeDelivery wake_delivery, profiles::ProfileService* profiles)
    : interviews_(interviews),
      store_(store),
      config_(config),
      limits_(limits),
      wake_delivery_(std::move(wake_delivery)),
      profiles_(profiles),
      report_link_key_(store_.report_link_key()) {}

std::string ChatService::report_url(std::string_view interview_id) const {
    std::string url = config_.public_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url.append("/#report=").append(interview_id).append("&sig=").append(report_link_signature(report_link_key_, interview_id));
    return url;
}

bool ChatService::report_signature_matches(std::string_view interview_id, std::string_view signature) const {
    return constant_time_equal(signature, report_link_signature(report_link_key_, interview_id));
}

std::optional<json> ChatService::seen_before(ChatPlatform platform, const std::vector<std::string>& keys) {
    if (auto stored = store_.find_inbound(platform, keys)) return json::parse(*stored, nullptr, false);
    return std::nullopt;
}

Outcome<ChatService::Attached> ChatService::attach(const std::string& interview_id, std::int64_t after_seq) {
    auto joined = interviews_.attach(interview_id, after_seq, chat_connection);
    if (auto* error = std::get_if<ServiceError>(&joined)) return *error;
    auto& attached = std::get<JoinedInterview>(joined);
    return Attached{std::move(attached.events), attached.state};
}

void ChatService::queue_replies(TurnBuilder& turn, const std::vector<ChatReply>& replies, const std::string& key_stem) {
    const auto& address = turn.record.conversation.address;
    for (std::size_t index = 0; index < replies.size(); ++index) {
        const auto& reply = replies[index];
        turn.generic_messages.push_back(generic_message_json(reply));
        // A reply made of events is named by them, so a second projection of the same events
        // finds it queued; a notice by the delivery that caused it.
        const std::string reply_key = reply.events.empty()
                                          ? key_stem + "/notice" + std::to_string(index)
                                          : turn.record.conversation.id + "#" + turn.record.conversation.interview_id +
                                                ":" + std::to_string(reply.events.front().seq) + "-" +
                                                std::to_string(reply.events.back().seq);
        if (!config_.delivers(address.platform)) continue;
        std::vector<PlatformMessage> messages;
        switch (address.platform) {
            case ChatPlatform::slack: messages = render_for_slack(reply, address); break;
            case ChatPlatform::telegram: messages = render_for_telegram(reply, address); break;
            case ChatPlatform::generic:
                messages.push_back(PlatformMessage{
                    "callback", json{{"conversation_id", address.channel},
                                     {"user_id", address.user},
                                     {"interview_id", turn.record.conversation.interview_id},
                                     {"messages", json::array({generic_message_json(reply)})}}});
                break;
        }
        for (std::size_t part = 0; part < messages.size(); ++part) {
            turn.record.outbox.push_back(NewOutboxMessage{reply_key + "." + std::to_string(part), messages[part].method,
                                                          messages[part].payload.dump(-1, ' ', false,
                                                                                      json::error_handler_t::replace)});
        }
    }
}

std::optional<dialogue::TaskSubmission> ChatService::pending_submission(const InboundMessage& message) {
    const auto platform = message.address.platform;
    if (seen_before(platform, message.dedupe_keys) || dialogue::parse_command(message.text)) return std::nullopt;
    const std::string conversation_id = std::string(to_string(platform)) + ":" + message.address.conversation_key;
    std::optional<ConversationRecord> conversation;
    try {
        conversation = store_.find_conversation(conversation_id);
    } catch (const StoreError& failure) {
        spdlog::error("chat conversation {} lookup failed: {}", conversation_id, failure.what());
        return std::nullopt;   // handle_message meets the same failure and says so
    }
    if (!conversation || conversation->interview_id.empty()) return std::nullopt;
    Detach detach(interviews_);
    if (std::holds_alternative<ServiceError>(attach(conversation->interview_id, conversation->projected_through_seq))) {
        return std::nullopt;
    }
    detach.add(conversation->interview_id);
    const std::string client_id = message.dedupe_keys.empty() ? std::string() : message.dedupe_keys.back();
    return interviews_.task_submission(conversation->interview_id, chat_connection, message.text, client_id);
}

Outcome<ChatTurn> ChatService::handle_message(const InboundMessage& message, WallClock::time_point now,
                                              std::optional<dialogue::TaskCheckResult> check) {
    const auto platform = message.address.platform;
    if (auto stored = seen_before(platform, message.dedupe_keys)) return ChatTurn{std::move(*stored), true, false};

    const std::string conversation_id = std::string(to_string(platform)) + ":" + message.address.conversation_key;
    std::optional<ConversationRecord> existing;
    try {
        existing = store_.find_conversation(conversation_id);
    } catch (const StoreError& failure) {
        spdlog::error("chat conversation {} lookup failed: {}", conversation_id, failure.what());
        return ServiceError{ErrorCode::internal, "the conversation could not be read; send the message again", {}};
    }
    if (!existing && !message.may_start) {
        return ChatTurn{json{{"ok", true}}, false, true};
    }
    ConversationRecord conversation = existing.value_or(ConversationRecord{conversation_id, message.address, "", 0});
    conversation.address.user = message.address.user;
    TurnBuilder turn(conversation);
    const std::string key_stem = conversation_id + "#" + last_key_or_random(message.dedupe_keys);
    Detach detach(interviews_);
    std::vector<ChatReply> replies;

    // Events of the current interview not replied to yet come first, then this message's.
    std::vector<SequencedEvent> events;
    // Where the conversation's interview stands; one of three, never two at once.
    enum class Standing { none, running, finished } standing = Standing::none;
    auto& record = turn.record.conversation;
    if (!record.interview_id.empty()) {
        auto attached = attach(record.interview_id, record.projected_through_seq);
        if (auto* error = std::get_if<ServiceError>(&attached)) {
            if (error->code != ErrorCode::interview_not_found) return *error;
            record.interview_id.clear();            // removed from the store: start afresh
            record.projected_through_seq = 0;
        } else {
            detach.add(record.interview_id);
            auto& state = std::get<Attached>(attached);
            events = std::move(state.unreplied);
            standing = state.state.finished ? Standing::finished : Standing::running;
            turn.state = state.state;
        }
    }
    // Replies already due from the current interview, before anything the message changes.
    const std::string platform_name(to_string(platform));
    // The chat user's practice profile, made on first use.
    auto chat_profile = [&]() -> Outcome<profiles::ProfileRecord> {
        return profiles_->chat_profile(platform_name, message.address.user, now);
    };
    // The report's "Since your previous interview" lines, after a report of a profile's interview.
    auto queue_changes = [&](const std::vector<ChatReply>& made) {
        const bool report = std::any_of(made.begin(), made.end(),
                                        [](const ChatReply& reply) { return reply.kind == ReplyKind::report; });
        if (!report || profiles_ == nullptr) return;
        auto profile = chat_profile();
        auto* found = std::get_if<profiles::ProfileRecord>(&profile);
        if (found == nullptr) return;
        auto progress = profiles_->progress(*found, now);
        auto* figures = std::get_if<profiles::ProfileProgress>(&progress);
        if (figures == nullptr) return;
        for (const auto& entry : figures->interviews) {
            if (entry.owned.record.id == record.interview_id && !entry.changes.empty()) {
                queue_replies(turn, {changes_reply(entry.changes)}, key_stem + "/changes");
            }
        }
    };
    auto flush_events = [&] {
        if (events.empty()) return;
        auto made = replies_for_events(events, report_url(record.interview_id));
        queue_replies(turn, made, key_stem);
        record.projected_through_seq = events.back().seq;
        events.clear();
        queue_changes(made);
    };
    auto notice = [&](std::string title, std::vector<std::string> lines) {
        queue_replies(turn, {notice_reply(std::move(title), std::move(lines))}, key_stem);
    };
    auto start_interview = [&](const std::vector<std::string>& words,
                               const std::optional<profiles::ProfileRecord>& drill_for = std::nullopt)
        -> std::optional<ServiceError> {
        Outcome<CreatedInterview> created = ServiceError{ErrorCode::internal, "no interview was started", {}};
        if (drill_for) {
            created = profiles_->start_drill(*drill_for, std::nullopt, now);
        } else {
            const auto choices = plan_choices(interviews_, {});
            auto wanted = plan_from_start_words(words, choices);
            if (!wanted.problems.empty()) {
                notice("That interview cannot start", wanted.problems);
                return std::nullopt;
            }
            if (profiles_ == nullptr) {
                created = interviews_.create_interview(wanted.plan, now);
            } else {
                auto profile = chat_profile();
                if (auto* error = std::get_if<ServiceError>(&profile)) return *error;
                created = profiles_->start_interview(std::get<profiles::ProfileRecord>(profile), wanted.plan, now);
            }
        }
        if (auto* error = std::get_if<ServiceError>(&created)) {
            if (error->code == ErrorCode::internal) return *error;
            notice("That interview cannot start", error->details.empty() ? std::vector{error->message} : error->details);
            return std::nullopt;
        }
        flush_events();
        auto& interview = std::get<CreatedInterview>(created);
        record.interview_id = interview.interview_id;
        record.projected_through_seq = 0;
        events = std::move(interview.events);
        auto attached = attach(record.interview_id, std::numeric_limits<std::int64_t>::max());
        if (auto* state = std::get_if<Attached>(&attached)) {
            detach.add(record.interview_id);
            turn.state = state->state;
        }
        spdlog::info("chat conversation {} started interview {}", conversation_id, record.interview_id);
        return std::nullopt;
    };

    const bool running = standing == Standing::running;
    const auto intent = read_intent(message.text, running);
    std::optional<ServiceError> failure;
    if (const auto* start = std::get_if<StartRequest>(&intent)) {
        if (running) {
            notice("An interview is already running here",
                   {"Answer the question above, or send /end to finish it and get the report; then /start begins "
                    "a new one."});
        } else {
            failure = start_interview(start->words);
        }
    } else if (std::holds_alternative<ReportRequest>(intent)) {
        if (standing == Standing::none) {
            notice("No interview yet", {chat_help_text(plan_choices(interviews_, {}))});
        } else if (running) {
            notice("The report comes at the end",
                   {"The report is written when the interview ends; send /end to finish now."});
        } else {
            // The report again, under a key of this request's own: it was asked for again.
            auto transcript = interviews_.describe_authenticated(record.interview_id);
            if (auto* stored = std::get_if<InterviewTranscript>(&transcript); stored && stored->report_event) {
                std::vector<SequencedEvent> report;
                for (const auto& entry : stored->events) {
                    if (entry.event.value("type", "") == "report") report.push_back(entry);
                }
                flush_events();
                auto made = replies_for_events(report, report_url(record.interview_id));
                for (auto& reply : made) reply.events.clear();       // a notice: keyed by this request
                for (auto& reply : made) reply.kind = ReplyKind::report;
                queue_replies(turn, made, key_stem);
                queue_changes(made);
            }
        }
    } else if (!std::holds_alternative<CandidateText>(intent) && profiles_ == nullptr) {
        notice("Practice profiles are off here", {"This server keeps no practice profiles for chat."});
    } else if (std::holds_alternative<ProgressRequest>(intent)) {
        auto profile = chat_profile();
        if (auto* error = std::get_if<ServiceError>(&profile)) return *error;
        auto progress = profiles_->progress(std::get<profiles::ProfileRecord>(profile), now);
        if (auto* error = std::get_if<ServiceError>(&progress)) return *error;
        const auto& figures = std::get<profiles::ProfileProgress>(progress);
        std::vector<std::string> latest;
        for (const auto& entry : figures.interviews) {
            if (entry.history.finished) latest = entry.changes;
        }
        flush_events();
        queue_replies(turn, {progress_reply(figures.summary, latest)}, key_stem);
    } else if (std::holds_alternative<DrillRequest>(intent)) {
        auto profile = chat_profile();
        if (auto* error = std::get_if<ServiceError>(&profile)) return *error;
        const auto& found = std::get<profiles::ProfileRecord>(profile);
        auto planned = profiles_->drill(found);
        if (auto* error = std::get_if<ServiceError>(&planned)) return *error;
        const auto& plan = std::get<dialogue::progress::DrillPlan>(planned);
        if (running) {
            notice("An interview is already running here",
                   {"Answer the question above, or send /end to finish it; then /drill starts the drill."});
        } else if (plan.questions.empty()) {
            notice("Nothing to drill yet",
                   {"No key point has been missed and no red flag raised in your interviews so far: send /start "
                    "to practise an interview first."});
        } else {
            flush_events();
            queue_replies(turn, {drill_intro_reply(plan)}, key_stem + "/drill");
            failure = start_interview({}, found);
        }
    } else if (std::holds_alternative<ProfileRequest>(intent)) {
        auto profile = chat_profile();
        if (auto* error = std::get_if<ServiceError>(&profile)) return *error;
        auto code = profiles_->replace_recovery_code(std::get<profiles::ProfileRecord>(profile));
        if (auto* error = std::get_if<ServiceError>(&code)) return *error;
        notice("Your practice profile",
               {"Recovery code: " + std::get<std::string>(code),
                "Shown once: on the web progress page, choose \"Use my profile on this device\" and type it to see "
                "this chat's interviews there. Any earlier code of this profile no longer works.",
                "Send /link with a web profile's code instead to join this chat to that profile."});
    } else if (const auto* link = std::get_if<LinkRequest>(&intent)) {
        const std::string identity = platform_name + ":" + message.address.user;
        const auto tick = RateLimiter::Clock::now();
        std::erase_if(link_attempts_, [&](const auto& entry) { return entry.second.is_full(tick); });
        // /link tries are limited per chat user (the limits table's link_attempt_* rows).
        auto [bucket, added] = link_attempts_.try_emplace(
            identity, 1000.0 / static_cast<double>(limits_.link_attempt_interval.count()),
            static_cast<double>(limits_.link_attempt_burst));
        if (link->code.empty()) {
            notice("Which profile?", {"Send /link followed by the recovery code your web progress page shows, like "
                                      "/link K7QM-2XPD-9RTA-H4WN."});
        } else if (!bucket->second.allow(tick)) {
            notice("Too many tries",
                   {"Linking was tried too often from this chat; try again in " +
                    std::to_string((bucket->second.retry_after_ms(tick) + 59'999) / 60'000) +
                    " minutes. Nothing was changed."});
        } else {
            auto linked = profiles_->link_chat_identity(platform_name, message.address.user, link->code, now);
            if (auto* error = std::get_if<ServiceError>(&linked)) {
                if (error->code == ErrorCode::internal) return *error;
                notice("That code did not link", {error->message});
            } else {
                const auto moved = std::get<profiles::LinkedChatIdentity>(linked).interviews_moved;
                notice("Linked",
                       {"This chat now shares its practice profile with the web and every other linked chat.",
                        moved == 0 ? std::string("No earlier chat interviews to move.")
                                   : std::to_string(moved) + (moved == 1 ? " earlier interview" : " earlier interviews") +
                                         " from this chat moved to that profile.",
                        "Send /progress to see it all."});
            }
        }
    } else {
        const auto& text = std::get<CandidateText>(intent).text;
        if (standing == Standing::none) {
            // Any first message starts an interview, except a command that needs one.
            if (dialogue::parse_command(text)) {
                notice("No interview yet", {chat_help_text(plan_choices(interviews_, {}))});
            } else {
                failure = start_interview({});
            }
        } else if (standing == Standing::finished) {
            notice("This interview is over",
                   {"Send /report to see its report again, or /start to begin a new interview."});
        } else if (const auto characters = protocol::count_utf8_characters(text);
                   protocol::is_valid_utf8(text) && characters > limits_.max_answer_chars) {
            notice("That answer is too long",
                   {"It has " + std::to_string(characters) + " characters; the limit is " +
                    std::to_string(limits_.max_answer_chars) + ". Nothing was stored: send a shorter answer."});
        } else {
            const std::string client_id = message.dedupe_keys.empty() ? std::string() : message.dedupe_keys.back();
            auto produced = interviews_.handle_message(record.interview_id, chat_connection, text, now, client_id, std::move(check));
            if (auto* error = std::get_if<ServiceError>(&produced)) {
                if (error->code == ErrorCode::internal || error->code == ErrorCode::interview_unavailable) {
                    failure = *error;
                } else {
                    flush_events();
                    notice("That message was not taken", {error->message});
                }
            } else {
                auto& result = std::get<ProducedEvents>(produced);
                with_event_trees(result.events);
                for (auto& entry : result.events) events.push_back(std::move(entry));
                turn.state = result.state;
            }
        }
    }
    if (failure) return *failure;
    flush_events();

    json response{{"ok", true}};
    if (platform == ChatPlatform::generic) {
        response = json{{"conversation_id", conversation.address.channel},
                        {"interview_id", record.interview_id.empty() ? json(nullptr) : json(record.interview_id)},
                        {"messages", turn.generic_messages},
                        {"state", turn.state ? protocol::state_json(*turn.state) : json(nullptr)}};
        if (turn.state && turn.state->finished) response["report_url"] = report_url(record.interview_id);
    }
    turn.record.inbound_keys = message.dedupe_keys;
    turn.record.response_json = response.dump(-1, ' ', false, json::error_handler_t::replace);
    try {
        const auto queued = store_.record_turn(turn.record, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                now.time_since_epoch()).count());
        spdlog::info("chat conversation {} turn recorded: {} replies queued", conversation_id, queued);
        if (queued > 0 && wake_delivery_) wake_delivery_(platform);
    } catch (const StoreError& failure_to_record) {
        // The interview may hold the turn already: the platform's retry finds it under the same
        // client id, and the replies are made then.
        spdlog::error("chat conversation {} turn not recorded: {}", conversation_id, failure_to_record.what());
        return ServiceError{ErrorCode::internal, "the reply could not be saved; send the message again", {}};
    }
    return ChatTurn{std::move(response), false, false};
}

std::size_t ChatService::catch_up(WallClock::time_point now) {
    std::size_t queued = 0;
    for (auto& conversation : store_.conversations_with_interviews()) {
        Detach detach(interviews_);
        auto attached = attach(conversation.interview_id, conversation.projected_through_seq);
        auto* state = std::get_if<Attached>(&attached);
        if (state == nullptr) continue;
        detach.add(conversation.interview_id);
        if (state->unreplied.empty()) continue;
        TurnBuilder turn(conversation);
        auto& events = state->unreplied;
        queue_replies(turn, replies_for_events(events, report_url(conversation.interview_id)), conversation.id);
        turn.record.conversation.projected_through_seq = events.back().seq;
        const auto added = store_.record_turn(turn.record, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                               now.time_since_epoch()).count());
        spdlog::info("chat conversation {}: {} replies queued for events stored before a restart", conversation.id, added);
        if (added > 0 && wake_delivery_) wake_delivery_(conversation.address.platform);
        queued += added;
    }
    return queued;
}

}  // namespace mi::server::chat
