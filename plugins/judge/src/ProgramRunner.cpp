#include "ProgramRunner.h"

#include <arena/JudgeService.h>

#include <csignal>

namespace judge {

const char* verdict_name(arena::sandbox::Verdict verdict) {
  using V = arena::sandbox::Verdict;
  switch (verdict) {
    case V::OK:
      return arena::verdicts::OK;
    case V::RE:
      return arena::verdicts::RE;
    case V::TLE:
      return arena::verdicts::TLE;
    case V::MLE:
      return arena::verdicts::MLE;
    case V::OLE:
      return arena::verdicts::OLE;
    case V::SG:
      return arena::verdicts::SG;
    case V::XX:
      return arena::verdicts::XX;
  }
  return arena::verdicts::XX;
}

std::string signal_name(int signal) {
  switch (signal) {
    case 0:
      return "";
    case SIGHUP:
      return "SIGHUP";
    case SIGINT:
      return "SIGINT";
    case SIGQUIT:
      return "SIGQUIT";
    case SIGILL:
      return "SIGILL";
    case SIGTRAP:
      return "SIGTRAP";
    case SIGABRT:
      return "SIGABRT";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGKILL:
      return "SIGKILL";
    case SIGUSR1:
      return "SIGUSR1";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGUSR2:
      return "SIGUSR2";
    case SIGPIPE:
      return "SIGPIPE";
    case SIGALRM:
      return "SIGALRM";
    case SIGTERM:
      return "SIGTERM";
    case SIGXCPU:
      return "SIGXCPU";
    case SIGXFSZ:
      return "SIGXFSZ";
    case SIGSYS:
      return "SIGSYS";
    default:
      return "SIG" + std::to_string(signal);
  }
}

}  // namespace judge
