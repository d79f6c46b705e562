#!/usr/bin/env python3
"""A Python peer of one RLDT training iteration at the `hopper-cpu` preset, timed phase by phase.

The same loop body as the project's Trainer.trainIteration + RldtAgent.updateRound (docs/algorithm.md), with the
same amount of work:

  rollout    10 Gymnasium Hopper-v4 envs (MuJoCo, TimeLimit 1000 env steps) x 250 chunk steps of H = 4 actions,
             each chunk from K = 8 Euler steps of the velocity net on the 10 current observations plus the
             min_extrp exploration (i ~ U{K-2, K-1}, a + ||a - a_dagger(x_i, t_i)|| * N(0, I)); obs/actions
             min-max normalised with the pretrained policy's statistics; episodes run on across iterations
  (reward scale EMA update, FIFO buffer push: part of `iteration` only, as in Java)
  8 rounds, each:
    batch      10 groups: max(fresh/(fresh+old), 1/3) of them fresh (3 of 10 once the buffer is full, all 10 in the
               first iteration), the rest drawn from the buffer without replacement, shuffled; member m of the
               2-member ensemble takes groups m, m+2, ... (1250 rows each, 2500 in all)
    bootstrap  a' ~ pi(.|s') for the 2500 next states x 2 samples = 5000 chains of K = 8 Euler steps, once a round
    critic     32 steps: Qbar = mean over the 2 samples of min_e Q_e^target(s', a') (5000 rows x 2 target nets),
               TD(lambda = 0.95, gamma = 0.99) targets over whole trajectories, MSE of each member on its 1250 rows,
               AdamW (lr 1e-3, wd 0), EMA targets (0.995)
    actor      2 steps, the j-th on the states of groups j, j+8 (500 states), P = 8 particles each (4000):
               4000 fresh chains (K = 8), a random depth per particle, queries a_dagger = x_k + (1 - t_k) v_k,
               grad_a mean_e Q_e at the chain ends (both online members), SVGD field (RBF, median-heuristic
               bandwidth, alpha = clamp(1e-3 mean||g||, 0, 1e5)), v_ref at x' = (1-t')eps' + t' a, velocity
               forwards at (x_k, t_k) and (x', t'), L = L_RL + 0.5 L_cons + 0.2 L_F, backward, Adam (lr 2e-5 with a
               32-step linear warm-up)
  v_ref <- v_theta (refreshReference)

Networks: velocity net = sinusoidal(16) -> Linear(16,32) -> Mish -> Linear(32,16); concat(x [12], emb [16],
s [11]) -> Linear(39, 512) -> one pre-activation residual block of two 512 layers (ReLU) -> Linear(512, 12),
loaded from the shipped pretrained policy (rldt/src/main/resources/io/rldt/policies/hopper-medium-flow.safetensors);
critic = 2 x MLP(23 -> 256 -> 256 -> 256 -> 1, SiLU), weights N(0, 0.1^2), biases 0, targets = copies.

Framework: JAX (jit) for every network evaluation and update; numpy + Gymnasium/MuJoCo for the envs (a plain
Python loop over the 10 envs, each step executing the chunk's up-to-4 actions and stopping at an episode end; the
same thing gymnasium.vector.SyncVectorEnv does, minus its bookkeeping; env stepping is single-threaded at any
--threads, as in a plain Gymnasium setup). JAX was picked over PyTorch because it measured faster on the development
machine for every part (1 thread, loaded 2-core AMD EPYC, back to back): 5000-row chain JAX 0.28-0.44 s vs
PyTorch 2.13 (MKL) 1.2-1.4 s; critic step 46 ms vs 97-124 ms; 10-row chain 1.2 ms vs 2.1-3.7 ms; whole actor step
(500 states x 8 particles) 0.95-1.09 s vs 1.12-1.36 s. Every jitted function sees fixed shapes, so it compiles once,
in the warm-up iteration.

Like Java's ChainEvaluation, the chain evaluation computes the observation's part of the first layer once per chain and
the time embedding once per distinct time (K of them); training forwards gather the K embeddings per row.

Deviations from the Java code (none changes the amount of work):
  - different RNG streams (jax.random threefry, numpy PCG64; env resets seeded seed + i), float32 everywhere
    (Java accumulates TD targets and the field in double), so the numbers differ, not the shapes or counts;
  - the 32 critic steps of a round run as one jitted lax.scan (one dispatch per round instead of 32); the two
    members are evaluated as one batched matmul over a leading ensemble axis instead of one after the other;
  - TD(lambda) targets are the same recursion written as a reverse associative scan over the round's rows
    (trajectory ends cut it) instead of a backwards loop per trajectory;
  - the per-step metrics Java computes (phi/grad norms, bandwidth, alpha) are not computed; the losses are;
  - the member batches must be equal-sized (2 members x 5 groups x 250 rows at this preset), asserted;
  - iteration 0 is a training iteration and the actor runs in every iteration (Java: `--set loop.evalEvery=0
    --set actor.startIteration=-1`, which compare-iteration.sh passes), so the warm-up iteration (excluded)
    compiles everything;
  - the env: Gymnasium's Hopper-v4 on the mujoco 3.x Python bindings, where Java drives its own libmujoco
    (2.2.2 in the run metadata of the frozen CLI) through its own Hopper port; same model, time step, frame
    skip 4, reward, termination and 1000-step limit, so the episode lengths (and reset counts) are alike.

Output, one line per phase per timed iteration (seconds; `critic` is the round's batch assembly plus the critic
steps and excludes `bootstrap`; Java's time/critic_s covers CriticRound.run, which includes both):
    PHASE side=python phase=rollout|bootstrap|critic|actor|iteration seconds=... iteration=i threads=T

Usage: rldt_iteration.py [--threads N] [--iterations 3] [--warmup 1] [--seed 0] [--check]
Threads are fixed before jax/numpy load: N = 1 turns off XLA's multi-threaded Eigen; for N > 1 XLA sizes its
pool from the CPU affinity mask, so pin the process (taskset -c 0,1) as compare-iteration.sh does.
"""
import argparse
import math
import os
import sys
import time
import types


