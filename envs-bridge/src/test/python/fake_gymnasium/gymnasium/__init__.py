"""A stand-in for gymnasium, on the path only in the test that checks the server's gymnasium route.

`make` knows two ids: a float32-action env (the server must cast actions to the space's dtype) and an
env with the pre-0.26 API (reset returns the observation alone, step returns 4 values).
"""
import numpy as np

from rldt_test_envs import PointMass


class Float32PointMass(PointMass):
    def __init__(self, horizon=20):
        super().__init__(horizon)
        self.action_space.dtype = np.dtype(np.float32)

    def step(self, action):
        assert action.dtype == np.float32, f"action dtype {action.dtype}"
        return super().step(action.astype(np.float64))


class LegacyPointMass(PointMass):
    def reset(self, seed=None):
        return super().reset(seed)[0]

    def step(self, action):
        obs, reward, terminated, truncated, info = super().step(action)
        info = dict(info, **({"TimeLimit.truncated": True} if truncated else {}))
        return obs, reward, terminated or truncated, info


def make(env_id, **kwargs):
    if env_id == "rldt_test:Float32PointMass-v0":
        return Float32PointMass(**kwargs)
    if env_id == "LegacyPointMass-v0":
        return LegacyPointMass(**kwargs)
    raise KeyError(env_id)
