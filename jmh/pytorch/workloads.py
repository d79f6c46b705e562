#!/usr/bin/env python3
"""The PyTorch peer of io.rldt.jmh.PeerTimings: the same workloads, timed the same way.

Prints one line per workload:
    RESULT name=<workload> median_ms=<ms> n=<runs> load_before=<1-min load> load_after=<1-min load>

Workloads (the reference workload of jmh/README.md: O = 17, A = 6, H = 4 so D = 24, B = 256 states,
P = 8 particles, K = 8 Euler steps; spec networks):
  gemm_MxKxN    torch.mm of [M,K] x [K,N] into a preallocated output
  mlp_velocity  v(x, t, s) fwd+bwd at batch 256, loss sum(v * w), parameter grads
  mlp_critic    both critic members fwd+bwd at batch 256, loss sum_m sum Q_m, parameter grads and dQ/da
  svgd_p8_d24   the batched SVGD field (vectorised over B, P, D as the authors' code does it)
  actor_step    one RLDT actor step (chains without grad, random depths, dQ/da, field, losses, backward, Adam)
  critic_step   one critic step (2 members on disjoint halves of 256 rows, MSE, backward, AdamW, EMA targets)
  sac_step      two env steps' worth of CleanRL SAC updates (sac_continuous_action.py, HalfCheetah sizes O = 17,
                A = 6, batch 256, 2x256 ReLU nets): odd step critic + Polyak, even step critic + 2 x (actor + alpha)
                + Polyak, each on a fresh replay draw (included) -- io.rldt.jmh.SacStepBench
  numpy_gemm_1024x256x256  numpy float32 matmul (OpenBLAS), the GEMM target reference

Usage: workloads.py --threads N [--only a,b] [--warmup s] [--measure s]
torch.set_num_threads(N) is always set (and OMP/OpenBLAS thread counts through the environment).
"""
import argparse
import math
import os
import sys
import time


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--only", default=None)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--measure", type=float, default=3.0)
    ap.add_argument("--phases", action="store_true", help="also print the actor step's median time per phase")
    return ap.parse_args()


ARGS = parse()
# Thread counts must be fixed before torch/numpy load their thread pools.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as Fn  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.set_num_interop_threads(1)
torch.manual_seed(0)

OBS, ACT, CHUNK = 17, 6, 4
D = ACT * CHUNK
B, P, K = 256, 8, 8
GEMM_SHAPES = ["64x256x256", "256x256x256", "1024x256x256", "256x57x512", "256x512x512", "256x41x256"]


def load():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "NA"


# ----------------------------------------------------------------------------- networks (spec §1, §4)

def sinusoidal(t, dim):
    """t [N, 1] -> [N, dim]: sin then cos of t * exp(-log(10000) * i / (half - 1)) (DPPO's SinusoidalPosEmb)."""
    half = dim // 2
    freq = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
    arg = t * freq[None, :]
    return torch.cat([arg.sin(), arg.cos()], dim=-1)


class VelocityNet(nn.Module):
    """concat(x [D], timeEmb(t) [16], s [O]) -> Linear(57, 512) -> pre-activation residual block -> Linear(512, D)."""

    def __init__(self, hidden=512):
        super().__init__()
        self.fc1 = nn.Linear(16, 32)
        self.fc2 = nn.Linear(32, 16)
        self.inp = nn.Linear(D + 16 + OBS, hidden)
        self.l1 = nn.Linear(hidden, hidden)
        self.l2 = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, D)

    def forward(self, x, t, s):
        emb = self.fc2(Fn.mish(self.fc1(sinusoidal(t, 16))))
        h = self.inp(torch.cat([x, emb, s], dim=-1))
        h = h + self.l2(torch.relu(self.l1(torch.relu(h))))
        return self.out(h)