def parse():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=3, help="timed iterations")
    ap.add_argument("--warmup", type=int, default=1, help="untimed iterations first (JIT compile)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--policy", default=None, help="pretrained safetensors (default: the shipped hopper policy)")
    ap.add_argument("--check", action="store_true",
                    help="first check the field against a float64 loop and the pretrained policy on one "
                         "deterministic episode (Java's iteration-0 evaluation of this policy: ~980)")
    # The preset's loop sizes (hopper-cpu); change them only to experiment.
    ap.add_argument("--envs", type=int, default=10)
    ap.add_argument("--chunk-steps", type=int, default=250)
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--critic-steps", type=int, default=32)
    ap.add_argument("--actor-steps", type=int, default=2)
    return ap.parse_args()


ARGS = parse()
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(ARGS.threads)
if ARGS.threads == 1:
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "")
                               + " --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1").strip()
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import warnings  # noqa: E402
from functools import partial  # noqa: E402

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

try:  # gymnasium.envs.mujoco imports its renderer, which imports imageio; nothing here renders.
    import imageio  # noqa: F401
except ImportError:
    sys.modules["imageio"] = types.ModuleType("imageio")
import gymnasium as gym  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch"))
from reference import read_safetensors  # noqa: E402  (numpy only: the workloads' safetensors reader)

warnings.filterwarnings("ignore", category=DeprecationWarning)

# ----------------------------------------------------------------------------- the preset (hopper-cpu)
ENV_ID = "Hopper-v4"
H = 4                      # task.horizon
K = 8                      # policy.denoisingSteps
P = 8                      # transport.particles
E = ARGS.envs              # loop.envs
T = ARGS.chunk_steps       # loop.chunkSteps
ROUNDS = ARGS.rounds       # loop.rounds
BUFFER_ITERATIONS = 20     # loop.bufferIterations
FRESH_FRACTION = 1.0 / 3   # loop.freshFraction
CRITIC_STEPS = ARGS.critic_steps   # critic.stepsPerRound
ACTOR_STEPS = ARGS.actor_steps     # actor.stepsPerRound
STRIDE = 8                 # actor.trajectoryStride
MEMBERS = 2                # critic.ensemble
CRITIC_HIDDEN, CRITIC_LAYERS, CRITIC_INIT_STD = 256, 3, 0.1
TARGET_MOMENTUM = 0.995
GAMMA, LAMBDA = 0.99, 0.95
CRITIC_LR, CRITIC_WD = 1e-3, 0.0
BOOTSTRAP = 2              # critic.bootstrapSamples
REWARD_RATE = 0.01         # critic.rewardScaleRate
ACTOR_LR, WARMUP = 2e-5, 32
W_RL, W_CONS, W_F = 1.0, 0.5, 0.2
TEMP_SCALE, MAX_TEMP, BW_FLOOR = 1e-3, 1e5, 1e-8
TIME_EMB = 16
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
POLICY = ARGS.policy or os.path.join(ROOT, "rldt/src/main/resources/io/rldt/policies/hopper-medium-flow.safetensors")


def load_avg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "NA"


# ----------------------------------------------------------------------------- pretrained policy

