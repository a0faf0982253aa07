"""The mlfs kernel: evcxr_jupyter behind a thin message relay that numbers cells from [1].

    python tools/evcxr_kernel.py <path to evcxr_jupyter> <connection file>

(the kernelspec written by tools/install_kernel.py runs this; nobody needs to call it by hand.)

evcxr_jupyter 0.22 starts its execution counter at 1 and increments it *before* the first cell, so
a fresh kernel's first cell is [2]. Jupyter has no setting for that, so this relay sits between
the front end (JupyterLab, nbclient) and evcxr: it binds the ports of the connection file it is
given, starts evcxr on a second connection file with free loopback ports, and forwards every
message both ways unchanged, except that `execution_count` in execute_input, execute_result and
execute_reply is lowered by one (and the message re-signed with the session key), and a cell's
closing `idle` status waits 50 ms for stderr that evcxr sends late (see `Relay`).

After a cell with a `:dep mlfs-core` line the relay also warms evcxr up: it asks evcxr for the
completions of a few lines of its own (WARM_UP_CODE) before it passes on that cell's reply, so that
the pause of evcxr's type inference starting afresh falls in the `:dep` cell, which a learner
expects to take a while, rather than in the next cell. Nothing of it reaches the notebook.

The relay also gives each kernel its working folder (see `workdir.py`), so that compiled
dependencies outlive the kernel.

It exits when evcxr exits, and takes evcxr down with it if it is itself terminated.
The front end's ports are bound before evcxr's are chosen, so the two never collide; if evcxr
still exits with an error before sending a single message (a port taken by another process in the
meantime), it is restarted on fresh ports, at most three times.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import zmq
from jupyter_client.connect import write_connection_file

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workdir  # noqa: E402  (same folder: the kernel's working folder)

DELIM = b"<IDS|MSG>"
RENUMBERED = {"execute_input", "execute_result", "execute_reply"}
IDENTITY = b"mlfs-relay"  # one identity on every relay socket: evcxr routes stdin by it
POLL_MS = 200
IDLE_GRACE_S = 0.05  # how long a cell's idle status waits for late stderr (see Relay)
PR_SET_PDEATHSIG = 1
DEP_MLFS_CORE = re.compile(r"^\s*:dep\s+mlfs-core\b.*$", re.MULTILINE)
# Asked for silently right after every `:dep mlfs-core` cell (see `Relay`): the completions after
# `e.`. A `:dep` line changes the crate graph, and evcxr's type inference (an in-process
# rust-analyzer) then starts afresh: the first cell afterwards loads the definitions of the
# standard library, ndarray and mlfs-core, a second or more. Completing this code makes
# rust-analyzer infer its types (ndarray's arrays and operators, an mlfs-core function, `?` on
# its error), so that work is done before the `:dep` cell's reply, without compiling anything.
WARM_UP_CODE = (
    "let y = mlfs_core::ndarray::Array1::<f64>::ones(2);\n"
    "let e = mlfs_core::metrics::mse(&y, &(&y * 1.0))?;\n"
)
# After a `:dep` line that switches on polars, polars' types as well: a DataFrame from mlfs-core.
WARM_UP_POLARS = 'let df = mlfs_core::data::read_csv("x.csv")?;\nlet h = df.height();\n'
WARM_UP_OFF = "MLFS_KERNEL_WARM_UP"  # set to 0 to switch the warm-up off (to measure without it)


def renumber(frames: list[bytes], key: bytes) -> list[bytes]:
    """`frames` of one Jupyter message with its execution_count lowered by one, re-signed.

    Messages without a count, and anything unparsable, pass through untouched."""
    try:
        at = frames.index(DELIM)
        header = json.loads(frames[at + 2])
        if header.get("msg_type") not in RENUMBERED:
            return frames
        content = json.loads(frames[at + 5])
        count = content.get("execution_count")
        if not isinstance(count, int) or count < 2:
            return frames
    except (ValueError, IndexError, json.JSONDecodeError):
        return frames
    content["execution_count"] = count - 1
    frames = list(frames)
    frames[at + 5] = json.dumps(content).encode()
    frames[at + 1] = sign(key, frames[at + 2 : at + 6])
    return frames


def sign(key: bytes, parts: list[bytes]) -> bytes:
    """The HMAC-SHA256 signature (hex) of header, parent header, metadata and content."""
    if not key:
        return b""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(part)
    return mac.hexdigest().encode()


def inner_connection(outer: dict) -> str:
    """Write a connection file for evcxr: same key and scheme, fresh loopback ports."""
    fd, path = tempfile.mkstemp(prefix="mlfs-evcxr-", suffix=".json")
    os.close(fd)
    write_connection_file(
        path,
        ip="127.0.0.1",
        transport="tcp",
        key=outer["key"].encode(),
        signature_scheme=outer.get("signature_scheme", "hmac-sha256"),
        kernel_name=outer.get("kernel_name", ""),
    )
    return path


def address(conn: dict, channel: str) -> str:
    """The zmq address of `channel` ('shell', 'iopub', ...) in connection info `conn`."""
    sep = "-" if conn["transport"] == "ipc" else ":"
    return f"{conn['transport']}://{conn['ip']}{sep}{conn[channel + '_port']}"


CHANNELS = (("shell", True), ("control", False), ("stdin", False), ("hb", False))
START_ATTEMPTS = 3  # evcxr restarts on fresh ports if another process took one first


def front_sockets(ctx, outer: dict) -> tuple[list, object]:
    """The front end's sockets, bound: ([(channel, ROUTER, renumber replies?)], iopub PUB).

    Bound before evcxr's ports are chosen, so the two sets can never overlap."""
    fronts = []
    for channel, rewrite in CHANNELS:
        front = ctx.socket(zmq.ROUTER)
        front.bind(address(outer, channel))
        fronts.append((channel, front, rewrite))
    pub = ctx.socket(zmq.PUB)
    pub.bind(address(outer, "iopub"))
    return fronts, pub


