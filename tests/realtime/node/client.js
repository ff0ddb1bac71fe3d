// The phoenix npm client against a running arena host: connect with a token, join a topic
// while tracking presence, receive the presence_state (through Presence) and a broadcast,
// leave, and print one JSON line per step. Exit 0 when every step happened within 10 s.
//   node client.js <port> <token> <topic>
const { Socket, Presence } = require("phoenix");
const WebSocket = require("ws");

const [port, token, topic] = process.argv.slice(2);
const steps = {};
const say = (step, data) => {
  steps[step] = true;
  console.log(JSON.stringify({ step, data }));
};
const fail = (why) => {
  console.log(JSON.stringify({ step: "error", data: why }));
  process.exit(1);
};
setTimeout(() => fail("timeout; steps done: " + Object.keys(steps).join(",")), 10000);

const socket = new Socket(`ws://127.0.0.1:${port}/socket`, {
  transport: WebSocket,
  params: { token },
  heartbeatIntervalMs: 200,
  reconnectAfterMs: () => 60000,
});
socket.onOpen(() => say("open"));
socket.onError((e) => fail("socket error " + (e && e.message)));
socket.connect();

const channel = socket.channel(topic, { track: true, tab: "node" });
const presence = new Presence(channel);
presence.onSync(() => {
  const users = presence.list((id, { metas }) => ({ id, metas: metas.map((m) => m.username) }));
  if (users.length > 0 && !steps.presence) {
    say("presence", users);
    channel.push("shout", { from: "node" });
  }
});
channel.on("shout", (payload) => {
  say("broadcast", payload);
  // A heartbeat has been answered by now (200 ms interval); then leave cleanly.
  setTimeout(() => {
    channel.leave().receive("ok", () => {
      say("left");
      socket.disconnect(() => process.exit(0));
    });
  }, 500);
});
channel
  .join()
  .receive("ok", (response) => say("joined", response))
  .receive("error", (response) => fail("join refused: " + JSON.stringify(response)));
