// The pure rules of the coach API: access policy, list query parsing, cursors, CSV cells, the
// interview score, status and calibration arithmetic, and the review built from stored events.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "server/coach/coach_export.hpp"
#include "server/coach/coach_rules.hpp"
#include "server/coach/interview_review.hpp"

using namespace mi::server::coach;

namespace {

ListQuery parsed(std::string_view query) {
    auto result = parse_list_query(query, 25, 100);
    REQUIRE(std::holds_alternative<ListQuery>(result));
    return std::get<ListQuery>(result);
}

QueryProblem refused(std::string_view query) {
    auto result = parse_list_query(query, 25, 100);
    REQUIRE(std::holds_alternative<QueryProblem>(result));
    return std::get<QueryProblem>(result);
}

ListedFacts facts(std::string id, std::int64_t created, std::optional<int> score) {
    ListedFacts f;
    f.interview_id = std::move(id);
    f.role = "backend-developer";
    f.industry = "startup";
    f.seniority = "mid";
    f.stages = {"hr", "technical"};
    f.created_at_ms = created;
    f.score = score;
    return f;
}

}  // namespace

TEST_CASE("a coach sees interviews from their invites and shared with them, an admin sees all", "[server][coach]") {
    const Viewer alice{1, CoachRole::coach};
    const Viewer bob{2, CoachRole::coach};
    const Viewer admin{3, CoachRole::admin};
    const InterviewAccess from_alice_invite{1, {}};
    const InterviewAccess shared_with_bob{std::nullopt, {2}};
    const InterviewAccess nobody{std::nullopt, {}};
    CHECK(may_see_interview(alice, from_alice_invite));
    CHECK_FALSE(may_see_interview(bob, from_alice_invite));
    CHECK(may_see_interview(bob, shared_with_bob));
    CHECK_FALSE(may_see_interview(alice, shared_with_bob));
    CHECK_FALSE(may_see_interview(alice, nobody));
    CHECK(may_see_interview(admin, nobody));
    CHECK(may_see_interview(admin, from_alice_invite));
    CHECK(may_manage_invite(alice, 1));
    CHECK_FALSE(may_manage_invite(bob, 1));
    CHECK(may_manage_invite(admin, 1));
}

TEST_CASE("only mic_ plus 43 base64url characters is a coach token", "[server][coach]") {
    const std::string good = "mic_" + std::string(43, 'A');
    CHECK(is_coach_token_shaped(good));
    CHECK(is_coach_token_shaped("mic_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO-_"));
    CHECK_FALSE(is_coach_token_shaped("mic_" + std::string(42, 'A')));
    CHECK_FALSE(is_coach_token_shaped("mic_" + std::string(44, 'A')));
    CHECK_FALSE(is_coach_token_shaped("mix_" + std::string(43, 'A')));
    CHECK_FALSE(is_coach_token_shaped("mic_" + std::string(42, 'A') + "="));
    CHECK_FALSE(is_coach_token_shaped(std::string(43, 'A')));
    CHECK_FALSE(is_coach_token_shaped(""));
}

TEST_CASE("an interview in progress with no event for longer than the limit is abandoned", "[server][coach]") {
    CHECK(listed_status(true, 0, 10'000'000, 1000) == ListedStatus::finished);
    CHECK(listed_status(false, 1000, 2000, 1000) == ListedStatus::in_progress);
    CHECK(listed_status(false, 1000, 2001, 1000) == ListedStatus::abandoned);
    CHECK(to_string(ListedStatus::abandoned) == "abandoned");
    CHECK(parse_listed_status("finished") == ListedStatus::finished);
    CHECK_FALSE(parse_listed_status("done"));
}

TEST_CASE("the interview score is the stage means weighted by stage, rounded", "[server][coach]") {
    CHECK_FALSE(overall_score({}));
    CHECK(overall_score({{"hr", 1.0, 40}, {"hr", 1.0, 60}}) == 50);
    // hr mean 50 weight 1, technical mean 90 weight 3: (50 + 270) / 4 = 80
    CHECK(overall_score({{"hr", 1.0, 40}, {"technical", 3.0, 90}, {"hr", 1.0, 60}}) == 80);
    CHECK(overall_score({{"hr", 1.0, 33}, {"hr", 1.0, 34}}) == 34);   // 33.5 rounds up
}

