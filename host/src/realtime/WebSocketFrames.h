#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace arena::host::realtime::ws {

/// RFC 6455 opcodes.
enum Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

/// Close codes the server sends.
enum CloseCode : std::uint16_t {
  Normal = 1000,
  GoingAway = 1001,
  ProtocolError = 1002,
  Unsupported = 1003,
  InvalidPayload = 1007,
  PolicyViolation = 1008,
  TooBig = 1009,
  InternalError = 1011,
};

/// A server-to-client frame (never masked, always FIN): header + payload.
std::string frame(Opcode opcode, std::string_view payload);
/// A close frame with a code and a reason (cut to fit the 125-byte control payload).
std::string close_frame(std::uint16_t code, std::string_view reason);

/// One parsed client frame header. The parser never copies: the payload is unmasked in place.
struct FrameHeader {
  bool fin = false;
  Opcode opcode = Continuation;
  bool masked = false;
  std::uint64_t length = 0;   ///< payload bytes
  std::size_t header_size = 0;
  std::uint8_t mask[4] = {0, 0, 0, 0};
  bool reserved_bits = false;  ///< RSV1-3 set (no extension is negotiated: a protocol error)
};

/// Parses a header from `data`; false when more bytes are needed.
bool parse_header(const char* data, std::size_t size, FrameHeader& header);
/// XORs the payload with the mask (RFC 6455 5.3).
void unmask(char* payload, std::size_t size, const std::uint8_t mask[4]);

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
std::string accept_key(const std::string& key);

/// A client-to-server frame (masked with `mask`), for the test and bench clients.
std::string client_frame(Opcode opcode, std::string_view payload, std::uint32_t mask, bool fin = true);

}  // namespace arena::host::realtime::ws
