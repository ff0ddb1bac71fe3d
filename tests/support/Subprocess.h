#pragma once

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace arena::test {

/// What a finished program printed and returned.
struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the arena binary with `args` in `working_dir` and waits for it.
ProcessResult run_arena(const std::vector<std::string>& args, const std::string& working_dir = ".",
                        const std::map<std::string, std::string>& environment = {});

/// A running arena process whose stdout can be read line by line; killed if still running
/// when destroyed.
class ArenaProcess {
 public:
  ArenaProcess(const std::vector<std::string>& args, const std::string& working_dir = ".");
  ~ArenaProcess();
  /// Reads stdout until a line contains `text`; returns that line ("" at end of output).
  std::string wait_for_line(const std::string& text);
  /// Sends a signal.
  void signal(int number);
  /// Waits for the exit code.
  int wait();

 private:
  Poco::Pipe out_;
  std::unique_ptr<Poco::ProcessHandle> handle_;
  std::unique_ptr<Poco::PipeInputStream> stream_;
  bool exited_ = false;
};

}  // namespace arena::test
