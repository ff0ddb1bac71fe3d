#include "support/Subprocess.h"

#include <Poco/StreamCopier.h>
#include <csignal>
#include <thread>

namespace arena::test {

ProcessResult run_arena(const std::vector<std::string>& args, const std::string& working_dir,
                        const std::map<std::string, std::string>& environment) {
  Poco::Pipe out, err;
  Poco::Process::Env env(environment.begin(), environment.end());
  auto handle = Poco::Process::launch(ARENA_BINARY, args, working_dir, nullptr, &out, &err, env);
  ProcessResult result;
  // Drain stderr on another thread so neither pipe can fill up and block the child.
  std::thread drain_err([&] {
    Poco::PipeInputStream stream(err);
    Poco::StreamCopier::copyToString(stream, result.err);
  });
  Poco::PipeInputStream stream(out);
  Poco::StreamCopier::copyToString(stream, result.out);
  drain_err.join();
  result.exit_code = handle.wait();
  return result;
}

ArenaProcess::ArenaProcess(const std::vector<std::string>& args, const std::string& working_dir) {
  handle_ = std::make_unique<Poco::ProcessHandle>(
      Poco::Process::launch(ARENA_BINARY, args, working_dir, nullptr, &out_, nullptr));
  stream_ = std::make_unique<Poco::PipeInputStream>(out_);
}

ArenaProcess::~ArenaProcess() {
  if (!exited_) {
    ::kill(handle_->id(), SIGKILL);
    handle_->wait();
  }
}

std::string ArenaProcess::wait_for_line(const std::string& text) {
  for (std::string line; std::getline(*stream_, line);) {
    if (line.find(text) != std::string::npos) return line;
  }
  return "";
}

void ArenaProcess::signal(int number) { ::kill(handle_->id(), number); }

int ArenaProcess::wait() {
  int code = handle_->wait();
  exited_ = true;
  return code;
}

}  // namespace arena::test
