"""The server's TCP settings under ``--workers N``, where uvicorn passes the listening socket by
file descriptor."""

from __future__ import annotations

import asyncio
import socket

from sanctionwatch.api.server import HttpToolsProtocol
from tests.helpers import run_coroutine


def test_connections_of_a_socket_passed_by_descriptor_send_without_delay() -> None:
    """uvicorn rebuilds a socket passed with ``fd=`` as ``socket.fromfd(fd, AF_UNIX, ...)``, so
    asyncio does not know it is TCP and leaves Nagle's algorithm on; each response then waited
    for the client's delayed ACK (40 ms on Linux, p50 48 ms at 4 clients). The protocol turns
    it off itself."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    as_uvicorn_sees_it = socket.fromfd(listener.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)
    seen: list[int] = []

    class Probe(HttpToolsProtocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)  # type: ignore[arg-type]
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        from uvicorn.config import Config
        from uvicorn.server import ServerState

        config = Config(app=lambda *a: None, http=Probe)
        config.load()
        state = ServerState()
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: Probe(config=config, server_state=state, app_state={}), sock=as_uvicorn_sees_it
        )
        _, writer = await asyncio.open_connection(*listener.getsockname())
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    try:
        run_coroutine(main())  # not asyncio.run(): the session's browser keeps a loop running
    finally:
        as_uvicorn_sees_it.close()
        listener.close()
    assert seen == [1]