def load_policy(path):
    """Velocity-net parameters (weights as [in, out]) and the normalisation statistics."""
    t, meta = read_safetensors(path)
    obs_dim, d = int(meta["obs_dim"]), int(meta["action_dim"])
    if int(meta["horizon"]) != H or int(meta["denoising_steps"]) != K:
        raise ValueError(f"{path}: horizon {meta['horizon']}, K {meta['denoising_steps']}; expected {H}, {K}")
    w0 = t["policy.body.layers.0.weight"].T           # [D + 16 + O, 512], input order concat(x, emb, s)
    p = {
        "t1w": t["policy.time.fc1.weight"].T, "t1b": t["policy.time.fc1.bias"],
        "t2w": t["policy.time.fc2.weight"].T, "t2b": t["policy.time.fc2.bias"],
        "wx": w0[:d], "wt": w0[d:d + TIME_EMB], "ws": w0[d + TIME_EMB:], "b0": t["policy.body.layers.0.bias"],
        "l1w": t["policy.body.layers.1.l1.weight"].T, "l1b": t["policy.body.layers.1.l1.bias"],
        "l2w": t["policy.body.layers.1.l2.weight"].T, "l2b": t["policy.body.layers.1.l2.bias"],
        "ow": t["policy.body.layers.2.weight"].T, "ob": t["policy.body.layers.2.bias"],
    }
    if "policy.body.layers.3.weight" in t:
        raise ValueError(f"{path}: more than one residual block; this peer implements policy.residualBlocks = 1")
    f64 = lambda key: np.array([float(x) for x in meta[key].split(",")])  # noqa: E731
    stats = {k: f64(k) for k in ("obs_min", "obs_max", "action_min", "action_max")}
    if meta.get("normalize", "false") != "true":
        raise ValueError(f"{path}: expected a normalised policy (hopper-cpu has task.normalize = true)")
    return {k: jnp.asarray(v) for k, v in p.items()}, stats, obs_dim, d


# ----------------------------------------------------------------------------- velocity net (spec §1)

TIMES = np.arange(K, dtype=np.float32) / K           # t_k = k/K


def time_embedding(p):
    """The K grid times' embeddings: sinusoidal(16) -> Linear(16, 32) -> Mish -> Linear(32, 16): [K, 16]."""
    half = TIME_EMB // 2
    freq = jnp.exp(jnp.arange(half, dtype=jnp.float32) * -(math.log(10000.0) / (half - 1)))
    arg = jnp.asarray(TIMES)[:, None] * freq[None, :]
    e = jnp.concatenate([jnp.sin(arg), jnp.cos(arg)], axis=-1)           # [K, 16]
    h = e @ p["t1w"] + p["t1b"]
    h = h * jnp.tanh(jax.nn.softplus(h))                                 # Mish
    return h @ p["t2w"] + p["t2b"]


def body(p, pre):
    """Everything after the first layer: pre-activation residual block, output layer."""
    r = jax.nn.relu(jax.nn.relu(pre) @ p["l1w"] + p["l1b"]) @ p["l2w"] + p["l2b"]
    return (pre + r) @ p["ow"] + p["ob"]


def velocity(p, x, k, s):
    """v(x, t_k, s) for rows x [N, D], grid indices k [N] (int), s [N, O]: the first layer on
    concat(x, emb(t_k), s), each distinct time embedded once and its row gathered (Java's DistinctTimes). (Gathering
    rows of the time's 512-wide first-layer term instead, or a one-hot product, ran 5-8x slower in XLA CPU.)"""
    w0 = jnp.concatenate([p["wx"], p["wt"], p["ws"]], axis=0)
    pre = jnp.concatenate([x, time_embedding(p)[k], s], axis=-1) @ w0 + p["b0"]
    return body(p, pre)


def chain(p, s, x0):
    """K Euler steps from x0 for every row of s: (x_K [N, D], xs [K, N, D] = x_0..x_{K-1}, vs [K, N, D])."""
    s_term = s @ p["ws"] + p["b0"]            # the observation's part of the first layer: once per chain
    t_term = time_embedding(p) @ p["wt"]      # the time's part: once per grid time [K, 512]
    x, xs, vs = x0, [], []
    for k in range(K):
        v = body(p, x @ p["wx"] + t_term[k] + s_term)
        xs.append(x)
        vs.append(v)
        x = x + v * (1.0 / K)
    return x, jnp.stack(xs), jnp.stack(vs)


def final_actions(p, s, x0):
    """x_K only (bootstrap actions): the same K evaluations, the intermediate states not kept."""
    s_term = s @ p["ws"] + p["b0"]
    t_term = time_embedding(p) @ p["wt"]
    x = x0
    for k in range(K):
        x = x + body(p, x @ p["wx"] + t_term[k] + s_term) * (1.0 / K)
    return x


