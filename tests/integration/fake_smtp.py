"""A minimal SMTP server on a loopback port that keeps what it receives (enough for smtplib)."""

from __future__ import annotations

import socket
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class ReceivedMail:
    sender: str = ""
    recipients: list[str] = field(default_factory=list)
    data: str = ""


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server: FakeSmtpServer = self.server  # type: ignore[assignment]
        mail = ReceivedMail()
        self.wfile.write(b"220 fake ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250-fake\r\n250 8BITMIME\r\n")
            elif verb == "MAIL":
                mail.sender = command.split(":", 1)[1].strip(" <>")
                self.wfile.write(b"250 OK\r\n")
            elif verb == "RCPT":
                mail.recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.wfile.write(b"250 OK\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while (body := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(body.decode("utf-8", "replace"))
                mail.data = "".join(lines)
                server.received.append(mail)
                mail = ReceivedMail()
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


class FakeSmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[ReceivedMail] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> FakeSmtpServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.shutdown()
        self.server_close()


def closed_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
