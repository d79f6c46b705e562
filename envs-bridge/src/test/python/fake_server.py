"""A misbehaving stand-in for rldt_env_server.py: each --spec value is one way of breaking the protocol.

Accepts (and ignores) the real server's other arguments so the JVM can launch it the same way.
Only the standard library: it must fail in the protocol, not at import time.
"""
import argparse
import struct
import sys
import time

MAGIC, VERSION = b"RLDT", 1
SPACES, STEP_OK = 0x81, 0x83


def frame(kind, payload):
    return struct.pack("<IB", len(payload) + 1, kind) + payload


def spaces(magic=MAGIC, version=VERSION):
    # 1 env, obs_dim 1, act_dim 1, bounds [-1, 1].
    return frame(SPACES, magic + struct.pack("<HIII", version, 1, 1, 1) + struct.pack("<4d", -1, 1, -1, 1))


def read_frame(f):
    (length,) = struct.unpack("<I", f.read(4))
    return f.read(length)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--spec")
    args, _ = p.parse_known_args()
    rf, wf = sys.stdin.buffer, sys.stdout.buffer
    mode = args.spec
    if mode == "text":  # a stray print where frames belong
        wf.write(b"Hello from a print statement\n")
    elif mode == "huge-length":
        wf.write(struct.pack("<I", 0xFFFFFFF0) + b"\x81")
    elif mode == "zero-length":
        wf.write(struct.pack("<I", 0))
    elif mode == "bad-magic":
        read_frame(rf)
        wf.write(spaces(magic=b"JUNK"))
    elif mode == "bad-version":
        read_frame(rf)
        wf.write(spaces(version=99))
    elif mode == "truncated":  # promises 100 bytes, sends 10, exits
        read_frame(rf)
        wf.write(struct.pack("<I", 100) + b"\x81" + b"x" * 9)
        wf.flush()
        print("fake_server: exiting mid-frame", file=sys.stderr, flush=True)
        sys.exit(7)
    elif mode == "short-step":  # a correct handshake, then a STEP_OK missing its rewards
        read_frame(rf)
        wf.write(spaces())
        wf.flush()
        read_frame(rf)
        wf.write(frame(STEP_OK, struct.pack("<d", 0.5)))
    elif mode == "wrong-type":
        read_frame(rf)
        wf.write(frame(STEP_OK, b""))
    else:
        sys.exit(f"fake_server: unknown mode {mode}")
    wf.flush()
    time.sleep(60)  # stay alive: the client must notice the bad bytes, not a closed pipe


if __name__ == "__main__":
    main()
