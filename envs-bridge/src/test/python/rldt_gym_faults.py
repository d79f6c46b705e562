"""Real Gymnasium envs that misbehave, for RealGymnasiumBridgeTest (spec "rldt_gym_faults:noisy_pendulum")."""
import os
import sys

import gymnasium as gym


class Noisy(gym.Wrapper):
    """Pendulum-v1 that writes garbage to stdout at every call, from Python and at the file-descriptor level
    (as C extensions do): the server must keep it off the protocol stream."""

    def reset(self, **kwargs):
        print("Hello from reset")
        os.write(1, b"\x00\x00\x00\x10garbage-on-fd-1")
        return self.env.reset(**kwargs)

    def step(self, action):
        print("step says hi", flush=True)
        sys.stdout.buffer.write(b"\xff\xff\xff\xff")
        sys.stdout.flush()
        os.write(1, b"RLDT\x01\x00")
        return self.env.step(action)


def noisy_pendulum():
    return Noisy(gym.make("Pendulum-v1"))
