#include "content/json_writer.hpp"
#include "server/chat/chat_routes.hpp"

#include <spdlog/spdlog.h>

#include "server/chat/webhook_signature.hpp"

namespace mi::server::chat {

namespace {

using nlohmann::json;

constexpr std::string_view webhooks_prefix = "/api/v1/webhooks/";
constexpr std::string_view reports_prefix = "/api/v1/reports/";

std::string_view header(const WebhookRequest& request, std::string_view name) {
    const auto found = request.headers.find(name);
    return found == request.headers.end() ? std::string_view{} : std::string_view(found->second);
}

ApiResponse json_ok(const json& body) { return ApiResponse{200, content::dump_json_text_replacing(body), "application/json", {}}; }

// How to turn a platform on, for the 404 of one that is off.
std::string how_to_enable(ChatPlatform platform) {
    switch (platform) {
        case ChatPlatform::generic:
            return "the generic webhook is off: set MI_WEBHOOK_SECRET (or --webhook-secret, or webhook_secret in the "
                   "config file) to turn it on; see docs/integrations.md";
        case ChatPlatform::slack:
            return "the Slack integration is off: set MI_SLACK_SIGNING_SECRET and MI_SLACK_BOT_TOKEN (or their flags "
                   "or config-file keys) to turn it on; see docs/integrations.md";
        case ChatPlatform::telegram:
            return "the Telegram integration is off: set MI_TELEGRAM_SECRET_TOKEN and MI_TELEGRAM_BOT_TOKEN (or their "
                   "flags or config-file keys) to turn it on; see docs/integrations.md";
    }
    return "this integration is off; see docs/integrations.md";
}

class PlatformRoute {
public:
    PlatformRoute(ChatPlatform platform, const WebhookRequest& request, ChatGateway& gateway,
                  WallClock::time_point now, std::optional<dialogue::TaskCheckResult> check = std::nullopt)
        : platform_(platform), request_(request), gateway_(gateway), now_(now), check_(std::move(check)) {}

    // Walks the same checks as answer() but only asks whether the message is a submission to a
    // practical task that runs; records nothing and counts nothing (answer() does, afterwards).
    std::optional<dialogue::TaskSubmission> probe() {
        std::optional<dialogue::TaskSubmission> submission;
        probe_ = &submission;
        (void)answer();
        probe_ = nullptr;
        return submission;
    }

    ApiResponse answer() {
        if (request_.method != "POST") {
            return json_error(ErrorCode::method_not_allowed, request_.method + " is not allowed on " +
                                                                 std::string(path()) + "; use POST");
        }
        if (!gateway_.config.enabled(platform_)) return refuse(WebhookOutcome::disabled, ErrorCode::not_found,
                                                               how_to_enable(platform_));
        switch (platform_) {
            case ChatPlatform::generic: return generic();
            case ChatPlatform::slack: return slack();
            case ChatPlatform::telegram: return telegram();
        }
        return json_error(ErrorCode::not_found, "no such webhook");
    }

private:
    std::string_view path() const { return std::string_view(request_.target).substr(0, request_.target.find('?')); }

    ApiResponse refuse(WebhookOutcome outcome, ErrorCode code, const std::string& message) {
        if (probe_ != nullptr) return json_error(code, message);
        gateway_.metrics.count_request(platform_, outcome);
        spdlog::info("{} webhook refused ({}): {}", to_string(platform_), to_string(outcome), message);
        return json_error(code, message);
    }

    ApiResponse refuse_signature(const SignatureCheck& check) {
        const auto outcome = check.verdict == SignatureVerdict::stale ? WebhookOutcome::stale : WebhookOutcome::forged;
        return refuse(outcome, ErrorCode::unauthorized, check.reason);
    }

    ApiResponse malformed(const PayloadError& error) {
        if (probe_ != nullptr) return json_error(error.code, error.message);
        gateway_.metrics.count_request(platform_, WebhookOutcome::malformed);
        spdlog::info("{} webhook refused (malformed): {}", to_string(platform_), error.message);
        return json_error(error.code, error.message);
    }

    ApiResponse acknowledge(WebhookOutcome outcome, const json& body) {
        if (probe_ != nullptr) return json_ok(body);
        gateway_.metrics.count_request(platform_, outcome);
        return json_ok(body);
    }