def back_sockets(ctx, inner: dict) -> tuple[dict, object]:
    """Sockets connected to evcxr: ({channel: DEALER}, iopub SUB subscribed to everything)."""
    backs = {}
    for channel, _ in CHANNELS:
        back = ctx.socket(zmq.DEALER)
        back.setsockopt(zmq.IDENTITY, IDENTITY)
        back.setsockopt(zmq.LINGER, 0)
        back.connect(address(inner, channel))
        backs[channel] = back
    sub = ctx.socket(zmq.SUB)
    sub.setsockopt(zmq.LINGER, 0)
    sub.setsockopt(zmq.SUBSCRIBE, b"")
    sub.connect(address(inner, "iopub"))
    return backs, sub


def die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM evcxr when the relay dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def parsed(frames: list[bytes]) -> tuple[str, str, dict]:
    """(msg_type, parent msg_id, content) of a message; ("", "", {}) if it does not parse."""
    try:
        at = frames.index(DELIM)
        header, parent = json.loads(frames[at + 2]), json.loads(frames[at + 3])
        return header.get("msg_type", ""), parent.get("msg_id", ""), json.loads(frames[at + 5])
    except (ValueError, IndexError, json.JSONDecodeError):
        return "", "", {}


def header_of(frames: list[bytes]) -> dict:
    """The header of a message; {} if it does not parse."""
    try:
        return json.loads(frames[frames.index(DELIM) + 2])
    except (ValueError, IndexError, json.JSONDecodeError):
        return {}


def warm_up_code(frames: list[bytes]) -> str | None:
    """The code to complete after this message: for an execute_request whose cell has a
    `:dep mlfs-core` line, WARM_UP_CODE (with WARM_UP_POLARS if the line names polars) and `e.`;
    else None."""
    if os.environ.get(WARM_UP_OFF) == "0":
        return None
    kind, _, content = parsed(frames)
    code = content.get("code", "") if kind == "execute_request" else ""
    line = DEP_MLFS_CORE.search(code) if isinstance(code, str) else None
    if line is None:
        return None
    return WARM_UP_CODE + (WARM_UP_POLARS if "polars" in line.group(0) else "") + "e."


