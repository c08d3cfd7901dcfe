// The pure rules of the coach API (docs/coaching.md): who may see which interview, what a list
// query means (its filters, sort and cursor), an interview's status and score, CSV cells that
// spreadsheets cannot run, and the calibration arithmetic. No I/O, no clock: everything comes in
// as arguments, so each rule has a Catch2 test of its own (tests/server/coach_rules_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mi::server::coach {

// ---- accounts and access ----

enum class CoachRole { coach, admin };

[[nodiscard]] std::string_view to_string(CoachRole role);
[[nodiscard]] std::optional<CoachRole> parse_coach_role(std::string_view text);

// Who is asking: a signed-in coach.
struct Viewer {
    std::int64_t coach_id = 0;
    CoachRole role = CoachRole::coach;
};

// What decides who sees an interview: the coach whose invite started it, the coaches it is shared with.
struct InterviewAccess {
    std::optional<std::int64_t> invite_coach_id;
    std::vector<std::int64_t> shared_with;
};

// A coach sees an interview started from one of their invite links or shared with them; an
// admin sees every interview.
[[nodiscard]] bool may_see_interview(const Viewer& viewer, const InterviewAccess& access);

// A coach manages (lists, expires) their own invites; an admin every invite.
[[nodiscard]] bool may_manage_invite(const Viewer& viewer, std::int64_t invite_coach_id);

// "mic_" + 43 base64url characters: the only shape a coach token has. Anything else is refused
// before the database is asked.
[[nodiscard]] bool is_coach_token_shaped(std::string_view token);

// ---- an interview's status and score ----

enum class ListedStatus { in_progress, finished, abandoned };

[[nodiscard]] std::string_view to_string(ListedStatus status);
[[nodiscard]] std::optional<ListedStatus> parse_listed_status(std::string_view text);

// Abandoned: still in progress, and nothing happened in it (no event) for longer than
// `abandoned_after_ms`.
[[nodiscard]] ListedStatus listed_status(bool finished, std::int64_t updated_at_ms, std::int64_t now_ms,
                                         std::int64_t abandoned_after_ms);

// One scored item (question or task) of an interview, with the weight of its stage.
struct ScoredItem {
    std::string stage_id;
    double stage_weight = 1.0;
    int score = 0;
};

// The report's overall score: the mean per stage, weighted by stage, rounded; nullopt when nothing
// was scored. The same arithmetic as dialogue's build_report, applied to overridden scores too.
[[nodiscard]] std::optional<int> overall_score(const std::vector<ScoredItem>& items);

// ---- the list query ----

enum class SortOrder { created_desc, created_asc, score_desc, score_asc };

[[nodiscard]] std::string_view to_string(SortOrder order);

struct ListQuery {
    std::optional<std::int64_t> created_from_ms;   // inclusive
    std::optional<std::int64_t> created_to_ms;     // exclusive (a date means up to the end of that day)
    std::optional<std::string> role, stage, industry, seniority;
    std::optional<ListedStatus> status;
    std::optional<int> score_min, score_max;       // inclusive, 0..100
    std::optional<std::int64_t> invite;            // invite id
    std::optional<std::string> text;               // full-text search in answers
    SortOrder sort = SortOrder::created_desc;
    std::size_t limit = 0;                         // 1..max_page_size
    std::optional<std::string> cursor;             // as sent
};

// A refusal naming the parameter.
struct QueryProblem {
    std::string field;
    std::string message;
};

// Reads GET /api/v1/coach/interviews's query string ("role=x&score_min=50"). Unknown parameters,
// repeated ones, malformed dates or numbers, a range that is upside down are refused, naming the field.
[[nodiscard]] std::variant<ListQuery, QueryProblem> parse_list_query(std::string_view query_string,
                                                                     std::size_t default_page_size,
                                                                     std::size_t max_page_size);

// "YYYY-MM-DD" (UTC midnight) or epoch milliseconds; `end_of_day` moves a date to the next midnight.
[[nodiscard]] std::optional<std::int64_t> parse_date_ms(std::string_view text, bool end_of_day);

// What a page ends at: the sort key of its last interview (created_at_ms or score, -1 for none) and its id.
struct CursorPosition {
    std::int64_t key = 0;
    std::string interview_id;
};

// A fingerprint of everything in the query but the cursor and the limit: a cursor carries it, and
// one from another query (other filters, another sort) is refused.
[[nodiscard]] std::string query_fingerprint(const ListQuery& query);

[[nodiscard]] std::string encode_cursor(const ListQuery& query, const CursorPosition& position);
// The position, or a problem naming "cursor" (malformed, or from another query).
[[nodiscard]] std::variant<CursorPosition, QueryProblem> decode_cursor(const ListQuery& query, std::string_view cursor);

// A listed interview as the query sees it.
struct ListedFacts {
    std::string interview_id;
    std::string role, industry, seniority;
    std::vector<std::string> stages;
    ListedStatus status = ListedStatus::in_progress;
    std::int64_t created_at_ms = 0;
    std::optional<int> score;
    std::optional<std::int64_t> invite_id;
    bool text_matches = true;                      // the full-text search found it (true without a search)
};

[[nodiscard]] bool matches(const ListQuery& query, const ListedFacts& facts);

// The sort key of an interview under the query's order.
[[nodiscard]] std::int64_t sort_key(const ListQuery& query, const ListedFacts& facts);

// Sorts and pages: the indices into `facts` of the page (those matching, after `after`), and the
// position to continue from when more follow.
struct Page {
    std::vector<std::size_t> indices;
    std::optional<CursorPosition> next;
};
[[nodiscard]] Page page_of(const ListQuery& query, const std::vector<ListedFacts>& facts,
                           const std::optional<CursorPosition>& after);

// A full-text query of the candidate's words, each a quoted FTS5 phrase (so no FTS syntax reaches
// SQLite); empty when there is no word.
[[nodiscard]] std::string fts_phrase_query(std::string_view text);

// ---- CSV ----

// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled); a value a
// spreadsheet would run as a formula (starting with = + - @ TAB or CR) is prefixed with '.
[[nodiscard]] std::string csv_field(std::string_view value);
// Fields joined with commas, ended with CRLF.
[[nodiscard]] std::string csv_row(const std::vector<std::string>& fields);

// ---- calibration ----

enum class JudgementKind { key_point, red_flag, star_part };

[[nodiscard]] std::string_view to_string(JudgementKind kind);

// One judgement of the scorer on one turn, and the value in effect after the coaches' overrides.
struct Judgement {
    JudgementKind kind = JudgementKind::key_point;
    std::string id, label;
    bool original = false;
    bool effective = false;
    std::string interview_id;
    std::int64_t turn = 0;
};

struct CalibrationLine {
    JudgementKind kind = JudgementKind::key_point;
    std::string id, label;
    std::int64_t judgements = 0, overridden = 0, to_positive = 0, to_negative = 0;
    double agreement_rate = 1.0;                   // 1 - overridden / judgements
    std::vector<std::pair<std::string, std::int64_t>> examples;   // (interview, turn) of overridden ones
};

struct Calibration {
    std::int64_t judgements = 0, overridden = 0;
    double agreement_rate = 1.0;
    std::vector<CalibrationLine> items;            // most overridden first, then by kind and id
};

[[nodiscard]] Calibration calibrate(const std::vector<Judgement>& judgements, std::size_t examples_per_item);

}  // namespace mi::server::coach