def critic_member():
    net = nn.Sequential(nn.Linear(OBS + D, 256), nn.SiLU(), nn.Linear(256, 256), nn.SiLU(),
                        nn.Linear(256, 256), nn.SiLU(), nn.Linear(256, 1))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 0.1)
            nn.init.zeros_(m.bias)
    return net


# ----------------------------------------------------------------------------- SVGD field (spec §2)

def svgd_field(q, a, g, scale=1e-3, max_t=1e5, floor=1e-8):
    """q [B, P, D] queries, a [B, P', D] centres, g [B, P', D] = dQ/da at the centres -> phi [B, P, D]."""
    pc = a.shape[1]
    diff = q[:, :, None, :] - a[:, None, :, :]                 # [B, P, P', D]
    d2 = (diff * diff).sum(-1)                                 # [B, P, P']
    med = torch.median(d2, dim=-1).values                      # lower median for even P'
    h = (med / (2.0 * math.log(pc + 1))).clamp_min(floor)      # [B, P]
    kern = torch.exp(-d2 / (2.0 * h[..., None]))               # [B, P, P']
    alpha = (scale * g.norm(dim=-1).mean(-1)).clamp(0.0, max_t)  # [B]
    attraction = torch.bmm(kern, g)                            # [B, P, D]
    repulsion = (kern[..., None] * diff).sum(2) / h[..., None]   # [B, P, D]
    return (attraction + alpha[:, None, None] * repulsion) / pc


# ----------------------------------------------------------------------------- workloads

def make_gemm(shape):
    m, k, n = map(int, shape.split("x"))
    a, b, out = torch.randn(m, k), torch.randn(k, n), torch.empty(m, n)
    return lambda: torch.mm(a, b, out=out)


def make_mlp_velocity():
    net = VelocityNet()
    x, s, w = torch.randn(B, D), torch.randn(B, OBS), torch.randn(B, D)
    t = torch.randint(0, K, (B, 1)).float() / K

    def run():
        net.zero_grad(set_to_none=False)
        loss = (net(x, t, s) * w).sum()
        loss.backward()
        return loss
    return run


def make_mlp_critic():
    members = [critic_member() for _ in range(2)]
    s, act = torch.randn(B, OBS), torch.rand(B, D) * 2 - 1

    def run():
        for m in members:
            m.zero_grad(set_to_none=False)
        a = act.clone().requires_grad_(True)
        inp = torch.cat([s, a], dim=-1)
        total = sum(m(inp).sum() for m in members)
        total.backward()
        return a.grad
    return run


def make_svgd():
    q, a, g = torch.randn(B, P, D), torch.randn(B, P, D), torch.randn(B, P, D)

    def run():
        with torch.no_grad():
            return svgd_field(q, a, g)
    return run