def complete_request(key: bytes, session: str, code: str) -> tuple[str, list[bytes]]:
    """(msg_id, frames) of a complete_request for the end of `code`, signed with `key`."""
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "session": session,
        "username": "mlfs-relay",
        "date": datetime.now(timezone.utc).isoformat(),
        "msg_type": "complete_request",
        "version": "5.3",
    }
    content = {"code": code, "cursor_pos": len(code)}
    parts = [json.dumps(part).encode() for part in (header, {}, {}, content)]
    return msg_id, [DELIM, sign(key, parts), *parts]


class WarmUp:
    """The warm-up after one `:dep mlfs-core` cell: that cell's reply and idle status, held until
    the warm-up's own reply and idle have come back."""

    def __init__(self, cell: str, hidden: str):
        self.cell, self.hidden = cell, hidden
        self.reply = self.idle = None  # the cell's execute_reply and idle status, held
        self.hidden_reply = self.hidden_idle = False

    def done(self) -> bool:
        """Have the cell and the warm-up both finished?"""
        return all((self.reply, self.idle, self.hidden_reply, self.hidden_idle))


class Relay:
    """Forwards messages both ways; holds each cell's closing `idle` status a moment, and warms
    the kernel up after a `:dep mlfs-core` cell.

    evcxr reads a cell's stderr (a panic message, an `Err` from `?`) on a thread of its own and
    may publish it just *after* the cell's `idle`, when front ends have stopped listening (nbclient
    would lose it, and the checker would miss the panic). So an `idle` waits IDLE_GRACE_S, and
    output for the same cell that arrives meanwhile goes out first.

    Right behind a cell with a `:dep mlfs-core` line the relay sends evcxr a request of its own, a
    completion request for WARM_UP_CODE (see there), and holds the cell's reply and idle status
    until that request has been answered: the learner sees one slower `:dep` cell and no pause in
    the cells after it. evcxr handles shell requests one at a time, in the order they arrive, so
    the completion runs after the `:dep` cell and before any cell sent meanwhile. Nothing of the
    warm-up reaches the front end; it stores no variable and uses no execution count."""

    def __init__(self, fronts: list[tuple], backs: dict, sub, pub, key: bytes):
        self.poller, self.routes = zmq.Poller(), {}
        for channel, front, rewrite in fronts:
            self.routes[front] = (backs[channel], False)
            self.routes[backs[channel]] = (front, rewrite)
            if channel == "shell":
                self.front_shell, self.back_shell = front, backs[channel]
        self.routes[sub] = (pub, True)
        for sock in self.routes:
            self.poller.register(sock, zmq.POLLIN)
        self.sub, self.pub, self.key = sub, pub, key
        self.held = None  # (frames, parent msg_id, release time) of a held idle status
        self.from_evcxr = {sub, *backs.values()}
        self.heard = False  # has evcxr sent anything yet?
        self.warm_ups: dict[str, WarmUp] = {}  # by the msg_id of the cell and of the warm-up

    def step(self, timeout_ms: int) -> None:
        """Forward what arrives within `timeout_ms` (less while an idle is held)."""
        if self.held:
            timeout_ms = max(0, min(timeout_ms, int((self.held[2] - time.monotonic()) * 1000)))
        for sock, _ in self.poller.poll(timeout_ms):
            self.forward(sock)
        if self.held and time.monotonic() >= self.held[2]:
            self.release()

    def forward(self, sock) -> None:
        """Move one message from `sock` to its counterpart (renumbered, idles held, warm-ups
        kept to the relay)."""
        target, rewrite = self.routes[sock]
        frames = sock.recv_multipart()
        self.heard = self.heard or sock in self.from_evcxr
        if sock is self.front_shell:
            target.send_multipart(frames)
            code = warm_up_code(frames)
            if code:
                self.warm_up(frames, code)
            return
        if sock in (self.sub, self.back_shell) and self.warm_ups and self.kept(sock, frames):
            return
        if sock is self.sub:
            kind, parent, content = parsed(frames)
            if self.held and parent != self.held[1]:
                self.release()
            if kind == "status" and content.get("execution_state") == "idle":
                self.release()
                self.held = (frames, parent, time.monotonic() + IDLE_GRACE_S)
                return
        target.send_multipart(renumber(frames, self.key) if rewrite else frames)

    def warm_up(self, cell_frames: list[bytes], code: str) -> None:
        """Queue a completion of `code` in evcxr right behind the cell `cell_frames`."""
        header = header_of(cell_frames)
        hidden, frames = complete_request(self.key, header.get("session", ""), code)
        self.back_shell.send_multipart(frames)
        warm = WarmUp(header.get("msg_id", ""), hidden)
        self.warm_ups[warm.cell] = self.warm_ups[hidden] = warm

    def kept(self, sock, frames: list[bytes]) -> bool:
        """Keep a message of a warm-up, or a held one of its cell, from the front end; send the
        cell's held reply and idle once both are done. True if the message was kept."""
        kind, parent, content = parsed(frames)
        warm = self.warm_ups.get(parent)
        if warm is None:
            return False
        if parent == warm.hidden:
            if kind == "complete_reply":
                warm.hidden_reply = True
                if content.get("status") != "ok":
                    print(f"mlfs kernel: the warm-up failed: {content}", file=sys.stderr)
            elif kind == "status" and content.get("execution_state") == "idle":
                warm.hidden_idle = True
        elif sock is self.back_shell and kind == "execute_reply":
            warm.reply = frames
        elif kind == "status" and content.get("execution_state") == "idle":
            self.release()
            warm.idle = frames
        else:
            return False
        if warm.done():
            self.front_shell.send_multipart(renumber(warm.reply, self.key))
            self.pub.send_multipart(warm.idle)
            del self.warm_ups[warm.cell], self.warm_ups[warm.hidden]
        return True

    def release(self) -> None:
        """Send the held idle status, if any."""
        if self.held:
            self.pub.send_multipart(self.held[0])
            self.held = None


