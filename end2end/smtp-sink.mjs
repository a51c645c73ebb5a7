// A mail catcher for the browser tests: a small SMTP server on loopback that keeps every
// message in memory, and an HTTP endpoint the tests read them from (GET /messages?to=…).
import net from "node:net";
import http from "node:http";

const smtpPort = Number(process.env.SMTP_SINK_PORT ?? 2525);
const httpPort = Number(process.env.SMTP_SINK_HTTP_PORT ?? 2526);
const messages = [];

net
  .createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let inData = false;
    let mail = { to: [], data: "" };
    socket.write("220 kursportal-test-sink ESMTP\r\n");
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            messages.push({ ...mail, receivedAt: Date.now() });
            mail = { to: [], data: "" };
            socket.write("250 OK queued\r\n");
          } else {
            mail.data += (line.startsWith("..") ? line.slice(1) : line) + "\n";
          }
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO") socket.write("250-kursportal-test-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
        else if (command === "HELO") socket.write("250 kursportal-test-sink\r\n");
        else if (command === "MAIL") {
          mail = { to: [], data: "" };
          socket.write("250 OK\r\n");
        } else if (command === "RCPT") {
          const address = line.replace(/^RCPT TO:\s*/i, "").split(/\s/)[0].replace(/[<>]/g, "");
          mail.to.push(address.toLowerCase());
          socket.write("250 OK\r\n");
        } else if (command === "DATA") {
          inData = true;
          socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
        } else if (command === "QUIT") {
          socket.write("221 Bye\r\n");
          socket.end();
        } else socket.write("250 OK\r\n");
      }
    });
  })
  .listen(smtpPort, "127.0.0.1");

http
  .createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/healthz") {
      response.writeHead(200, { connection: "close" }).end("ok");
      return;
    }
    const to = url.searchParams.get("to")?.toLowerCase();
    const found = to ? messages.filter((m) => m.to.includes(to)) : messages;
    // One request per connection: a kept-alive socket that the server times out just as the
    // client reuses it shows up in the tests as ECONNRESET.
    response.writeHead(200, { "content-type": "application/json", connection: "close" });
    response.end(JSON.stringify(found));
  })
  .listen(httpPort, "127.0.0.1");
