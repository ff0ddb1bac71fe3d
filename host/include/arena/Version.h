#pragma once

namespace arena {

/// The SDK ABI version. A plugin records the value it was compiled with in its descriptor;
/// the host refuses to load a plugin whose value differs. Bump it whenever a type in this
/// directory changes layout or a virtual function is added, removed or reordered.
inline constexpr unsigned kSdkAbiVersion = 5;  // 2: JudgeService; 3: PluginContext::channels() (Channels); 4: PuzzleCatalog; 5: games (solution, submit_for_game)

/// The host's release version.
inline constexpr const char* kHostVersion = "0.1.0";

}  // namespace arena
