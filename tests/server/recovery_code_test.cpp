// The profile store's contract, on the SQLite backend (a PostgreSQL one runs the same cases), and
// the recovery code's form.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <random>

#include "server/profiles/profile_store.hpp"
#include "server/profiles/recovery_code.hpp"
#include "server/sqlite_store.hpp"

using namespace mi::server;
using namespace mi::server::profiles;
namespace fs = std::filesystem;

namespace {

class TempDatabase {
public:
    TempDatabase() {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() / ("mi-profile-test-" + std::to_string(std::random_device{}()) + "-" +
                                            std::to_string(counter++));
        fs::create_directories(dir_);
        interviews = open_sqlite_store(path());
        profiles = open_sqlite_profile_store(path());
    }
    ~TempDatabase() {
        profiles.reset();
        interviews.reset();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }
    TempDatabase(const TempDatabase&) = delete;
    TempDatabase& operator=(const TempDatabase&) = delete;
    [[nodiscard]] fs::path path() const { return dir_ / "db"; }

    std::unique_ptr<InterviewStore> interviews;
    std::unique_ptr<ProfileStore> profiles;

private:
    fs::path dir_;
};

void add_interview(InterviewStore& store, const std::string& id, std::int64_t created_at_ms) {
    store.create_interview(NewInterview{id, "ab12", "backend-developer", R"({"role":"backend-developer"})", created_at_ms},
                           {NewEvent{"interview_started", R"({"type":"interview_started"})"}});
}

}  // namespace

TEST_CASE("a profile is found by any of its secrets' hashes and by its recovery code's", "[server][profiles]") {
    TempDatabase db;
    db.profiles->create_profile("p1", "secret-hash-1", "recovery-hash", 1000);
    const auto found = db.profiles->find_by_secret_hash("secret-hash-1");
    REQUIRE(found);
    CHECK(found->id == "p1");
    CHECK(found->created_at_ms == 1000);
    CHECK(found->devices == 1);
    CHECK_FALSE(db.profiles->find_by_secret_hash("secret-hash-2"));
    REQUIRE(db.profiles->find_by_recovery_hash("recovery-hash"));
    db.profiles->add_secret("p1", "secret-hash-2", 2000);
    CHECK(db.profiles->find_by_secret_hash("secret-hash-2")->devices == 2);
    CHECK(db.profiles->find_by_secret_hash("secret-hash-1")->id == "p1");   // the first device keeps working
    CHECK_THROWS_AS(db.profiles->create_profile("p2", "secret-hash-1", "other", 3000), StoreError);
}

TEST_CASE("a profile lists the interviews it owns, oldest first, with their kind", "[server][profiles]") {
    TempDatabase db;
    db.profiles->create_profile("p1", "s1", "r1", 1000);
    db.profiles->create_profile("p2", "s2", "r2", 1000);
    add_interview(*db.interviews, "later", 3000);
    add_interview(*db.interviews, "earlier", 2000);
    add_interview(*db.interviews, "someone-else", 2500);
    db.profiles->add_interview("p1", "later", OwnedKind::drill, 3000);
    db.profiles->add_interview("p1", "earlier", OwnedKind::interview, 2000);
    db.profiles->add_interview("p2", "someone-else", OwnedKind::interview, 2500);
    const auto owned = db.profiles->list_interviews("p1");
    REQUIRE(owned.size() == 2);
    CHECK(owned[0].record.id == "earlier");
    CHECK(owned[0].kind == OwnedKind::interview);
    CHECK(owned[1].record.id == "later");
    CHECK(owned[1].kind == OwnedKind::drill);
    CHECK(db.profiles->load_events("earlier").size() == 1);
    CHECK_THROWS_AS(db.profiles->add_interview("p1", "no-such-interview", OwnedKind::interview, 1), StoreError);
}

