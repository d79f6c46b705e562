"""numpy-only envs for the remote-bridge tests (no gymnasium needed).

The point mass has closed-form transitions so the Java tests can check every value bit for bit;
the other factories misbehave on purpose (hang, crash, raise, print) to exercise the failure paths.
"""
import os
import sys
import time

import numpy as np


class Box:
    """Just enough of a space for the server: low/high arrays, shape and dtype."""

    def __init__(self, low, high):
        self.low = np.asarray(low, np.float64)
        self.high = np.asarray(high, np.float64)
        self.shape = self.low.shape
        self.dtype = self.low.dtype


class PointMass:
    """1-D point mass. State (x, v); action a clipped to [-1, 1].

    v' = v + DT*a,  x' = x + DT*v',  reward = -x'^2 - 0.01*a^2,
    terminated when |x'| > 2, truncated after `horizon` steps. reset: x ~ U(-1, 1), v = 0.
    """
    DT = 0.1

    def __init__(self, horizon=20):
        self.horizon = horizon
        self.observation_space = Box([-np.inf, -np.inf], [np.inf, np.inf])
        self.action_space = Box([-1.0], [1.0])
        self.rng = np.random.default_rng(12345)
        self.x = self.v = 0.0
        self.t = 0

    def reset(self, seed=None):
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        self.x, self.v, self.t = float(self.rng.uniform(-1.0, 1.0)), 0.0, 0
        return np.array([self.x, self.v]), {"seeded": seed is not None}

    def step(self, action):
        a = float(np.clip(action[0], -1.0, 1.0))
        self.v = self.v + self.DT * a
        self.x = self.x + self.DT * self.v
        self.t += 1
        reward = -self.x * self.x - 0.01 * a * a
        terminated = abs(self.x) > 2.0
        truncated = self.t >= self.horizon
        info = {"t": self.t, "success": abs(self.x) < 0.05, "x": np.float64(self.x), "name": "dropped"}
        return np.array([self.x, self.v]), reward, terminated, truncated, info


def point_mass(horizon=20):
    return PointMass(horizon)


class Sleepy(PointMass):
    def step(self, action):
        time.sleep(60)
        return super().step(action)


class Crashy(PointMass):
    """Dies hard (no Python cleanup) on its third step, after a line on stderr."""

    def step(self, action):
        if self.t == 2:
            print("crashy: dying on purpose", file=sys.stderr, flush=True)
            os._exit(3)
        return super().step(action)


class Raising(PointMass):
    def step(self, action):
        if action[0] > 0.5:
            raise ValueError("action too large for Raising")
        return super().step(action)


class Chatty(PointMass):
    """Prints to stdout from Python and from C level: neither may reach the protocol stream."""

    def reset(self, seed=None):
        print("chatty: reset")
        os.write(1, b"chatty: raw fd 1 write\n")
        return super().reset(seed)

    def step(self, action):
        print("chatty: step", action)
        return super().step(action)


def sleepy():
    return Sleepy()


def crashy():
    return Crashy()


def raising():
    return Raising()


def chatty():
    return Chatty()


def broken():
    raise RuntimeError("broken factory")


def rollout(seed, actions, horizon=20):
    """The oracle: the same env stepped in-process, for comparing against what the JVM received."""
    env = PointMass(horizon)
    obs, _ = env.reset(seed=seed)
    out = [list(obs)]
    for a in actions:
        obs, r, term, trunc, _ = env.step(np.array([a]))
        out.append(list(obs) + [r, float(term), float(trunc)])
    return out


if __name__ == "__main__":
    # python3 rldt_test_envs.py SEED A1 A2 ...: prints the rollout as hex floats, one row per line.
    seed, acts = int(sys.argv[1]), [float(a) for a in sys.argv[2:]]
    for row in rollout(seed, acts):
        print(" ".join(float(v).hex() for v in row))