def gather_depth(stack, depth):
    """Row i of stack[depth[i]] for stack [K, N, D]."""
    return jnp.take_along_axis(stack, depth[None, :, None], axis=0)[0]


@jax.jit
def act_explore(p, obs, key, counter):
    """Rollout chunks [E, D]: a chain per observation, then a + ||a - a_dagger(x_i, t_i)|| * xi, i in {K-2, K-1}."""
    key = jax.random.fold_in(key, counter)
    k0, k1, k2 = jax.random.split(key, 3)
    n, d = obs.shape[0], p["wx"].shape[0]
    a, xs, vs = chain(p, obs, jax.random.normal(k0, (n, d)))
    depth = K - 2 + jax.random.randint(k1, (n,), 0, 2)
    remaining = 1.0 - depth.astype(jnp.float32) / K
    target = gather_depth(xs, depth) + remaining[:, None] * gather_depth(vs, depth)
    dist = jnp.sqrt(jnp.sum((a - target) ** 2, axis=-1, keepdims=True))
    return a + dist * jax.random.normal(k2, (n, d))


@jax.jit
def act_deterministic(p, obs):
    return final_actions(p, obs, jnp.zeros((obs.shape[0], p["wx"].shape[0]), jnp.float32))


@jax.jit
def bootstrap_inputs(p, next_obs, key, counter):
    """Critic inputs concat(s', a') [N, O + D], a' ~ pi(.|s') (stochastic, no exploration noise)."""
    key = jax.random.fold_in(key, counter)
    a = final_actions(p, next_obs, jax.random.normal(key, (next_obs.shape[0], p["wx"].shape[0])))
    return jnp.concatenate([next_obs, a], axis=-1)


# ----------------------------------------------------------------------------- critic (spec §4)

def init_critic(key, in_dim):
    widths = [in_dim] + [CRITIC_HIDDEN] * CRITIC_LAYERS + [1]
    keys = jax.random.split(key, len(widths) - 1)
    return [(CRITIC_INIT_STD * jax.random.normal(k, (MEMBERS, i, o)), jnp.zeros((MEMBERS, 1, o)))
            for k, i, o in zip(keys, widths[:-1], widths[1:])]


def critic_apply(c, x):
    """Q of every member: x [1 or M, N, in] -> [M, N] (SiLU hidden layers, identity output)."""
    for i, (w, b) in enumerate(c):
        x = x @ w + b
        if i < len(c) - 1:
            x = jax.nn.silu(x)
    return x[..., 0]


def adam_update(params, grads, m, v, step, lr, weight_decay=0.0, b1=0.9, b2=0.999, eps=1e-8):
    """PyTorch's Adam/AdamW (decoupled decay); step counts from 1."""
    m = jax.tree.map(lambda a, g: b1 * a + (1 - b1) * g, m, grads)
    v = jax.tree.map(lambda a, g: b2 * a + (1 - b2) * g * g, v, grads)
    bc1 = 1 - b1 ** step
    bc2 = jnp.sqrt(1 - b2 ** step)
    params = jax.tree.map(lambda w, a, b: w * (1 - lr * weight_decay) - lr * (a / bc1) / (jnp.sqrt(b) / bc2 + eps),
                          params, m, v)
    return params, m, v


def td_lambda(r, qbar, last, terminal):
    """y_t = r_t + gamma (1 - d_t) [(1 - lambda) Qbar_t + lambda y_{t+1}], y_{t+1} := Qbar_t at a trajectory's last
    row, d_t = terminal at that row: the linear recurrence y_t = a_t + b_t y_{t+1} as a reverse associative scan."""
    not_done = 1.0 - terminal
    a = r + GAMMA * not_done * qbar * ((1 - LAMBDA) + LAMBDA * last)
    b = GAMMA * LAMBDA * (1.0 - last)

    def combine(later, earlier):   # reverse scan: `later` holds rows further down the trajectory
        a_l, b_l = later
        a_e, b_e = earlier
        return a_e + b_e * a_l, b_e * b_l

    y, _ = jax.lax.associative_scan(combine, (a, b), reverse=True)
    return y


