// A small graphql-transport-ws client: connection_init (with the token) → subscribe → next…

import { token } from "./api.js";

export function subscribe(query, variables, onData, onState) {
  let socket = null;
  let closed = false;
  let retry = 500;

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/graphql`, "graphql-transport-ws");
    socket.addEventListener("open", () => {
      const bearer = token();
      socket.send(
        JSON.stringify({ type: "connection_init", payload: bearer ? { authorization: `Bearer ${bearer}` } : {} }),
      );
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        retry = 500;
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables } }));
        onState("connected");
      } else if (message.type === "next") {
        onData(message.payload);
      } else if (message.type === "ping") {
        socket.send(JSON.stringify({ type: "pong" }));
      }
    });
    socket.addEventListener("close", () => {
      if (closed) return;
      onState("reconnecting");
      setTimeout(open, retry);
      retry = Math.min(retry * 2, 10000);
    });
  }

  open();
  return () => {
    closed = true;
    if (socket) socket.close();
  };
}