TEST_CASE("list filters parse, and each bad one is refused naming its field", "[server][coach]") {
    const auto query = parsed("created_from=2026-01-31&created_to=2026-02-01&role=backend-developer&stage=hr&"
                              "industry=startup&seniority=mid&status=abandoned&score_min=10&score_max=90&invite=4&"
                              "q=latency+p95&sort=score_asc&limit=5");
    CHECK(query.created_from_ms == 1'769'817'600'000);   // 2026-01-31T00:00Z
    CHECK(query.created_to_ms == 1'769'990'400'000);     // the end of 2026-02-01
    CHECK(query.role == "backend-developer");
    CHECK(query.stage == "hr");
    CHECK(query.status == ListedStatus::abandoned);
    CHECK(query.score_min == 10);
    CHECK(query.score_max == 90);
    CHECK(query.invite == 4);
    CHECK(query.text == "latency p95");
    CHECK(query.sort == SortOrder::score_asc);
    CHECK(query.limit == 5);
    CHECK(parsed("").limit == 25);
    CHECK(parsed("created_from=1700000000000").created_from_ms == 1'700'000'000'000);

    CHECK(refused("colour=red").field == "colour");
    CHECK(refused("role=a&role=b").field == "role");
    CHECK(refused("created_from=2026-02-30").field == "created_from");
    CHECK(refused("created_to=yesterday").field == "created_to");
    CHECK(refused("created_from=2026-03-01&created_to=2026-02-01").field == "created_to");
    CHECK(refused("status=done").field == "status");
    CHECK(refused("score_min=101").field == "score_min");
    CHECK(refused("score_max=-1").field == "score_max");
    CHECK(refused("score_min=50&score_max=40").field == "score_max");
    CHECK(refused("sort=random").field == "sort");
    CHECK(refused("limit=0").field == "limit");
    CHECK(refused("limit=101").field == "limit");
    CHECK(refused("invite=x").field == "invite");
    CHECK(refused("q=%22%2A%28").field == "q");
    CHECK(refused("role=").field == "role");
    CHECK(refused("colour=red").message.find("colour") != std::string::npos);
}

TEST_CASE("a cursor round-trips, and one from another query or garbage is refused", "[server][coach]") {
    const auto query = parsed("role=backend-developer&sort=score_desc");
    const auto cursor = encode_cursor(query, CursorPosition{72, "abc123"});
    auto decoded = decode_cursor(query, cursor);
    REQUIRE(std::holds_alternative<CursorPosition>(decoded));
    CHECK(std::get<CursorPosition>(decoded).key == 72);
    CHECK(std::get<CursorPosition>(decoded).interview_id == "abc123");
    // The limit is not part of the query's identity: a cursor survives a page-size change.
    CHECK(std::holds_alternative<CursorPosition>(decode_cursor(parsed("role=backend-developer&sort=score_desc&limit=3"), cursor)));

    for (const auto* other : {"role=backend-developer", "role=backend-developer&sort=score_asc", "sort=score_desc",
                              "role=backend-developer&sort=score_desc&q=redis"}) {
        auto refusal = decode_cursor(parsed(other), cursor);
        REQUIRE(std::holds_alternative<QueryProblem>(refusal));
        CHECK(std::get<QueryProblem>(refusal).field == "cursor");
        CHECK(std::get<QueryProblem>(refusal).message.find("another query") != std::string::npos);
    }
    for (const auto* garbage : {"", "!!!", "YWJj", "YzF8eHx5fHo"}) {
        auto refusal = decode_cursor(query, garbage);
        REQUIRE(std::holds_alternative<QueryProblem>(refusal));
        CHECK(std::get<QueryProblem>(refusal).field == "cursor");
    }
}

TEST_CASE("pages follow the sort with ties broken by id, without skipping or repeating", "[server][coach]") {
    std::vector<ListedFacts> all{facts("a", 100, 50), facts("b", 300, 70), facts("c", 200, 50), facts("d", 400, std::nullopt),
                                 facts("e", 500, 90)};
    auto query = parsed("sort=score_desc&limit=2");
    std::vector<std::string> seen;
    std::optional<CursorPosition> after;
    for (int page_number = 0; page_number < 5; ++page_number) {
        const auto page = page_of(query, all, after);
        for (const auto index : page.indices) seen.push_back(all[index].interview_id);
        if (!page.next) break;
        after = page.next;
    }
    CHECK(seen == std::vector<std::string>{"e", "b", "a", "c", "d"});   // no score last

    const auto newest = page_of(parsed("limit=10"), all, std::nullopt);
    REQUIRE(newest.indices.size() == 5);
    CHECK(all[newest.indices.front()].interview_id == "e");
    CHECK_FALSE(newest.next);
    const auto oldest = page_of(parsed("sort=created_asc&limit=1"), all, std::nullopt);
    CHECK(all[oldest.indices.front()].interview_id == "a");
    CHECK(oldest.next);

    // Filters: a score range leaves out interviews without a score.
    const auto ranged = page_of(parsed("score_min=50&score_max=70&limit=10"), all, std::nullopt);
    CHECK(ranged.indices.size() == 3);
    all[0].stages = {"hr"};
    CHECK(page_of(parsed("stage=technical&limit=10"), all, std::nullopt).indices.size() == 4);
}

