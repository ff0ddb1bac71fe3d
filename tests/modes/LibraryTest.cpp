// ModeLibrary over a temporary directory: load_all, the inotify watcher (plain writes, editors'
// rename-over saves, broken versions, removals), versions and to_json.

#include "ModeTestSupport.h"
#include "modes/ModeLibrary.h"

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace arena::modes {
namespace {

using namespace testing;
namespace fs = std::filesystem;

class ModeLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("arena-modes-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    library_ = std::make_unique<ModeLibrary>(
        dir_, ModeLimits{},
        std::make_shared<spdlog::logger>("modes-test", std::make_shared<spdlog::sinks::null_sink_mt>()));
    library_->on_change([this](const ModeLibrary::Change& change) {
      std::lock_guard lock(mutex_);
      changes_.push_back(change);
      cv_.notify_all();
    });
  }
  void TearDown() override {
    library_.reset();
    fs::remove_all(dir_);
  }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name, std::ios::binary) << text; }
  // Saves like many editors do: write a temporary file, then rename it over the target.
  void save_by_rename(const std::string& name, const std::string& text) {
    write("." + name + ".swp", text);
    fs::rename(dir_ / ("." + name + ".swp"), dir_ / name);
  }

  // Waits for the n-th change (1-based) the listeners got.
  ModeLibrary::Change wait_change(std::size_t n) {
    std::unique_lock lock(mutex_);
    const bool arrived = cv_.wait_for(lock, std::chrono::seconds(10), [&] { return changes_.size() >= n; });
    EXPECT_TRUE(arrived) << "no change " << n << " within 10 s";
    return arrived ? changes_[n - 1] : ModeLibrary::Change{};
  }
  std::size_t change_count() {
    std::lock_guard lock(mutex_);
    return changes_.size();
  }

  fs::path dir_;
  std::unique_ptr<ModeLibrary> library_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<ModeLibrary::Change> changes_;
};

std::string titled(const std::string& title) {
  return test_mode("mode.title = '" + title + "'\n");
}

TEST_F(ModeLibraryTest, LoadAllReportsModesAndErrors) {
  write("test.lua", titled("One"));
  write("broken.lua", "return {");
  write("notes.txt", "not a mode");
  write(".hidden.lua", "return {");
  const auto changes = library_->load_all();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].name, "BROKEN");
  EXPECT_FALSE(changes[0].script);
  EXPECT_NE(changes[0].error.find("broken.lua:1:"), std::string::npos) << changes[0].error;
  EXPECT_EQ(changes[1].name, "TEST");
  ASSERT_TRUE(changes[1].script);
  ASSERT_TRUE(library_->current("TEST"));
  EXPECT_EQ(library_->current("TEST")->info().title, "One");
  EXPECT_FALSE(library_->current("BROKEN"));
  EXPECT_EQ(library_->modes().size(), 1u);
  const nlohmann::json json = library_->to_json();
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["name"], "BROKEN");
  EXPECT_TRUE(json[0]["version"].is_null());
  EXPECT_EQ(json[0]["file"], (dir_ / "broken.lua").string());
  EXPECT_NE(json[0]["error"].get<std::string>().find("broken.lua:1:"), std::string::npos);
  EXPECT_EQ(json[1]["name"], "TEST");
  EXPECT_EQ(json[1]["title"], "One");
  EXPECT_TRUE(json[1]["error"].is_null());
  EXPECT_EQ(json[1]["version"], library_->current("TEST")->version());
}

TEST_F(ModeLibraryTest, ReloadKeepsThePreviousVersionOnFailure) {
  write("test.lua", titled("One"));
  library_->load_all();
  auto one = library_->current("TEST");
  write("test.lua", "return {");
  ModeLibrary::Change refused = library_->reload(dir_ / "test.lua");
  EXPECT_FALSE(refused.script);
  EXPECT_NE(refused.error, "");
  EXPECT_EQ(library_->current("TEST"), one) << "the previous version keeps serving";
  EXPECT_EQ(library_->to_json()[0]["error"], refused.error);
  EXPECT_EQ(library_->to_json()[0]["version"], one->version());
  write("test.lua", titled("Two"));
  ModeLibrary::Change loaded = library_->reload(dir_ / "test.lua");
  ASSERT_TRUE(loaded.script);
  EXPECT_EQ(library_->current("TEST")->info().title, "Two");
  EXPECT_TRUE(library_->to_json()[0]["error"].is_null());
  // Every version loaded stays reachable for games pinned to it.
  EXPECT_EQ(library_->version("TEST", one->version()), one);
  EXPECT_EQ(library_->version("TEST", loaded.script->version()), loaded.script);
  EXPECT_FALSE(library_->version("TEST", "000000000000"));
}

TEST_F(ModeLibraryTest, AdoptMakesAnOldVersionKnown) {
  auto old = load_ok(titled("Old"));
  library_->adopt(old);
  EXPECT_EQ(library_->version("TEST", old->version()), old);
  EXPECT_FALSE(library_->current("TEST")) << "adopting does not make it current";
}

TEST_F(ModeLibraryTest, WatcherFollowsWritesRenamesBreakagesAndRemovals) {
  library_->watch();
  // A new file, written in place.
  write("test.lua", titled("One"));
  ModeLibrary::Change first = wait_change(1);
  ASSERT_TRUE(first.script) << first.error;
  EXPECT_EQ(first.script->info().title, "One");
  EXPECT_EQ(library_->current("TEST")->info().title, "One");
  // Saved by rename, as editors do.
  save_by_rename("test.lua", titled("Two"));
  ModeLibrary::Change second = wait_change(2);
  ASSERT_TRUE(second.script) << second.error;
  EXPECT_EQ(second.script->info().title, "Two");
  // A broken version: refused with its error, the previous one keeps serving.
  save_by_rename("test.lua", "return { name = ");
  ModeLibrary::Change third = wait_change(3);
  EXPECT_FALSE(third.script);
  EXPECT_NE(third.error.find("test.lua:"), std::string::npos) << third.error;
  EXPECT_EQ(library_->current("TEST")->info().title, "Two");
  EXPECT_EQ(library_->to_json()[0]["error"], third.error);
  // Removed: no new games use it.
  fs::remove(dir_ / "test.lua");
  ModeLibrary::Change fourth = wait_change(4);
  EXPECT_TRUE(fourth.removed);
  EXPECT_EQ(fourth.name, "TEST");
  EXPECT_FALSE(library_->current("TEST"));
  EXPECT_TRUE(library_->version("TEST", second.script->version())) << "pinned games keep their version";
  library_->stop();
}

TEST_F(ModeLibraryTest, ABurstOfWritesIsOneReload) {
  library_->watch();
  {
    std::ofstream out(dir_ / "test.lua", std::ios::binary);
    const std::string text = titled("Burst");
    for (char c : text) {
      out << c;
      out.flush();  // many small writes, one close
    }
  }
  write("test.lua", titled("Burst"));  // and the same content once more
  ModeLibrary::Change change = wait_change(1);
  ASSERT_TRUE(change.script) << change.error;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(change_count(), 1u) << "same content: no second change";
  library_->stop();
}

TEST_F(ModeLibraryTest, StopIsIdempotentAndTheDestructorStops) {
  library_->watch();
  library_->watch();
  library_->stop();
  library_->stop();
  library_->watch();
  library_.reset();
}

}  // namespace
}  // namespace arena::modes
