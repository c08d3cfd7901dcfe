#include "server/coach/coach_rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace mi::server::coach {

namespace {

constexpr std::string_view base64url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

bool is_base64url(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

std::string percent_decode(std::string_view raw) {
    std::string value;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '+') {
            value.push_back(' ');
        } else if (raw[i] == '%' && i + 2 < raw.size() &&
                   std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
            int byte = 0;
            std::from_chars(raw.data() + i + 1, raw.data() + i + 3, byte, 16);
            value.push_back(static_cast<char>(byte));
            i += 2;
        } else {
            value.push_back(raw[i]);
        }
    }
    return value;
}

template <typename Number>
std::optional<Number> parse_number(std::string_view text) {
    Number value{};
    const auto* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || stop != end || text.empty()) return std::nullopt;
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (const char byte : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(byte);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(base64url_alphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) out.push_back(base64url_alphabet[(buffer << (6 - bits)) & 0x3F]);
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    unsigned int buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const auto index = base64url_alphabet.find(c);
        if (index == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned int>(index);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

std::string fnv1a_hex(std::string_view text) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex(16, '0');
    for (int i = 15; i >= 0; --i) {
        hex[static_cast<std::size_t>(i)] = digits[hash & 0xF];
        hash >>= 4;
    }
    return hex;
}

const std::set<std::string, std::less<>> list_parameters{
    "created_from", "created_to", "role", "stage", "industry", "seniority", "status", "score_min",
    "score_max", "invite", "q", "sort", "limit", "cursor"};

}  // namespace

std::string_view to_string(CoachRole role) { return role == CoachRole::admin ? "admin" : "coach"; }

std::optional<CoachRole> parse_coach_role(std::string_view text) {
    if (text == "coach") return CoachRole::coach;
    if (text == "admin") return CoachRole::admin;
    return std::nullopt;
}

bool may_see_interview(const Viewer& viewer, const InterviewAccess& access) {
    if (viewer.role == CoachRole::admin) return true;
    if (access.invite_coach_id && *access.invite_coach_id == viewer.coach_id) return true;
    return std::find(access.shared_with.begin(), access.shared_with.end(), viewer.coach_id) != access.shared_with.end();
}

bool may_manage_invite(const Viewer& viewer, std::int64_t invite_coach_id) {
    return viewer.role == CoachRole::admin || viewer.coach_id == invite_coach_id;
}

bool is_coach_token_shaped(std::string_view token) {
    constexpr std::string_view prefix = "mic_";
    if (token.size() != prefix.size() + 43 || token.substr(0, prefix.size()) != prefix) return false;
    return std::all_of(token.begin() + static_cast<std::ptrdiff_t>(prefix.size()), token.end(), is_base64url);
}

std::string_view to_string(ListedStatus status) {
    switch (status) {
        case ListedStatus::in_progress: return "in_progress";
        case ListedStatus::finished: return "finished";
        case ListedStatus::abandoned: return "abandoned";
    }
    return "in_progress";
}

std::optional<ListedStatus> parse_listed_status(std::string_view text) {
    for (const auto status : {ListedStatus::in_progress, ListedStatus::finished, ListedStatus::abandoned}) {
        if (to_string(status) == text) return status;
    }
    return std::nullopt;
}

ListedStatus listed_status(bool finished, std::int64_t updated_at_ms, std::int64_t now_ms,
                           std::int64_t abandoned_after_ms) {
    if (finished) return ListedStatus::finished;
    return now_ms - updated_at_ms > abandoned_after_ms ? ListedStatus::abandoned : ListedStatus::in_progress;
}

std::optional<int> overall_score(const std::vector<ScoredItem>& items) {
    // Stage order as first seen, so the arithmetic does not depend on a map's order.
    std::vector<std::string> order;
    std::map<std::string, std::pair<double, int>> sums;   // stage -> (sum of scores, count)
    std::map<std::string, double> weights;
    for (const auto& item : items) {
        if (!sums.contains(item.stage_id)) order.push_back(item.stage_id);
        auto& [sum, count] = sums[item.stage_id];
        sum += item.score;
        ++count;
        weights[item.stage_id] = item.stage_weight;
    }
    double weighted_sum = 0;
    double weight_sum = 0;
    for (const auto& stage : order) {
        const auto& [sum, count] = sums[stage];
        weighted_sum += sum / count * weights[stage];
        weight_sum += weights[stage];
    }
    if (weight_sum <= 0) return std::nullopt;
    return static_cast<int>(std::lround(weighted_sum / weight_sum));
}