class Agent:
    """The RLDT actor and critic of jmh/src/main/java/io/rldt/jmh/RldtStepBench (spec §2-§4)."""

    def __init__(self):
        self.net = VelocityNet()
        self.ref = VelocityNet()
        self.ref.load_state_dict(self.net.state_dict())
        for p in self.ref.parameters():
            p.requires_grad_(False)
        self.online = [critic_member() for _ in range(2)]
        self.target = [critic_member() for _ in range(2)]
        for o, t in zip(self.online, self.target):
            t.load_state_dict(o.state_dict())
            for p in t.parameters():
                p.requires_grad_(False)
        self.actor_opt = torch.optim.Adam(self.net.parameters(), lr=2e-5)
        self.critic_opt = torch.optim.AdamW([p for m in self.online for p in m.parameters()], lr=1e-3,
                                            weight_decay=0.0)
        self.step_count = 0

    def actor_step(self, states, marks=None):
        mark = (lambda name: marks.append((name, time.perf_counter()))) if marks is not None else (lambda name: None)
        mark("start")
        n = B * P
        s = states.repeat_interleave(P, dim=0)                         # [B*P, O]
        with torch.no_grad():
            x = torch.randn(n, D)
            xs, vs = [], []
            for k in range(K):
                t = torch.full((n, 1), k / K)
                v = self.net(x, t, s)
                xs.append(x)
                vs.append(v)
                x = x + v / K
            a = x                                                      # [B*P, D]
            depth = torch.randint(0, K, (n,))
            rows = torch.arange(n)
            xk = torch.stack(xs)[depth, rows]                          # [B*P, D]
            vk = torch.stack(vs)[depth, rows]
            tk = (depth.float() / K)[:, None]                          # [B*P, 1]
            query = xk + (1 - tk) * vk
        mark("chains")
        a_req = a.clone().requires_grad_(True)
        inp = torch.cat([s, a_req], dim=-1)
        q = sum(m(inp).sum() for m in self.online) / len(self.online)
        g = torch.autograd.grad(q, a_req)[0]
        mark("critic gradient")
        with torch.no_grad():
            phi = svgd_field(query.view(B, P, D), a.view(B, P, D), g.view(B, P, D)).view(n, D)
            mark("transport field")
            t_prime = (torch.randint(0, K, (n, 1)).float() / K)
            x_prime = (1 - t_prime) * torch.randn(n, D) + t_prime * a
            v_ref = self.ref(x_prime, t_prime, s)
            denom = K * (1 - tk)
        v = self.net(xk, tk, s)
        loss_rl = -(v * phi / denom).sum() / n
        loss_cons = ((v / K + (xk - a) / denom) ** 2).sum() / n
        loss_f = ((self.net(x_prime, t_prime, s) - v_ref) ** 2).sum() / n
        loss = loss_rl + 0.5 * loss_cons + 0.2 * loss_f
        mark("velocity forwards (v_ref, x_k, x')")
        self.actor_opt.zero_grad(set_to_none=False)
        loss.backward()
        mark("backward")
        self.step_count += 1
        for group in self.actor_opt.param_groups:
            group["lr"] = 2e-5 * min(1.0, self.step_count / 32)
        self.actor_opt.step()
        mark("optimizer")
        return loss

    def critic_step(self, inputs, targets):
        self.critic_opt.zero_grad(set_to_none=False)
        loss = sum(Fn.mse_loss(m(x), y) for m, x, y in zip(self.online, inputs, targets))
        loss.backward()
        self.critic_opt.step()
        with torch.no_grad():
            for o, t in zip(self.online, self.target):
                for po, pt in zip(o.parameters(), t.parameters()):
                    pt.lerp_(po, 1 - 0.995)
        return loss


def make_actor_step():
    agent, states = Agent(), torch.randn(B, OBS)
    return lambda: agent.actor_step(states)


def make_critic_step():
    agent = Agent()
    rows = B // 2
    inputs = [torch.cat([torch.randn(rows, OBS), torch.rand(rows, D) * 2 - 1], dim=-1) for _ in range(2)]
    targets = [torch.randn(rows, 1) for _ in range(2)]
    return lambda: agent.critic_step(inputs, targets)


# ----------------------------------------------------------------------------- SAC (CleanRL)
# cleanrl/sac_continuous_action.py (the version with the alpha, not log-alpha, temperature loss), networks and
# update copied as written there, on HalfCheetah-v4's sizes with an action box [-1, 1]^6.

SAC_OBS, SAC_ACT, SAC_BATCH, SAC_REPLAY = 17, 6, 256, 100_000
LOG_STD_MAX, LOG_STD_MIN = 2, -5


class SoftQNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(SAC_OBS + SAC_ACT, 256)
        self.fc2 = nn.Linear(256, 256)
        self.fc3 = nn.Linear(256, 1)

    def forward(self, x, a):
        x = torch.cat([x, a], 1)
        x = Fn.relu(self.fc1(x))
        x = Fn.relu(self.fc2(x))
        return self.fc3(x)


