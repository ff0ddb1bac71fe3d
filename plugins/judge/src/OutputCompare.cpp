#include "OutputCompare.h"

namespace judge {

namespace {

// Walks one text line by line in its normalized form.
class NormalizedLines {
 public:
  explicit NormalizedLines(std::string_view text) : text_(text) { trim_trailing_empty_lines(); }

  /// The next line without its ending and trailing blanks; false when none is left.
  bool next(std::string_view& line) {
    if (position_ >= end_) return false;
    std::size_t start = position_;
    std::size_t stop = start;
    while (stop < end_ && text_[stop] != '\n' && text_[stop] != '\r') ++stop;
    line = trim_right(text_.substr(start, stop - start));
    if (stop < end_ && text_[stop] == '\r' && stop + 1 < text_.size() && text_[stop + 1] == '\n') ++stop;
    position_ = stop + 1;
    return true;
  }

 private:
  static std::string_view trim_right(std::string_view line) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    return line;
  }
  // The end of the last line holding anything but blanks and line endings.
  void trim_trailing_empty_lines() {
    end_ = text_.size();
    while (end_ > 0) {
      char c = text_[end_ - 1];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      --end_;
    }
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t end_ = 0;
};

}  // namespace

std::string normalize_output(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  NormalizedLines lines(text);
  std::string_view line;
  bool first = true;
  while (lines.next(line)) {
    if (!first) out += '\n';
    out.append(line);
    first = false;
  }
  if (!first) out += '\n';
  return out;
}

bool outputs_match_normalized(std::string_view expected, std::string_view actual) {
  NormalizedLines a(expected), b(actual);
  std::string_view line_a, line_b;
  while (true) {
    bool more_a = a.next(line_a);
    bool more_b = b.next(line_b);
    if (more_a != more_b) return false;
    if (!more_a) return true;
    if (line_a != line_b) return false;
  }
}

}  // namespace judge
