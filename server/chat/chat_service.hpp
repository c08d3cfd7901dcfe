// A chat conversation holding an interview: the same InterviewService the WebSocket uses, so the
// interview is stored like any other (a coach reads it, the candidate opens its report in the
// browser) and resumes after a restart. For each verified message: recognise a delivery seen
// before, find or start the conversation's interview, hand the candidate's text to the service,
// turn what it produced into replies, and record the turn and its replies' outbox messages in one
// transaction (chat_store.hpp), so each reply is queued exactly once.
//
// The interview's log stays the source of truth: each conversation remembers the newest event
// already turned into replies, and any later one (stored just before a crash, say) is replied to
// with the next message or at start-up (catch_up).
//
// Threading: runs on the server's chat strand (one call at a time), on the interview threads.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/chat/chat_config.hpp"
#include "server/chat/chat_inbound.hpp"
#include "server/chat/chat_metrics.hpp"
#include "server/chat/chat_reply.hpp"
#include "server/chat/chat_store.hpp"
#include "server/interview_service.hpp"
#include "server/rate_limiter.hpp"
#include "server/server_limits.hpp"

namespace mi::server::profiles {
class ProfileService;
}

namespace mi::server::chat {

// How a handled message was answered.
struct ChatTurn {
    nlohmann::json response;            // the webhook's response body
    bool duplicate = false;             // seen before: `response` is the first handling's
    bool ignored = false;               // nothing to do (a channel message outside any interview)
};

class ChatService {
public:
    // Called with a platform whenever messages to it were queued.
    using WakeDelivery = std::function<void(ChatPlatform)>;

    // Every reference must outlive the service. With `profiles`, each chat user's interviews
    // belong to their practice profile (their platform user id) and /progress, /drill, /link and
    // /profile work; its calls are safe from the chat strand (its store and the stores it
    // erases through take their own locks).
    ChatService(InterviewService& interviews, ChatStore& store, const ChatConfig& config, const ServerLimits& limits,
                WakeDelivery wake_delivery, profiles::ProfileService* profiles = nullptr);

    // A message whose signature has been checked. A ServiceError means nothing was recorded and
    // the platform should send it again (the store or the engine failed).
    // `check`: the run of pending_submission()'s submission, made off the interview thread.
    Outcome<ChatTurn> handle_message(const InboundMessage& message, WallClock::time_point now,
                                     std::optional<dialogue::TaskCheckResult> check = std::nullopt);

    // The submission to run first, when the message answers a practical task that runs in the
    // conversation's interview; nullopt otherwise (a command, a duplicate, no interview, plain words).
    [[nodiscard]] std::optional<dialogue::TaskSubmission> pending_submission(const InboundMessage& message);

    // The stored response of a delivery already handled under any of `keys`, if one was.
    [[nodiscard]] std::optional<nlohmann::json> seen_before(ChatPlatform platform, const std::vector<std::string>& keys);

    // Replies to every event stored but not yet replied to, in every conversation (start-up).
    // Returns how many outbox messages it queued.
    std::size_t catch_up(WallClock::time_point now);

    // The browser link to an interview's report, and the check of one.
    [[nodiscard]] std::string report_url(std::string_view interview_id) const;
    [[nodiscard]] bool report_signature_matches(std::string_view interview_id, std::string_view signature) const;

private:
    struct Attached;
    class TurnBuilder;

    Outcome<Attached> attach(const std::string& interview_id, std::int64_t after_seq);
    void queue_replies(TurnBuilder& turn, const std::vector<ChatReply>& replies, const std::string& key_stem);

    InterviewService& interviews_;
    ChatStore& store_;
    const ChatConfig& config_;
    const ServerLimits& limits_;
    WakeDelivery wake_delivery_;
    profiles::ProfileService* profiles_;
    std::string report_link_key_;
    // /link attempts per chat identity ("<platform>:<user>"), so recovery codes cannot be guessed
    // through a chat; buckets back to full are forgotten.
    std::map<std::string, RateLimiter> link_attempts_;
};

// The signature of a report link: hex HMAC-SHA256 of "report:<interview id>" under `key`.
[[nodiscard]] std::string report_link_signature(std::string_view key, std::string_view interview_id);

}  // namespace mi::server::chat