std::string_view to_string(SortOrder order) {
    switch (order) {
        case SortOrder::created_desc: return "created_desc";
        case SortOrder::created_asc: return "created_asc";
        case SortOrder::score_desc: return "score_desc";
        case SortOrder::score_asc: return "score_asc";
    }
    return "created_desc";
}

std::optional<std::int64_t> parse_date_ms(std::string_view text, bool end_of_day) {
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        const auto year = parse_number<int>(text.substr(0, 4));
        const auto month = parse_number<unsigned>(text.substr(5, 2));
        const auto day = parse_number<unsigned>(text.substr(8, 2));
        if (!year || !month || !day || *month < 1 || *month > 12 || *day < 1) return std::nullopt;
        static constexpr unsigned month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (*year % 4 == 0 && *year % 100 != 0) || *year % 400 == 0;
        const unsigned days_in_month = *month == 2 && !leap ? 28 : month_days[*month - 1];
        if (*day > days_in_month) return std::nullopt;
        const auto days = days_from_civil(*year, *month, *day) + (end_of_day ? 1 : 0);
        return days * 86'400'000;
    }
    const auto ms = parse_number<std::int64_t>(text);
    if (!ms || *ms < 0) return std::nullopt;
    return *ms;
}

std::variant<ListQuery, QueryProblem> parse_list_query(std::string_view query_string, std::size_t default_page_size,
                                                       std::size_t max_page_size) {
    ListQuery query;
    query.limit = default_page_size;
    std::set<std::string, std::less<>> seen;
    while (!query_string.empty()) {
        const auto end = query_string.find('&');
        const auto pair = query_string.substr(0, end);
        query_string = end == std::string_view::npos ? std::string_view{} : query_string.substr(end + 1);
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        const std::string name = percent_decode(pair.substr(0, equals));
        const std::string value = equals == std::string_view::npos ? std::string() : percent_decode(pair.substr(equals + 1));
        if (!list_parameters.contains(name)) {
            return QueryProblem{name, "unknown parameter '" + name +
                                          "'; the list takes created_from, created_to, role, stage, industry, seniority, "
                                          "status, score_min, score_max, invite, q, sort, limit, cursor"};
        }
        if (!seen.insert(name).second) return QueryProblem{name, "parameter '" + name + "' is given twice"};
        if (value.empty()) return QueryProblem{name, "parameter '" + name + "' is empty"};
        if (name == "created_from" || name == "created_to") {
            const auto ms = parse_date_ms(value, name == "created_to");
            if (!ms) {
                return QueryProblem{name, name + " '" + value + "' is not a date: use YYYY-MM-DD or epoch milliseconds"};
            }
            (name == "created_from" ? query.created_from_ms : query.created_to_ms) = *ms;
        } else if (name == "role") {
            query.role = value;
        } else if (name == "stage") {
            query.stage = value;
        } else if (name == "industry") {
            query.industry = value;
        } else if (name == "seniority") {
            query.seniority = value;
        } else if (name == "status") {
            query.status = parse_listed_status(value);
            if (!query.status) {
                return QueryProblem{name, "status '" + value + "' is not one of in_progress, finished, abandoned"};
            }
        } else if (name == "score_min" || name == "score_max") {
            const auto score = parse_number<int>(value);
            if (!score || *score < 0 || *score > 100) {
                return QueryProblem{name, name + " '" + value + "' is not a whole number from 0 to 100"};
            }
            (name == "score_min" ? query.score_min : query.score_max) = *score;
        } else if (name == "invite") {
            const auto id = parse_number<std::int64_t>(value);
            if (!id || *id <= 0) return QueryProblem{name, "invite '" + value + "' is not an invite id"};
            query.invite = *id;
        } else if (name == "q") {
            if (fts_phrase_query(value).empty()) return QueryProblem{name, "q has no word to search for"};
            query.text = value;
        } else if (name == "sort") {
            bool known = false;
            for (const auto order : {SortOrder::created_desc, SortOrder::created_asc, SortOrder::score_desc,
                                     SortOrder::score_asc}) {
                if (to_string(order) == value) {
                    query.sort = order;
                    known = true;
                }
            }
            if (!known) {
                return QueryProblem{name, "sort '" + value +
                                              "' is not one of created_desc, created_asc, score_desc, score_asc"};
            }
        } else if (name == "limit") {
            const auto limit = parse_number<std::size_t>(value);
            if (!limit || *limit < 1 || *limit > max_page_size) {
                return QueryProblem{name, "limit '" + value + "' is not a whole number from 1 to " +
                                              std::to_string(max_page_size)};
            }
            query.limit = *limit;
        } else if (name == "cursor") {
            query.cursor = value;
        }
    }
    if (query.created_from_ms && query.created_to_ms && *query.created_from_ms >= *query.created_to_ms) {
        return QueryProblem{"created_to", "created_to must be after created_from"};
    }
    if (query.score_min && query.score_max && *query.score_min > *query.score_max) {
        return QueryProblem{"score_max", "score_max must not be below score_min"};
    }
    return query;
}

