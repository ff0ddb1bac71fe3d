// The reference for bench/ws: Socket.io doing the same fan-out as the arena bench channel
// (join a room, rebroadcast "chat" to the whole room, the sender included).
//   node server.js <port>
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 18091);
const io = new Server(port, { transports: ["websocket"], perMessageDeflate: false, serveClient: false });
io.on("connection", (socket) => {
  socket.on("join", (room) => {
    socket.join(room);
    socket.emit("joined", room);
  });
  socket.on("chat", (payload) => {
    io.to(payload.room).emit("chat", payload);
  });
});
console.log(`socket.io listening on ${port}`);
