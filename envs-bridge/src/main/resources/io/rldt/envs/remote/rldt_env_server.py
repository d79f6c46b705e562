#!/usr/bin/env python3
"""rldt env server: hosts N environments for the JVM over a small binary protocol.

The frame format and messages are documented in envs-bridge/REMOTE.md; keep the two in step.
Needs only the standard library and numpy; gymnasium is imported only when the spec names a
gymnasium id, so users of robomimic or Furniture-Bench wrappers need not install it.

    python3 rldt_env_server.py --spec mymodule:make_env            # stdin/stdout (launched by the JVM)
    python3 rldt_env_server.py --spec Pendulum-v1 --tcp 127.0.0.1:5555  # the JVM connects
"""
import argparse
import importlib
import json
import os
import re
import socket
import struct
import sys
import traceback

import numpy as np

MAGIC = b"RLDT"
VERSION = 1
MAX_FRAME = 64 << 20  # bytes; a larger length is garbage, not a real message

HELLO, RESET, STEP, CLOSE = 0x01, 0x02, 0x03, 0x04
SPACES, RESET_OK, STEP_OK, BYE, ERROR = 0x81, 0x82, 0x83, 0x84, 0x7F

TERMINATED, TRUNCATED, AUTORESET = 1, 2, 4  # bits of a STEP_OK flag byte
TAG_F64, TAG_BOOL, TAG_I64 = 0, 1, 2  # info value tags

F8 = np.dtype("<f8")  # the wire is little-endian: numpy on x86/ARM writes it without a copy


class ProtocolError(Exception):
    """The peer broke the protocol; the connection cannot continue."""


# ---------------------------------------------------------------- frames

