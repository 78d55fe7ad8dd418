"""One client per data directory on a machine: a second start brings the first window forward.

The first client listens on a local socket named after the data directory; a second one connects,
asks it to come forward and exits. When the first client does not answer (hung, or the socket
cannot be made) the second one opens the data read-only and says so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

PRIMARY, FORWARDED, UNANSWERED = "primary", "forwarded", "unanswered"


def server_name(data_dir: Path) -> str:
    key = str(Path(data_dir).expanduser().resolve()).casefold().encode("utf-8")
    return "MediationDesk-" + hashlib.sha256(key).hexdigest()[:20]


class SingleInstance(QObject):
    """``claim()`` → PRIMARY (we are the first), FORWARDED (the first came forward; exit) or
    UNANSWERED (another client holds the folder but did not answer). ``activated`` fires in the
    first client when a second start asks it to come forward."""

    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server: QLocalServer | None = None

    def claim(self, timeout_ms: int = 2000) -> str:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if sock.waitForConnected(timeout_ms):
            sock.write(b"raise\n")
            sock.flush()
            answered = sock.waitForReadyRead(timeout_ms) and bytes(sock.readAll().data()).startswith(b"ok")
            sock.disconnectFromServer()
            return FORWARDED if answered else UNANSWERED
        server = QLocalServer(self)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # a socket file left by a client that crashed
            if not server.listen(self.name):
                return UNANSWERED
        server.newConnection.connect(self._on_connection)
        self.server = server
        return PRIMARY

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._answer(c))

    def _answer(self, conn: QLocalSocket) -> None:
        conn.readAll()
        conn.write(b"ok\n")
        conn.flush()
        conn.disconnectFromServer()
        self.activated.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
