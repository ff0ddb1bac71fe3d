#include "http/StaticFiles.h"

#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>

namespace arena::host {

namespace fs = std::filesystem;

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".map", "application/json"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"},
      {".webp", "image/webp"}, {".ico", "image/x-icon"}, {".woff", "font/woff"}, {".woff2", "font/woff2"},
      {".ttf", "font/ttf"}, {".wasm", "application/wasm"}, {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticFiles::StaticFiles(fs::path root) : root_(fs::weakly_canonical(fs::absolute(root))) {}

std::optional<Response> StaticFiles::file_response(const fs::path& file, const Request& request,
                                                   const std::string& cache_control) const {
  struct stat info{};
  if (::stat(file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;
  std::string etag = "\"" + std::to_string(info.st_size) + "-" + std::to_string(info.st_mtim.tv_sec) + "-" +
                     std::to_string(info.st_mtim.tv_nsec) + "\"";
  Response response;
  response.content_type = content_type_for(file);
  response.header("ETag", etag).header("Cache-Control", cache_control);
  if (auto match = request.header("if-none-match"); match && *match == etag) {
    response.status = 304;
    return response;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  response.body.resize(static_cast<std::size_t>(info.st_size));
  in.read(response.body.data(), info.st_size);
  response.body.resize(static_cast<std::size_t>(in.gcount()));
  return response;
}

std::optional<Response> StaticFiles::serve(const Request& request) const {
  const std::string& path = request.path;
  // Refuse anything that could climb out of the root, before touching the file system.
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos ||
      path.find("/../") != std::string::npos || path.ends_with("/..") || path.find('\\') != std::string::npos)
    return std::nullopt;

  fs::path relative = fs::path(path.substr(1)).lexically_normal();
  if (!relative.empty() && *relative.begin() == "..") return std::nullopt;
  bool is_index = relative.empty() || path.back() == '/';
  fs::path file = is_index ? root_ / relative / "index.html" : root_ / relative;

  // Symlinks inside the root are followed only when they stay inside it.
  std::error_code error;
  fs::path resolved = fs::weakly_canonical(file, error);
  if (!error) {
    auto [root_end, _] = std::mismatch(root_.begin(), root_.end(), resolved.begin(), resolved.end());
    if (root_end != root_.end()) return std::nullopt;
  }

  bool immutable = path.starts_with("/assets/");
  std::string cache = file.filename() == "index.html" ? "no-cache"
                      : immutable                      ? "public, max-age=31536000, immutable"
                                                       : "public, max-age=3600";
  if (auto response = file_response(file, request, cache)) return response;

  // A client-side route (no extension): the single-page app's entry point.
  if (!relative.has_extension() && !path.starts_with("/api/") && path != "/api") {
    return file_response(root_ / "index.html", request, "no-cache");
  }
  return std::nullopt;
}

}  // namespace arena::host