TEST_CASE("the full-text query quotes every word, so no FTS syntax reaches SQLite", "[server][coach]") {
    CHECK(fts_phrase_query("redis latency") == "\"redis\" \"latency\"");
    CHECK(fts_phrase_query("p95 \"OR\" NEAR(x*") == "\"p95\" \"OR\" \"NEAR\" \"x\"");
    CHECK(fts_phrase_query("café") == "\"café\"");
    CHECK(fts_phrase_query("\"*()") == "");
}

TEST_CASE("CSV cells are RFC 4180 quoted and cannot be run as formulas", "[server][coach]") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("=1+1") == "'=1+1");
    CHECK(csv_field("+1") == "'+1");
    CHECK(csv_field("-1") == "'-1");
    CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_field("\tx") == "'\tx");
    CHECK(csv_field("\rx") == "\"'\rx\"");
    CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_field("") == "");
    CHECK(csv_row({"a", "b,c", "=d"}) == "a,\"b,c\",'=d\r\n");
}

TEST_CASE("calibration counts agreements and overrides per item, most overridden first", "[server][coach]") {
    std::vector<Judgement> judgements{
        {JudgementKind::key_point, "kp-a", "A", false, true, "i1", 9},
        {JudgementKind::key_point, "kp-a", "A", true, true, "i2", 9},
        {JudgementKind::key_point, "kp-a", "A", true, false, "i3", 12},
        {JudgementKind::key_point, "kp-b", "B", true, true, "i1", 9},
        {JudgementKind::red_flag, "rf", "R", false, true, "i1", 9},
        {JudgementKind::star_part, "result", "Result", false, false, "i1", 9},
    };
    const auto result = calibrate(judgements, 1);
    CHECK(result.judgements == 6);
    CHECK(result.overridden == 3);
    CHECK(result.agreement_rate == Approx(0.5));
    REQUIRE(result.items.size() == 4);
    CHECK(result.items[0].id == "kp-a");
    CHECK(result.items[0].judgements == 3);
    CHECK(result.items[0].overridden == 2);
    CHECK(result.items[0].to_positive == 1);
    CHECK(result.items[0].to_negative == 1);
    CHECK(result.items[0].agreement_rate == Approx(1.0 / 3.0));
    REQUIRE(result.items[0].examples.size() == 1);
    CHECK(result.items[0].examples[0] == std::pair<std::string, std::int64_t>{"i1", 9});
    CHECK(result.items[1].id == "rf");
    CHECK(result.items[1].agreement_rate == Approx(0.0));
    CHECK(result.items[3].overridden == 0);
    CHECK(result.items[3].agreement_rate == Approx(1.0));
    CHECK(calibrate({}, 3).agreement_rate == Approx(1.0));
}

