// The chat integrations' pure parts without a network: signatures against published vectors,
// payload parsing in the platforms' documented shapes, commands, markup and its limits, the
// delivery policy with a fixed seed, the outbox store's contracts, and the docs' copies of the
// settings and the command menu.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "server/chat/chat_commands.hpp"
#include "server/chat/chat_config.hpp"
#include "server/chat/chat_inbound.hpp"
#include "server/chat/chat_markup.hpp"
#include "server/chat/chat_progress_reply.hpp"
#include "server/chat/chat_reply.hpp"
#include "server/chat/delivery_policy.hpp"
#include "server/chat/webhook_signature.hpp"

using namespace mi::server;
using namespace mi::server::chat;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SystemTime = std::chrono::system_clock::time_point;

namespace {

SystemTime at_unix(std::int64_t unix_seconds) { return SystemTime(seconds(unix_seconds)); }

// Slack's own worked example (api.slack.com, "Verifying requests from Slack").
const std::string slack_example_secret = "8f742231b10e8888abcd99yyyzzz85a5";
const std::string slack_example_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar"
    "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com"
    "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121."
    "803a0bc887a14d10d2c447fce8b6703c";
const std::string slack_example_signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

std::string slack_event(const json& event, const std::string& event_id = "Ev01") {
    return json{{"type", "event_callback"}, {"event_id", event_id}, {"team_id", "T1"}, {"event", event},
                {"authorizations", json::array({{{"user_id", "UBOT"}, {"is_bot", true}}})}}
        .dump();
}

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(MI_SOURCE_DIR) + "/" + relative);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

ChatReply long_reply(std::size_t lines, const std::string& line) {
    ChatReply reply = notice_reply("Title", {});
    for (std::size_t i = 0; i < lines; ++i) reply.sections.back().lines.push_back(line + " " + std::to_string(i));
    return reply;
}

}  // namespace