    // Hands the message to the service; a failure is answered 5xx so the platform sends it again.
    ApiResponse deliver(const InboundMessage& message) {
        if (probe_ != nullptr) {
            *probe_ = gateway_.service.pending_submission(message);
            return json_ok(json{{"ok", true}});
        }
        auto turn = gateway_.service.handle_message(message, now_, std::move(check_));
        if (auto* error = std::get_if<ServiceError>(&turn)) {
            gateway_.metrics.count_request(platform_, WebhookOutcome::failed);
            return json_error(error->code == ErrorCode::internal ? ErrorCode::interview_unavailable : error->code,
                              error->message);
        }
        const auto& handled = std::get<ChatTurn>(turn);
        const auto outcome = handled.duplicate ? WebhookOutcome::duplicate
                             : handled.ignored ? WebhookOutcome::ignored
                                               : WebhookOutcome::handled;
        return acknowledge(outcome, handled.response);
    }

    ApiResponse generic() {
        const auto signature = header(request_, "x-signature");
        const auto check = verify_generic_signature(gateway_.config.webhook_secret, header(request_, "x-signature-timestamp"),
                                                    signature, request_.body, now_);
        if (!check.valid()) return refuse_signature(check);
        auto parsed = parse_generic_webhook(request_.body, header(request_, "idempotency-key"));
        if (auto* error = std::get_if<PayloadError>(&parsed)) return malformed(*error);
        auto& message = std::get<InboundMessage>(parsed);
        // A retry under the same Idempotency-Key gets the first reply; the very same signed
        // request without one is a replay, refused (the same text sent twice in one second
        // signs the same, so a client that may do that sends keys).
        if (!message.dedupe_keys.empty()) {
            if (auto stored = gateway_.service.seen_before(platform_, message.dedupe_keys)) {
                return acknowledge(WebhookOutcome::duplicate, *stored);
            }
        }
        const std::string signature_key = "signature:" + std::string(signature);
        if (message.dedupe_keys.empty() && gateway_.service.seen_before(platform_, {signature_key})) {
            return refuse(WebhookOutcome::replayed, ErrorCode::unauthorized,
                          "this signed request was received before; sign each new request afresh, and send an "
                          "Idempotency-Key to retry one safely");
        }
        if (message.dedupe_keys.empty()) message.dedupe_keys.push_back(signature_key);
        return deliver(message);
    }

    ApiResponse slack() {
        const auto signature = header(request_, "x-slack-signature");
        const auto check = verify_slack_signature(gateway_.config.slack_signing_secret,
                                                  header(request_, "x-slack-request-timestamp"), signature,
                                                  request_.body, now_);
        if (!check.valid()) return refuse_signature(check);
        auto parsed = parse_slack_webhook(request_.body);
        if (auto* error = std::get_if<PayloadError>(&parsed)) return malformed(*error);
        if (auto* verification = std::get_if<UrlVerification>(&parsed)) {
            return acknowledge(WebhookOutcome::verified_url, json{{"challenge", verification->challenge}});
        }
        if (auto* ignored = std::get_if<IgnoredPayload>(&parsed)) {
            spdlog::debug("slack webhook ignored: {}", ignored->reason);
            return acknowledge(WebhookOutcome::ignored, json{{"ok", true}});
        }
        auto& message = std::get<InboundMessage>(parsed);
        // Slack must hear 200 within 3 s or it retries (X-Slack-Retry-Num); a retry repeats the
        // event_id and is answered without a second reply. The very same signed request again
        // is a replay: acknowledged (Slack must not retry it) but not handled.
        const std::string signature_key = "signature:" + std::string(signature);
        if (gateway_.service.seen_before(platform_, {signature_key})) {
            return acknowledge(WebhookOutcome::replayed, json{{"ok", true}});
        }
        if (const auto retry = header(request_, "x-slack-retry-num"); !retry.empty() && probe_ == nullptr) {
            spdlog::info("slack webhook: retry {} of event ({})", std::string(retry),
                         std::string(header(request_, "x-slack-retry-reason")));
        }
        if (gateway_.service.seen_before(platform_, message.dedupe_keys)) {
            return acknowledge(WebhookOutcome::duplicate, json{{"ok", true}});
        }
        message.dedupe_keys.insert(message.dedupe_keys.begin(), signature_key);
        auto answer = deliver(message);
        if (answer.status == 200) answer.body = json{{"ok", true}}.dump();
        return answer;
    }