TEST_CASE("a review has one turn per scored answer, its evidence placed in the joined answer", "[server][coach]") {
    using nlohmann::json;
    const std::vector<json> events{
        {{"type", "interview_started"}, {"seq", 1}, {"schedule", json::array({{{"stage_id", "hr"}, {"weight", 1.0}}})}},
        {{"type", "stage_started"}, {"seq", 2}, {"stage_id", "hr"}},
        {{"type", "question_asked"}, {"seq", 3}, {"item_id", "q1"}, {"stage_id", "hr"}, {"text", "Why?"}},
        {{"type", "answer_received"}, {"seq", 4}, {"item_id", "q1"}, {"message_index", 0}, {"text", "café team"}},
        {{"type", "feedback"}, {"seq", 5}, {"item_id", "q1"}, {"kind", "coverage"}, {"subject_id", "kp"}, {"text", "Team"},
         {"positive", true}, {"evidence", json::array({{{"message", 0}, {"begin", 6}, {"end", 10}, {"term", "team"}}})}},
        {{"type", "answer_scored"}, {"seq", 6}, {"item_id", "q1"}, {"score", 40}, {"message_count", 1},
         {"scoring_version", "scorer-2.0"}, {"feedback", {{"strengths", {"Covered Team"}}, {"missing", json::array()}, {"tip", ""}}}},
        {{"type", "follow_up"}, {"seq", 7}, {"item_id", "q1"}, {"text", "More?"}},
        {{"type", "answer_received"}, {"seq", 8}, {"item_id", "q1"}, {"message_index", 1}, {"text", "redis"}},
        {{"type", "feedback"}, {"seq", 9}, {"item_id", "q1"}, {"kind", "coverage"}, {"subject_id", "kp"}, {"text", "Team"},
         {"positive", true}, {"evidence", json::array({{{"message", 1}, {"begin", 0}, {"end", 5}, {"term", "redis"}}})}},
        {{"type", "feedback"}, {"seq", 10}, {"item_id", "q1"}, {"kind", "red_flag"}, {"subject_id", "rf"}, {"text", "Vague"},
         {"positive", false}, {"evidence", json::array()}},
        {{"type", "answer_scored"}, {"seq", 11}, {"item_id", "q1"}, {"score", 60}, {"message_count", 2},
         {"scoring_version", "scorer-2.0"}},
    };
    auto review = build_review(events, {}, nullptr);
    REQUIRE(review.turns.size() == 2);
    CHECK(review.answers == 2);
    CHECK(review.turns[0].turn == 6);
    CHECK(review.turns[0].answer == "café team");
    REQUIRE(review.turns[0].key_points.size() == 1);
    REQUIRE(review.turns[0].key_points[0].evidence.size() == 1);
    CHECK(review.turns[0].key_points[0].evidence[0].text == "team");   // byte offsets: é is two bytes
    CHECK(review.turns[0].feedback == std::vector<std::string>{"Covered Team"});
    CHECK(review.turns[1].answer == "café team\n\nredis");
    CHECK(review.turns[1].key_points[0].evidence[0].start == 12);
    CHECK(review.turns[1].key_points[0].evidence[0].text == "redis");
    REQUIRE(review.turns[1].red_flags.size() == 1);
    CHECK(review.turns[1].red_flags[0].value);
    CHECK(review.score == 60);   // the item's last score
    CHECK(review.scorer_version == "scorer-2.0");

    // Overrides: the latest entry of a field wins; the interview score follows.
    review = build_review(events, {{11, "score", "90"}, {11, "key_point:kp", "not_covered"}, {11, "score", "80"},
                                   {11, "red_flag:rf", "not_raised"}},
                          nullptr);
    CHECK(review.turns[1].score == 80);
    CHECK(review.turns[1].original_score == 60);
    CHECK(review.turns[1].overridden());
    CHECK_FALSE(review.turns[1].key_points[0].value);
    CHECK(review.turns[1].key_points[0].overridden());
    CHECK_FALSE(review.turns[1].red_flags[0].value);
    CHECK(review.score == 80);
    CHECK(review.original_score == 60);
    const auto judgements = judgements_of("i1", review);
    CHECK(judgements.size() == 3);
}

TEST_CASE("a coach sees both attempts of a Try again and the interview score counts the better one", "[server][coach][retry]") {
    using nlohmann::json;
    const std::vector<json> events{
        {{"type", "interview_started"}, {"seq", 1}, {"schedule", json::array({{{"stage_id", "hr"}, {"weight", 1.0}}})}},
        {{"type", "stage_started"}, {"seq", 2}, {"stage_id", "hr"}},
        {{"type", "question_asked"}, {"seq", 3}, {"item_id", "q1"}, {"stage_id", "hr"}, {"text", "Why?"}},
        {{"type", "answer_received"}, {"seq", 4}, {"item_id", "q1"}, {"message_index", 0}, {"text", "first"}},
        {{"type", "answer_scored"}, {"seq", 5}, {"item_id", "q1"}, {"score", 30}, {"message_count", 1}},
        {{"type", "follow_up"}, {"seq", 6}, {"item_id", "q1"}, {"text", "More?"}},
        {{"type", "answer_received"}, {"seq", 7}, {"item_id", "q1"}, {"message_index", 1}, {"text", "more"}},
        {{"type", "answer_scored"}, {"seq", 8}, {"item_id", "q1"}, {"score", 50}, {"message_count", 2}},
        {{"type", "retry_started"}, {"seq", 9}, {"item_id", "q1"}, {"attempt", 2}, {"previous_score", 50}, {"text", "Why?"}},
        {{"type", "answer_received"}, {"seq", 10}, {"item_id", "q1"}, {"message_index", 0}, {"text", "second"}},
        {{"type", "answer_scored"}, {"seq", 11}, {"item_id", "q1"}, {"score", 45}, {"message_count", 1}},
        {{"type", "retry_compared"}, {"seq", 12}, {"item_id", "q1"}, {"attempt", 2}},
    };
    const auto review = build_review(events, {}, nullptr);
    REQUIRE(review.turns.size() == 3);
    CHECK(review.answers == 3);
    CHECK(review.turns[2].answer == "second");   // the retry's own words, not the earlier follow-up's
    CHECK(review.turns[2].attempt == 2);
    CHECK(review.turns[1].attempt == 1);
    CHECK(review.score == 50);                   // the first attempt's last score beats the retry's 45
}

TEST_CASE("exported HTML escapes what the candidate wrote", "[server][coach]") {
    CHECK(html_escape("<script>alert('x')</script> & \"y\"") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
}
