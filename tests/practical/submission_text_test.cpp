// Finding the code in a chat message: fenced blocks or a message that starts with code, every
// position mapped back to the message, and the explanation at the same offsets.
#include <catch2/catch.hpp>

#include <string>

#include "practical/slow_query_task.hpp"
#include "practical/submission_text.hpp"

using namespace mi::practical;

TEST_CASE("Fenced blocks are found with their info word, their code and an unclosed one runs to the end", "[practical][submission]") {
    const std::string message = "Notes first.\n```sql\nSELECT 1;\n```\nmore\n~~~ YAML  \na: 1\n~~~\n```\nopen";
    const auto blocks = fenced_blocks(message);
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].language == "sql");
    CHECK(message.substr(blocks[0].begin, blocks[0].end - blocks[0].begin) == "SELECT 1;\n");
    CHECK(blocks[1].language == "yaml");
    CHECK(message.substr(blocks[1].begin, blocks[1].end - blocks[1].begin) == "a: 1\n");
    CHECK(blocks[2].language.empty());
    CHECK(message.substr(blocks[2].begin) == "open");
    CHECK(blocks[2].end == message.size());
}

TEST_CASE("SQL is taken from every sql or plain fence, joined, and mapped back to the message", "[practical][submission]") {
    const std::string message = "I add an index:\n```sql\nCREATE INDEX i ON t (a);\n```\nthen\n```\nSELECT a FROM t\n```\n```yaml\nx: 1\n```";
    const auto code = extract_code(message, CodeLanguage::sql);
    CHECK(code.fenced());
    CHECK(code.code() == "CREATE INDEX i ON t (a);\n\nSELECT a FROM t\n");
    const auto select = code.code().find("SELECT");
    CHECK(message.substr(code.message_offset(select), 6) == "SELECT");
    CHECK(message.substr(code.message_offset(0), 6) == "CREATE");
}

TEST_CASE("Without fences a message is code only when it starts with it", "[practical][submission]") {
    CHECK(extract_code("-- why: the index\nSELECT 1", CodeLanguage::sql).code() == "-- why: the index\nSELECT 1");
    CHECK(extract_code("  create table t (a)", CodeLanguage::sql).code() == "  create table t (a)");
    CHECK(extract_code("I would create an index", CodeLanguage::sql).empty());
    CHECK(extract_code("openapi: 3.0.3\npaths: {}", CodeLanguage::openapi).code() == "openapi: 3.0.3\npaths: {}");
    CHECK(extract_code("{\"openapi\": \"3.0.3\"}", CodeLanguage::openapi).code() == "{\"openapi\": \"3.0.3\"}");
    CHECK(extract_code("My API has /todos", CodeLanguage::openapi).empty());
    // Fences of another language only: no SQL, and it says it was fenced.
    const auto other = extract_code("```python\nprint(1)\n```", CodeLanguage::sql);
    CHECK(other.empty());
    CHECK(other.fenced());
}

TEST_CASE("The OpenAPI document is the first YAML or JSON block, else the first plain one", "[practical][submission]") {
    const std::string message = "```\nnot this\n```\n```json\n{\"openapi\": \"3.0.3\"}\n```\n```yaml\nnor: this\n```";
    CHECK(extract_code(message, CodeLanguage::openapi).code() == "{\"openapi\": \"3.0.3\"}\n");
    CHECK(extract_code("```\nopenapi: 3.0.3\n```", CodeLanguage::openapi).code() == "openapi: 3.0.3\n");
}

TEST_CASE("The explanation keeps the prose and the SQL comments at their offsets and blanks the code", "[practical][submission]") {
    const std::string message = "Index it.\n```sql\n-- 12x fewer steps\nSELECT 1\n```\nDone.";
    const auto code = extract_code(message, CodeLanguage::sql);
    const auto explanation = explanation_text(message, code, CodeLanguage::sql);
    REQUIRE(explanation.size() == message.size());
    CHECK(explanation.find("Index it.") == 0);
    CHECK(explanation.find("-- 12x fewer steps") == message.find("-- 12x fewer steps"));
    CHECK(explanation.find("SELECT") == std::string::npos);
    CHECK(explanation.find("Done.") == message.find("Done."));
    CHECK(claimed_speedup(explanation) == Approx(12));
}

TEST_CASE("Positions count lines and characters, not bytes", "[practical][submission]") {
    const std::string text = "é\nab\xF0\x9F\x98\x80" "c";
    CHECK(position_in(text, 0).line == 1);
    CHECK(position_in(text, 3).line == 2);
    CHECK(position_in(text, 3).column == 1);
    const auto after_emoji = text.find('c');
    CHECK(position_in(text, after_emoji).column == 4);
}

TEST_CASE("A sandbox error is placed at its line and column in the candidate's message", "[practical][submission]") {
    const std::string message = "My query:\n\n```sql\nCREATE INDEX i ON users (name);\nSELECT id FORM users\n```";
    const auto code = extract_code(message, CodeLanguage::sql);
    const auto parts = split_query_submission(code.code());
    SqlSandbox sandbox(SandboxLimits{});
    REQUIRE(std::holds_alternative<ScriptResult>(sandbox.run_script("CREATE TABLE users (id INTEGER, name TEXT)", StatementPolicy::schema_script)));
    auto outcome = sandbox.run_query(parts.query);
    REQUIRE(std::holds_alternative<SqlError>(outcome));
    const auto located = locate_in_message(std::get<SqlError>(outcome), code, parts.query_begin, message);
    CHECK(located.line == 5);
    REQUIRE(located.byte_offset);
    CHECK(message.substr(*located.byte_offset, 5) == "users");
    CHECK_THAT(located.describe(), Catch::StartsWith("line 5, column "));
}

TEST_CASE("Index DDL leads, the query follows, and the names of the indexes are read", "[practical][submission]") {
    const std::string sql = "create unique index if not exists \"by_name\" on users (name);\nANALYZE;\n-- now the query\nSELECT 1;";
    const auto parts = split_query_submission(sql);
    CHECK(parts.index_ddl == "create unique index if not exists \"by_name\" on users (name);\nANALYZE;");
    // Comments between the DDL and the query are skipped, as blanks are.
    CHECK(parts.query == "SELECT 1;");
    CHECK(sql.substr(parts.query_begin) == "SELECT 1;");
    CHECK(created_index_names(parts.index_ddl) == std::vector<std::string>{"by_name"});
    CHECK(split_query_submission("SELECT 1").index_ddl.empty());
    CHECK(created_index_names("CREATE INDEX main.a ON t (x); CREATE INDEX b ON t (y)") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("A claimed speed-up is also read from a before-and-after", "[practical][submission]") {
    CHECK(claimed_speedup("It went from 4.9 ms to 1.3 ms") == Approx(4.9 / 1.3));
    CHECK(claimed_speedup("steps dropped from 261698 down to 10119") == Approx(261698.0 / 10119));
    CHECK_FALSE(claimed_speedup("from 3 to 9 rows").has_value());
}
