"""In-process oracle for the bridge tests on real Gymnasium (RealGymnasiumBridgeTest).

    python gym_rollout.py ENV SEED AUTORESET   stdin: one action per line
prints the reset observation, then per step: obs..., reward, terminated, truncated, then the final observation
when AUTORESET=1 and the step ended the episode (the env is then reset without a seed, like the server's
same-step autoreset). Actions are cast to the action space's dtype as the server does; numbers use repr.
"""
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import gymnasium as gym  # noqa: E402


def line(values):
    return " ".join(repr(float(v)) for v in values)


def main(env_id, seed, autoreset):
    env = gym.make(env_id)
    obs, _ = env.reset(seed=seed)
    out = [line(np.asarray(obs, np.float64).reshape(-1))]
    space = env.action_space
    for row in sys.stdin.read().splitlines():
        if not row.strip():
            continue
        a = np.array([float(x) for x in row.split()], dtype=np.float64).reshape(space.shape).astype(space.dtype)
        obs, reward, terminated, truncated, _ = env.step(a)
        obs = np.asarray(obs, np.float64).reshape(-1)
        if autoreset and (terminated or truncated):
            final = obs
            obs, _ = env.reset()
            obs = np.asarray(obs, np.float64).reshape(-1)
            out.append(line(list(obs) + [reward, terminated, truncated] + list(final)))
        else:
            out.append(line(list(obs) + [reward, terminated, truncated]))
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1")
