"""Gymnasium's own MuJoCo v4 envs as an oracle for the Java ports (GymnasiumCrossCheckTest).

    python gym_mujoco_oracle.py traj ENV MARGIN0 STEPS   stdin: qpos line, qvel line, STEPS action lines
        -> the observation after set_state, then per step: obs..., reward, terminated, x_velocity
    python gym_mujoco_oracle.py probe ENV                stdin: triples of lines qpos / qvel / action
        -> per triple: obs after set_state, then obs..., reward, terminated, x_velocity after one step
    python gym_mujoco_oracle.py resets ENV N SEED         -> per reset (seed SEED + k): qpos line, qvel line
    python gym_mujoco_oracle.py returns ENV EPISODES SEED -> per episode (seed SEED + k): return, length

Numbers are printed with repr, which Java's Double.parseDouble reads back exactly. Actions stay float64
(the env would compute its ctrl cost in float32 from a float32 action). `traj` and `probe` step the unwrapped
env, so they run on past termination like the Java env does; `returns` uses gymnasium.make (TimeLimit 1000).
"""
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")  # the v4 envs are deprecated in gymnasium 1.x; the warning is noise here
import gymnasium as gym  # noqa: E402


def line(values):
    return " ".join(repr(float(v)) for v in values)


def floats(text):
    return np.array([float(x) for x in text.split()], dtype=np.float64)


def policy_weights(obs_dim, act_dim):
    """The fixed linear-tanh policy a = tanh(W obs + b); GymnasiumCrossCheckTest.policy is the same formula."""
    i = np.arange(1, act_dim + 1)[:, None]
    j = np.arange(1, obs_dim + 1)[None, :]
    return 0.5 * np.sin(1.3 * i + 0.7 * j) / np.sqrt(obs_dim), 0.3 * np.cos(np.arange(1, act_dim + 1))


def step_unwrapped(env, action):
    obs, reward, terminated, _, info = env.step(action)
    return obs, reward, terminated, info


def main(argv):
    cmd, env_id = argv[0], argv[1]
    out = []
    if cmd == "traj":
        margin0, steps = argv[2] == "1", int(argv[3])
        env = gym.make(env_id).unwrapped
        env.reset(seed=0)
        if margin0:
            env.model.geom_margin[:] = 0.0
        rows = sys.stdin.read().splitlines()
        env.set_state(floats(rows[0]), floats(rows[1]))
        out.append(line(env._get_obs()))
        for t in range(steps):
            obs, reward, terminated, info = step_unwrapped(env, floats(rows[2 + t]))
            out.append(line(list(obs) + [reward, 1.0 if terminated else 0.0, info["x_velocity"]]))
    elif cmd == "probe":
        env = gym.make(env_id).unwrapped
        env.reset(seed=0)
        rows = [r for r in sys.stdin.read().splitlines() if r.strip()]
        for k in range(0, len(rows), 3):
            env.set_state(floats(rows[k]), floats(rows[k + 1]))
            out.append(line(env._get_obs()))
            obs, reward, terminated, info = step_unwrapped(env, floats(rows[k + 2]))
            out.append(line(list(obs) + [reward, 1.0 if terminated else 0.0, info["x_velocity"]]))
    elif cmd == "resets":
        n, seed = int(argv[2]), int(argv[3])
        env = gym.make(env_id).unwrapped
        for k in range(n):
            env.reset(seed=seed + k)
            out.append(line(env.data.qpos))
            out.append(line(env.data.qvel))
    elif cmd == "returns":
        episodes, seed = int(argv[2]), int(argv[3])
        env = gym.make(env_id)
        w, b = policy_weights(env.observation_space.shape[0], env.action_space.shape[0])
        for k in range(episodes):
            obs, _ = env.reset(seed=seed + k)
            total, length, done = 0.0, 0, False
            while not done:
                obs, reward, terminated, truncated, _ = env.step(np.tanh(w @ obs + b))
                total += reward
                length += 1
                done = terminated or truncated
            out.append(line([total, length]))
    else:
        sys.exit(f"unknown command {cmd!r}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])