@partial(jax.jit, donate_argnums=(0,))
def critic_round(state, inputs, next_inputs, rewards, last, terminal):
    """CRITIC_STEPS critic steps. inputs [M, N_m, O + D] (member order), next_inputs [BOOTSTRAP * N, O + D]
    (sample-major), rewards/last/terminal [N] in row order (already divided by the reward scale)."""
    n = rewards.shape[0]

    def step(state, _):
        online, target, m, v, count = state
        tmin = jnp.min(critic_apply(target, next_inputs[None]), axis=0)          # [BOOTSTRAP * N]
        qbar = jnp.mean(tmin.reshape(BOOTSTRAP, n), axis=0)                       # [N]
        y = td_lambda(rewards, qbar, last, terminal).reshape(inputs.shape[0], -1)  # [M, N_m]

        def loss_fn(c):
            q = critic_apply(c, inputs)
            return jnp.sum(jnp.mean((q - y) ** 2, axis=1)), jnp.mean(q)

        (loss, q_mean), grads = jax.value_and_grad(loss_fn, has_aux=True)(online)
        count = count + 1
        online, m, v = adam_update(online, grads, m, v, count, CRITIC_LR, CRITIC_WD)
        target = jax.tree.map(lambda t, o: TARGET_MOMENTUM * t + (1 - TARGET_MOMENTUM) * o, target, online)
        return (online, target, m, v, count), (loss, q_mean, jnp.mean(y))

    state, stats = jax.lax.scan(step, state, None, length=CRITIC_STEPS)
    return state, jax.tree.map(jnp.mean, stats)


# ----------------------------------------------------------------------------- actor (spec §2, §3)

