#include "PistonRequest.h"

#include <Poco/Base64Decoder.h>
#include <cmath>
#include <sstream>

namespace judge {

using nlohmann::json;

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  for (std::string part; std::getline(stream, part, separator);) parts.push_back(part);
  return parts;
}

// One optional limit: missing, 0 or -1 (what Piston clients send for "none") keep the default.
// Returns the value, or 0 for the default; records Piston's messages for bad values.
std::uint64_t limit_field(const json& body, const std::string& name, std::uint64_t ceiling, FieldErrors& errors) {
  if (!body.contains(name) || body[name].is_null()) return 0;
  const auto& value = body[name];
  if (!value.is_number()) {
    errors.add(name, "If specified, " + name + " must be a number");
    return 0;
  }
  double number = value.get<double>();
  if (number == 0 || number == -1) return 0;
  if (number < 0) {
    errors.add(name, name + " must be non-negative");
    return 0;
  }
  if (number > static_cast<double>(ceiling)) {
    errors.add(name, name + " cannot exceed the configured limit of " + std::to_string(ceiling));
    return 0;
  }
  return static_cast<std::uint64_t>(std::ceil(number));
}

std::string hex_decode(const std::string& text, bool& ok) {
  ok = text.size() % 2 == 0;
  std::string out;
  auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    ok = false;
    return 0;
  };
  for (std::size_t i = 0; ok && i + 1 < text.size(); i += 2)
    out += static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1]));
  return out;
}

}  // namespace

bool version_matches(const std::string& selector, const std::string& version) {
  if (selector.empty() || selector == "*" || selector == "x" || selector == "latest") return true;
  auto wanted = split(selector, '.');
  auto have = split(version, '.');
  if (wanted.size() > have.size()) return false;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (wanted[i] == "x" || wanted[i] == "X" || wanted[i] == "*") continue;
    if (wanted[i] != have[i]) return false;
  }
  return true;
}

std::optional<std::string> decode_content(const std::string& content, const std::string& encoding) {
  if (encoding == "utf8") return content;
  if (encoding == "hex") {
    bool ok = true;
    std::string out = hex_decode(content, ok);
    if (!ok) return std::nullopt;
    return out;
  }
  if (encoding == "base64") {
    for (char c : content) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=' && c != '\n' && c != '\r')
        return std::nullopt;
    }
    try {
      std::istringstream in(content);
      Poco::Base64Decoder decoder(in);
      std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
      return out;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

arena::ExecuteRequest parse_piston_execute(const json& body, const JudgeSettings& settings,
                                           const LanguageCatalog& languages, FieldErrors& errors) {
  arena::ExecuteRequest request;
  if (!body.contains("language") || !body["language"].is_string() || body["language"].get<std::string>().empty())
    errors.add("language", "language is required as a string");
  if (!body.contains("version") || !body["version"].is_string() || body["version"].get<std::string>().empty())
    errors.add("version", "version is required as a string");
  if (!body.contains("files") || !body["files"].is_array()) errors.add("files", "files is required as an array");
  if (!errors.empty()) return request;

  const auto& files = body["files"];
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string field = "files[" + std::to_string(i) + "]";
    const auto& file = files[i];
    if (!file.is_object() || !file.contains("content") || !file["content"].is_string()) {
      errors.add(field + ".content", field + ".content is required as a string");
      continue;
    }
    if (file.contains("name") && !file["name"].is_null() && !file["name"].is_string())
      errors.add(field + ".name", "If specified, " + field + ".name must be a string");
    if (file.contains("encoding") && !file["encoding"].is_null() && !file["encoding"].is_string())
      errors.add(field + ".encoding", "If specified, " + field + ".encoding must be a string");
  }
  if (body.contains("stdin") && !body["stdin"].is_null() && !body["stdin"].is_string())
    errors.add("stdin", "If specified, stdin must be a string");
  if (body.contains("args") && !body["args"].is_null()) {
    const auto& args = body["args"];
    if (!args.is_array() || std::any_of(args.begin(), args.end(), [](const json& a) { return !a.is_string(); }))
      errors.add("args", "If specified, args must be an array of strings");
  }
  if (!errors.empty()) return request;

  std::string language_name = body["language"];
  std::string version = body["version"];
  const Language* language = languages.find(language_name);
  if (language == nullptr || !language->available || !version_matches(version, language->version)) {
    errors.add("language", language_name + "-" + version + " runtime is unknown");
    return request;
  }
  request.language = language->id;

  bool have_main = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i];
    std::string field = "files[" + std::to_string(i) + "]";
    std::string encoding = "utf8";
    if (file.contains("encoding") && file["encoding"].is_string()) encoding = file["encoding"];
    auto content = decode_content(file["content"].get<std::string>(), encoding);
    if (!content) {
      errors.add(field + ".encoding", encoding == "utf8" || encoding == "base64" || encoding == "hex"
                                          ? field + ".content is not valid " + encoding
                                          : field + ".encoding must be utf8, base64 or hex");
      continue;
    }
    if (!have_main && encoding == "utf8") {
      // The first utf8 file is the program; it is saved under the language's source name.
      request.code = std::move(*content);
      have_main = true;
      continue;
    }
    std::string name = file.contains("name") && file["name"].is_string() ? file["name"].get<std::string>()
                                                                         : "file" + std::to_string(i) + ".code";
    request.files.push_back({name, std::move(*content)});
  }
  if (!have_main && errors.empty()) errors.add("files", "files must include at least one utf8 encoded file");
  if (body.contains("stdin") && body["stdin"].is_string()) request.stdin_data = body["stdin"];
  if (body.contains("args") && body["args"].is_array()) request.args = body["args"].get<std::vector<std::string>>();

  const auto& run = settings.run;
  request.limits.wall_ms = static_cast<std::uint32_t>(limit_field(body, "run_timeout", run.max_wall_ms, errors));
  request.limits.cpu_ms = static_cast<std::uint32_t>(limit_field(body, "run_cpu_time", run.max_cpu_ms, errors));
  std::uint64_t run_memory = limit_field(body, "run_memory_limit", run.max_memory_kb * 1024, errors);
  request.limits.memory_kb = (run_memory + 1023) / 1024;
  const auto& compile = language->limits;
  request.compile_limits.wall_ms =
      static_cast<std::uint32_t>(limit_field(body, "compile_timeout", compile.compile_wall_ms, errors));
  request.compile_limits.cpu_ms =
      static_cast<std::uint32_t>(limit_field(body, "compile_cpu_time", compile.compile_cpu_ms, errors));
  std::uint64_t compile_memory = limit_field(body, "compile_memory_limit", compile.compile_memory_kb * 1024, errors);
  request.compile_limits.memory_kb = (compile_memory + 1023) / 1024;
  return request;
}

}  // namespace judge
