"""The attackers of `make bench-abuse`, on raw sockets: what no HTTP client library sends
(an announced 100 MB body, megabytes of header lines, a request head left half sent)."""

import selectors
import socket
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import cast

Address = tuple[str, int]
CHUNK = 64 * 1024
MB = 1024 * 1024
STALL = 60.0  # seconds without progress (nothing sent, no answer) before giving up
_PAD = b"x" * 1000
_HALF_HEAD = b"GET /health/live HTTP/1.1\r\nHost: x\r\n"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attacking connection got, and when (seconds since it connected)."""

    answer: str  # a status like "413 Content Too Large", or "closed", "reset", "stalled"
    seconds: float
    sent: int  # bytes the socket took (the server's buffers and the kernel's), head included


def post_head(framing: str) -> bytes:
    """An anonymous registration whose body is announced by `framing` (a header line)."""
    return (
        "POST /api/v1/users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    ).encode()


def json_body(size: int) -> Iterator[bytes]:
    """`size` bytes of one JSON object, an email address that never ends, in chunks."""
    head, tail = b'{"email": "', b'"}'
    filler = b"x" * CHUNK
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        yield filler[: min(CHUNK, left)]
        left -= CHUNK
    yield tail


def chunked(parts: Iterable[bytes]) -> Iterator[bytes]:
    """`parts` framed as HTTP/1.1 chunks, then the last (empty) chunk."""
    for part in parts:
        yield b"%x\r\n%s\r\n" % (len(part), part)
    yield b"0\r\n\r\n"


def header_flood(size: int) -> Iterator[bytes]:
    """A request line, then `size` bytes of `X-Pad-N: xxx...` header lines, then the end
    of the head: a complete request, if the server reads that far."""
    yield b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    number = sent = 0
    while sent < size:
        block = b"".join(b"X-Pad-%d: %s\r\n" % (n, _PAD) for n in range(number, number + 64))
        number += 64
        sent += len(block)
        yield block
    yield b"\r\n"


def send(address: Address, parts: Iterable[bytes]) -> Outcome:
    """Send `parts` as fast as the server takes them; stop at its answer or its close."""
    start, sent, received = time.perf_counter(), 0, b""
    pending, buffer = iter(parts), memoryview(b"")
    with socket.create_connection(address) as sock, selectors.DefaultSelector() as selector:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE)
        while events := selector.select(STALL):
            for _, mask in events:
                try:
                    if mask & selectors.EVENT_READ:
                        if not (data := sock.recv(65536)):
                            return _outcome(received or b"closed", start, sent)
                        received += data
                        if b"\r\n" in received:
                            return _outcome(received, start, sent)
                    elif not buffer:
                        buffer = memoryview(next(pending, b""))
                        if not buffer:  # all sent: await the answer
                            selector.modify(sock, selectors.EVENT_READ)
                    else:
                        taken = sock.send(buffer)
                        sent, buffer = sent + taken, buffer[taken:]
                except (BrokenPipeError, ConnectionResetError):
                    # The server closed mid-request (after answering, it may be); what it
                    # answered can still be read unless the reset dropped it.
                    selector.modify(sock, selectors.EVENT_READ)
                    if received or not _readable_answer(sock):
                        return _outcome(received or b"reset", start, sent)
    return _outcome(received or b"stalled", start, sent)


def flood(address: Address, connections: int, size: int) -> list[Outcome]:
    """`connections` concurrent header floods of `size` bytes each."""
    with ThreadPoolExecutor(connections) as pool:
        return list(pool.map(lambda _: send(address, header_flood(size)), range(connections)))


def hold_open(address: Address, clients: int, checks: Sequence[float]) -> list[int]:
    """Open `clients` connections that send half a request head, then nothing: how many
    the server has closed at each of `checks` seconds (the last ends the wait)."""
    with selectors.DefaultSelector() as selector:
        socks = [socket.create_connection(address) for _ in range(clients)]
        for sock in socks:
            sock.sendall(_HALF_HEAD)
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        start, closed, counts = time.monotonic(), 0, []
        for check in checks:
            while closed < clients and (left := start + check - time.monotonic()) > 0:
                for key, _ in selector.select(left):
                    if not _drain(cast(socket.socket, key.fileobj)):
                        selector.unregister(key.fileobj)
                        closed += 1
            counts.append(closed)
        for sock in socks:
            sock.close()
        return counts


def summary(outcomes: Sequence[Outcome]) -> str:
    """e.g. "10 x 431 Request Header Fields Too Large in 0.01-0.02 s"."""
    parts = []
    for answer, count in Counter(o.answer for o in outcomes).most_common():
        seconds = sorted(o.seconds for o in outcomes if o.answer == answer)
        span = f"{seconds[0]:.2f}" + (f"-{seconds[-1]:.2f}" if len(seconds) > 1 else "")
        parts.append(f"{count} x {answer} in {span} s")
    return ", ".join(parts)


def _outcome(received: bytes, start: float, sent: int) -> Outcome:
    line = received.split(b"\r\n", 1)[0].decode("latin-1")
    answer = line.split(" ", 1)[1] if line.startswith("HTTP/") else line
    return Outcome(answer, time.perf_counter() - start, sent)


def _readable_answer(sock: socket.socket) -> bool:
    try:
        return bool(sock.recv(1, socket.MSG_PEEK))
    except OSError:
        return False


def _drain(sock: socket.socket) -> bool:
    """Read what the server sent (an answer, say 408): False once it has closed."""
    try:
        return bool(sock.recv(65536))
    except ConnectionResetError:
        return False
