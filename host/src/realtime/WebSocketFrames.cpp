#include "realtime/WebSocketFrames.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>
#include <cstring>
#include <sstream>

namespace arena::host::realtime::ws {

namespace {

void put_header(std::string& out, std::uint8_t first, std::uint64_t length, bool masked) {
  out.push_back(static_cast<char>(first));
  std::uint8_t mask_bit = masked ? 0x80 : 0;
  if (length < 126) {
    out.push_back(static_cast<char>(mask_bit | length));
  } else if (length <= 0xFFFF) {
    out.push_back(static_cast<char>(mask_bit | 126));
    out.push_back(static_cast<char>(length >> 8));
    out.push_back(static_cast<char>(length & 0xFF));
  } else {
    out.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((length >> shift) & 0xFF));
  }
}

}  // namespace

std::string frame(Opcode opcode, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  put_header(out, 0x80 | opcode, payload.size(), false);
  out.append(payload);
  return out;
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, 123));
  return frame(Close, payload);
}

bool parse_header(const char* data, std::size_t size, FrameHeader& header) {
  if (size < 2) return false;
  auto b0 = static_cast<std::uint8_t>(data[0]);
  auto b1 = static_cast<std::uint8_t>(data[1]);
  header.fin = b0 & 0x80;
  header.reserved_bits = b0 & 0x70;
  header.opcode = static_cast<Opcode>(b0 & 0x0F);
  header.masked = b1 & 0x80;
  std::uint64_t length = b1 & 0x7F;
  std::size_t at = 2;
  if (length == 126) {
    if (size < 4) return false;
    length = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(data[2])) << 8) | static_cast<std::uint8_t>(data[3]);
    at = 4;
  } else if (length == 127) {
    if (size < 10) return false;
    length = 0;
    for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<std::uint8_t>(data[2 + i]);
    at = 10;
  }
  if (header.masked) {
    if (size < at + 4) return false;
    std::memcpy(header.mask, data + at, 4);
    at += 4;
  }
  header.length = length;
  header.header_size = at;
  return true;
}

void unmask(char* payload, std::size_t size, const std::uint8_t mask[4]) {
  for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
}

std::string accept_key(const std::string& key) {
  Poco::SHA1Engine sha1;
  sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

std::string client_frame(Opcode opcode, std::string_view payload, std::uint32_t mask, bool fin) {
  std::string out;
  out.reserve(payload.size() + 14);
  put_header(out, static_cast<std::uint8_t>((fin ? 0x80 : 0) | opcode), payload.size(), true);
  std::uint8_t key[4] = {static_cast<std::uint8_t>(mask >> 24), static_cast<std::uint8_t>(mask >> 16),
                         static_cast<std::uint8_t>(mask >> 8), static_cast<std::uint8_t>(mask)};
  out.append(reinterpret_cast<const char*>(key), 4);
  std::size_t start = out.size();
  out.append(payload);
  unmask(out.data() + start, payload.size(), key);
  return out;
}

}  // namespace arena::host::realtime::ws
