#pragma once

#include <arena/Request.h>

#include <filesystem>
#include <optional>

namespace arena::host {

/// Serves the web UI's files from one directory, with validators (ETag, 304) and cache
/// headers suited to a Vite build: hashed files under /assets/ are immutable, index.html is
/// revalidated every time. Paths without a file extension that match no file are client
/// routes and get index.html.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  /// The response for a GET/HEAD of `path`, or nullopt when nothing matches.
  std::optional<Response> serve(const Request& request) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::optional<Response> file_response(const std::filesystem::path& file, const Request& request,
                                        const std::string& cache_control) const;
  std::filesystem::path root_;
};

/// The Content-Type for a file name's extension.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace arena::host
