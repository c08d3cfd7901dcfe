// "The guide is all there": the real content/roles/backend-developer.json holds every part of the
// interview guide (shared/seed/backend-developer-interview-guide.txt) with the guide's exact
// texts. The expected texts are written out here, so the test does not depend on the seed file.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "content/pack_loader.hpp"
#include "tests/content/command_runner.hpp"

namespace {

using namespace mi::content;
using Texts = std::vector<std::string>;

struct ExpectedStage {
    std::string id, name, focus_areas;
    Texts participants, success_criteria, preparation_tips, typical_tasks, evaluation_criteria, typical_discussion_points;
};

struct ExpectedStar {
    std::string situation, task, action, result;
};

struct ExpectedQuestion {
    QuestionCategory category;
    std::string text;
    std::string interviewer_wants;
    CoverageKind coverage_kind;
    Texts coverage;
    std::optional<ExpectedStar> star;
    std::string good_answer_example;
    std::string bad_answer_example;
    Texts follow_ups;
    Texts red_flags;
};

struct ExpectedTask {
    std::string name, summary, duration;
    Texts requirements, scenario_elements, deliverables, areas_to_analyze, evaluation_criteria, common_mistakes,
        tips_for_success;
};

struct ExpectedIndustry {
    std::string id, name;
    Texts focus_areas, common_challenges, interview_emphasis;
};

struct ExpectedSkill {
    std::string name;
    SkillLevel level;
    std::string verification_method, minimum_requirement;
    Texts evaluation_criteria;
};

struct ExpectedTipGroup {
    std::string name;
    Texts tips;
};

// Transcribed from the guide; the one mangled apostrophe ("roleโs") written as the guide meant it.
const std::vector<ExpectedStage> expected_stages{
    {"hr", "HR Interview", "Background, motivation, cultural fit",
     {"HR Manager", "Recruiter"},
     {"Clear communication skills", "Relevant background", "Cultural alignment", "Realistic expectations"},
     {"Research the company and its products", "Prepare to discuss your resume and experience", "Understand the company culture", "Have salary expectations ready"},
     {},
     {},
     {}},
    {"technical", "Technical Interview", "Technical skills, problem-solving ability",
     {"Technical Lead", "Senior Developer"},
     {"Problem-solving approach", "Code quality", "Knowledge of algorithms/data structures", "Communication skills during coding"},
     {"Practice coding problems on platforms like LeetCode", "Review fundamental data structures and algorithms", "Be ready to explain your thought process", "Familiarize yourself with the tech stack used by the company"},
     {},
     {},
     {}},
    {"system-design", "System Design Interview", "Architectural skills, scalability, performance",
     {"Technical Architect", "Senior Engineer"},
     {"Understanding of system design concepts", "Ability to articulate design decisions", "Approach to scalability and redundancy", "Knowledge of databases, APIs, etc."},
     {"Study system design patterns and best practices", "Review past projects and decisions made", "Practice designing systems on a whiteboard", "Understand trade-offs in technology choices"},
     {},
     {},
     {}},
    {"coding-challenge", "Coding Challenge", "Practical coding skills assessment",
     {},
     {},
     {},
     {"Implement a RESTful API", "Database design and queries", "Build a small application", "Solve algorithmic challenges"},
     {"Code functionality", "Adherence to best practices", "Code documentation", "Error handling and testing"},
     {}},
    {"final", "Final Interview", "Cultural fit, career goals",
     {},
     {},
     {},
     {},
     {},
     {"Long-term vision", "Team dynamics", "Alignment with company values", "Personal growth opportunities"}},
};

const std::vector<ExpectedQuestion> expected_guide_questions{
    {QuestionCategory::common_hr,
     "Can you tell me about your experience with backend technologies?",
     "Insight into practical experience and tech stack knowledge",
     CoverageKind::key_points,
     {"Specific technologies/frameworks used", "Projects handled", "Challenges faced", "Key achievements"},
     std::nullopt,
     "In my previous role, I worked extensively with Node.js and Express to develop scalable RESTful APIs for our e-commerce application. I improved the response time of our API by optimizing SQL queries and implementing caching strategies. Additionally, I collaborated with the frontend team to ensure seamless integration and was involved in migrating our database to PostgreSQL.",
     "I have used various backend technologies. I know how to code and can write APIs.",
     {"What was your biggest technical challenge?", "How do you keep your skills updated?", "What project are you most proud of?"},
     {"Lack of specifics", "No real-world experiences mentioned", "Generic answers without context", "No mention of teamwork or collaboration"}},
    {QuestionCategory::common_hr,
     "What is your approach to debugging issues?",
     "Problem-solving skills and systematic approach",
     CoverageKind::key_points,
     {"Debugging tools used", "Step-by-step approach", "Examples of previous debugging", "Collaboration with team members"},
     std::nullopt,
     "I start with replicating the issue, then I check logs and utilize debugging tools like Chrome Developer Tools for frontend-related issues or built-in debuggers for backend code. I prioritize understanding the root cause instead of making quick fixes. An example would be when I discovered a memory leak in an application. By analyzing the call stack, I identified an unoptimized loop which I refactored. This reduced memory usage by 30%.",
     "I usually just restart the server or the application if something doesn't work.",
     {"Can you describe a particularly challenging bug?", "What tools do you prefer for debugging?", "How do you ensure quality control in your code?"},
     {"Lack of a structured approach", "Over-reliance on restarting tools", "No mention of proper testing", "Not using debugging tools effectively"}},
    {QuestionCategory::common_hr,
     "How do you prioritize tasks in your development process?",
     "Time management and prioritization skills",
     CoverageKind::key_points,
     {"Task management tools", "Collaboration with team members", "Balancing urgent vs. important tasks", "Experience with Agile/Scrum methodology"},
     std::nullopt,
     "I use Jira to track tasks and prioritize them based on deadlines and business value. I often have daily stand-ups with my team to share updates and challenges. When working on multiple projects, I prioritize based on the impact it has on the customers and the business. For instance, during a crucial release, I focused on resolving high-severity bugs to ensure a successful launch.",
     "I just work on whatever I feel like doing at the moment.",
     {"What happens when you miss a deadline?", "How do you handle last-minute changes?", "What tools do you find most useful for organization?"},
     {}},
    {QuestionCategory::common_hr,
     "What is your experience with version control systems?",
     "Understanding of collaborative development practices",
     CoverageKind::key_points,
     {"Branching strategies", "Merging processes", "Conflict resolution", "Experience with Git or other systems"},
     std::nullopt,
     "I have been using Git for over 5 years. I follow the Git Flow workflow, creating feature branches for each task. I conduct code reviews via pull requests and actively resolve conflicts, ensuring proper communication with team members about changes. I also understand the importance of commit messages and documenting changes efficiently.",
     "I know how to use Git. I just push my code and make it work.",
     {"Can you explain the difference between merge and rebase?", "How do you handle conflicting merges?", "What commands do you use most often?"},
     {}},
    {QuestionCategory::behavioral,
     "Describe a time when you faced a significant technical challenge.",
     "Ability to face challenges and solve complex problems",
     CoverageKind::metrics_to_mention,
     {"Latency reduction percentage", "Performance improvements", "User experience impact"},
     ExpectedStar{"Choose a challenging project scenario", "Explain your role and tasks", "Describe the actions you took", "Explain the outcome and what you learned"},
     "While working on a distributed microservices architecture, we faced severe latency issues. As the backend developer, I led an investigation where I identified a bottleneck in our messaging queue. After analyzing the load, I proposed a switch to a more robust RabbitMQ system, which improved our transaction processing time by over 50%. This experience taught me the importance of tackling problems proactively and collaborating with colleagues for solutions.",
     "",
     {"How did you communicate the challenge to the team?", "What steps did you take immediately after identifying the issue?", "Would you have handled it differently in hindsight?"},
     {}},
    {QuestionCategory::behavioral,
     "Tell me about a time you had a disagreement with a teammate.",
     "Conflict resolution and teamwork ability",
     CoverageKind::none,
     {},
     ExpectedStar{"Describe the disagreement", "Explain your perspective", "Detail how you resolved it", "Share the outcome and relationship impact"},
     "During a project, a colleague and I disagreed on the database design. I believed a relational database was the best fit, while they advocated for a NoSQL solution. We scheduled a meeting where we presented our arguments backed by data. Eventually, we reached a compromise, deciding to prototype both and assess the performance. This improved our working relationship and led to successful project delivery.",
     "",
     {"What specific data did you present?", "How did you follow up after the disagreement?", "Did anything change in your approach after that experience?"},
     {}},
    {QuestionCategory::motivation,
     "Why do you want to work as a backend developer?",
     "Passion and long-term commitment to backend development",
     CoverageKind::key_points,
     {"Technical interests", "Career aspirations", "Understanding the backend role's impact", "Personal skills alignment"},
     std::nullopt,
     "I am deeply passionate about software architecture and solving complex problems. Backend development allows me to create scalable and efficient solutions that directly impact user experience. I appreciate the challenge of optimizing systems and working collaboratively with frontend developers. My long-term goal is to lead projects that drive innovation and mentor junior developers in best practices.",
     "I like coding and it seems like a good job.",
     {"What technologies excite you the most?", "Where do you see yourself in five years?", "How do you handle repetitive tasks?"},
     {}},
    {QuestionCategory::basic_technical,
     "Explain the differences between REST and SOAP APIs.",
     "",
     CoverageKind::expected_knowledge,
     {"Architectural principles", "Data formats", "Communication methods", "Use cases"},
     std::nullopt,
     "REST stands for Representational State Transfer and is an architectural style that uses HTTP methods for communication, while SOAP (Simple Object Access Protocol) is a protocol that relies on XML for messaging. REST APIs are stateless, lightweight, and easier to integrate due to their usage of standard HTTP methods, while SOAP provides more advanced security features and strict standards but can be more complex. REST is generally preferred for web services due to its flexibility and performance.",
     "",
     {"When would you use SOAP over REST?", "How do you handle versioning in APIs?", "What are some common security measures for APIs?"},
     {}},
    {QuestionCategory::basic_technical,
     "What is the purpose of indexing in databases?",
     "",
     CoverageKind::expected_knowledge,
     {"Database performance", "Query optimization", "Index types", "Trade-offs"},
     std::nullopt,
     "Indexing is a database optimization technique that improves the speed of data retrieval operations. By creating an index on a table, the database can quickly locate rows without scanning the entire table. Common types of indexes include B-trees and hash indexes. While indexes can significantly enhance query performance, they can also slow down write operations and increase storage costs, so it's essential to index wisely.",
     "",
     {"Can you describe the process of creating an index?", "What is a composite index?", "How do you analyze index performance?"},
     {}},
    {QuestionCategory::advanced_technical,
     "How would you design a scalable system for handling millions of concurrent users?",
     "",
     CoverageKind::expected_knowledge,
     {"Load balancing", "Microservices architecture", "Caching strategies", "Database sharding"},
     std::nullopt,
     "To design a scalable system, I would adopt a microservices architecture allowing for independent scaling of services. Load balancing would be implemented at various layers using tools like Nginx or AWS ELB to distribute traffic. I would utilize caching mechanisms such as Redis to store frequently accessed data and limit database load. Additionally, I would partition the database horizontally through sharding to manage large datasets effectively while ensuring that the architecture allows for vertical scaling of components as traffic grows.",
     "",
     {"How would you handle database migrations?", "What metrics would you monitor for performance?", "How do you ensure system reliability?"},
     {}},
    {QuestionCategory::advanced_technical,
     "What are the principles of effective API design?",
     "",
     CoverageKind::expected_knowledge,
     {"Endpoint structure", "Versioning strategies", "Error handling", "Documentation"},
     std::nullopt,
     "Effective API design is essential for usability and scalability. Key principles include: making endpoints intuitive and nested logically, using standard HTTP verbs consistently, implementing proper status codes, and providing clear and detailed documentation. Versioning keeps changes manageable without breaking existing clients, and thoughtful error handling aids developers in troubleshooting issues effectively. Testing the API thoroughly with tools like Postman or Automated testing ensures robustness.",
     "",
     {"Can you explain how you approach API versioning?", "How do you handle deprecation of APIs?", "What tools do you use for API testing?"},
     {}},
};

const std::vector<ExpectedTask> expected_tasks{
    {"API Implementation Task", "Create a simple RESTful API for managing a todo list", "3-5 hours",
     {"CRUD operations", "Input validation", "Error handling", "Documentation of endpoints"},
     {},
     {},
     {},
     {"Code functionality", "Adherence to REST principles", "Code clarity and organization", "Robustness and error handling"},
     {"Not following RESTful conventions", "Poor documentation", "Ignoring input sanitation", "Hardcoding values"},
     {"Plan the API structure with endpoints and resources", "Test each endpoint thoroughly", "Write clear documentation for each endpoint", "Consider security aspects like authentication"}},
    {"Database Schema Design", "Design a schema for an e-commerce application", "2-4 hours",
     {},
     {"Products", "Orders", "Users", "Categories"},
     {"Entity-relationship diagram", "Data types for each entity", "Indexes for optimization", "Relationships between entities"},
     {},
     {"Normalization", "Appropriate use of data types", "Optimization considerations", "Completeness of schema"},
     {},
     {}},
    {"Performance Optimization", "Optimize a given slow SQL query", "1-2 hours",
     {},
     {},
     {"Optimized query", "Explanation of changes made", "Performance comparison", "New execution plan analysis"},
     {"Execution plan analysis", "Indexing opportunities", "Query rewriting options", "Database configuration settings"},
     {},
     {},
     {}},
};

const std::vector<ExpectedIndustry> expected_industries{
    {"startup", "Startup", {"Agile development practices", "Rapid prototyping", "Limited resource management", "Cross-functional collaboration"}, {"Fast-paced environment", "Multiple role responsibilities", "Limited documentation", "Continuous learning requirements"}, {"Flexibility", "Can-do attitude", "Rapid problem-solving", "Adaptability"}},
    {"enterprise", "Enterprise", {"Process adherence", "Stakeholder communication", "System integration", "Scalability considerations"}, {"Complex approval processes", "Legacy code management", "Cross-departmental collaboration", "Change resistance"}, {"Ability to work within processes", "Communication skills", "Understanding of compliance standards", "Systematic problem-solving"}},
    {"agency", "Agency", {"Multi-client management", "Rapid turnaround times", "Collaborative development", "Demonstrating ROI"}, {"Tight deadlines", "Diverse project demands", "Client management", "Resource allocation"}, {"Time management", "Ability to pivot based on client needs", "Team collaboration", "Versatility"}},
};

const std::vector<ExpectedSkill> expected_skills{
    {"Backend development", SkillLevel::must_verify, "Portfolio assessment and coding challenge", "2 years experience in backend development",
     {"Code quality", "Problem-solving abilities", "System design knowledge", "Tech stack proficiency"}},
    {"Database management", SkillLevel::must_verify, "Technical questions and practical task", "Proficiency with SQL or NoSQL databases",
     {"Query performance", "Schema design", "Normalization techniques", "Database optimization"}},
    {"API design", SkillLevel::must_verify, "Scenario-based questions and practical task", "Understanding of RESTful principles",
     {"API usability", "Documentation quality", "Error handling mechanisms", "Versioning strategy"}},
    {"Testing and debugging", SkillLevel::good_to_verify, "Behavioral questions and technical scenarios", "",
     {"Systematic approach", "Familiarity with testing frameworks", "Debugging efficiency", "Understanding of unit testing"}},
    {"Cloud services", SkillLevel::good_to_verify, "Technical questions and project discussion", "",
     {"Experience with cloud providers", "Knowledge of deployment strategies", "Scalability considerations", "Service selection criteria"}},
    {"Team collaboration", SkillLevel::good_to_verify, "Behavioral questions and references", "",
     {"Communication skills", "Conflict resolution", "Agile experience", "Collaboration tools proficiency"}},
};

const std::vector<ExpectedTipGroup> expected_tip_groups{
    {"Research Preparation", {"Company technology stack", "Recent projects and achievements", "Competitive landscape", "Company culture and values"}},
    {"Portfolio Preparation", {"Prepare detailed project case studies", "Include technical challenges faced", "Demonstrate impact made on past projects", "Organize code samples by technology used"}},
    {"Technical Preparation", {"Review core algorithms and data structures", "Practice solving coding problems", "Refresh knowledge of design patterns", "Understand system architecture principles"}},
    {"Presentation Preparation", {"Prepare a concise introduction of yourself", "Practice answering technical questions clearly", "Be ready with questions for the interviewers", "Show enthusiasm for the role and company"}},
};

constexpr std::size_t guide_question_count = 11;

template <typename Item>
Texts texts_of(const std::vector<Item>& items) {
    Texts texts;
    for (const auto& item : items) texts.push_back(item.text);
    return texts;
}

const RolePack& backend_pack() {
    static const LoadResult loaded = load_content_library(MI_SOURCE_DIR "/content");
    static const RolePack empty_pack;
    const auto* pack = loaded.library.find_role("backend-developer");
    return pack ? *pack : empty_pack;
}

std::string backend_pack_file_text() {
    std::ifstream file(MI_SOURCE_DIR "/content/roles/backend-developer.json", std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("The content directory loads cleanly and holds the backend developer pack", "[content][guide]") {
    auto loaded = load_content_library(MI_SOURCE_DIR "/content");
    for (const auto& problem : loaded.problems) UNSCOPED_INFO(problem.file << ": " << problem.pointer << ": " << problem.message);
    CHECK(loaded.ok());
    REQUIRE(loaded.library.find_role("backend-developer") != nullptr);
    CHECK(backend_pack().title == "Backend Developer");
}

TEST_CASE("The backend pack keeps the guide's role overview and interview process", "[content][guide]") {
    const auto& pack = backend_pack();
    CHECK(pack.overview ==
          "Comprehensive guide to Backend Developer interview process, including common questions, best practices, "
          "and preparation tips.");
    CHECK(pack.interview_process.average_duration == "3-4 weeks");
    CHECK(pack.interview_process.overall_success_rate == "70%");
}

TEST_CASE("The five stages come in interview order with the guide's names and focus areas", "[content][guide]") {
    const auto& stages = backend_pack().stages;
    REQUIRE(stages.size() == expected_stages.size());
    for (std::size_t index = 0; index < stages.size(); ++index) {
        INFO("stage " << index);
        CHECK(stages[index].id == expected_stages[index].id);
        CHECK(stages[index].name == expected_stages[index].name);
        CHECK(stages[index].focus_areas == expected_stages[index].focus_areas);
    }
}

TEST_CASE("Each stage keeps the guide's participants, criteria, tips, tasks and discussion points", "[content][guide]") {
    const auto& stages = backend_pack().stages;
    REQUIRE(stages.size() == expected_stages.size());
    for (std::size_t index = 0; index < stages.size(); ++index) {
        const auto& expected = expected_stages[index];
        INFO("stage " << expected.name);
        CHECK(texts_of(stages[index].participants) == expected.participants);
        CHECK(texts_of(stages[index].success_criteria) == expected.success_criteria);
        CHECK(texts_of(stages[index].preparation_tips) == expected.preparation_tips);
        CHECK(texts_of(stages[index].typical_tasks) == expected.typical_tasks);
        CHECK(texts_of(stages[index].evaluation_criteria) == expected.evaluation_criteria);
        CHECK(texts_of(stages[index].typical_discussion_points) == expected.typical_discussion_points);
    }
}

TEST_CASE("The guide's 11 questions come first, in guide order, with exact texts and categories", "[content][guide]") {
    const auto& questions = backend_pack().questions;
    REQUIRE(expected_guide_questions.size() == guide_question_count);
    REQUIRE(questions.size() >= guide_question_count);
    for (std::size_t index = 0; index < guide_question_count; ++index) {
        INFO("question " << index);
        CHECK(questions[index].text == expected_guide_questions[index].text);
        CHECK(to_string(questions[index].category) == to_string(expected_guide_questions[index].category));
        CHECK(questions[index].derived_from.empty());
    }
}

TEST_CASE("Questions beyond the guide's 11 say which guide item they are derived from", "[content][guide]") {
    const auto& questions = backend_pack().questions;
    for (std::size_t index = guide_question_count; index < questions.size(); ++index) {
        INFO("question " << questions[index].id);
        CHECK_FALSE(questions[index].derived_from.empty());
    }
}

TEST_CASE("Each guide question keeps what the interviewer wants and the guide's answer examples", "[content][guide]") {
    const auto& questions = backend_pack().questions;
    REQUIRE(questions.size() >= guide_question_count);
    for (std::size_t index = 0; index < guide_question_count; ++index) {
        const auto& expected = expected_guide_questions[index];
        INFO(expected.text);
        CHECK(questions[index].interviewer_wants == expected.interviewer_wants);
        CHECK(questions[index].good_answer_example == expected.good_answer_example);
        CHECK(questions[index].bad_answer_example == expected.bad_answer_example);
    }
}

TEST_CASE("Each guide question keeps its key points, expected knowledge or metrics under the guide's heading",
          "[content][guide]") {
    const auto& questions = backend_pack().questions;
    REQUIRE(questions.size() >= guide_question_count);
    for (std::size_t index = 0; index < guide_question_count; ++index) {
        const auto& expected = expected_guide_questions[index];
        INFO(expected.text);
        CHECK(to_string(questions[index].coverage_kind) == to_string(expected.coverage_kind));
        CHECK(texts_of(questions[index].coverage) == expected.coverage);
    }
}

TEST_CASE("Each guide question keeps its follow-up questions and red flags", "[content][guide]") {
    const auto& questions = backend_pack().questions;
    REQUIRE(questions.size() >= guide_question_count);
    for (std::size_t index = 0; index < guide_question_count; ++index) {
        const auto& expected = expected_guide_questions[index];
        INFO(expected.text);
        CHECK(texts_of(questions[index].follow_ups) == expected.follow_ups);
        CHECK(texts_of(questions[index].red_flags) == expected.red_flags);
    }
}

TEST_CASE("Behavioural guide questions keep the guide's STAR guidance, the others have none", "[content][guide]") {
    const auto& questions = backend_pack().questions;
    REQUIRE(questions.size() >= guide_question_count);
    for (std::size_t index = 0; index < guide_question_count; ++index) {
        const auto& expected = expected_guide_questions[index];
        INFO(expected.text);
        REQUIRE(questions[index].star.has_value() == expected.star.has_value());
        if (!expected.star) continue;
        CHECK(questions[index].star->situation == expected.star->situation);
        CHECK(questions[index].star->task == expected.star->task);
        CHECK(questions[index].star->action == expected.star->action);
        CHECK(questions[index].star->result == expected.star->result);
    }
}

TEST_CASE("The disagreement question has no coverage list, as in the guide", "[content][guide]") {
    const auto* question = []() -> const Question* {
        for (const auto& candidate : backend_pack().questions) {
            if (candidate.text == "Tell me about a time you had a disagreement with a teammate.") return &candidate;
        }
        return nullptr;
    }();
    REQUIRE(question != nullptr);
    CHECK(question->coverage_kind == CoverageKind::none);
    CHECK(question->coverage.empty());
    CHECK(question->bad_answer_example.empty());
    CHECK(question->red_flags.empty());
}

TEST_CASE("Headings that carry no data in the guide stay absent from the pack", "[content][guide]") {
    auto pack = nlohmann::json::parse(backend_pack_file_text());
    std::vector<std::string> keys;
    auto collect_keys = [&keys](const nlohmann::json& value, auto& recurse) -> void {
        if (value.is_object()) {
            for (const auto& [key, member] : value.items()) {
                keys.push_back(key);
                recurse(member, recurse);
            }
        } else if (value.is_array()) {
            for (const auto& element : value) recurse(element, recurse);
        }
    };
    collect_keys(pack, collect_keys);
    for (const std::string absent : {"tools_to_mention", "categories", "seniority_levels", "success_rate_by_stage",
                                     "success_rate_by_experience_level", "success_rate_by_experience"}) {
        INFO(absent);
        CHECK(std::find(keys.begin(), keys.end(), absent) == keys.end());
    }
    // Only the two figures the guide gives; no invented per-stage or per-level rates.
    CHECK(pack["interview_process"].size() == 2);
}

TEST_CASE("The guide's mangled apostrophe is fixed in the pack", "[content][guide]") {
    const auto text = backend_pack_file_text();
    CHECK(text.find("Understanding the backend role's impact") != std::string::npos);
    CHECK(text.find("role\xe0\xb9\x82s") == std::string::npos);
}

TEST_CASE("The three practical tasks keep the guide's name, summary, duration and every list", "[content][guide]") {
    const auto& tasks = backend_pack().practical_tasks;
    REQUIRE(tasks.size() == expected_tasks.size());
    for (std::size_t index = 0; index < tasks.size(); ++index) {
        const auto& expected = expected_tasks[index];
        INFO(expected.name);
        CHECK(tasks[index].name == expected.name);
        CHECK(tasks[index].summary == expected.summary);
        CHECK(tasks[index].duration == expected.duration);
        CHECK(texts_of(tasks[index].requirements) == expected.requirements);
        CHECK(texts_of(tasks[index].scenario_elements) == expected.scenario_elements);
        CHECK(texts_of(tasks[index].deliverables) == expected.deliverables);
        CHECK(texts_of(tasks[index].areas_to_analyze) == expected.areas_to_analyze);
        CHECK(texts_of(tasks[index].evaluation_criteria) == expected.evaluation_criteria);
        CHECK(texts_of(tasks[index].common_mistakes) == expected.common_mistakes);
        CHECK(texts_of(tasks[index].tips_for_success) == expected.tips_for_success);
    }
}

TEST_CASE("Every practical task is presented in the Coding Challenge stage", "[content][guide]") {
    const auto* stage = backend_pack().find_stage("coding-challenge");
    REQUIRE(stage != nullptr);
    Texts task_ids;
    for (const auto& task : backend_pack().practical_tasks) task_ids.push_back(task.id);
    CHECK(stage->practical_task_ids == task_ids);
}

TEST_CASE("The three industries keep the guide's focus areas, challenges and interview emphasis", "[content][guide]") {
    const auto& industries = backend_pack().industries;
    REQUIRE(industries.size() == expected_industries.size());
    for (std::size_t index = 0; index < industries.size(); ++index) {
        const auto& expected = expected_industries[index];
        INFO(expected.name);
        CHECK(industries[index].id == expected.id);
        CHECK(industries[index].name == expected.name);
        CHECK(texts_of(industries[index].focus_areas) == expected.focus_areas);
        CHECK(texts_of(industries[index].common_challenges) == expected.common_challenges);
        CHECK(texts_of(industries[index].interview_emphasis) == expected.interview_emphasis);
    }
}

TEST_CASE("The six skills keep the guide's level, verification method, minimum requirement and criteria",
          "[content][guide]") {
    const auto& skills = backend_pack().skills;
    REQUIRE(skills.size() == expected_skills.size());
    for (std::size_t index = 0; index < skills.size(); ++index) {
        const auto& expected = expected_skills[index];
        INFO(expected.name);
        CHECK(skills[index].name == expected.name);
        CHECK(to_string(skills[index].level) == to_string(expected.level));
        CHECK(skills[index].verification_method == expected.verification_method);
        CHECK(skills[index].minimum_requirement == expected.minimum_requirement);
        CHECK(texts_of(skills[index].evaluation_criteria) == expected.evaluation_criteria);
        CHECK_FALSE(skills[index].evidenced_by.empty());
    }
}

TEST_CASE("The four preparation tip groups keep the guide's tips", "[content][guide]") {
    const auto& groups = backend_pack().preparation_tips;
    REQUIRE(groups.size() == expected_tip_groups.size());
    for (std::size_t index = 0; index < groups.size(); ++index) {
        INFO(expected_tip_groups[index].name);
        CHECK(groups[index].name == expected_tip_groups[index].name);
        CHECK(texts_of(groups[index].tips) == expected_tip_groups[index].tips);
    }
}

TEST_CASE("`content validate` with no directory checks ./content and finds the guide clean", "[content][guide][cli]") {
    // Run from the repository root so that the default directory is the real one.
    auto result = mi::test::run_command("cd " + mi::test::quoted_path(MI_SOURCE_DIR) + " && env -u MI_CONTENT_DIR " +
                                        mi::test::quoted_path(MI_BINARY) + " content validate 2>&1");
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.rfind("content OK: 1 role, 5 stages, ", 0) == 0);
}
