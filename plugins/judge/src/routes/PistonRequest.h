#pragma once

#include "JudgeSettings.h"
#include "Languages.h"
#include "Validation.h"

#include <arena/JudgeService.h>

#include <nlohmann/json.hpp>
#include <string>

namespace judge {

/// Whether a Piston version selector picks `version`: "*" or "" pick any; otherwise each
/// dotted part must equal the version's ("x" and "*" match any part), so "3" and "3.11"
/// pick "3.11.2" as semver ranges do.
bool version_matches(const std::string& selector, const std::string& version);

/// Parses a Piston /api/v2/execute body into an execution request. Problems are recorded in
/// `errors` with Piston's own messages (the first one becomes the answer's "message").
arena::ExecuteRequest parse_piston_execute(const nlohmann::json& body, const JudgeSettings& settings,
                                           const LanguageCatalog& languages, FieldErrors& errors);

/// Decodes a Piston file content: "utf8" (default), "base64" or "hex"; nullopt when malformed.
std::optional<std::string> decode_content(const std::string& content, const std::string& encoding);

}  // namespace judge