def run_relay(child: subprocess.Popen, relay: Relay) -> None:
    """Forward messages both ways until evcxr exits."""
    while child.poll() is None:
        relay.step(POLL_MS)
    # evcxr has gone (a shutdown): pass on what it sent last, e.g. the shutdown reply.
    relay.step(POLL_MS)
    relay.release()


def start_evcxr(evcxr: str, inner_file: str, env: dict, lock_fd) -> subprocess.Popen:
    """evcxr_jupyter on the connection file `inner_file`, dying with the relay."""
    return subprocess.Popen(
        [evcxr, "--control_file", inner_file],
        env=env,
        pass_fds=() if lock_fd is None else (lock_fd,),
        preexec_fn=die_with_parent,
    )


def main(argv: list[str]) -> int:
    """Bind the front end's ports, start evcxr on its own and relay between them."""
    evcxr, connection_file = argv
    outer = json.loads(Path(connection_file).read_text())
    key = outer["key"].encode()
    env, lock_fd = workdir.kernel_env(os.environ)
    current = {}
    signal.signal(signal.SIGTERM, lambda *_: current["child"].terminate())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts arrive as messages
    ctx = zmq.Context()
    fronts, pub = front_sockets(ctx, outer)
    try:
        for attempt in range(1, START_ATTEMPTS + 1):
            inner_file = inner_connection(outer)
            inner = json.loads(Path(inner_file).read_text())
            child = current["child"] = start_evcxr(evcxr, inner_file, env, lock_fd)
            backs, sub = back_sockets(ctx, inner)
            relay = Relay(fronts, backs, sub, pub, key)
            try:
                run_relay(child, relay)
            finally:
                if child.poll() is None:
                    child.terminate()
                os.unlink(inner_file)
                for sock in (sub, *backs.values()):
                    sock.close()
            # evcxr exiting with an error before a single message could not start (most often:
            # a port of its connection file was taken meanwhile); try again on fresh ports.
            if relay.heard or child.wait() == 0 or attempt == START_ATTEMPTS:
                break
            print(f"evcxr exited at start; restarting on fresh ports ({attempt})", file=sys.stderr)
    finally:
        ctx.destroy(linger=500)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
