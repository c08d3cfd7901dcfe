// "New execution plan analysis", decided by the plan: the explanation must say what the new plan
// shows and nothing it contradicts. Built on plans as EXPLAIN QUERY PLAN prints them.
#include <catch2/catch.hpp>

#include <string>

#include "practical/plan_explanation.hpp"

using namespace mi::practical;

namespace {

QueryCheck check_with(std::vector<std::string> before, std::vector<std::string> after,
                      QueryVerdict verdict = QueryVerdict::optimized) {
    QueryCheck check;
    check.verdict = verdict;
    check.original.plan = std::move(before);
    QueryMeasurement submitted;
    submitted.plan = std::move(after);
    check.submitted = submitted;
    check.plan_changes = compare_plans(check.original.plan, check.submitted->plan);
    return check;
}

const QueryCheck scan_to_search = check_with({"SCAN orders"}, {"SEARCH orders USING INDEX orders_by_user (user_id>? AND user_id<?)"});

}  // namespace

TEST_CASE("Naming the index the new plan searches with explains the plan", "[practical][plan]") {
    const std::string explanation = "With orders_by_user the plan searches the index instead of scanning.";
    const auto result = check_plan_explanation(explanation, scan_to_search, {"orders_by_user"});
    CHECK(result.explained);
    REQUIRE_FALSE(result.evidence.empty());
    CHECK(explanation.substr(result.evidence.front().begin, result.evidence.front().end - result.evidence.front().begin) ==
          "orders_by_user");
    CHECK_THAT(result.reason, Catch::Contains("orders is searched with orders_by_user"));
}

TEST_CASE("The table and a word for searching it in one sentence explain the plan too", "[practical][plan]") {
    CHECK(check_plan_explanation("Now SQLite does an index search on Orders.", scan_to_search, {}).explained);
    // In different sentences they say nothing about each other.
    CHECK_FALSE(check_plan_explanation("Orders is big. An index helps.", scan_to_search, {}).explained);
}

TEST_CASE("An explanation that does not say what the plan shows does not explain it", "[practical][plan]") {
    const auto result = check_plan_explanation("It is faster now.", scan_to_search, {});
    CHECK_FALSE(result.explained);
    CHECK_THAT(result.reason, Catch::StartsWith("The explanation does not say what the new plan shows"));
}

TEST_CASE("Naming an index the new plan does not use contradicts it", "[practical][plan]") {
    const auto result = check_plan_explanation("users_by_email makes it fast; orders_by_user too.", scan_to_search,
                                               {"users_by_email", "orders_by_user"});
    CHECK_FALSE(result.explained);
    CHECK_THAT(result.reason, Catch::Contains("names users_by_email, which the new plan does not use"));
}

TEST_CASE("Saying the scan is gone while a table is still scanned contradicts the plan", "[practical][plan]") {
    const auto check = check_with({"SCAN users", "SEARCH orders USING INDEX x (user_id=?)"},
                                  {"SCAN users", "SEARCH orders USING COVERING INDEX y (user_id=?)"});
    const auto result = check_plan_explanation("The query no longer scans; a covering index y serves it.", check, {"y"});
    CHECK_FALSE(result.explained);
    CHECK_THAT(result.reason, Catch::Contains("still reads users by a full scan"));
}

TEST_CASE("A sort or a correlated subquery that went away is what the plan shows", "[practical][plan]") {
    const auto sort = check_with({"SEARCH orders USING INDEX a (user_id=?)", "USE TEMP B-TREE FOR ORDER BY"},
                                 {"SEARCH orders USING INDEX b (user_id=?)"});
    CHECK(check_plan_explanation("The index delivers the rows in order, so there is no sort.", sort, {"b"}).explained);
    const auto subquery = check_with({"SCAN products", "CORRELATED SCALAR SUBQUERY 1", "  SCAN order_items"},
                                     {"SCAN products", "SEARCH order_items USING INDEX by_product (product_id=?)"});
    CHECK(check_plan_explanation("The correlated subquery is now a join.", subquery, {}).explained);
}

TEST_CASE("Every index of a MULTI-INDEX OR counts", "[practical][plan]") {
    const auto check = check_with({"SCAN users"}, {"MULTI-INDEX OR", "  INDEX 1", "    SEARCH users USING INDEX sqlite_autoindex_users_1 (email=?)",
                                                   "  INDEX 2", "    SEARCH users USING INDEX users_by_name (name=?)"});
    const auto result = check_plan_explanation("users_by_name lets both sides of the OR use an index.", check, {"users_by_name"});
    CHECK(result.explained);
    CHECK_THAT(result.reason, Catch::Contains("sqlite_autoindex_users_1 and users_by_name"));
}

TEST_CASE("There is no plan to analyse for different rows, a failed run or an unchanged plan", "[practical][plan]") {
    const auto different = check_with({"SCAN orders"}, {"SEARCH orders USING INDEX i (a=?)"}, QueryVerdict::different_rows);
    CHECK_FALSE(check_plan_explanation("i is searched", different, {"i"}).explained);
    QueryCheck failed;
    CHECK_THAT(check_plan_explanation("i is searched", failed, {}).reason, Catch::Contains("did not run"));
    const auto unchanged = check_with({"SCAN orders"}, {"SCAN orders"}, QueryVerdict::not_faster);
    CHECK_THAT(check_plan_explanation("orders is searched", unchanged, {}).reason, Catch::Contains("did not change"));
}

TEST_CASE("Words are found whole, ignoring case", "[practical][plan]") {
    CHECK(find_words("Index indexes INDEX", "index").size() == 2);
    CHECK(find_words("users_by_name, users_by_name_2", "users_by_name").size() == 1);
}