def svgd_field(q, a, g):
    """phi(q_i) = (1/P) sum_j [k(q_i, a_j) g_j + alpha k(q_i, a_j) (q_i - a_j)/h_i]; q, a, g [B, P, D]."""
    pc = a.shape[1]
    diff = q[:, :, None, :] - a[:, None, :, :]                       # [B, P, P', D]
    d2 = jnp.sum(diff * diff, axis=-1)                               # [B, P, P']
    med = jnp.sort(d2, axis=-1)[..., (pc - 1) // 2]                  # lower median
    h = jnp.maximum(med / (2.0 * math.log(pc + 1.0)), BW_FLOOR)      # [B, P]
    kern = jnp.exp(-d2 / (2.0 * h[..., None]))
    alpha = jnp.clip(TEMP_SCALE * jnp.mean(jnp.linalg.norm(g, axis=-1), axis=-1), 0.0, MAX_TEMP)   # [B]
    attraction = jnp.einsum("bij,bjd->bid", kern, g)
    repulsion = jnp.einsum("bij,bijd->bid", kern, diff) / h[..., None]
    return (attraction + alpha[:, None, None] * repulsion) / pc


@partial(jax.jit, donate_argnums=(0,))
def actor_step(state, ref, critic_online, states, key, counter):
    """One actor step on states [B, O], P particles each."""
    params, m, v, count = state
    key = jax.random.fold_in(key, counter)
    k_x0, k_depth, k_tp, k_eps = jax.random.split(key, 4)
    b, d = states.shape[0], params["wx"].shape[0]
    n = b * P
    s = jnp.repeat(states, P, axis=0)                                # [B*P, O], particle-major per state
    # 1-2. fresh chains, a depth per particle, queries q = x_k + (1 - t_k) v_k (no gradient through any of it)
    a, xs, vs = chain(params, s, jax.random.normal(k_x0, (n, d)))
    depth = jax.random.randint(k_depth, (n,), 0, K)
    tk = depth.astype(jnp.float32) / K
    xk = gather_depth(xs, depth)
    query = xk + (1.0 - tk)[:, None] * gather_depth(vs, depth)
    # 3. grad_a of the online members' mean Q at the chain ends
    grad = jax.grad(lambda act: jnp.sum(critic_apply(critic_online, jnp.concatenate([s, act], -1)[None]))
                    / MEMBERS)(a)
    # 4. the field
    phi = svgd_field(query.reshape(b, P, d), a.reshape(b, P, d), grad.reshape(b, P, d)).reshape(n, d)
    # Fisher inputs x' = (1 - t') eps' + t' a and v_ref there
    tp_idx = jax.random.randint(k_tp, (n,), 0, K)
    tp = (tp_idx.astype(jnp.float32) / K)[:, None]
    x_prime = (1.0 - tp) * jax.random.normal(k_eps, (n, d)) + tp * a
    v_ref = velocity(ref, x_prime, tp_idx, s)
    denom = (K * (1.0 - tk))[:, None]
    offset = (xk - a) / denom

    def loss_fn(p):
        vel = velocity(p, xk, depth, s)
        l_rl = -jnp.sum(vel * phi / denom) / n
        l_cons = jnp.sum((vel / K + offset) ** 2) / n
        l_f = jnp.sum((velocity(p, x_prime, tp_idx, s) - v_ref) ** 2) / n
        return W_RL * l_rl + W_CONS * l_cons + W_F * l_f, (l_rl, l_cons, l_f)

    (loss, parts), grads = jax.value_and_grad(loss_fn, has_aux=True)(params)
    lr = ACTOR_LR * jnp.minimum(1.0, (count + 1.0) / WARMUP)
    count = count + 1
    params, m, v = adam_update(params, grads, m, v, count, lr)
    return (params, m, v, count), (loss,) + parts


# ----------------------------------------------------------------------------- envs and rollouts

class ChunkedEnv:
    """Hopper-v4 with min-max normalised observations/actions and H-action chunks (Java's TaskEnvs.make): one step
    runs up to H env steps, stopping at an episode end; the reward is the undiscounted sum."""

    def __init__(self, stats, seed):
        self.env = gym.make(ENV_ID, disable_env_checker=True)      # TimeLimit(1000 env steps) inside the chunk
        self.seed = seed
        self.o_min, self.o_span = stats["obs_min"], stats["obs_max"] - stats["obs_min"] + 1e-6
        self.a_min, self.a_span = stats["action_min"], stats["action_max"] - stats["action_min"] + 1e-6
        self.adim = len(self.a_min)

    def _norm(self, o):
        return (2.0 * ((o - self.o_min) / self.o_span - 0.5)).astype(np.float32)

    def reset(self, seed=None):
        o, _ = self.env.reset(seed=seed)
        return self._norm(o)

    def step(self, chunk):
        total, executed = 0.0, 0
        term = trunc = False
        raw = (chunk.astype(np.float64).reshape(H, self.adim) + 1.0) / 2.0 * self.a_span + self.a_min
        for k in range(H):
            o, r, term, trunc, _ = self.env.step(raw[k])            # MuJoCo clamps ctrl to its range
            total += r
            executed += 1
            if term or trunc:
                break
        return self._norm(o), total, bool(term), bool(trunc), executed


class Carry:
    """The envs' current observations and running returns across iterations (episodes run on)."""

    def __init__(self, envs, seed):
        self.obs = np.stack([e.reset(seed=seed + i) for i, e in enumerate(envs)])
        self.running = np.zeros(len(envs))


def rollout(envs, carry, params, key, counter0):
    """T chunk steps in every env. Returns one group per env: dict of arrays of its T rows, trajectories cut at
    episode ends (`last`), plus the finished episodes' returns and the env steps taken."""
    n, o_dim = len(envs), carry.obs.shape[1]
    d = params["wx"].shape[0]
    obs = np.empty((n, T, o_dim), np.float32)
    nxt = np.empty((n, T, o_dim), np.float32)
    act = np.empty((n, T, d), np.float32)
    rew = np.empty((n, T), np.float32)
    last = np.zeros((n, T), np.float32)
    term = np.zeros((n, T), np.float32)
    returns, env_steps = [], 0
    cur = carry.obs
    for t in range(T):
        a = np.asarray(act_explore(params, cur, key, counter0 + t))   # one upload, one download per chunk step
        new = np.empty_like(cur)
        for i, env in enumerate(envs):
            o2, r, te, tr, executed = env.step(a[i])
            env_steps += executed
            obs[i, t], act[i, t], rew[i, t], nxt[i, t] = cur[i], a[i], r, o2
            carry.running[i] += r
            if te or tr:
                last[i, t], term[i, t] = 1.0, float(te)
                returns.append(carry.running[i])
                carry.running[i] = 0.0
                o2 = env.reset()
            new[i] = o2
        cur = new
    last[:, -1] = 1.0                                  # the unfinished tail bootstraps like a truncation
    carry.obs = cur
    groups = [dict(obs=obs[i], next=nxt[i], act=act[i], rew=rew[i], last=last[i], term=term[i]) for i in range(n)]
    return groups, returns, env_steps


# ----------------------------------------------------------------------------- the training loop

class Peer:
    def __init__(self, seed):
        self.params, self.stats, self.obs_dim, self.d = load_policy(POLICY)
        # Separate buffers for the reference: actor_step donates (consumes) the policy's.
        self.ref = jax.tree.map(jnp.copy, self.params)
        key = jax.random.PRNGKey(seed)
        self.k_roll, self.k_boot, self.k_actor, k_critic = jax.random.split(key, 4)
        online = init_critic(k_critic, self.obs_dim + self.d)
        zeros = lambda tree: jax.tree.map(jnp.zeros_like, tree)  # noqa: E731
        # Java's targets are copies of the online nets; separate buffers because critic_round donates its state.
        self.critic = (online, jax.tree.map(jnp.copy, online), zeros(online), zeros(online), jnp.zeros((), jnp.float32))
        self.actor = (jax.tree.map(jnp.copy, self.params), zeros(self.params), zeros(self.params), jnp.zeros((), jnp.float32))
        self.envs = [ChunkedEnv(self.stats, seed + i) for i in range(E)]
        self.carry = Carry(self.envs, seed)
        self.buffer = []                    # FIFO of iterations, each a list of E groups
        self.scale = float("nan")
        self.rng = np.random.default_rng(seed)
        self.counter = 0

    def next_counter(self, n=1):
        c = self.counter
        self.counter += n
        return c

    def observe_rewards(self, groups):
        mean_abs = float(np.mean(np.concatenate([np.abs(g["rew"]) for g in groups])))
        if math.isfinite(mean_abs) and mean_abs >= 1e-8:
            self.scale = mean_abs if math.isnan(self.scale) else (1 - REWARD_RATE) * self.scale + REWARD_RATE * mean_abs

    def divisor(self):
        return 1.0 if math.isnan(self.scale) or self.scale < 1e-8 else self.scale

    def sample(self, items, count):
        idx = self.rng.permutation(len(items))[:count]
        return [items[i] for i in idx]

    def iteration(self):
        times = {}
        t_start = time.perf_counter()
        groups, returns, env_steps = rollout(self.envs, self.carry, self.actor[0], self.k_roll, self.next_counter(T))
        times["rollout"] = time.perf_counter() - t_start
        self.observe_rewards(groups)
        older = [g for it in self.buffer for g in it]
        self.buffer.append(groups)
        if len(self.buffer) > BUFFER_ITERATIONS:
            self.buffer.pop(0)
        fresh_share = max(len(groups) / (len(groups) + len(older)), FRESH_FRACTION)
        fresh_count = min(len(groups), max(1, int(E * fresh_share + 1e-9)))
        old_count = min(len(older), E - fresh_count)
        t_boot = t_critic = t_actor = 0.0
        stats = {}
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            batch = self.sample(groups, fresh_count) + self.sample(older, old_count)
            batch = [batch[i] for i in self.rng.permutation(len(batch))]
            rows = [batch[m::MEMBERS] for m in range(MEMBERS)]         # member m: groups m, m + M, ...
            n_m = {sum(len(g["rew"]) for g in part) for part in rows}
            if len(n_m) != 1:
                raise AssertionError(f"members have {n_m} rows; this peer needs equal member batches")
            ordered = [g for part in rows for g in part]
            inputs = np.stack([np.concatenate([np.concatenate([g["obs"], g["act"]], axis=1) for g in part])
                               for part in rows])                          # [M, N_m, O + D]
            nxt = np.concatenate([g["next"] for g in ordered])             # [N, O]
            rewards = np.concatenate([g["rew"] for g in ordered]) / np.float32(self.divisor())
            last = np.concatenate([g["last"] for g in ordered])
            terminal = np.concatenate([g["term"] for g in ordered])
            t1 = time.perf_counter()
            next_inputs = bootstrap_inputs(self.actor[0], np.tile(nxt, (BOOTSTRAP, 1)), self.k_boot,
                                           self.next_counter())
            next_inputs.block_until_ready()
            t2 = time.perf_counter()
            self.critic, cst = critic_round(self.critic, inputs, next_inputs, rewards, last, terminal)
            stats["critic/loss"], stats["critic/q_mean"], stats["critic/target_mean"] = map(float, cst)
            t3 = time.perf_counter()
            for j in range(ACTOR_STEPS):
                start = j % min(STRIDE, len(batch))
                states = np.concatenate([g["obs"] for g in batch[start::STRIDE]])     # [B, O]
                self.actor, ast = actor_step(self.actor, self.ref, self.critic[0], states, self.k_actor,
                                             self.next_counter())
                stats["actor/loss"], stats["actor/loss_rl"], stats["actor/loss_consistency"], \
                    stats["actor/loss_fisher"] = map(float, ast)
                stats["actor/states"] = states.shape[0]
            t4 = time.perf_counter()
            t_critic += (t1 - t0) + (t3 - t2)      # batch assembly + the critic steps, as Java's critic_s - bootstrap_s
            t_boot += t2 - t1
            t_actor += t4 - t3
        self.ref = jax.tree.map(jnp.copy, self.actor[0])   # refreshReference (a copy: the next step donates)
        times.update(bootstrap=t_boot, critic=t_critic, actor=t_actor, iteration=time.perf_counter() - t_start)
        info = dict(env_steps=env_steps, episodes=len(returns),
                    train_return=float(np.mean(returns)) if returns else float("nan"),
                    reward_scale=self.divisor(), batch=f"{fresh_count}+{old_count}", **stats)
        return times, info


# ----------------------------------------------------------------------------- checks

def check_field():
    rng = np.random.default_rng(1)
    b, d = 3, 12
    q, a, g = (rng.standard_normal((b, P, d)).astype(np.float32) for _ in range(3))
    got = np.asarray(jax.jit(svgd_field)(q, a, g))
    want = np.zeros_like(got, dtype=np.float64)
    for s in range(b):
        alpha = min(max(TEMP_SCALE * np.mean([np.linalg.norm(g[s, j].astype(np.float64)) for j in range(P)]), 0), MAX_TEMP)
        for i in range(P):
            d2 = np.array([np.sum((q[s, i].astype(np.float64) - a[s, j]) ** 2) for j in range(P)])
            h = max(np.sort(d2)[(P - 1) // 2] / (2 * math.log(P + 1)), BW_FLOOR)
            for j in range(P):
                kk = math.exp(-d2[j] / (2 * h))
                want[s, i] += (kk * g[s, j] + alpha * kk * (q[s, i] - a[s, j]) / h) / P
    err = float(np.max(np.abs(got - want)) / max(1e-12, np.max(np.abs(want))))
    print(f"CHECK field: max relative error vs a float64 loop {err:.2e}", flush=True)
    if err > 1e-4:
        raise AssertionError("transport field differs from the float64 reference loop")


def check_td():
    rng = np.random.default_rng(2)
    n = 40
    r, q = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    last = np.zeros(n, np.float32)
    last[[6, 7, 20, n - 1]] = 1.0                      # trajectories [0, 6], [7], [8, 20], [21, 39]
    term = np.zeros(n, np.float32)
    term[[7, 20]] = 1.0
    got = np.asarray(jax.jit(td_lambda)(r, q, last, term))
    want, start = np.zeros(n), 0
    for end in np.flatnonzero(last):                   # TdTargets.compute, trajectory by trajectory
        nxt = float(q[end])
        for t in range(end, start - 1, -1):
            nd = 0.0 if (t == end and term[t]) else 1.0
            y = r[t] + GAMMA * nd * ((1 - LAMBDA) * q[t] + LAMBDA * nxt)
            want[t], nxt = y, y
        start = end + 1
    err = float(np.max(np.abs(got - want)))
    print(f"CHECK td(lambda): max abs error vs TdTargets' backwards loop {err:.2e}", flush=True)
    if err > 1e-4:
        raise AssertionError("TD(lambda) scan differs from the backwards loop")


def check_policy(peer):
    env = ChunkedEnv(peer.stats, 12345)
    o, total, done, steps = env.reset(seed=12345), 0.0, False, 0
    while not done:
        a = np.asarray(act_deterministic(peer.params, o[None]))[0]
        o, r, te, tr, n = env.step(a)
        total, done, steps = total + r, te or tr, steps + n
    print(f"CHECK policy: one deterministic Hopper-v4 episode: return {total:.1f} over {steps} env steps "
          f"(Java's evaluation of the same policy: ~980 over 20 episodes)", flush=True)


# ----------------------------------------------------------------------------- main

def main():
    print(f"INFO python={sys.version.split()[0]} jax={jax.__version__} numpy={np.__version__} "
          f"gymnasium={gym.__version__} mujoco={__import__('mujoco').__version__} threads={ARGS.threads} "
          f"affinity={sorted(os.sched_getaffinity(0))} XLA_FLAGS='{os.environ.get('XLA_FLAGS', '')}' "
          f"devices={jax.devices()}", flush=True)
    print(f"INFO preset hopper-cpu: envs={E} chunkSteps={T} H={H} K={K} P={P} rounds={ROUNDS} "
          f"criticSteps/round={CRITIC_STEPS} actorSteps/round={ACTOR_STEPS} stride={STRIDE} ensemble={MEMBERS} "
          f"critic={CRITIC_LAYERS}x{CRITIC_HIDDEN} bootstrapSamples={BOOTSTRAP} gamma={GAMMA} lambda={LAMBDA} "
          f"policy={os.path.relpath(POLICY, ROOT)}", flush=True)
    peer = Peer(ARGS.seed)
    if ARGS.check:
        check_field()
        check_td()
        check_policy(peer)
    for i in range(ARGS.warmup + ARGS.iterations):
        warm = i < ARGS.warmup
        before = load_avg()
        times, info = peer.iteration()
        after = load_avg()
        desc = " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in info.items())
        print(f"INFO iteration={i} {'warmup' if warm else 'timed'} load_before={before.replace(' ', ',')} "
              f"load_after={after.replace(' ', ',')} {desc}", flush=True)
        if warm:
            print("INFO warmup " + " ".join(f"{k}={v:.3f}" for k, v in times.items()), flush=True)
            continue
        for phase in ("rollout", "bootstrap", "critic", "actor", "iteration"):
            print(f"PHASE side=python phase={phase} seconds={times[phase]:.4f} iteration={i} threads={ARGS.threads}",
                  flush=True)


if __name__ == "__main__":
    sys.exit(main())
