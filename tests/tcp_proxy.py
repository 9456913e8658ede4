"""A TCP proxy the tests can cut: a network partition between the app and its database.

While cut, it keeps every connection open and accepts new ones, but forwards nothing:
packets vanish, as when a network drops them, and nothing tells either side. Restored,
it forwards again (a stream that lost bytes meanwhile is broken for good, as it would be).
"""

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TcpProxy:
    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.cut = False
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        server = self._loop.run_until_complete(asyncio.start_server(self._connect, sock=listener))
        self._ready.set()
        self._loop.run_forever()
        server.close()
        # Let connections accepted just now get their transports (an accept task cancelled
        # before it ran would leave its socket to the collector), then close every one.
        self._loop.run_until_complete(asyncio.sleep(0.01))
        for writer in list(self._writers):
            writer.close()
        tasks = asyncio.all_tasks(self._loop)
        for task in tasks:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        self._loop.run_until_complete(asyncio.sleep(0.05))  # the transports' last callbacks
        self._loop.close()

    async def _connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.upstream)
            except OSError:
                writer.close()
                return
            self._writers.add(up_writer)
            try:
                await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
            finally:
                self._writers.discard(up_writer)
        finally:
            self._writers.discard(writer)

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                if not self.cut:
                    writer.write(data)
                    await writer.drain()
        except OSError:
            pass
        finally:
            writer.close()

    def drop_connections(self) -> None:
        """Close every open connection, both ways, as a database that restarts does."""

        def close_all() -> None:
            for writer in list(self._writers):
                writer.close()

        self._loop.call_soon_threadsafe(close_all)

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


@contextmanager
def proxy_to(host: str, port: int) -> Iterator[TcpProxy]:
    proxy = TcpProxy(host, port)
    thread = threading.Thread(target=proxy._serve, daemon=True)
    thread.start()
    proxy._ready.wait(10)
    try:
        yield proxy
    finally:
        proxy.stop()
        thread.join(10)