def read_exact(f, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = f.read(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def read_frame(f, max_frame):
    """Returns (type, payload) or (None, None) on a clean end of stream."""
    head = read_exact(f, 4)
    if not head:
        return None, None
    if len(head) < 4:
        raise ProtocolError("stream ended inside a frame header")
    (length,) = struct.unpack("<I", head)
    if length < 1 or length > max_frame:
        raise ProtocolError(f"frame length {length} outside [1, {max_frame}]")
    body = read_exact(f, length)
    if len(body) < length:
        raise ProtocolError(f"stream ended after {len(body)} of {length} frame bytes")
    return body[0], memoryview(body)[1:]


def write_frame(f, kind, payload=b""):
    # One write per frame: the header alone would otherwise sit in a TCP segment of its own.
    f.write(struct.pack("<IB", len(payload) + 1, kind) + payload)
    f.flush()


# ---------------------------------------------------------------- envs

def make_env(spec, kwargs):
    """`module:callable` (the part after ':' a dotted identifier) calls the factory; anything else is
    a gymnasium id, including gymnasium's own `package:Env-v0` form (the '-v0' is not an identifier)."""
    module, sep, attr = spec.rpartition(":")
    if sep and re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", attr):
        obj = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
        return obj(**kwargs)
    try:
        import gymnasium  # lazily: only gymnasium ids need it
    except ImportError as e:
        raise ImportError(f"spec {spec!r} is a gymnasium id but gymnasium is not importable ({e}); "
                          "install gymnasium, or name a factory as module:callable") from e
    return gymnasium.make(spec, **kwargs)


def box_bounds(env, name):
    space = getattr(env, name, None)
    low, high = getattr(space, "low", None), getattr(space, "high", None)
    if low is None or high is None:
        raise TypeError(f"env.{name} must be a Box-like space with low and high arrays, got {type(space).__name__}")
    low, high = np.broadcast_arrays(np.asarray(low, F8), np.asarray(high, F8))
    return low.reshape(-1).copy(), high.reshape(-1).copy()


def scalar_info(info):
    """Keeps the real, integer and boolean scalars of an info dict: the wire carries nothing else."""
    out = []
    if not isinstance(info, dict):
        return out
    for k, v in info.items():
        if not isinstance(k, str):
            continue
        if isinstance(v, np.ndarray) and v.ndim == 0:
            v = v.item()
        if isinstance(v, (bool, np.bool_)):
            out.append((k, TAG_BOOL, struct.pack("<q", int(bool(v)))))
        elif isinstance(v, (int, np.integer)) and -(1 << 63) <= int(v) < (1 << 63):
            out.append((k, TAG_I64, struct.pack("<q", int(v))))
        elif isinstance(v, (float, np.floating)):
            out.append((k, TAG_F64, struct.pack("<d", float(v))))
    return out[:0xFFFF]


def encode_infos(infos):
    parts = []
    for info in infos:
        entries = scalar_info(info)
        parts.append(struct.pack("<H", len(entries)))
        for k, tag, value in entries:
            key = k.encode("utf-8")[:0xFFFF]
            parts.append(struct.pack("<H", len(key)) + key + bytes([tag]) + value)
    return b"".join(parts)


class Slot:
    """One hosted env with its flattened spaces; accepts the Gymnasium API and the older 4-tuple step."""

    def __init__(self, env):
        self.env = env
        self.obs_low, self.obs_high = box_bounds(env, "observation_space")
        self.act_low, self.act_high = box_bounds(env, "action_space")
        space = env.action_space
        self.act_shape = tuple(getattr(space, "shape", None) or (self.act_low.size,))
        dtype = getattr(space, "dtype", None)
        # Box(float32) envs may assert on float64 actions, so actions take the space's own float type.
        self.act_dtype = dtype if dtype is not None and np.issubdtype(dtype, np.floating) else None

    def flat_obs(self, obs):
        a = np.asarray(obs, F8).reshape(-1)
        if a.size != self.obs_low.size:
            raise ValueError(f"observation has {a.size} entries but observation_space has {self.obs_low.size}")
        return a

    def reset(self, seed):
        out = self.env.reset(seed=seed)
        obs, info = out if isinstance(out, tuple) and len(out) == 2 else (out, {})
        return self.flat_obs(obs), info

    def step(self, action):
        a = action.reshape(self.act_shape)
        if self.act_dtype is not None:
            a = a.astype(self.act_dtype)
        out = self.env.step(a)
        if len(out) == 5:
            obs, reward, terminated, truncated, info = out
        elif len(out) == 4:  # gym < 0.26: done folds both; TimeLimit marks the truncation in info
            obs, reward, done, info = out
            truncated = isinstance(info, dict) and bool(info.get("TimeLimit.truncated", False))
            terminated = bool(done) and not truncated
        else:
            raise ValueError(f"env.step returned {len(out)} values, expected 5 (or 4)")
        return self.flat_obs(obs), float(reward), bool(terminated), bool(truncated), info

    def close(self):
        close = getattr(self.env, "close", None)
        if callable(close):
            close()


# ---------------------------------------------------------------- messages

def on_hello(payload, factory):
    if len(payload) != 11 or bytes(payload[:4]) != MAGIC:
        raise ProtocolError("first frame is not a HELLO with magic RLDT")
    version, n, autoreset = struct.unpack_from("<HIB", payload, 4)
    if version != VERSION:
        raise ProtocolError(f"client speaks protocol version {version}, this server speaks {VERSION}")
    if not 1 <= n <= 1 << 16:
        raise ProtocolError(f"num_envs {n} outside [1, 65536]")
    slots = []
    try:
        for _ in range(n):
            slots.append(Slot(factory()))
        s0 = slots[0]
        for s in slots[1:]:
            same = [np.array_equal(a, b, equal_nan=True) for a, b in
                    ((s.obs_low, s0.obs_low), (s.obs_high, s0.obs_high), (s.act_low, s0.act_low), (s.act_high, s0.act_high))]
            if not all(same):
                raise ValueError("the envs built from one spec have different spaces")
    except BaseException:
        for s in slots:
            s.close()
        raise
    reply = MAGIC + struct.pack("<HIII", VERSION, n, s0.obs_low.size, s0.act_low.size) + b"".join(
        a.astype(F8).tobytes() for a in (s0.obs_low, s0.obs_high, s0.act_low, s0.act_high))
    return slots, bool(autoreset), reply


def on_reset(slots, payload):
    if len(payload) != 9 * len(slots):
        raise ProtocolError(f"RESET has {len(payload)} bytes, expected {9 * len(slots)}")
    obs, infos = [], []
    for i, s in enumerate(slots):
        has_seed, seed = struct.unpack_from("<BQ", payload, 9 * i)
        o, info = s.reset(int(seed) if has_seed else None)
        obs.append(o)
        infos.append(info)
    return np.concatenate(obs).astype(F8).tobytes() + encode_infos(infos)


def on_step(slots, payload, autoreset):
    n, act_dim = len(slots), slots[0].act_low.size
    if len(payload) != 8 * n * act_dim:
        raise ProtocolError(f"STEP has {len(payload)} bytes, expected {8 * n * act_dim}")
    actions = np.frombuffer(payload, F8).reshape(n, act_dim)
    obs, rewards, flags, finals, infos = [], np.empty(n, F8), bytearray(n), [], []
    for i, s in enumerate(slots):
        o, r, terminated, truncated, info = s.step(actions[i])
        f = (TERMINATED if terminated else 0) | (TRUNCATED if truncated else 0)
        if autoreset and f:
            finals.append(o)
            o, _ = s.reset(None)  # same-step autoreset; the reset info is dropped (REMOTE.md)
            f |= AUTORESET
        obs.append(o)
        rewards[i], flags[i] = r, f
        infos.append(info)
    return (np.concatenate(obs).astype(F8).tobytes() + rewards.tobytes() + bytes(flags)
            + b"".join(o.astype(F8).tobytes() for o in finals) + encode_infos(infos))


def serve(rf, wf, factory, max_frame):
    """Serves one client until CLOSE or end of stream. An env exception answers ERROR and keeps the
    connection; a protocol error answers ERROR and ends it (the byte stream can no longer be trusted)."""
    slots = []
    try:
        kind, payload = read_frame(rf, max_frame)
        if kind is None:
            return
        if kind != HELLO:
            raise ProtocolError(f"expected HELLO, got message type {kind:#04x}")
        try:
            slots, autoreset, reply = on_hello(payload, factory)
        except ProtocolError:
            raise
        except BaseException:
            write_frame(wf, ERROR, ("building the env failed:\n" + traceback.format_exc()).encode())
            return
        write_frame(wf, SPACES, reply)
        while True:
            kind, payload = read_frame(rf, max_frame)
            if kind is None:
                return
            if kind == CLOSE:
                write_frame(wf, BYE)
                return
            try:
                if kind == RESET:
                    write_frame(wf, RESET_OK, on_reset(slots, payload))
                elif kind == STEP:
                    write_frame(wf, STEP_OK, on_step(slots, payload, autoreset))
                else:
                    raise ProtocolError(f"unknown message type {kind:#04x}")
            except ProtocolError:
                raise
            except Exception:
                write_frame(wf, ERROR, traceback.format_exc().encode())
    except ProtocolError as e:
        print(f"rldt_env_server: protocol error: {e}", file=sys.stderr)
        try:
            write_frame(wf, ERROR, f"protocol error: {e}".encode())
        except OSError:
            pass
    finally:
        for s in slots:
            try:
                s.close()
            except Exception:
                traceback.print_exc()


def serve_stdio(factory, max_frame):
    # Env code that prints would corrupt the protocol: keep private copies of fds 0/1 for the frames and
    # point the real fds (Python and C level) at stderr and /dev/null.
    rf = os.fdopen(os.dup(0), "rb")
    wf = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdout = sys.stderr
    serve(rf, wf, factory, max_frame)


def serve_tcp(address, factory, max_frame, once, allow_non_loopback):
    host, _, port = address.rpartition(":")
    host = host or "127.0.0.1"
    if host not in ("127.0.0.1", "localhost", "::1") and not allow_non_loopback:
        sys.exit(f"rldt_env_server: refusing to listen on {host}: the protocol has no authentication "
                 "(pass --allow-non-loopback to override)")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as srv:
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((host, int(port)))
        srv.listen(1)
        print(f"rldt_env_server listening on {host}:{srv.getsockname()[1]}", file=sys.stderr, flush=True)
        while True:
            conn, _ = srv.accept()
            with conn:
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with conn.makefile("rb") as rf, conn.makefile("wb") as wf:
                    try:
                        serve(rf, wf, factory, max_frame)
                    except OSError as e:  # the client vanished; wait for the next one
                        print(f"rldt_env_server: connection lost: {e}", file=sys.stderr, flush=True)
            if once:
                return


def main(argv=None):
    p = argparse.ArgumentParser(description="Hosts environments for rldt-jvm (see REMOTE.md).")
    p.add_argument("--spec", required=True, help="gymnasium id, or module:callable returning an env")
    p.add_argument("--kwargs", default="", help="JSON object of keyword arguments for the env factory")
    p.add_argument("--path", action="append", default=[], help="directory to put on sys.path (repeatable)")
    p.add_argument("--tcp", metavar="[HOST:]PORT", help="listen on TCP instead of stdin/stdout (port 0 = any)")
    p.add_argument("--once", action="store_true", help="with --tcp: exit after the first client")
    p.add_argument("--allow-non-loopback", action="store_true", help="with --tcp: allow a non-loopback host")
    p.add_argument("--max-frame", type=int, default=MAX_FRAME, help="largest accepted frame in bytes")
    args = p.parse_args(argv)
    for d in reversed(args.path):
        sys.path.insert(0, os.path.abspath(d))
    kwargs = json.loads(args.kwargs) if args.kwargs else {}
    if not isinstance(kwargs, dict):
        sys.exit("rldt_env_server: --kwargs must be a JSON object")

    def factory():
        return make_env(args.spec, kwargs)

    if args.tcp:
        serve_tcp(args.tcp, factory, args.max_frame, args.once, args.allow_non_loopback)
    else:
        serve_stdio(factory, args.max_frame)


if __name__ == "__main__":
    main()