TEST_CASE("deleting a profile removes it and its secrets, and leaves the others", "[server][profiles]") {
    TempDatabase db;
    db.profiles->create_profile("p1", "s1", "r1", 1000);
    db.profiles->create_profile("p2", "s2", "r2", 1000);
    add_interview(*db.interviews, "i2", 2000);
    db.profiles->add_interview("p2", "i2", OwnedKind::interview, 2000);
    CHECK(db.profiles->delete_profile("p1"));
    CHECK_FALSE(db.profiles->find_by_secret_hash("s1"));
    CHECK_FALSE(db.profiles->find_by_recovery_hash("r1"));
    CHECK_FALSE(db.profiles->delete_profile("p1"));
    CHECK(db.profiles->list_interviews("p2").size() == 1);
}

TEST_CASE("a recovery code is four groups of the unambiguous alphabet and reads back however it is typed", "[server][profiles]") {
    const auto code = generate_recovery_code();
    REQUIRE(code.size() == 19);
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i % 5 == 4) {
            CHECK(code[i] == '-');
        } else {
            CHECK(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]) != std::string_view::npos);
        }
    }
    CHECK(generate_recovery_code() != code);
    CHECK(normalise_recovery_code("K7QM-2XPD-9RTA-H4WN") == "K7QM2XPD9RTAH4WN");
    CHECK(normalise_recovery_code("k7qm 2xpd 9rta h4wn") == "K7QM2XPD9RTAH4WN");
    CHECK(normalise_recovery_code("OOOO-IIII-LLLL-0000") == "0000111111110000");
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA"));          // too short
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA-H4WNX"));    // too long
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA-H4WU"));     // U is not in the alphabet
}

TEST_CASE("a chat identity belongs to one profile, and linking it merges its earlier profile in", "[server][profiles]") {
    TempDatabase db;
    db.profiles->create_profile("web", "web-secret", "web-recovery", 1000);
    db.profiles->create_chat_profile("chat", "chat-recovery", "slack", "U1", 1500);
    CHECK_FALSE(db.profiles->find_by_chat_identity("telegram", "U1"));
    const auto chat = db.profiles->find_by_chat_identity("slack", "U1");
    REQUIRE(chat);
    CHECK(chat->id == "chat");
    CHECK(chat->devices == 0);
    CHECK_THROWS_AS(db.profiles->create_chat_profile("again", "other", "slack", "U1", 1600), StoreError);
    add_interview(*db.interviews, "on-the-web", 2000);
    add_interview(*db.interviews, "in-chat", 2500);
    db.profiles->add_interview("web", "on-the-web", OwnedKind::interview, 2000);
    db.profiles->add_interview("chat", "in-chat", OwnedKind::interview, 2500);

    CHECK(db.profiles->link_chat_identity("slack", "U1", "web", 3000) == 1);
    CHECK(db.profiles->find_by_chat_identity("slack", "U1")->id == "web");
    const auto owned = db.profiles->list_interviews("web");
    REQUIRE(owned.size() == 2);
    CHECK(owned[1].record.id == "in-chat");
    CHECK_FALSE(db.profiles->find_by_recovery_hash("chat-recovery"));   // the merged profile is gone
    CHECK(db.profiles->link_chat_identity("slack", "U1", "web", 3100) == 0);   // linked already: nothing moves
    CHECK(db.profiles->link_chat_identity("telegram", "42", "web", 3200) == 0);   // a new identity joins
    CHECK(db.profiles->find_by_chat_identity("telegram", "42")->id == "web");

    db.profiles->replace_recovery_hash("web", "new-recovery");
    CHECK_FALSE(db.profiles->find_by_recovery_hash("web-recovery"));
    CHECK(db.profiles->find_by_recovery_hash("new-recovery")->id == "web");
    CHECK(db.profiles->delete_profile("web"));
    CHECK_FALSE(db.profiles->find_by_chat_identity("slack", "U1"));
    CHECK_FALSE(db.profiles->find_by_chat_identity("telegram", "42"));
}