std::string query_fingerprint(const ListQuery& query) {
    auto optional_text = [](const auto& value) {
        if (!value) return std::string("-");
        if constexpr (std::is_same_v<std::decay_t<decltype(*value)>, std::string>) {
            return std::to_string(value->size()) + ":" + *value;
        } else {
            return std::to_string(*value);
        }
    };
    std::string canonical;
    canonical += optional_text(query.created_from_ms) + "|" + optional_text(query.created_to_ms) + "|";
    canonical += optional_text(query.role) + "|" + optional_text(query.stage) + "|";
    canonical += optional_text(query.industry) + "|" + optional_text(query.seniority) + "|";
    canonical += (query.status ? std::string(to_string(*query.status)) : std::string("-")) + "|";
    canonical += optional_text(query.score_min) + "|" + optional_text(query.score_max) + "|";
    canonical += optional_text(query.invite) + "|" + optional_text(query.text) + "|";
    canonical += std::string(to_string(query.sort));
    return fnv1a_hex(canonical);
}

std::string encode_cursor(const ListQuery& query, const CursorPosition& position) {
    std::string plain = "c1|";
    plain += query_fingerprint(query);
    plain += "|";
    plain += std::to_string(position.key);
    plain += "|";
    plain += position.interview_id;
    return base64url_encode(plain);
}

