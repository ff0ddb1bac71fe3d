// Unit tests of the judge's pieces that need neither database nor sandbox.
#include "ArtifactFile.h"
#include "CompileCache.h"
#include "JobCodec.h"
#include "Judge.h"
#include "JudgeTestSupport.h"
#include "Languages.h"
#include "OutputCompare.h"
#include "RateLimiter.h"
#include "Text.h"
#include "routes/PistonRequest.h"
#include "support/TestServer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <fstream>

using namespace judge;
namespace fs = std::filesystem;

TEST(JudgeOutputCompareTest, NormalizedIgnoresLineEndingsTrailingBlanksAndEmptyLinesAtTheEnd) {
  EXPECT_TRUE(outputs_match_normalized("1 2\n3\n", "1 2\n3\n"));
  EXPECT_TRUE(outputs_match_normalized("1 2\n3\n", "1 2\r\n3\r\n"));
  EXPECT_TRUE(outputs_match_normalized("1 2\n3\n", "1 2  \t\n3"));
  EXPECT_TRUE(outputs_match_normalized("1 2\n3", "1 2\n3\n\n\n  \n"));
  EXPECT_TRUE(outputs_match_normalized("a\rb", "a\nb"));
  EXPECT_TRUE(outputs_match_normalized("", "\n\n"));
  EXPECT_TRUE(outputs_match_normalized("", ""));
  // What still counts: leading blanks, inner blanks, inner empty lines, content.
  EXPECT_FALSE(outputs_match_normalized("1 2", " 1 2"));
  EXPECT_FALSE(outputs_match_normalized("1 2", "1  2"));
  EXPECT_FALSE(outputs_match_normalized("1\n2", "1\n\n2"));
  EXPECT_FALSE(outputs_match_normalized("1\n2", "1\n3"));
  EXPECT_FALSE(outputs_match_normalized("1\n2", "1"));
  EXPECT_FALSE(outputs_match_normalized("", "0"));
}

TEST(JudgeOutputCompareTest, NormalizeOutputSpellsTheCanonicalForm) {
  EXPECT_EQ(normalize_output("a \r\nb\t\r\n\r\n"), "a\nb\n");
  EXPECT_EQ(normalize_output("x"), "x\n");
  EXPECT_EQ(normalize_output(" \n \n"), "");
}

TEST(JudgeOutputCompareTest, ExactIsByteForByte) {
  EXPECT_TRUE(outputs_match_exact("1\n", "1\n"));
  EXPECT_FALSE(outputs_match_exact("1\n", "1"));
  EXPECT_FALSE(outputs_match_exact("1\n", "1\r\n"));
  EXPECT_FALSE(outputs_match_exact("1\n", "1 \n"));
}