    ApiResponse telegram() {
        const auto check = verify_telegram_secret(gateway_.config.telegram_secret_token,
                                                  header(request_, "x-telegram-bot-api-secret-token"));
        if (!check.valid()) return refuse_signature(check);
        auto parsed = parse_telegram_webhook(request_.body);
        if (auto* error = std::get_if<PayloadError>(&parsed)) return malformed(*error);
        if (auto* ignored = std::get_if<IgnoredPayload>(&parsed)) {
            spdlog::debug("telegram webhook ignored: {}", ignored->reason);
            return acknowledge(WebhookOutcome::ignored, json{{"ok", true}});
        }
        auto answer = deliver(std::get<InboundMessage>(parsed));
        if (answer.status == 200) answer.body = json{{"ok", true}}.dump();
        return answer;
    }

    ChatPlatform platform_;
    const WebhookRequest& request_;
    ChatGateway& gateway_;
    WallClock::time_point now_;
    std::optional<dialogue::TaskCheckResult> check_;            // the run of this message's submission, if any
    std::optional<dialogue::TaskSubmission>* probe_ = nullptr;  // set while probe() walks the checks
};

std::string query_value(std::string_view target, std::string_view name) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) return {};
    auto query = target.substr(question + 1);
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
        if (end == std::string_view::npos) break;
        query.remove_prefix(end + 1);
    }
    return {};
}

ApiResponse report_link(const WebhookRequest& request, ChatGateway& gateway) {
    const std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
    const auto interview_id = path.substr(reports_prefix.size());
    if (request.method != "GET") {
        return json_error(ErrorCode::method_not_allowed, request.method + " is not allowed on " + std::string(path) + "; use GET");
    }
    if (interview_id.empty() || interview_id.find('/') != std::string_view::npos) {
        return json_error(ErrorCode::not_found, "no API endpoint at " + std::string(path));
    }
    const auto signature = query_value(request.target, "sig");
    if (signature.empty()) {
        return json_error(ErrorCode::unauthorized, "a report link needs its signature: ?sig=<the link's signature>");
    }
    if (!gateway.service.report_signature_matches(interview_id, signature)) {
        return json_error(ErrorCode::unauthorized, "this report link's signature does not match; ask for the link again "
                                                   "(/report in the chat)");
    }
    auto transcript = gateway.interviews.describe_authenticated(interview_id);
    if (const auto* error = std::get_if<ServiceError>(&transcript)) return json_error(error->code, error->message);
    return json_ok(transcript_json(std::get<InterviewTranscript>(transcript)));
}

}  // namespace

std::optional<dialogue::TaskSubmission> chat_submission(const WebhookRequest& request, ChatGateway& gateway,
                                                        WallClock::time_point now) {
    const std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
    if (path.starts_with(reports_prefix) || !path.starts_with(webhooks_prefix)) return std::nullopt;
    const auto platform = parse_chat_platform(path.substr(webhooks_prefix.size()));
    if (!platform) return std::nullopt;
    return PlatformRoute(*platform, request, gateway, now).probe();
}

ApiResponse handle_chat_request(const WebhookRequest& request, ChatGateway& gateway, WallClock::time_point now,
                                std::optional<dialogue::TaskCheckResult> check) {
    const std::string_view path = std::string_view(request.target).substr(0, request.target.find('?'));
    if (path.starts_with(reports_prefix)) return report_link(request, gateway);
    const auto name = path.substr(webhooks_prefix.size());
    if (const auto platform = parse_chat_platform(name)) {
        return PlatformRoute(*platform, request, gateway, now, std::move(check)).answer();
    }
    return json_error(ErrorCode::not_found, "no webhook at " + std::string(path) +
                                                "; the webhooks are /api/v1/webhooks/generic, /api/v1/webhooks/slack and "
                                                "/api/v1/webhooks/telegram");
}

}  // namespace mi::server::chat