std::variant<CursorPosition, QueryProblem> decode_cursor(const ListQuery& query, std::string_view cursor) {
    const QueryProblem malformed{"cursor", "cursor is not one this server gave out; start again without it"};
    const auto plain = base64url_decode(cursor);
    if (!plain) return malformed;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto bar = plain->find('|', start);
        parts.push_back(plain->substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    if (parts.size() != 4 || parts[0] != "c1") return malformed;
    const auto key = parse_number<std::int64_t>(parts[2]);
    if (!key || parts[3].empty()) return malformed;
    if (parts[1] != query_fingerprint(query)) {
        return QueryProblem{"cursor", "cursor belongs to another query (other filters or sort); start again without it"};
    }
    return CursorPosition{*key, parts[3]};
}

bool matches(const ListQuery& query, const ListedFacts& facts) {
    if (query.created_from_ms && facts.created_at_ms < *query.created_from_ms) return false;
    if (query.created_to_ms && facts.created_at_ms >= *query.created_to_ms) return false;
    if (query.role && facts.role != *query.role) return false;
    if (query.industry && facts.industry != *query.industry) return false;
    if (query.seniority && facts.seniority != *query.seniority) return false;
    if (query.stage && std::find(facts.stages.begin(), facts.stages.end(), *query.stage) == facts.stages.end()) {
        return false;
    }
    if (query.status && facts.status != *query.status) return false;
    if ((query.score_min || query.score_max) && !facts.score) return false;
    if (query.score_min && *facts.score < *query.score_min) return false;
    if (query.score_max && *facts.score > *query.score_max) return false;
    if (query.invite && facts.invite_id != query.invite) return false;
    return facts.text_matches;
}

std::int64_t sort_key(const ListQuery& query, const ListedFacts& facts) {
    if (query.sort == SortOrder::score_desc || query.sort == SortOrder::score_asc) return facts.score.value_or(-1);
    return facts.created_at_ms;
}

Page page_of(const ListQuery& query, const std::vector<ListedFacts>& facts, const std::optional<CursorPosition>& after) {
    const bool descending = query.sort == SortOrder::created_desc || query.sort == SortOrder::score_desc;
    // Total order: the key, then the id (ascending), so equal keys page without skipping or repeating.
    auto before = [descending](std::int64_t key_a, const std::string& id_a, std::int64_t key_b, const std::string& id_b) {
        if (key_a != key_b) return descending ? key_a > key_b : key_a < key_b;
        return id_a < id_b;
    };
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < facts.size(); ++i) {
        if (!matches(query, facts[i])) continue;
        if (after && !before(after->key, after->interview_id, sort_key(query, facts[i]), facts[i].interview_id)) continue;
        order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return before(sort_key(query, facts[a]), facts[a].interview_id, sort_key(query, facts[b]), facts[b].interview_id);
    });
    Page page;
    const auto limit = std::max<std::size_t>(1, query.limit);
    if (order.size() > limit) {
        order.resize(limit);
        const auto& last = facts[order.back()];
        page.next = CursorPosition{sort_key(query, last), last.interview_id};
    }
    page.indices = std::move(order);
    return page;
}

std::string fts_phrase_query(std::string_view text) {
    std::string out;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        if (!out.empty()) out.push_back(' ');
        out += "\"" + word + "\"";
        word.clear();
    };
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        // Letters, digits and any non-ASCII byte make words; everything else separates them (the
        // FTS5 tokenizer would drop it anyway), so no quote or operator ever reaches SQLite.
        if (std::isalnum(byte) || byte >= 0x80) {
            word.push_back(c);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

std::string csv_field(std::string_view value) {
    std::string cell;
    if (!value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '-' || value.front() == '@' ||
                           value.front() == '\t' || value.front() == '\r')) {
        cell.push_back('\'');
    }
    cell.append(value);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string row;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) row.push_back(',');
        row += csv_field(fields[i]);
    }
    row += "\r\n";
    return row;
}

std::string_view to_string(JudgementKind kind) {
    switch (kind) {
        case JudgementKind::key_point: return "key_point";
        case JudgementKind::red_flag: return "red_flag";
        case JudgementKind::star_part: return "star_part";
    }
    return "key_point";
}

Calibration calibrate(const std::vector<Judgement>& judgements, std::size_t examples_per_item) {
    Calibration result;
    std::map<std::pair<int, std::string>, CalibrationLine> lines;
    for (const auto& judgement : judgements) {
        auto& line = lines[{static_cast<int>(judgement.kind), judgement.id}];
        line.kind = judgement.kind;
        line.id = judgement.id;
        if (line.label.empty()) line.label = judgement.label;
        ++line.judgements;
        ++result.judgements;
        if (judgement.original != judgement.effective) {
            ++line.overridden;
            ++result.overridden;
            ++(judgement.effective ? line.to_positive : line.to_negative);
            if (line.examples.size() < examples_per_item) line.examples.emplace_back(judgement.interview_id, judgement.turn);
        }
    }
    auto rate = [](std::int64_t overridden, std::int64_t total) {
        return total == 0 ? 1.0 : 1.0 - static_cast<double>(overridden) / static_cast<double>(total);
    };
    result.agreement_rate = rate(result.overridden, result.judgements);
    for (auto& [key, line] : lines) {
        line.agreement_rate = rate(line.overridden, line.judgements);
        result.items.push_back(std::move(line));
    }
    std::stable_sort(result.items.begin(), result.items.end(), [](const CalibrationLine& a, const CalibrationLine& b) {
        if (a.overridden != b.overridden) return a.overridden > b.overridden;
        return a.agreement_rate < b.agreement_rate;
    });
    return result;
}

}  // namespace mi::server::coach