TEST(JudgeTextTest, Utf8ValidationAndReplacement) {
  EXPECT_TRUE(valid_utf8("héllo ✓ 😀"));
  EXPECT_FALSE(valid_utf8("\xC3"));              // cut short
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_EQ(printable(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(printable("x\xFFy"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(printable("ok ✓"), "ok ✓");
}

TEST(JudgeTextTest, Uuids) {
  EXPECT_TRUE(is_uuid("123e4567-e89b-42d3-a456-426614174000"));
  EXPECT_TRUE(is_uuid("123E4567-E89B-42D3-A456-426614174000"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400"));
  EXPECT_FALSE(is_uuid("123e4567xe89b-42d3-a456-426614174000"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-42d3-a456-42661417400g"));
  EXPECT_FALSE(is_uuid("'; DROP TABLE judge_jobs; --------------"));
}

TEST(JudgeTextTest, TruncationKeepsCharactersWhole) {
  EXPECT_EQ(truncated("abc", 10), "abc");
  std::string cut = truncated("aé", 2);  // é is two bytes: cutting after 'a' and one byte would split it
  EXPECT_EQ(cut, "a\n[truncated]");
}

TEST(JudgeLanguagesTest, ParsesEntriesAndChecksToolchains) {
  auto catalog = LanguageCatalog::load(judge_test::languages_file());
  ASSERT_EQ(catalog.all().size(), 5u);
  const Language* python = catalog.find("PY");
  ASSERT_NE(python, nullptr);
  EXPECT_EQ(python->id, "python");
  EXPECT_FALSE(python->compile);
  EXPECT_TRUE(python->available) << python->reason;
  const Language* cpp = catalog.find("g++");
  ASSERT_NE(cpp, nullptr);
  EXPECT_EQ(cpp->id, "cpp");
  EXPECT_EQ(cpp->limits.compile_memory_kb, 1024u * 1024);
  EXPECT_EQ(cpp->limits.compile_wall_ms, 30000u);
  EXPECT_EQ(cpp->artifacts, std::vector<std::string>{"main"});
  const Language* cobra = catalog.find("cobra");
  ASSERT_NE(cobra, nullptr);
  EXPECT_FALSE(cobra->available);
  EXPECT_NE(cobra->reason.find("/usr/bin/cobra-not-installed"), std::string::npos) << cobra->reason;
  EXPECT_EQ(catalog.find("brainfuck"), nullptr);
  EXPECT_EQ(catalog.available_count(), 4u);
}

TEST(JudgeLanguagesTest, RequiresAndOutsideRunnersCount) {
  auto catalog = LanguageCatalog::parse(R"({"languages": [
    {"id": "a", "source_file": "a", "compile": ["/bin/sh", "-c", "x"], "artifacts": ["a.jar"],
     "run": ["/usr/bin/java-not-here", "a.jar"]},
    {"id": "b", "source_file": "b", "run": ["/bin/sh", "b"], "requires": ["/usr/bin/not-here-either"]},
    {"id": "c", "source_file": "c", "run": ["/bin/sh", "c"], "requires": ["/bin/sh"], "limits": {"open_files": 256}}]})",
                                        "inline");
  EXPECT_FALSE(catalog.find("a")->available);
  EXPECT_NE(catalog.find("a")->reason.find("java-not-here"), std::string::npos);
  EXPECT_FALSE(catalog.find("b")->available);
  EXPECT_TRUE(catalog.find("c")->available);
  EXPECT_EQ(catalog.find("c")->limits.open_files, 256u);
}

TEST(JudgeLanguagesTest, RefusesMalformedFilesNamingTheEntry) {
  auto refused = [](const std::string& text, const std::string& words) {
    try {
      LanguageCatalog::parse(text, "languages.json");
      ADD_FAILURE() << "accepted " << text;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  refused("not json", "not valid JSON");
  refused(R"({"langs": []})", "expected");
  refused(R"({"languages": [{"source_file": "x", "run": ["/bin/sh"]}]})", "languages[0]: \"id\" is required");
  refused(R"({"languages": [{"id": "x", "source_file": "../x", "run": ["/bin/sh"]}]})", "source_file");
  refused(R"({"languages": [{"id": "x", "source_file": "x", "run": []}]})", "(x): \"run\" must be a command");
  refused(R"({"languages": [{"id": "x", "source_file": "x", "compile": ["/bin/cc"], "run": ["/box/x"]}]})",
          "artifacts");
  refused(R"({"languages": [{"id": "x", "source_file": "x", "run": ["/bin/sh"], "limits": {"processes": -1}}]})",
          "limits.processes");
  refused(R"({"languages": [{"id": "x", "source_file": "x", "run": ["/bin/sh"]},
                            {"id": "y", "aliases": ["X"], "source_file": "y", "run": ["/bin/sh"]}]})",
          "taken twice");
}

TEST(JudgeLanguagesTest, RelativeCommandsAreUnavailable) {
  auto catalog = LanguageCatalog::parse(R"({"languages": [{"id": "x", "source_file": "x", "run": ["python3"]}]})", "t");
  EXPECT_FALSE(catalog.find("x")->available);
  EXPECT_NE(catalog.find("x")->reason.find("absolute"), std::string::npos);
}

TEST(JudgeRunLimitsTest, DefaultsCeilingsAndLanguageMemory) {
  RunDefaults defaults;
  Language language;
  auto limits = run_limits(defaults, language, {});
  EXPECT_EQ(limits.cpu_ms, 2000u);
  EXPECT_EQ(limits.wall_ms, 5000u);
  EXPECT_EQ(limits.memory_kb, 256u * 1024);
  limits = run_limits(defaults, language, {.cpu_ms = 50000, .wall_ms = 0, .memory_kb = 64, .output_bytes = 0});
  EXPECT_EQ(limits.cpu_ms, 10000u);   // capped
  EXPECT_EQ(limits.wall_ms, 11000u);  // follows the CPU time
  EXPECT_EQ(limits.memory_kb, 64u);
  language.limits.run_memory_kb = 512 * 1024;
  language.limits.processes = 3;
  limits = run_limits(defaults, language, {});
  EXPECT_EQ(limits.memory_kb, 512u * 1024);
  EXPECT_EQ(limits.processes, 3u);
}

TEST(JudgeArtifactFileTest, WritesAtomicallyAndReadsBack) {
  arena::test::TempDir dir;
  auto path = dir.path() / "k.art";
  Artifacts artifacts = {{"main",
                          std::string("\x7f"
                                      "ELF\0\n\n12\n",
                                      10),
                          true},
                         {"lib.so", "x", false}};
  write_artifacts(path, artifacts);
  auto back = read_artifacts(path, {"main", "lib.so"}, 1 << 20);
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "main");
  EXPECT_EQ((*back)[0].content, artifacts[0].content);
  EXPECT_TRUE((*back)[0].executable);
  EXPECT_FALSE((*back)[1].executable);
  // Nothing but the file itself is left: no temporary beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::others_all, fs::perms::none);
}

TEST(JudgeArtifactFileTest, ReadsOnlyRegularFilesWithExpectedNames) {
  arena::test::TempDir dir;
  auto path = dir.path() / "k.art";
  write_artifacts(path, {{"main", "binary", true}});
  EXPECT_FALSE(read_artifacts(path, {"other"}, 1 << 20));  // a name the language does not produce
  EXPECT_FALSE(read_artifacts(path, {"main"}, 10));        // larger than allowed
  EXPECT_FALSE(read_artifacts(dir.path() / "missing.art", {"main"}, 1 << 20));
  // A symlink to a good file is refused.
  fs::create_symlink(path, dir.path() / "link.art");
  EXPECT_FALSE(read_artifacts(dir.path() / "link.art", {"main"}, 1 << 20));
  // So are a FIFO (without hanging) and a directory.
  ASSERT_EQ(::mkfifo((dir.path() / "fifo.art").c_str(), 0600), 0);
  EXPECT_FALSE(read_artifacts(dir.path() / "fifo.art", {"main"}, 1 << 20));
  fs::create_directory(dir.path() / "dir.art");
  EXPECT_FALSE(read_artifacts(dir.path() / "dir.art", {"main"}, 1 << 20));
  // Truncated or padded files are malformed.
  std::string good;
  {
    std::ifstream in(path, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (const std::string& bad : {good.substr(0, good.size() - 1), good + "x", std::string("garbage"),
                                 std::string("arena-artifacts 1\n1\nmain\n1\n999999\nabc")}) {
    std::ofstream(dir.path() / "bad.art", std::ios::binary | std::ios::trunc) << bad;
    EXPECT_FALSE(read_artifacts(dir.path() / "bad.art", {"main"}, 1 << 20)) << bad;
  }
  EXPECT_TRUE(read_artifacts(path, {"main"}, 1 << 20));
}

TEST(JudgeCompileCacheTest, MemoryTierIsABoundedLru) {
  CompileCache cache(3 * (1000 + 4 + 16), "", 0);
  auto artifacts = [](char c) {
    return std::make_shared<const Artifacts>(Artifacts{{"main", std::string(1000, c), true}});
  };
  cache.store("a", artifacts('a'));
  cache.store("b", artifacts('b'));
  cache.store("c", artifacts('c'));
  EXPECT_EQ(cache.memory_entries(), 3u);
  EXPECT_EQ(cache.find("a", {"main"}).tier, CacheTier::Memory);  // a is now the most recent
  cache.store("d", artifacts('d'));                              // b goes
  EXPECT_EQ(cache.memory_entries(), 3u);
  EXPECT_EQ(cache.find("b", {"main"}).tier, CacheTier::None);
  EXPECT_EQ(cache.find("a", {"main"}).artifacts->front().content[0], 'a');
  EXPECT_EQ(cache.find("d", {"main"}).tier, CacheTier::Memory);
  // Something larger than the whole cache is not kept.
  cache.store("huge", std::make_shared<const Artifacts>(Artifacts{{"main", std::string(10000, 'h'), true}}));
  EXPECT_EQ(cache.find("huge", {"main"}).tier, CacheTier::None);
}

TEST(JudgeCompileCacheTest, DiskTierSurvivesANewCacheAndStaysBounded) {
  arena::test::TempDir dir;
  {
    CompileCache cache(1 << 20, dir.path() / "cache", 1 << 20);
    cache.store("k1", std::make_shared<const Artifacts>(Artifacts{{"main", "one", true}}));
  }
  CompileCache fresh(1 << 20, dir.path() / "cache", 1 << 20);
  auto hit = fresh.find("k1", {"main"});
  EXPECT_EQ(hit.tier, CacheTier::Disk);
  ASSERT_TRUE(hit.artifacts);
  EXPECT_EQ(hit.artifacts->front().content, "one");
  EXPECT_EQ(fresh.find("k1", {"main"}).tier, CacheTier::Memory);  // promoted
  // A small disk budget evicts the oldest files.
  CompileCache small(0, dir.path() / "small", 5000);
  for (int i = 0; i < 10; ++i) {
    small.store("k" + std::to_string(i),
                std::make_shared<const Artifacts>(Artifacts{{"main", std::string(1000, 'x'), true}}));
    std::this_thread::sleep_for(std::chrono::milliseconds(15));  // distinct modification times
  }
  std::uintmax_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "small")) total += entry.file_size();
  EXPECT_LE(total, 5000u);
  EXPECT_EQ(small.find("k9", {"main"}).tier, CacheTier::Disk);
  EXPECT_EQ(small.find("k0", {"main"}).tier, CacheTier::None);
}

TEST(JudgeJobCodecTest, SubmissionsRoundTrip) {
  arena::JudgeSubmission s;
  s.tests = {{"1 2\n", "3\n", false}, {"", "x", true}};
  s.comparison = arena::Comparison::Checker;
  s.checker = arena::SourceProgram{"python", "import sys"};
  s.limits = {100, 200, 300, 400};
  s.stop_on_failure = true;
  arena::JudgeSubmission back;
  back.tests = tests_from_json(tests_to_json(s.tests));
  options_from_json(options_to_json(s), back);
  ASSERT_EQ(back.tests.size(), 2u);
  EXPECT_EQ(back.tests[0].input, "1 2\n");
  EXPECT_TRUE(back.tests[1].hidden);
  EXPECT_EQ(back.comparison, arena::Comparison::Checker);
  ASSERT_TRUE(back.checker);
  EXPECT_EQ(back.checker->code, "import sys");
  EXPECT_EQ(back.limits.wall_ms, 200u);
  EXPECT_EQ(back.limits.output_bytes, 400u);
  EXPECT_TRUE(back.stop_on_failure);
}

TEST(JudgeResultJsonTest, RoundTripsThroughTheSdkConverters) {
  arena::JudgeResult result;
  result.job_id = "j";
  result.verdict = "WA";
  result.tests.push_back({.index = 1,
                          .verdict = "WA",
                          .cpu_ms = 3,
                          .wall_ms = 4,
                          .memory_kb = 5,
                          .hidden = true,
                          .output = "",
                          .message = ""});
  result.context = {{"submission_id", 7}};
  auto back = nlohmann::json(result).get<arena::JudgeResult>();
  EXPECT_EQ(back.verdict, "WA");
  ASSERT_EQ(back.tests.size(), 1u);
  EXPECT_EQ(back.tests[0].memory_kb, 5u);
  EXPECT_EQ(back.context["submission_id"], 7);
  // Missing fields take their defaults (older stored results stay readable).
  auto sparse = nlohmann::json({{"verdict", "OK"}}).get<arena::JudgeResult>();
  EXPECT_EQ(sparse.verdict, "OK");
  EXPECT_TRUE(sparse.tests.empty());
}

TEST(JudgePistonRequestTest, VersionSelectors) {
  EXPECT_TRUE(version_matches("*", "3.11.2"));
  EXPECT_TRUE(version_matches("", "3.11.2"));
  EXPECT_TRUE(version_matches("3", "3.11.2"));
  EXPECT_TRUE(version_matches("3.11", "3.11.2"));
  EXPECT_TRUE(version_matches("3.x", "3.11.2"));
  EXPECT_TRUE(version_matches("3.11.2", "3.11.2"));
  EXPECT_FALSE(version_matches("3.10", "3.11.2"));
  EXPECT_FALSE(version_matches("3.11.2.1", "3.11.2"));
  EXPECT_FALSE(version_matches("2", "3.11.2"));
}

TEST(JudgePistonRequestTest, DecodesContentEncodings) {
  EXPECT_EQ(decode_content("hi", "utf8"), "hi");
  EXPECT_EQ(decode_content("aGk=", "base64"), "hi");
  EXPECT_EQ(decode_content("6869", "hex"), "hi");
  EXPECT_FALSE(decode_content("6", "hex"));
  EXPECT_FALSE(decode_content("zz", "hex"));
  EXPECT_FALSE(decode_content("a$b", "base64"));
  EXPECT_FALSE(decode_content("x", "rot13"));
}

TEST(JudgePistonRequestTest, ParsesPistonBodiesWithPistonMessages) {
  auto catalog = LanguageCatalog::load(judge_test::languages_file());
  JudgeSettings settings;
  auto parse = [&](const nlohmann::json& body, FieldErrors& errors) {
    return parse_piston_execute(body, settings, catalog, errors);
  };
  {
    FieldErrors errors;
    auto request = parse({{"language", "py"},
                          {"version", "3.x"},
                          {"files",
                           {{{"name", "main.py"}, {"content", "print(1)"}},
                            {{"name", "data.txt"}, {"content", "ZGF0YQ=="}, {"encoding", "base64"}}}},
                          {"stdin", "in"},
                          {"args", {"a", "b"}},
                          {"run_timeout", 3000},
                          {"compile_memory_limit", -1},
                          {"run_memory_limit", 100 * 1024 * 1024}},
                         errors);
    EXPECT_TRUE(errors.empty()) << errors.details().dump();
    EXPECT_EQ(request.language, "python");
    EXPECT_EQ(request.code, "print(1)");
    ASSERT_EQ(request.files.size(), 1u);
    EXPECT_EQ(request.files[0].name, "data.txt");
    EXPECT_EQ(request.files[0].content, "data");
    EXPECT_EQ(request.stdin_data, "in");
    EXPECT_EQ(request.args, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(request.limits.wall_ms, 3000u);
    EXPECT_EQ(request.limits.memory_kb, 100u * 1024);
    EXPECT_EQ(request.compile_limits.memory_kb, 0u);
  }
  auto message_of = [&](const nlohmann::json& body) {
    FieldErrors errors;
    parse(body, errors);
    return errors.first_message();
  };
  nlohmann::json files = {{{"content", "print(1)"}}};
  EXPECT_EQ(message_of({{"version", "*"}, {"files", files}}), "language is required as a string");
  EXPECT_EQ(message_of({{"language", 3}, {"version", "*"}, {"files", files}}), "language is required as a string");
  EXPECT_EQ(message_of({{"language", "python"}, {"files", files}}), "version is required as a string");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}}), "files is required as an array");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}, {"files", {{{"name", "x"}}}}}),
            "files[0].content is required as a string");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "2"}, {"files", files}}), "python-2 runtime is unknown");
  EXPECT_EQ(message_of({{"language", "cobra"}, {"version", "*"}, {"files", files}}), "cobra-* runtime is unknown");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}, {"files", files}, {"run_timeout", "1"}}),
            "If specified, run_timeout must be a number");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}, {"files", files}, {"run_timeout", 999999}}),
            "run_timeout cannot exceed the configured limit of 20000");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}, {"files", files}, {"run_timeout", -5}}),
            "run_timeout must be non-negative");
  EXPECT_EQ(message_of({{"language", "python"}, {"version", "*"}, {"files", nlohmann::json::array()}}),
            "files must include at least one utf8 encoded file");
  EXPECT_EQ(
      message_of({{"language", "python"}, {"version", "*"}, {"files", {{{"content", "x"}, {"encoding", "rot13"}}}}}),
      "files[0].encoding must be utf8, base64 or hex");
}

TEST(JudgeRateLimiterTest, BucketsRefillAndConcurrencyIsCounted) {
  RateLimiter limiter({2, 60});
  auto now = RateLimiter::Clock::now();
  EXPECT_EQ(limiter.take("u", now), 0);
  EXPECT_EQ(limiter.take("u", now), 0);
  EXPECT_GE(limiter.take("u", now), 1);
  EXPECT_EQ(limiter.take("v", now), 0);
  EXPECT_EQ(limiter.take("u", now + std::chrono::seconds(1)), 0);

  ConcurrencyLimiter running(2);
  {
    auto a = running.acquire("u");
    auto b = running.acquire("u");
    EXPECT_TRUE(a && b);
    EXPECT_FALSE(running.acquire("u"));
    EXPECT_TRUE(running.acquire("v"));
    EXPECT_EQ(running.running("u"), 2);
  }
  EXPECT_EQ(running.running("u"), 0);
  EXPECT_TRUE(running.acquire("u"));
}