TEST_CASE("HMAC-SHA256 matches RFC 4231 test case 2", "[chat][signature]") {
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("Slack's published example verifies, and a changed body or an old timestamp does not", "[chat][signature]") {
    const auto now = at_unix(1531420618 + 10);
    CHECK(slack_signature(slack_example_secret, "1531420618", slack_example_body) == slack_example_signature);
    CHECK(verify_slack_signature(slack_example_secret, "1531420618", slack_example_signature, slack_example_body, now).valid());
    CHECK(verify_slack_signature(slack_example_secret, "1531420618", slack_example_signature, slack_example_body + "x", now)
              .verdict == SignatureVerdict::mismatch);
    const auto stale = verify_slack_signature(slack_example_secret, "1531420618", slack_example_signature,
                                              slack_example_body, at_unix(1531420618 + 301));
    CHECK(stale.verdict == SignatureVerdict::stale);
    CHECK_THAT(stale.reason, Catch::Contains("301 s"));
    CHECK(verify_slack_signature(slack_example_secret, "", slack_example_signature, slack_example_body, now).verdict ==
          SignatureVerdict::missing);
    CHECK(verify_slack_signature(slack_example_secret, "15314e8", slack_example_signature, slack_example_body, now)
              .verdict == SignatureVerdict::malformed);
}

TEST_CASE("generic signatures: the scheme of the docs, and refusals that never show the secret", "[chat][signature]") {
    const std::string body = R"({"conversation_id":"c","user_id":"u","text":"hi"})";
    const auto signature = generic_signature("s3cret", "1700000000", body);
    CHECK(signature == "sha256=" + hmac_sha256_hex("s3cret", "1700000000." + body));
    CHECK(verify_generic_signature("s3cret", "1700000000", signature, body, at_unix(1700000000 - 299)).valid());
    for (const auto& check : {verify_generic_signature("s3cret", "1700000000", "sha1=abc", body, at_unix(1700000000)),
                              verify_generic_signature("other", "1700000000", signature, body, at_unix(1700000000)),
                              verify_generic_signature("s3cret", "1700000000", "", body, at_unix(1700000000))}) {
        CHECK_FALSE(check.valid());
        CHECK(check.reason.find("s3cret") == std::string::npos);
        CHECK(check.reason.find(signature.substr(7)) == std::string::npos);
    }
    CHECK(verify_telegram_secret("token", "token").valid());
    CHECK(verify_telegram_secret("token", "tokem").verdict == SignatureVerdict::mismatch);
    CHECK(verify_telegram_secret("token", "").verdict == SignatureVerdict::missing);
}

TEST_CASE("Slack payloads: url_verification, a direct message, a mention in a channel", "[chat][payload]") {
    const auto verification = parse_slack_webhook(R"({"token":"t","challenge":"abc","type":"url_verification"})");
    REQUIRE(std::holds_alternative<UrlVerification>(verification));
    CHECK(std::get<UrlVerification>(verification).challenge == "abc");

    const auto direct = parse_slack_webhook(slack_event(
        {{"type", "message"}, {"channel", "D1"}, {"user", "U1"}, {"text", "a &lt;b&gt; &amp; c"}, {"ts", "1.1"},
         {"channel_type", "im"}}));
    REQUIRE(std::holds_alternative<InboundMessage>(direct));
    const auto& message = std::get<InboundMessage>(direct);
    CHECK(message.text == "a <b> & c");
    CHECK(message.address.conversation_key == "D1");
    CHECK(message.address.thread.empty());
    CHECK(message.dedupe_keys == std::vector<std::string>{"event:Ev01", "message:D1:1.1"});

    const auto mention = parse_slack_webhook(slack_event(
        {{"type", "app_mention"}, {"channel", "C1"}, {"user", "U1"}, {"text", "<@UBOT> start hr"}, {"ts", "2.2"}}));
    const auto& started = std::get<InboundMessage>(mention);
    CHECK(started.text == "start hr");
    CHECK(started.address.thread == "2.2");
    CHECK(started.address.conversation_key == "C1/2.2");
    CHECK(started.may_start);

    const auto reply = parse_slack_webhook(slack_event({{"type", "message"}, {"channel", "C1"}, {"user", "U1"},
                                                        {"text", "answer"}, {"ts", "3.3"}, {"thread_ts", "2.2"},
                                                        {"channel_type", "channel"}}));
    CHECK(std::get<InboundMessage>(reply).address.conversation_key == "C1/2.2");
    CHECK_FALSE(std::get<InboundMessage>(reply).may_start);
}

TEST_CASE("Slack payloads: edits, bot messages, our own and other event types are ignored", "[chat][payload]") {
    const json base{{"type", "message"}, {"channel", "D1"}, {"user", "U1"}, {"text", "x"}, {"ts", "1.1"}};
    auto with = [&](const char* key, json value) {
        auto event = base;
        event[key] = std::move(value);
        return parse_slack_webhook(slack_event(event));
    };
    CHECK(std::holds_alternative<IgnoredPayload>(with("subtype", "message_changed")));
    CHECK(std::holds_alternative<IgnoredPayload>(with("bot_id", "B1")));
    CHECK(std::holds_alternative<IgnoredPayload>(with("user", "UBOT")));
    CHECK(std::holds_alternative<IgnoredPayload>(with("type", "reaction_added")));
    CHECK(std::holds_alternative<IgnoredPayload>(parse_slack_webhook(R"({"type":"app_rate_limited"})")));
    const auto missing = parse_slack_webhook(slack_event({{"type", "message"}, {"user", "U1"}, {"text", "x"}, {"ts", "1"}}));
    REQUIRE(std::holds_alternative<PayloadError>(missing));
    CHECK(std::get<PayloadError>(missing).code == ErrorCode::missing_field);
    CHECK(std::get<PayloadError>(missing).field == "event.channel");
}

TEST_CASE("Telegram updates: a command naming the bot, edits ignored, a missing update_id named", "[chat][payload]") {
    const auto command = parse_telegram_webhook(R"({"update_id": 9, "message": {"message_id": 3,
        "from": {"id": 5, "is_bot": false}, "chat": {"id": -100, "type": "group"}, "date": 1,
        "text": "/start@MockBot hr senior", "entities": [{"offset": 0, "length": 14, "type": "bot_command"}]}})");
    REQUIRE(std::holds_alternative<InboundMessage>(command));
    const auto& message = std::get<InboundMessage>(command);
    CHECK(message.text == "/start hr senior");
    CHECK(message.address.channel == "-100");
    CHECK(message.dedupe_keys == std::vector<std::string>{"update:9", "message:-100:3"});
    CHECK(std::holds_alternative<IgnoredPayload>(parse_telegram_webhook(R"({"update_id": 10, "edited_message": {}})")));
    CHECK(std::holds_alternative<IgnoredPayload>(parse_telegram_webhook(
        R"({"update_id": 11, "message": {"message_id": 1, "chat": {"id": 1}, "sticker": {}}})")));
    const auto missing = parse_telegram_webhook(R"({"message": {"text": "hi"}})");
    REQUIRE(std::holds_alternative<PayloadError>(missing));
    CHECK(std::get<PayloadError>(missing).field == "update_id");
}

