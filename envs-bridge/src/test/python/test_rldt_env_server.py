"""The server's message handling without the JVM: frames in a BytesIO, the point mass behind them.

    cd envs-bridge/src/test/python && python3 -m unittest test_rldt_env_server
"""
import io
import os
import struct
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "resources", "io", "rldt", "envs", "remote"))
sys.path.insert(0, HERE)

import rldt_env_server as srv  # noqa: E402
import rldt_test_envs  # noqa: E402


def frame(kind, payload=b""):
    return struct.pack("<IB", len(payload) + 1, kind) + payload


def hello(n=1, autoreset=0):
    return frame(srv.HELLO, srv.MAGIC + struct.pack("<HIB", srv.VERSION, n, autoreset))


def replies(data):
    f, out = io.BytesIO(data), []
    while True:
        kind, payload = srv.read_frame(f, srv.MAX_FRAME)
        if kind is None:
            return out
        out.append((kind, bytes(payload)))


def run(requests, factory=lambda: rldt_test_envs.PointMass(horizon=2)):
    wf = io.BytesIO()
    srv.serve(io.BytesIO(b"".join(requests)), wf, factory, srv.MAX_FRAME)
    return replies(wf.getvalue())


class ServerTest(unittest.TestCase):
    def test_spaces(self):
        (kind, payload), = run([hello()])
        self.assertEqual(kind, srv.SPACES)
        self.assertEqual(payload[:4], srv.MAGIC)
        self.assertEqual(struct.unpack_from("<HIII", payload, 4), (srv.VERSION, 1, 2, 1))
        self.assertEqual(list(np.frombuffer(payload[18:], "<f8")), [-np.inf, -np.inf, np.inf, np.inf, -1, 1])

    def test_reset_and_step_match_the_env(self):
        reset = frame(srv.RESET, struct.pack("<BQ", 1, 7))
        step = frame(srv.STEP, np.array([0.5], "<f8").tobytes())
        _, (k1, r), (k2, s), (k3, _) = run([hello(), reset, step, frame(srv.CLOSE)])
        self.assertEqual((k1, k2, k3), (srv.RESET_OK, srv.STEP_OK, srv.BYE))
        env = rldt_test_envs.PointMass(horizon=2)
        obs0, _ = env.reset(seed=7)
        obs1, reward, *_ = env.step(np.array([0.5]))
        self.assertEqual(list(np.frombuffer(r[:16], "<f8")), list(obs0))
        self.assertEqual(list(np.frombuffer(s[:16], "<f8")), list(obs1))
        self.assertEqual(struct.unpack_from("<d", s, 16)[0], reward)
        self.assertEqual(s[24], 0)  # flags: not done

    def test_autoreset_sends_the_final_observation(self):
        step = frame(srv.STEP, np.zeros(2, "<f8").tobytes())
        reset = frame(srv.RESET, struct.pack("<BQBQ", 1, 1, 1, 2))
        replies_ = run([hello(n=2, autoreset=1), reset, step, step])
        _, s = replies_[-1]
        flags = s[48:50]
        self.assertEqual(list(flags), [srv.TRUNCATED | srv.AUTORESET] * 2)
        self.assertGreaterEqual(len(s), 50 + 2 * 16)  # two final observations follow the flags

    def test_env_exception_keeps_the_connection(self):
        raising = frame(srv.STEP, np.array([0.9], "<f8").tobytes())
        fine = frame(srv.STEP, np.array([0.1], "<f8").tobytes())
        reset = frame(srv.RESET, struct.pack("<BQ", 0, 0))
        kinds = [k for k, _ in run([hello(), reset, raising, fine], rldt_test_envs.raising)]
        self.assertEqual(kinds, [srv.SPACES, srv.RESET_OK, srv.ERROR, srv.STEP_OK])

    def test_protocol_errors_end_the_connection(self):
        bad_size = frame(srv.STEP, b"\x00" * 3)
        after = frame(srv.RESET, struct.pack("<BQ", 0, 0))
        (k1, _), (k2, msg) = run([hello(), bad_size, after])
        self.assertEqual((k1, k2), (srv.SPACES, srv.ERROR))
        self.assertIn(b"protocol error: STEP has 3 bytes", msg)
        (k, msg), = run([struct.pack("<I", 1 << 30)])
        self.assertIn(b"frame length", msg)

    def test_scalar_info_keeps_numbers_and_flags_only(self):
        entries = srv.scalar_info({"a": 1.5, "b": True, "c": np.int32(3), "d": "x", "e": [1], "f": np.array(2.0)})
        self.assertEqual([(k, tag) for k, tag, _ in entries],
                         [("a", srv.TAG_F64), ("b", srv.TAG_BOOL), ("c", srv.TAG_I64), ("f", srv.TAG_F64)])

    def test_spec_routing(self):
        self.assertIsInstance(srv.make_env("rldt_test_envs:point_mass", {"horizon": 3}), rldt_test_envs.PointMass)
        try:
            import gymnasium  # noqa: F401
            self.skipTest("gymnasium is installed: the missing-gymnasium message cannot be checked")
        except ImportError:
            pass
        with self.assertRaisesRegex(ImportError, "is a gymnasium id but gymnasium is not importable"):
            srv.make_env("pkg:Env-v0", {})


if __name__ == "__main__":
    unittest.main()
