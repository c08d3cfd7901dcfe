#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>

#include "server/metrics.hpp"
#include "server/secret_token.hpp"
#include "server/static_files.hpp"

using namespace mi::server;
namespace fs = std::filesystem;

namespace {

struct WebFolder {
    fs::path base = fs::temp_directory_path() / ("mi-web-test-" + std::to_string(std::random_device{}()));
    fs::path root = base / "web";
    WebFolder() {
        fs::create_directories(root / "js");
        std::ofstream(root / "index.html") << "<h1>hi</h1>";
        std::ofstream(root / "js" / "app.js") << "export {}";
        std::ofstream(root / ".env") << "SECRET=1";
        std::ofstream(base / "secret.txt") << "outside";
        fs::create_symlink(base / "secret.txt", root / "link.txt");
        root = fs::canonical(root);
    }
    ~WebFolder() {
        std::error_code ignored;
        fs::remove_all(base, ignored);
    }
};

}  // namespace

TEST_CASE("the site root and folder paths serve index.html", "[server][static]") {
    WebFolder web;
    CHECK(resolve_static_file(web.root, "/") == web.root / "index.html");
    CHECK(resolve_static_file(web.root, "/?from=mail") == web.root / "index.html");
    CHECK(resolve_static_file(web.root, "/js/app.js") == web.root / "js" / "app.js");
    CHECK(resolve_static_file(web.root, "/js/app%2Ejs") == web.root / "js" / "app.js");
}

TEST_CASE("paths leaving the web folder are refused, encoded or not", "[server][static]") {
    WebFolder web;
    CHECK_FALSE(resolve_static_file(web.root, "/../secret.txt"));
    CHECK_FALSE(resolve_static_file(web.root, "/js/../../secret.txt"));
    CHECK_FALSE(resolve_static_file(web.root, "/%2e%2e/secret.txt"));
    CHECK_FALSE(resolve_static_file(web.root, "/..%2fsecret.txt"));
    CHECK_FALSE(resolve_static_file(web.root, "/link.txt"));         // symlink out of the folder
    CHECK_FALSE(resolve_static_file(web.root, "/.env"));             // hidden files
    CHECK_FALSE(resolve_static_file(web.root, "/js/app.js%00.html"));
    CHECK_FALSE(resolve_static_file(web.root, "/bad%zz"));
    CHECK_FALSE(resolve_static_file(web.root, "relative"));
    CHECK_FALSE(resolve_static_file(web.root, "/missing.html"));
    CHECK_FALSE(resolve_static_file(web.root, "/js"));               // a folder, no trailing slash
}

TEST_CASE("content types follow the file extension", "[server][static]") {
    CHECK(content_type_for("a/index.html") == "text/html; charset=utf-8");
    CHECK(content_type_for("app.js") == "text/javascript; charset=utf-8");
    CHECK(content_type_for("site.css") == "text/css; charset=utf-8");
    CHECK(content_type_for("chart.svg") == "image/svg+xml");
    CHECK(content_type_for("blob.bin") == "application/octet-stream");
}

TEST_CASE("tokens are long, URL-safe and different every time", "[server][token]") {
    const auto first = generate_token();
    const auto second = generate_token();
    CHECK(first.size() == 43);
    CHECK(first != second);
    CHECK(first.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(generate_interview_id().size() == 32);
}

TEST_CASE("a token matches only the hash it was stored as", "[server][token]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const auto token = generate_token();
    const auto stored = sha256_hex(token);
    CHECK(token_matches(token, stored));
    CHECK_FALSE(token_matches(token + "x", stored));
    CHECK_FALSE(token_matches("", stored));
}

TEST_CASE("metrics render in the Prometheus text format", "[server][metrics]") {
    Metrics metrics;
    metrics.connection_opened();
    metrics.connection_opened();
    metrics.connection_closed();
    metrics.set_active_interviews(3);
    metrics.answer_scored(std::chrono::milliseconds(3));
    metrics.feedback_delivered(std::chrono::milliseconds(30));
    metrics.count_error("malformed_json");
    metrics.count_error("malformed_json");
    const auto text = metrics.render_prometheus();
    CHECK_THAT(text, Catch::Contains("# TYPE mi_open_connections gauge\nmi_open_connections 1\n"));
    CHECK_THAT(text, Catch::Contains("mi_active_interviews 3\n"));
    CHECK_THAT(text, Catch::Contains("mi_answers_scored_total 1\n"));
    CHECK_THAT(text, Catch::Contains("# TYPE mi_scoring_latency_seconds histogram"));
    CHECK_THAT(text, Catch::Contains("mi_scoring_latency_seconds_bucket{le=\"0.0025\"} 0\n"));
    CHECK_THAT(text, Catch::Contains("mi_scoring_latency_seconds_bucket{le=\"0.005\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("mi_scoring_latency_seconds_bucket{le=\"+Inf\"} 1\n"));
    CHECK_THAT(text, Catch::Contains("mi_feedback_latency_seconds_count 1\n"));
    CHECK_THAT(text, Catch::Contains("mi_errors_total{kind=\"malformed_json\"} 2\n"));
}
