// A practical task's sections are named once, in content::task_sections(): the reader, the guide
// JSON and the validator walk that list, and the JSON Schema names the same keys.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "content/guide_json.hpp"
#include "content/pack_loader.hpp"

namespace {

using namespace mi::content;
using nlohmann::json;

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

json minimal_pack_json() {
    auto pack = json::parse(read_text(MI_SOURCE_DIR "/tests/data/content/valid/roles/minimal-role.json"));
    REQUIRE(pack["practical_tasks"].size() == 1);
    return pack;
}

std::string kebab(std::string_view id) {
    std::string out(id);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

json& the_task(json& pack) { return pack["practical_tasks"][0]; }

LoadResult load(const json& pack) { return load_role_pack_text(pack.dump(), "minimal-role.json"); }

std::string describe(const std::vector<ContentProblem>& problems) {
    std::string all;
    for (const auto& problem : problems) all += problem.pointer + ": " + problem.message + "\n";
    return all;
}

}  // namespace

TEST_CASE("task sections are the guide's five lists, in its order, with its headings", "[content][task_sections]") {
    // The headings as backend-developer-interview-guide.txt writes them under "Practical Tasks".
    const std::vector<std::pair<std::string, std::string>> guide{{"requirements", "Requirements"},
                                                                 {"scenario_elements", "Scenario Elements"},
                                                                 {"deliverables", "Deliverables"},
                                                                 {"areas_to_analyze", "Areas to Analyze"},
                                                                 {"evaluation_criteria", "Evaluation Criteria"}};
    std::vector<std::pair<std::string, std::string>> listed;
    for (const auto& section : task_sections()) listed.emplace_back(section.id, section.title);
    CHECK(listed == guide);
    for (const auto& section : task_sections()) CHECK(find_task_section(section.id) == &section);
    CHECK(find_task_section("areas_to_analyse") == nullptr);
}

TEST_CASE("every task section is read into its own list and written back to the guide JSON", "[content][task_sections]") {
    auto pack = minimal_pack_json();
    for (const auto& section : task_sections()) {
        const auto id = kebab(section.id);
        the_task(pack)[std::string(section.id)] =
            json::array({{{"id", "todo-api-" + id}, {"text", std::string(section.title) + " item"}, {"match", {{"any", {id}}}}}});
    }
    const auto loaded = load(pack);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.ok());
    const auto& task = loaded.library.roles.front().practical_tasks.front();
    const auto guide = role_guide_to_json(loaded.library.roles.front())["practical_tasks"][0];
    for (const auto& section : task_sections()) {
        INFO(section.id);
        const auto& items = task.*section.items;
        REQUIRE(items.size() == 1);
        CHECK(items[0].id == "todo-api-" + kebab(section.id));
        CHECK(items[0].text == std::string(section.title) + " item");
        REQUIRE(guide.contains(std::string(section.id)));
        CHECK(guide[std::string(section.id)] == json::array({{{"id", items[0].id}, {"text", items[0].text}}}));
    }
}

TEST_CASE("the validator checks item ids in every task section", "[content][task_sections]") {
    auto pack = minimal_pack_json();
    for (const auto& section : task_sections()) {
        the_task(pack)[std::string(section.id)] =
            json::array({{{"id", "todo-api-same"}, {"text", "Same item"}, {"match", {{"any", {"same"}}}}}});
    }
    const auto loaded = load(pack);
    std::vector<std::string> pointers;
    for (const auto& problem : loaded.problems) pointers.push_back(problem.pointer);
    std::vector<std::string> expected;
    for (const auto& section : task_sections().subspan(1)) {
        expected.push_back("/practical_tasks/0/" + std::string(section.id) + "/0/id");
    }
    INFO(describe(loaded.problems));
    CHECK(pointers == expected);
}

TEST_CASE("a task with no section is refused, and the refusal names every section", "[content][task_sections]") {
    auto pack = minimal_pack_json();
    for (const auto& section : task_sections()) the_task(pack).erase(std::string(section.id));
    const auto loaded = load(pack);
    INFO(describe(loaded.problems));
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].pointer == "/practical_tasks/0");
    for (const auto& section : task_sections()) CHECK_THAT(loaded.problems[0].message, Catch::Contains(std::string(section.id)));

    the_task(pack)["areas_to_analyse"] = json::array();
    const auto misspelt = load(pack);
    REQUIRE_FALSE(misspelt.problems.empty());
    CHECK(misspelt.problems[0].pointer == "/practical_tasks/0/areas_to_analyse");
    for (const auto& section : task_sections()) CHECK_THAT(misspelt.problems[0].message, Catch::Contains(std::string(section.id)));
}

TEST_CASE("the JSON Schema names the same task sections as the C++ list", "[content][task_sections]") {
    const auto schema = json::parse(read_text(MI_SOURCE_DIR "/content/schema/role-pack.schema.json"));
    const auto& task = schema["$defs"]["practicalTask"];
    std::vector<std::string> coverage_lists;
    for (const auto& [key, value] : task["properties"].items()) {
        if (value.value("$ref", "") == "#/$defs/coverageItems") coverage_lists.push_back(key);
    }
    std::vector<std::string> at_least_one;
    for (const auto& alternative : task["anyOf"]) at_least_one.push_back(alternative["required"][0]);
    std::vector<std::string> ids;
    for (const auto& section : task_sections()) ids.emplace_back(section.id);
    CHECK(at_least_one == ids);
    std::sort(ids.begin(), ids.end());
    std::sort(coverage_lists.begin(), coverage_lists.end());
    CHECK(coverage_lists == ids);
}