class SacActor(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(SAC_OBS, 256)
        self.fc2 = nn.Linear(256, 256)
        self.fc_mean = nn.Linear(256, SAC_ACT)
        self.fc_logstd = nn.Linear(256, SAC_ACT)
        self.register_buffer("action_scale", torch.ones(SAC_ACT))   # (high - low) / 2 for the box [-1, 1]
        self.register_buffer("action_bias", torch.zeros(SAC_ACT))

    def forward(self, x):
        x = Fn.relu(self.fc1(x))
        x = Fn.relu(self.fc2(x))
        mean = self.fc_mean(x)
        log_std = torch.tanh(self.fc_logstd(x))
        log_std = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (log_std + 1)
        return mean, log_std

    def get_action(self, x):
        mean, log_std = self(x)
        std = log_std.exp()
        normal = torch.distributions.Normal(mean, std)
        x_t = normal.rsample()
        y_t = torch.tanh(x_t)
        action = y_t * self.action_scale + self.action_bias
        log_prob = normal.log_prob(x_t)
        log_prob -= torch.log(self.action_scale * (1 - y_t.pow(2)) + 1e-6)
        log_prob = log_prob.sum(1, keepdim=True)
        mean = torch.tanh(mean) * self.action_scale + self.action_bias
        return action, log_prob, mean


class SacReplay:
    """s, s' ~ N(0, 1), a ~ U(-1, 1), r ~ 5 + N(0, 1), never terminated (as SacStepBench); numpy storage and
    uniform draws with replacement, converted to tensors per batch as stable-baselines3's buffer does."""

    def __init__(self, n, rng):
        self.obs = rng.standard_normal((n, SAC_OBS), dtype=np.float32)
        self.next_obs = rng.standard_normal((n, SAC_OBS), dtype=np.float32)
        self.actions = rng.uniform(-1, 1, (n, SAC_ACT)).astype(np.float32)
        self.rewards = (5 + rng.standard_normal((n, 1))).astype(np.float32)
        self.dones = np.zeros((n, 1), np.float32)
        self.rng = rng

    def sample(self, b):
        i = self.rng.integers(0, len(self.obs), size=b)
        return tuple(torch.from_numpy(x[i]) for x in (self.obs, self.actions, self.next_obs, self.dones, self.rewards))


class Sac:
    """CleanRL's defaults: gamma 0.99, tau 0.005, policy_lr 3e-4, q_lr 1e-3, policy_frequency 2,
    target_network_frequency 1, autotune with target entropy -|A|."""

    def __init__(self):
        self.actor = SacActor()
        self.qf1, self.qf2 = SoftQNetwork(), SoftQNetwork()
        self.qf1_target, self.qf2_target = SoftQNetwork(), SoftQNetwork()
        self.qf1_target.load_state_dict(self.qf1.state_dict())
        self.qf2_target.load_state_dict(self.qf2.state_dict())
        self.q_optimizer = torch.optim.Adam(list(self.qf1.parameters()) + list(self.qf2.parameters()), lr=1e-3)
        self.actor_optimizer = torch.optim.Adam(list(self.actor.parameters()), lr=3e-4)
        self.target_entropy = -float(SAC_ACT)
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.alpha = self.log_alpha.exp().item()
        self.a_optimizer = torch.optim.Adam([self.log_alpha], lr=1e-3)
        self.gamma, self.tau = 0.99, 0.005

    def update(self, data, global_step):
        """The body of CleanRL's training loop after `data = rb.sample(batch_size)`."""
        obs, actions, next_obs, dones, rewards = data
        stats = {}
        with torch.no_grad():
            next_state_actions, next_state_log_pi, _ = self.actor.get_action(next_obs)
            qf1_next_target = self.qf1_target(next_obs, next_state_actions)
            qf2_next_target = self.qf2_target(next_obs, next_state_actions)
            min_qf_next_target = torch.min(qf1_next_target, qf2_next_target) - self.alpha * next_state_log_pi
            next_q_value = rewards.flatten() + (1 - dones.flatten()) * self.gamma * (min_qf_next_target).view(-1)

        qf1_a_values = self.qf1(obs, actions).view(-1)
        qf2_a_values = self.qf2(obs, actions).view(-1)
        qf1_loss = Fn.mse_loss(qf1_a_values, next_q_value)
        qf2_loss = Fn.mse_loss(qf2_a_values, next_q_value)
        qf_loss = qf1_loss + qf2_loss
        self.q_optimizer.zero_grad()
        qf_loss.backward()
        self.q_optimizer.step()
        stats["critic_loss"] = qf_loss

        if global_step % 2 == 0:  # policy_frequency
            for _ in range(2):
                pi, log_pi, _ = self.actor.get_action(obs)
                qf1_pi = self.qf1(obs, pi)
                qf2_pi = self.qf2(obs, pi)
                min_qf_pi = torch.min(qf1_pi, qf2_pi)
                actor_loss = ((self.alpha * log_pi) - min_qf_pi).mean()
                self.actor_optimizer.zero_grad()
                actor_loss.backward()
                self.actor_optimizer.step()

                with torch.no_grad():
                    _, log_pi, _ = self.actor.get_action(obs)
                alpha_loss = (-self.log_alpha.exp() * (log_pi + self.target_entropy)).mean()
                self.a_optimizer.zero_grad()
                alpha_loss.backward()
                self.a_optimizer.step()
                self.alpha = self.log_alpha.exp().item()
                stats["actor_loss"], stats["alpha_loss"], stats["pi"] = actor_loss, alpha_loss, pi

        if global_step % 1 == 0:  # target_network_frequency
            for param, target_param in zip(self.qf1.parameters(), self.qf1_target.parameters()):
                target_param.data.copy_(self.tau * param.data + (1 - self.tau) * target_param.data)
            for param, target_param in zip(self.qf2.parameters(), self.qf2_target.parameters()):
                target_param.data.copy_(self.tau * param.data + (1 - self.tau) * target_param.data)
        stats["q1"], stats["log_pi"] = qf1_a_values, next_state_log_pi
        return stats


def check_sac():
    """The checks of SacStepBench.setup: 30 updates on a fixed batch, finite losses, shapes, a falling critic loss."""
    torch.manual_seed(1)
    agent, rb = Sac(), SacReplay(10_000, np.random.default_rng(2))
    fixed = rb.sample(SAC_BATCH)
    critic = []
    for step in range(1, 31):
        st = agent.update(fixed, step)
        critic.append(st["critic_loss"].item())
        for k in ("critic_loss", "actor_loss", "alpha_loss"):
            if k in st and not math.isfinite(st[k].item()):
                raise AssertionError(f"sac_step: {k} = {st[k].item()} at step {step}")
        if step % 2 == 0 and "actor_loss" not in st:
            raise AssertionError("sac_step: an even step trained no actor")
    if tuple(st["pi"].shape) != (SAC_BATCH, SAC_ACT) or tuple(st["log_pi"].shape) != (SAC_BATCH, 1) \
            or tuple(st["q1"].shape) != (SAC_BATCH,):
        raise AssertionError(f"sac_step: shapes pi {tuple(st['pi'].shape)} log_pi {tuple(st['log_pi'].shape)} "
                             f"q {tuple(st['q1'].shape)}")
    first, last = sum(critic[:5]) / 5, sum(critic[-5:]) / 5
    if not last < 0.9 * first:
        raise AssertionError(f"sac_step: critic loss {first} -> {last} over 30 steps on a fixed batch")
    return first, last


def make_sac_step():
    first, last = check_sac()
    print(f"INFO check sac_step: 30 updates on a fixed batch: finite losses, shapes pi [256,6] log_pi [256,1] "
          f"q [256], critic loss {first:.1f} -> {last:.1f} (mean of first/last 5)", flush=True)
    agent, rb = Sac(), SacReplay(SAC_REPLAY, np.random.default_rng(3))
    step = [0]

    def run():
        step[0] += 1
        agent.update(rb.sample(SAC_BATCH), step[0])           # odd: critic + Polyak
        step[0] += 1
        return agent.update(rb.sample(SAC_BATCH), step[0])    # even: critic + 2 x (actor + alpha) + Polyak
    return run


def make_numpy_gemm():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((1024, 256), dtype=np.float32)
    b = rng.standard_normal((256, 256), dtype=np.float32)
    out = np.empty((1024, 256), dtype=np.float32)
    return lambda: np.matmul(a, b, out=out)


def workloads():
    w = {}
    for shape in GEMM_SHAPES:
        w["gemm_" + shape] = lambda shape=shape: make_gemm(shape)
    w["mlp_velocity"] = make_mlp_velocity
    w["mlp_critic"] = make_mlp_critic
    w["svgd_p8_d24"] = make_svgd
    w["actor_step"] = make_actor_step
    w["critic_step"] = make_critic_step
    w["sac_step"] = make_sac_step
    w["numpy_gemm_1024x256x256"] = make_numpy_gemm
    return w


def time_it(name, fn, warmup, measure):
    end = time.perf_counter() + warmup
    i = 0
    while i < 3 or time.perf_counter() < end:
        fn()
        i += 1
    before = load()
    ms = []
    end = time.perf_counter() + measure
    while len(ms) < 5 or (time.perf_counter() < end and len(ms) < 10000):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    after = load()
    ms.sort()
    n = len(ms)
    median = ms[n // 2] if n % 2 else (ms[n // 2 - 1] + ms[n // 2]) / 2
    print(f"RESULT name={name} median_ms={median:.6f} n={n} load_before={before} load_after={after}", flush=True)


def blas_info():
    """Which BLAS kernel numpy runs: threadpoolctl when installed, else OpenBLAS's own openblas_get_corename."""
    try:
        from threadpoolctl import threadpool_info
        return ";".join(f"{i.get('internal_api')}:{i.get('architecture')}:{i.get('num_threads')}"
                        for i in threadpool_info())
    except ImportError:
        pass
    import ctypes
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "openblas" in line.split()[-1]})
    out = []
    for lib in libs:
        try:
            h = ctypes.CDLL(lib)
            h.openblas_get_corename.restype = ctypes.c_char_p
            h.openblas_get_config.restype = ctypes.c_char_p
            out.append(f"{os.path.basename(lib)}:core={h.openblas_get_corename().decode()}:"
                       f"threads={h.openblas_get_num_threads()}")
        except (OSError, AttributeError):
            out.append(os.path.basename(lib))
    env = ",".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ)
    return ";".join(out) + ";env=" + (env or "none")