TEST_CASE("generic payloads: exactly the three fields, each named when wrong", "[chat][payload]") {
    const auto good = parse_generic_webhook(R"({"conversation_id": "c", "user_id": "u", "text": "hi"})", "k-1");
    REQUIRE(std::holds_alternative<InboundMessage>(good));
    CHECK(std::get<InboundMessage>(good).dedupe_keys == std::vector<std::string>{"idempotency:k-1"});
    const auto extra = parse_generic_webhook(R"({"conversation_id": "c", "user_id": "u", "text": "hi", "x": 1})", "");
    CHECK(std::get<PayloadError>(extra).field == "x");
    const auto empty = parse_generic_webhook(R"({"conversation_id": "", "user_id": "u", "text": "hi"})", "");
    CHECK(std::get<PayloadError>(empty).field == "conversation_id");
    const auto key = parse_generic_webhook(R"({"conversation_id": "c", "user_id": "u", "text": "hi"})", "has space");
    CHECK(std::get<PayloadError>(key).field == "Idempotency-Key");
    const auto syntax = parse_generic_webhook("{\"conversation_id\": ", "");
    CHECK_THAT(std::get<PayloadError>(syntax).message, Catch::Contains("not valid JSON at byte"));
}

TEST_CASE("chat intents: start, report, and answers that begin with start", "[chat][commands]") {
    CHECK(std::get<StartRequest>(read_intent("/start HR, senior", true)).words == std::vector<std::string>{"hr", "senior"});
    CHECK(std::holds_alternative<StartRequest>(read_intent("start", false)));
    CHECK(std::holds_alternative<CandidateText>(read_intent("start by sketching the API", true)));
    CHECK(std::holds_alternative<ReportRequest>(read_intent(" /report ", true)));
    CHECK(std::holds_alternative<CandidateText>(read_intent("report the bug", false)));
    const PlanChoices choices{{"backend-developer"}, {"hr", "system-design"}, {"startup"}};
    const auto plan = plan_from_start_words({"system_design", "hr", "startup", "senior"}, choices);
    CHECK(plan.problems.empty());
    CHECK(plan.plan["stages"] == json({"system-design", "hr"}));
    CHECK(plan.plan["industry"] == "startup");
    CHECK(plan.plan["seniority"] == "senior");
    const auto wrong = plan_from_start_words({"lunch"}, choices);
    REQUIRE(wrong.problems.size() == 1);
    CHECK_THAT(wrong.problems.front(), Catch::Contains("'lunch'") && Catch::Contains("\"system-design\""));
}

TEST_CASE("a chat /again shows the question put again, then before and after side by side", "[chat][retry]") {
    using nlohmann::json;
    const std::vector<SequencedEvent> events{
        {1, json{{"type", "command"}, {"seq", 1}, {"at_ms", 0}, {"name", "again"}, {"response", "Answer it again."}}},
        {2, json{{"type", "retry_started"}, {"seq", 2}, {"at_ms", 0}, {"item_id", "q1"}, {"attempt", 2},
                 {"previous_score", 20}, {"text", "Why backend?"}}},
    };
    const auto started = replies_for_events(events, "");
    REQUIRE(started.size() == 1);
    CHECK_THAT(plain_text(started[0]), Catch::Contains("Try again (attempt 2)") && Catch::Contains("Why backend?"));
    const std::vector<SequencedEvent> compared{
        {3, json{{"type", "retry_compared"}, {"seq", 3}, {"at_ms", 0}, {"item_id", "q1"}, {"attempt", 2},
                 {"before_score", 20}, {"after_score", 65}, {"best_score", 65}, {"gained", {"Projects handled"}},
                 {"lost", json::array()}, {"flags_raised", json::array()}, {"flags_cleared", {"Lack of specifics"}},
                 {"resume_prompt", "How do you prioritise?"}}},
    };
    const auto replies = replies_for_events(compared, "");
    REQUIRE(replies.size() == 1);
    const auto text = plain_text(replies[0]);
    CHECK_THAT(text, Catch::Contains("Before and after"));
    CHECK_THAT(text, Catch::Contains("Before 20, after 65 (+45); the report counts 65."));
    CHECK_THAT(text, Catch::Contains("Key points gained: Projects handled"));
    CHECK_THAT(text, Catch::Contains("Red flags cleared: Lack of specifics"));
    CHECK_THAT(text, Catch::Contains("Back to: How do you prioritise?"));
}