def actor_phases(warmup_runs=2, runs=5):
    """Median ms per phase of the actor step (phases as in jmh/tools/jfr_breakdown.py)."""
    agent, states = Agent(), torch.randn(B, OBS)
    per = {}
    for i in range(warmup_runs + runs):
        marks = []
        agent.actor_step(states, marks)
        if i < warmup_runs:
            continue
        for (_, t0), (name, t1) in zip(marks, marks[1:]):
            per.setdefault(name, []).append((t1 - t0) * 1e3)
    for name, v in per.items():
        v.sort()
        print(f"PHASE name=actor_step phase={name.replace(' ', '_')} median_ms={v[len(v) // 2]:.3f}", flush=True)


def main():
    only = ARGS.only.split(",") if ARGS.only else None
    np.matmul(np.ones((64, 64), np.float32), np.ones((64, 64), np.float32))  # loads the BLAS library
    print(f"INFO torch={torch.__version__} numpy={np.__version__} threads={torch.get_num_threads()} "
          f"blas={blas_info()}", flush=True)
    for name, factory in workloads().items():
        if only and not any(name.startswith(o) for o in only):
            continue
        fn = factory()
        time_it(name, fn, ARGS.warmup, ARGS.measure)
    if ARGS.phases:
        actor_phases()


if __name__ == "__main__":
    sys.exit(main())