TEST_CASE("Telegram MarkdownV2: every reserved character escaped, messages within 4096 units", "[chat][markup]") {
    CHECK(escape_telegram_markdown_v2("_*[]()~`>#+-=|{}.!\\") == "\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\");
    CHECK(utf16_length("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == 5);   // a é € 😀 (a surrogate pair)
    const auto messages = render_for_telegram(long_reply(400, "Covered: a.b-c (x) 😀"), ChatAddress{ChatPlatform::telegram, "1", "1", "", ""});
    REQUIRE(messages.size() > 1);
    std::size_t lines = 0;
    for (const auto& message : messages) {
        const auto text = message.payload["text"].get<std::string>();
        CHECK(utf16_length(text) <= telegram_max_message_units);
        CHECK(message.payload["parse_mode"] == "MarkdownV2");
        lines += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    }
    CHECK(lines == 401);    // the title and every line, none lost at a cut
}

TEST_CASE("Slack blocks: escaped mrkdwn, sections within 3000 bytes, at most 50 blocks a message", "[chat][markup]") {
    CHECK(escape_slack_mrkdwn("a<b>&c") == "a&lt;b&gt;&amp;c");
    ChatReply reply = notice_reply("T", {});
    for (int section = 0; section < 70; ++section) reply.sections.push_back(ReplySection{"S", {"x <y>"}});
    reply.sections.push_back(ReplySection{"Long", {std::string(7000, 'z')}});
    const auto messages = render_for_slack(reply, ChatAddress{ChatPlatform::slack, "C/1", "C", "1.0", "U"});
    REQUIRE(messages.size() == 2);
    for (const auto& message : messages) {
        CHECK(message.payload["blocks"].size() <= slack_max_blocks);
        CHECK(message.payload["thread_ts"] == "1.0");
        CHECK(message.payload["text"].get<std::string>().size() <= slack_fallback_bytes);
        for (const auto& block : message.payload["blocks"]) CHECK(block["text"]["text"].get<std::string>().size() <= 3000);
    }
    CHECK(messages[0].payload.dump().find("x &lt;y&gt;") != std::string::npos);
}

TEST_CASE("backoff doubles to its cap with half of each delay random, the same for the same seed", "[chat][delivery]") {
    const RetryPolicy policy{milliseconds(100), milliseconds(1000), 10};
    std::mt19937_64 first(42), second(42);
    for (int attempt = 1; attempt <= 8; ++attempt) {
        const auto full = std::min<std::int64_t>(1000, 100LL << (attempt - 1));
        const auto delay = backoff_delay(policy, attempt, first);
        CHECK(delay == backoff_delay(policy, attempt, second));
        CHECK(delay.count() >= full / 2);
        CHECK(delay.count() <= full);
    }
}

TEST_CASE("Retry-After and platform answers: what is retried, when, and what gives up", "[chat][delivery]") {
    const auto now = at_unix(784111777);   // Sun, 06 Nov 1994 08:49:37 GMT
    CHECK(parse_retry_after("3", now) == milliseconds(3000));
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now) == milliseconds(10000));
    CHECK_FALSE(parse_retry_after("soon", now));
    const auto limited = judge_attempt(ChatPlatform::slack, {429, R"({"ok":false,"error":"ratelimited"})", "2", ""}, now);
    CHECK(limited.outcome == DeliveryOutcome::retry);
    CHECK(limited.wait_at_least == milliseconds(2000));
    const auto telegram = judge_attempt(ChatPlatform::telegram,
                                        {429, R"({"ok":false,"parameters":{"retry_after":5}})", "", ""}, now);
    CHECK(telegram.wait_at_least == milliseconds(5000));
    CHECK(judge_attempt(ChatPlatform::slack, {200, R"({"ok":true})", "", ""}, now).outcome == DeliveryOutcome::delivered);
    CHECK(judge_attempt(ChatPlatform::slack, {200, R"({"ok":false,"error":"channel_not_found"})", "", ""}, now).outcome ==
          DeliveryOutcome::give_up);
    CHECK(judge_attempt(ChatPlatform::slack, {200, R"({"ok":false,"error":"internal_error"})", "", ""}, now).outcome ==
          DeliveryOutcome::retry);
    CHECK(judge_attempt(ChatPlatform::telegram, {400, R"({"description":"Bad Request: chat not found"})", "", ""}, now)
              .reason == "HTTP 400: Bad Request: chat not found");
    CHECK(judge_attempt(ChatPlatform::generic, {503, "", "", ""}, now).outcome == DeliveryOutcome::retry);
    CHECK(judge_attempt(ChatPlatform::generic, {0, "", "", "Connection"}, now).outcome == DeliveryOutcome::retry);
}

TEST_CASE("the pacer spaces sends per conversation and per platform", "[chat][delivery]") {
    SendPacer pacer(10, 1);     // 100 ms apart in all, 1 s apart to one conversation
    const auto start = std::chrono::steady_clock::time_point{} + seconds(100);
    CHECK(pacer.earliest("a", start) == start);
    pacer.record_send("a", start);
    CHECK(pacer.earliest("b", start) == start + milliseconds(100));
    CHECK(pacer.earliest("a", start) == start + seconds(1));
    CHECK(pacer.earliest("a", start + seconds(2)) == start + seconds(2));
}

TEST_CASE("a config file others may read is refused; one for its owner fills what is unset", "[chat][config]") {
    const auto dir = std::filesystem::temp_directory_path() / ("mi-chat-config-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    const auto file = dir / "chat.json";
    std::ofstream(file) << R"({"webhook_secret": "from-file", "slack_api_url": "http://127.0.0.1:1/api"})";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                           std::filesystem::perms::group_read);
    ChatConfig config;
    auto problems = apply_config_file(file, config);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems.front(), Catch::Contains("chmod 600"));
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    config.webhook_secret = "from-flag";
    CHECK(apply_config_file(file, config).empty());
    CHECK(config.webhook_secret == "from-flag");
    CHECK(config.slack_api_url == "http://127.0.0.1:1/api");
    apply_defaults(config);
    CHECK(config.telegram_api_url == "https://api.telegram.org");
    std::ofstream(file) << R"({"webhook_secrets": "x"})";
    CHECK_THAT(apply_config_file(file, config).at(0), Catch::Contains("unknown key 'webhook_secrets'"));
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

TEST_CASE("docs/integrations.md lists exactly the chat settings and the command menu", "[chat][docs]") {
    const auto document = read_source_file("docs/integrations.md");
    std::set<std::string> rows;
    const std::regex row(R"(\n\| `([a-z_]+)` \| `(--[a-z-]+)` \| `(MI_[A-Z_]+)` \| (yes)? ?\|)");
    for (std::sregex_iterator it(document.begin(), document.end(), row), end; it != end; ++it) {
        rows.insert((*it)[1].str() + " " + (*it)[2].str() + " " + (*it)[3].str() + ((*it)[4].matched ? " secret" : ""));
    }
    std::set<std::string> settings;
    for (const auto& spec : chat_setting_specs) {
        settings.insert(std::string(spec.key) + " " + std::string(spec.flag) + " " + std::string(spec.env) +
                        (spec.secret ? " secret" : ""));
    }
    CHECK(rows == settings);

    std::vector<std::pair<std::string, std::string>> documented;
    const std::regex command(R"re(\{"command": "([a-z]+)", "description": "([^"]+)"\})re");
    for (std::sregex_iterator it(document.begin(), document.end(), command), end; it != end; ++it) {
        documented.emplace_back((*it)[1], (*it)[2]);
    }
    std::vector<std::pair<std::string, std::string>> menu;
    for (const auto& entry : chat_command_menu()) menu.emplace_back(entry.command, entry.description);
    CHECK(documented == menu);
}

TEST_CASE("the profile commands are read with a slash always, the bare words only outside an interview", "[chat]") {
    CHECK(std::holds_alternative<ProgressRequest>(read_intent("/progress", true)));
    CHECK(std::holds_alternative<ProgressRequest>(read_intent("progress", false)));
    CHECK(std::holds_alternative<CandidateText>(read_intent("progress", true)));
    CHECK(std::holds_alternative<DrillRequest>(read_intent("/drill", false)));
    CHECK(std::holds_alternative<ProfileRequest>(read_intent("/profile", true)));
    CHECK(std::get<LinkRequest>(read_intent("/link  k7qm-2XPD 9rta-h4wn ", true)).code == "k7qm-2XPD 9rta-h4wn");
    CHECK(std::get<LinkRequest>(read_intent("/link", false)).code.empty());
    CHECK(std::holds_alternative<CandidateText>(read_intent("link my answer to the last one", false)));
}

namespace {

mi::dialogue::progress::ProgressSummary scripted_progress() {
    using namespace mi::dialogue::progress;
    ProgressSummary summary;
    summary.interviews = 3;
    summary.finished_interviews = 3;
    summary.answers = 9;
    summary.overall = {{"a", 1, 40}, {"b", 2, 55}, {"c", 3, 71}};
    summary.skills = {SkillSeries{"communication", "Communication", {{"a", 1, 50}, {"c", 3, 80}}}};
    summary.most_missed_key_points = {PointTally{PointKind::key_point, "star", "Situation, task, action, result", "q1", 2, 3, 2}};
    summary.most_raised_red_flags = {PointTally{PointKind::red_flag, "blame", "Blames the team", "q2", 1, 3, 1}};
    summary.practice_days = 3;
    summary.current_streak_days = 2;
    summary.longest_streak_days = 2;
    return summary;
}

}  // namespace

TEST_CASE("/progress shows the trends, what improved, what is missed most and the streak in one short reply", "[chat]") {
    const auto reply = progress_reply(scripted_progress(), {"Overall: 55 -> 71 (+16)",
                                                            "Key achievements: missed in 3 of your last 4 answers; covered today"});
    const std::string text = plain_text(reply);
    CHECK_THAT(text, Catch::Contains("3 interviews (3 finished), 9 scored answers"));
    CHECK_THAT(text, Catch::Contains("Overall: 40 -> 55 -> 71 (+31 since the first)"));
    CHECK_THAT(text, Catch::Contains("Communication: 50 -> 80 (+30 since the first)"));
    CHECK_THAT(text, Catch::Contains("Key achievements: missed in 3 of your last 4 answers; covered today"));
    CHECK_THAT(text, Catch::Contains("Situation, task, action, result: missed in 2 of 3 answers"));
    CHECK_THAT(text, Catch::Contains("Blames the team: raised in 1 of 3 answers"));
    CHECK_THAT(text, Catch::Contains("Streak: 2 days (longest 2 days, 3 days of practice)"));
    CHECK_THAT(text, Catch::Contains("/drill"));
    // One message on every platform: Telegram's limit is 4096 characters, Slack's section 3000.
    for (const auto& message : render_for_telegram(reply, ChatAddress{ChatPlatform::telegram, "t:1", "1", "", "1"})) {
        CHECK(message.payload.dump().size() < 4096);
    }
    CHECK(render_for_telegram(reply, ChatAddress{ChatPlatform::telegram, "t:1", "1", "", "1"}).size() == 1);
}

TEST_CASE("/progress before any scored answer says how to begin, and a long history stays short", "[chat]") {
    CHECK_THAT(plain_text(progress_reply({}, {})), Catch::Contains("No scored answer yet"));
    auto summary = scripted_progress();
    for (int index = 0; index < 40; ++index) summary.overall.push_back({"x", 10 + index, index});
    std::vector<std::string> changes(20, "Overall: 1 -> 2 (+1)");
    const auto text = plain_text(progress_reply(summary, changes));
    CHECK_THAT(text, Catch::Contains("Overall: ... 35 -> 36 -> 37 -> 38 -> 39 (-1 since the first)"));
    CHECK(text.size() < 3000);
}

TEST_CASE("a drill's introduction names its questions, the points they are for, and its length", "[chat]") {
    using namespace mi::dialogue::progress;
    DrillPlan plan;
    plan.estimated_minutes = 5;
    DrillTarget target;
    target.id = "star";
    target.text = "Situation, task, action, result";
    plan.questions = {DrillQuestion{"q1", "hr", "Tell me about a conflict", {target}},
                      DrillQuestion{"q2", "hr", "Why this company?", {}}};
    const auto text = plain_text(drill_intro_reply(plan));
    CHECK_THAT(text, Catch::Contains("2 questions, about 5 minutes, without follow-ups."));
    CHECK_THAT(text, Catch::Contains("Tell me about a conflict (for: Situation, task, action, result)"));
    CHECK_THAT(text, Catch::Contains("Why this company?"));
}
