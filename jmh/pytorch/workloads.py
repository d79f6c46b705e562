#!/usr/bin/env python3
"""The PyTorch peer of io.rldt.jmh.PeerTimings: the same workloads, timed the same way, in eager mode or under
torch.compile, checked against the Java reference (io.rldt.jmh.PeerReference) before timing.

Prints one line per workload:
    RESULT name=<workload> median_ms=<ms> n=<runs> load_before=<1-min load> load_after=<1-min load>
and, before it, `INFO check name=<workload> max_rel_diff=<err> tol=<tol> worst=<tensor>` (with --reference; the
process exits non-zero when a check fails, before that workload is timed) and, with --impl compile,
`INFO compile name=<workload> seconds=<s>` (the time the first calls took beyond the steady-state median: dynamo
tracing, inductor code generation and every recompilation; excluded from the timing, which starts after the
warm-up).

Workloads (the reference workload of jmh/README.md: O = 17, A = 6, H = 4 so D = 24, B = 256 states,
P = 8 particles, K = 8 Euler steps; spec networks):
  gemm_MxKxN    torch.mm of [M,K] x [K,N] (eager: into a preallocated output)
  mlp_velocity  v(x, t, s) fwd+bwd at batch 256, loss sum(v * w), parameter grads
  mlp_critic    both critic members fwd+bwd at batch 256, loss sum_m sum Q_m, parameter grads and dQ/da
  svgd_p8_d24   the batched SVGD field (vectorised over B, P, D as the authors' code does it)
  actor_step    one RLDT actor step (chains without grad, random depths, dQ/da, field, losses, backward, Adam)
  critic_step   one critic step (2 members on disjoint halves of 256 rows, MSE, backward, AdamW, EMA targets)
  sac_step      two env steps' worth of CleanRL SAC updates (sac_continuous_action.py, HalfCheetah sizes O = 17,
                A = 6, batch 256, 2x256 ReLU nets): odd step critic + Polyak, even step critic + 2 x (actor + alpha)
                + Polyak, each on a fresh replay draw (included) -- io.rldt.jmh.SacStepBench
  numpy_gemm_1024x256x256  numpy float32 matmul (OpenBLAS), the GEMM target reference

--impl compile wraps the per-step functions in torch.compile (default mode, inductor): the forward-loss
functions of the MLP workloads (AOTAutograd compiles their backward), the field, and the whole actor, critic and
SAC step functions including backward and the optimiser step (dynamo splits the graph at backward and at
autograd.grad; Adam/AdamW run compiled with a tensor learning rate, so the actor's warm-up schedule causes no
recompilation). SAC follows LeanRL's torch.compile port of CleanRL (pytorch-labs/LeanRL): alpha kept as a tensor
instead of .item(), critic and policy updates compiled as functions.

The random draws of the actor step (chain noise, depths, Fisher time and noise) are made by the step's caller
(torch.randn / torch.randint, eager, inside the timed call) and passed in, so the check can pass the Java draws.

Usage: workloads.py --threads N [--impl eager|compile] [--reference DIR] [--only a,b] [--warmup s] [--measure s]
torch.set_num_threads(N) is always set (and OMP/OpenBLAS thread counts through the environment).
"""
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as R  # noqa: E402

_ap = R.cli("PyTorch peer of io.rldt.jmh.PeerTimings")
_ap.add_argument("--impl", choices=["eager", "compile"], default="eager")
_ap.add_argument("--phases", action="store_true", help="also print the actor step's median time per phase (eager)")
ARGS = _ap.parse_args()
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

COMPILED = ARGS.impl == "compile"
OBS, ACT, D, B, P, K, N = R.OBS, R.ACT, R.D, R.B, R.P, R.K, R.N


def compiled(fn, **kw):
    """torch.compile(fn) under --impl compile, else fn itself (the same Python code runs either way)."""
    return torch.compile(fn, **kw) if COMPILED else fn


def T(x):
    """A numpy array from the reference as a torch tensor."""
    return torch.from_numpy(np.ascontiguousarray(x))


def call_timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


# ----------------------------------------------------------------------------- networks (spec §1, §4)

def sinusoidal_frequencies(dim):
    """exp(-i log(10000) / (half - 1)), i < half, computed in double then rounded (as the Java F.sinusoidalEmbedding)."""
    half = dim // 2
    return torch.from_numpy(np.exp(-np.arange(half) * (math.log(10000.0) / (half - 1))).astype(np.float32))


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
        self.register_buffer("freq", sinusoidal_frequencies(16))

    def forward(self, x, t, s):
        arg = t * self.freq[None, :]                                 # DPPO's SinusoidalPosEmb: sin, then cos
        emb = self.fc2(Fn.mish(self.fc1(torch.cat([arg.sin(), arg.cos()], dim=-1))))
        h = self.inp(torch.cat([x, emb, s], dim=-1))
        h = h + self.l2(torch.relu(self.l1(torch.relu(h))))
        return self.out(h)

    def java_layers(self):
        """Java parameter-name prefix (io.rldt.core.policy.VelocityNet) -> the layer holding it."""
        return {"time.fc1": self.fc1, "time.fc2": self.fc2, "body.layers.0": self.inp,
                "body.layers.1.l1": self.l1, "body.layers.1.l2": self.l2, "body.layers.2": self.out}


def critic_member():
    net = nn.Sequential(nn.Linear(OBS + D, 256), nn.SiLU(), nn.Linear(256, 256), nn.SiLU(),
                        nn.Linear(256, 256), nn.SiLU(), nn.Linear(256, 1))
    for m in net:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, 0.0, 0.1)
            nn.init.zeros_(m.bias)
    return net


def critic_layers(members):
    """Java names of io.rldt.core.critic.CriticEnsemble's online/target modules: '<m>.layers.<i>' -> Linear."""
    return {f"{m}.layers.{i}": layer for m, net in enumerate(members)
            for i, layer in enumerate(l for l in net if isinstance(l, nn.Linear))}


def java_params(layers):
    """{'<prefix>.weight': Parameter, '<prefix>.bias': Parameter} for a java_layers() mapping."""
    out = {}
    for prefix, lin in layers.items():
        out[prefix + ".weight"], out[prefix + ".bias"] = lin.weight, lin.bias
    return out


def load_java(layers, tensors):
    """Copies the Java parameters (same [out, in] layout) into the layers; every name must match."""
    params = java_params(layers)
    if set(params) != set(tensors):
        raise AssertionError(f"parameter names differ from the reference: {sorted(set(params) ^ set(tensors))}")
    with torch.no_grad():
        for k, p in params.items():
            p.copy_(T(tensors[k]))


def grads_of(layers):
    return {k: (p.grad if p.grad is not None else torch.zeros_like(p)).detach() for k, p in java_params(layers).items()}


def values_of(layers):
    return {k: p.detach() for k, p in java_params(layers).items()}


def make_adam(params, lr, adamw=False, weight_decay=0.0):
    """torch.optim.Adam/AdamW. Compiled runs get a tensor learning rate: a changing float lr would be a constant
    to dynamo and recompile the step on every change (the actor's warm-up)."""
    cls = torch.optim.AdamW if adamw else torch.optim.Adam
    kw = {"weight_decay": weight_decay} if adamw else {}
    return cls(params, lr=torch.tensor(lr) if COMPILED else lr, **kw)


def set_lr(opt, lr):
    for g in opt.param_groups:
        if torch.is_tensor(g["lr"]):
            g["lr"].fill_(lr)
        else:
            g["lr"] = lr


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
# Each factory takes the workload's reference (None: own random init, no check), runs the check through the same
# (possibly compiled) functions it then times, and returns (timed closure, durations of the calls made so far).

def make_gemm(shape, ref):
    m, k, n = map(int, shape.split("x"))
    a, b = (T(ref["input.a"]), T(ref["input.b"])) if ref else (torch.randn(m, k), torch.randn(k, n))
    if COMPILED:
        mm = torch.compile(lambda x, y: torch.mm(x, y))
        run = lambda: mm(a, b)  # noqa: E731
    else:
        out = torch.empty(m, n)
        run = lambda: torch.mm(a, b, out=out)  # noqa: E731
    c, dt = call_timed(run)
    if ref:
        chk = R.Check("gemm_" + shape)
        chk.compare("out.c", c, ref["out.c"])
        chk.report()
    return run, [dt]


def make_mlp_velocity(ref):
    net = VelocityNet()
    if ref:
        load_java(net.java_layers(), ref.group("param."))
        x, t, s, w = (T(ref["input." + k]) for k in "xtsw")
    else:
        x, s, w = torch.randn(B, D), torch.randn(B, OBS), torch.randn(B, D)
        t = torch.randint(0, K, (B, 1)).float() / K
    loss_fn = compiled(lambda x, t, s, w: (net(x, t, s) * w).sum())

    def run():
        net.zero_grad(set_to_none=False)
        loss = loss_fn(x, t, s, w)
        loss.backward()
        return loss
    loss, dt = call_timed(run)
    if ref:
        chk = R.Check("mlp_velocity")
        chk.compare("out.loss", loss.item(), ref["out.loss"])
        chk.compare_all("grad.", grads_of(net.java_layers()), ref.group("grad."))
        chk.report()
    return run, [dt]


def make_mlp_critic(ref):
    members = [critic_member() for _ in range(2)]
    if ref:
        load_java(critic_layers(members), ref.group("param."))
        s, act = T(ref["input.s"]), T(ref["input.actions"])
    else:
        s, act = torch.randn(B, OBS), torch.rand(B, D) * 2 - 1

    def q_total(s, a):
        inp = torch.cat([s, a], dim=-1)
        return sum(m(inp).sum() for m in members)
    q_fn = compiled(q_total)

    def run():
        for m in members:
            m.zero_grad(set_to_none=False)
        a = act.clone().requires_grad_(True)
        total = q_fn(s, a)
        total.backward()
        return total, a.grad
    (total, grad_a), dt = call_timed(run)
    if ref:
        chk = R.Check("mlp_critic")
        chk.compare("out.q_sum", total.item(), ref["out.q_sum"])
        chk.compare("out.grad_actions", grad_a, ref["out.grad_actions"])
        chk.compare_all("grad.", grads_of(critic_layers(members)), ref.group("grad."))
        chk.report()
    return run, [dt]


def make_svgd(ref):
    field = compiled(svgd_field)
    if ref:
        q, a, g = (T(ref["input." + k]) for k in ("queries", "centres", "gradients"))
    else:
        q, a, g = torch.randn(B, P, D), torch.randn(B, P, D), torch.randn(B, P, D)

    def run():
        with torch.no_grad():
            return field(q, a, g)
    phi, dt = call_timed(run)
    first = [dt]
    if ref:
        chk = R.Check("svgd_p8_d24")
        chk.compare("out.phi", phi, ref["out.phi"])
        for case in sorted({k.split(".")[1] for k in ref.tensors if k.startswith("case.")}):
            c = ref.group(f"case.{case}.")
            with torch.no_grad():   # other shapes: a recompilation under --impl compile, counted as compile time
                (phi_c, dt) = call_timed(field, T(c["queries"]), T(c["centres"]), T(c["gradients"]))
            first.append(dt)
            chk.compare(f"case.{case}.phi", phi_c, c["phi"])
        chk.report()
    return run, first


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
        self.actor_opt = make_adam(self.net.parameters(), 2e-5)
        self.critic_opt = make_adam([p for m in self.online for p in m.parameters()], 1e-3, adamw=True,
                                    weight_decay=0.0)
        self.actor_steps = 0
        # What the timed closures call: the same methods, compiled under --impl compile.
        self.actor_step_fn = compiled(self.actor_step)
        self.critic_step_fn = compiled(self.critic_step)

    def next_actor_lr(self):
        """Linear warm-up over 32 steps (lr 2e-5), as RldtAgent.actorStep; set outside the compiled step."""
        self.actor_steps += 1
        set_lr(self.actor_opt, 2e-5 * min(1.0, self.actor_steps / 32))

    def actor_step(self, states, x0, depth, tprime_index, eps, marks=None):
        """One actor step on states [B, O] with the step's draws: x0 [N, D] chain noise, depth [N] and
        tprime_index [N] in 0..K-1, eps [N, D] Fisher noise (N = B*P particles, particle-major)."""
        mark = (lambda name: marks.append((name, time.perf_counter()))) if marks is not None else (lambda name: None)
        mark("start")
        s = states.repeat_interleave(P, dim=0)                         # [N, O]
        with torch.no_grad():
            x = x0
            xs, vs = [], []
            for k in range(K):
                t = torch.full((N, 1), k / K)
                v = self.net(x, t, s)
                xs.append(x)
                vs.append(v)
                x = x + v / K
            a = x                                                      # [N, D]
            rows = torch.arange(N)
            xk = torch.stack(xs)[depth, rows]                          # [N, D]
            vk = torch.stack(vs)[depth, rows]
            tk = (depth.float() / K)[:, None]                          # [N, 1]
            query = xk + (1 - tk) * vk
        mark("chains")
        a_req = a.clone().requires_grad_(True)
        inp = torch.cat([s, a_req], dim=-1)
        q = sum(m(inp).sum() for m in self.online) / len(self.online)
        g = torch.autograd.grad(q, a_req)[0]
        mark("critic gradient")
        with torch.no_grad():
            phi = svgd_field(query.view(B, P, D), a.view(B, P, D), g.view(B, P, D)).view(N, D)
            mark("transport field")
            t_prime = (tprime_index.float() / K)[:, None]
            x_prime = (1 - t_prime) * eps + t_prime * a
            v_ref = self.ref(x_prime, t_prime, s)
            denom = K * (1 - tk)
        v = self.net(xk, tk, s)
        loss_rl = -(v * phi / denom).sum() / N
        loss_cons = ((v / K + (xk - a) / denom) ** 2).sum() / N
        loss_f = ((self.net(x_prime, t_prime, s) - v_ref) ** 2).sum() / N
        loss = loss_rl + 0.5 * loss_cons + 0.2 * loss_f
        mark("velocity forwards (v_ref, x_k, x')")
        self.actor_opt.zero_grad(set_to_none=False)
        loss.backward()
        mark("backward")
        self.actor_opt.step()
        mark("optimizer")
        return {"loss": loss.detach(), "loss_rl": loss_rl.detach(), "loss_consistency": loss_cons.detach(),
                "loss_fisher": loss_f.detach(), "actions": a, "query": query, "grad_q": g, "phi": phi}

    def critic_step(self, inputs, targets):
        self.critic_opt.zero_grad(set_to_none=False)
        loss = sum(Fn.mse_loss(m(x), y) for m, x, y in zip(self.online, inputs, targets))
        loss.backward()
        self.critic_opt.step()
        with torch.no_grad():
            for o, t in zip(self.online, self.target):
                for po, pt in zip(o.parameters(), t.parameters()):
                    pt.lerp_(po, 1 - 0.995)
        return loss.detach()


def actor_draws():
    return torch.randn(N, D), torch.randint(0, K, (N,)), torch.randint(0, K, (N,)), torch.randn(N, D)


def make_actor_step(ref):
    agent = Agent()
    if ref:
        load_java(agent.net.java_layers(), ref.group("param."))
        load_java(agent.ref.java_layers(), ref.group("ref."))
        load_java(critic_layers(agent.online), ref.group("critic."))
        states = T(ref["input.states"])
    else:
        states = torch.randn(B, OBS)

    def run(draws=None):
        agent.next_actor_lr()
        return agent.actor_step_fn(states, *(draws or actor_draws()))
    first = []
    if ref:
        draws = (T(ref["draw.x0"]), T(ref["draw.depth"]).long(), T(ref["draw.tprime_index"]).long(),
                 T(ref["draw.eps"]))
        out, dt = call_timed(run, draws)
        first.append(dt)
        chk = R.Check("actor_step")
        for k in ("actions", "query", "grad_q", "phi"):
            chk.compare("mid." + k, out[k], ref["mid." + k])
        for k in ("loss", "loss_rl", "loss_consistency", "loss_fisher"):
            chk.compare("out." + k, out[k].item(), ref["out." + k])
        chk.compare_all("grad.", grads_of(agent.net.java_layers()), ref.group("grad."))
        chk.compare_step("after.param.", values_of(agent.net.java_layers()), ref.group("after.param."),
                         ref.group("param."), ref.group("grad."))
        chk.report()
    else:
        _, dt = call_timed(run)
        first.append(dt)
    return run, first


def make_critic_step(ref):
    agent = Agent()
    if ref:
        load_java(critic_layers(agent.online), ref.group("param."))
        load_java(critic_layers(agent.target), ref.group("target."))
        inputs = [T(ref[f"input.x{m}"]) for m in range(2)]
        targets = [T(ref[f"input.y{m}"]).view(-1, 1) for m in range(2)]
    else:
        rows = B // 2
        inputs = [torch.cat([torch.randn(rows, OBS), torch.rand(rows, D) * 2 - 1], dim=-1) for _ in range(2)]
        targets = [torch.randn(rows, 1) for _ in range(2)]
    run = lambda: agent.critic_step_fn(inputs, targets)  # noqa: E731
    loss, dt = call_timed(run)
    if ref:
        chk = R.Check("critic_step")
        chk.compare("out.loss", loss.item(), ref["out.loss"])
        chk.compare_all("grad.", grads_of(critic_layers(agent.online)), ref.group("grad."))
        chk.compare_step("after.param.", values_of(critic_layers(agent.online)), ref.group("after.param."),
                         ref.group("param."), ref.group("grad."))
        chk.compare_step("after.target.", values_of(critic_layers(agent.target)), ref.group("after.target."),
                         ref.group("target."), ref.group("grad."))
        chk.report()
    return run, [dt]


# ----------------------------------------------------------------------------- SAC (CleanRL)
# cleanrl/sac_continuous_action.py (the version with the alpha, not log-alpha, temperature loss), networks and
# update copied as written there, on HalfCheetah-v4's sizes with an action box [-1, 1]^6. The update is split into
# its three parts (critic, policy + alpha, Polyak) so that --impl compile can compile them as LeanRL does; the
# check passes the Java noise through get_action's `xi` (rsample() is loc + eps * scale: the same formula).

SAC_OBS, SAC_ACT, SAC_BATCH, SAC_REPLAY = R.SAC_OBS, R.SAC_ACT, R.SAC_BATCH, R.SAC_REPLAY
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

    def java_layers(self):   # io.rldt.core.agent.SacAgent.Critics member: layers.0..2
        return {"layers.0": self.fc1, "layers.1": self.fc2, "layers.2": self.fc3}


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

    def get_action(self, x, xi=None):
        mean, log_std = self(x)
        std = log_std.exp()
        normal = torch.distributions.Normal(mean, std)
        x_t = normal.rsample() if xi is None else mean + xi * std   # given noise: rsample's own formula
        y_t = torch.tanh(x_t)
        action = y_t * self.action_scale + self.action_bias
        log_prob = normal.log_prob(x_t)
        log_prob -= torch.log(self.action_scale * (1 - y_t.pow(2)) + 1e-6)
        log_prob = log_prob.sum(1, keepdim=True)
        mean = torch.tanh(mean) * self.action_scale + self.action_bias
        return action, log_prob, mean

    def java_layers(self):   # io.rldt.core.policy.SquashedGaussianPolicy
        return {"trunk.layers.0": self.fc1, "trunk.layers.1": self.fc2, "mean": self.fc_mean,
                "log_std": self.fc_logstd}


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
        # CleanRL keeps alpha as a Python float (.item()); under torch.compile a float that changes every step would
        # be a constant to dynamo (a recompilation per step), so the compiled port keeps a tensor (LeanRL).
        self.alpha = self.log_alpha.detach().exp().clone() if COMPILED else self.log_alpha.exp().item()
        self.a_optimizer = torch.optim.Adam([self.log_alpha], lr=1e-3)
        self.gamma, self.tau = 0.99, 0.005
        self.critic_update_fn = compiled(self.critic_update)
        self.policy_update_fn = compiled(self.policy_update)
        self.polyak_fn = compiled(self.polyak)

    def java_modules(self):
        """Java name prefixes of io.rldt.core.agent.SacAgent (actor, critics, targets) -> layer mappings."""
        out = {}
        for prefix, layers in (("actor.", self.actor.java_layers()), ("critics.q1.", self.qf1.java_layers()),
                               ("critics.q2.", self.qf2.java_layers()), ("targets.q1.", self.qf1_target.java_layers()),
                               ("targets.q2.", self.qf2_target.java_layers())):
            out.update({prefix + k: v for k, v in layers.items()})
        return out

    def set_log_alpha(self, value):
        with torch.no_grad():
            self.log_alpha.copy_(value)
        if COMPILED:
            self.alpha.copy_(self.log_alpha.detach().exp())
        else:
            self.alpha = self.log_alpha.exp().item()

    def critic_update(self, data, xi=None):
        obs, actions, next_obs, dones, rewards = data
        with torch.no_grad():
            next_state_actions, next_state_log_pi, _ = self.actor.get_action(next_obs, xi)
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
        return qf_loss.detach()

    def policy_update(self, obs, xi_actor=None, xi_alpha=None):
        pi, log_pi, _ = self.actor.get_action(obs, xi_actor)
        qf1_pi = self.qf1(obs, pi)
        qf2_pi = self.qf2(obs, pi)
        min_qf_pi = torch.min(qf1_pi, qf2_pi)
        actor_loss = ((self.alpha * log_pi) - min_qf_pi).mean()
        self.actor_optimizer.zero_grad()
        actor_loss.backward()
        self.actor_optimizer.step()

        with torch.no_grad():
            _, log_pi, _ = self.actor.get_action(obs, xi_alpha)
        alpha_loss = (-self.log_alpha.exp() * (log_pi + self.target_entropy)).mean()
        self.a_optimizer.zero_grad()
        alpha_loss.backward()
        self.a_optimizer.step()
        if COMPILED:
            self.alpha.copy_(self.log_alpha.detach().exp())
        else:
            self.alpha = self.log_alpha.exp().item()
        return actor_loss.detach(), alpha_loss.detach()

    def polyak(self):
        with torch.no_grad():
            for param, target_param in zip(self.qf1.parameters(), self.qf1_target.parameters()):
                target_param.data.copy_(self.tau * param.data + (1 - self.tau) * target_param.data)
            for param, target_param in zip(self.qf2.parameters(), self.qf2_target.parameters()):
                target_param.data.copy_(self.tau * param.data + (1 - self.tau) * target_param.data)

    def update(self, data, global_step, noise=None):
        """The body of CleanRL's training loop after `data = rb.sample(batch_size)`. noise: an iterator over the
        [B, A] draws in the order the update consumes them (None: rsample)."""
        draw = (lambda: next(noise)) if noise is not None else (lambda: None)
        stats = {"critic_loss": self.critic_update_fn(data, draw())}
        if global_step % 2 == 0:  # policy_frequency
            losses = [self.policy_update_fn(data[0], draw(), draw()) for _ in range(2)]
            stats["actor_loss"] = sum(a for a, _ in losses) / 2   # the means Java logs
            stats["alpha_loss"] = sum(b for _, b in losses) / 2
        if global_step % 1 == 0:  # target_network_frequency
            self.polyak_fn()
        return stats


def check_sac():
    """Without a reference: the checks of SacStepBench.setup (30 updates on a fixed batch: finite losses, a falling
    critic loss)."""
    torch.manual_seed(1)
    agent, rb = Sac(), SacReplay(10_000, np.random.default_rng(2))
    fixed = rb.sample(SAC_BATCH)
    critic = []
    for step in range(1, 31):
        st = agent.update(fixed, step)
        critic.append(st["critic_loss"].item())
        for k, v in st.items():
            if not math.isfinite(v.item()):
                raise R.CheckFailed(f"sac_step: {k} = {v.item()} at step {step}")
    first, last = sum(critic[:5]) / 5, sum(critic[-5:]) / 5
    if not last < 0.9 * first:
        raise R.CheckFailed(f"sac_step: critic loss {first} -> {last} over 30 steps on a fixed batch")
    print(f"INFO check name=sac_step self-check: 30 updates on a fixed batch, finite losses, critic loss "
          f"{first:.1f} -> {last:.1f} (mean of first/last 5)", flush=True)


def make_sac_step(ref):
    agent, rb = Sac(), SacReplay(SAC_REPLAY, np.random.default_rng(3))
    step = [0]
    first = []
    if ref:
        params = java_params(agent.java_modules())
        load_java(agent.java_modules(), {k: v for k, v in ref.group("param.").items() if k != "log_alpha"})
        agent.set_log_alpha(T(ref["param.log_alpha"]))
        chk = R.Check("sac_step")
        for s in (1, 2):
            b = ref.group(f"step{s}.")
            data = tuple(T(b[k]) for k in ("obs", "actions", "next_obs", "terminated", "rewards"))
            noise = [T(b["xi_next"])] + ([T(b[f"xi_{w}{r}"]) for r in range(2) for w in ("actor", "alpha")]
                                         if s % 2 == 0 else [])
            stats, dt = call_timed(agent.update, data, s, iter(noise))
            first.append(dt)
            for k, v in stats.items():
                chk.compare(f"out.step{s}.{k}", v.item(), ref[f"out.step{s}.{k}"])
        step[0] = 2
        chk.compare_all("after.", {k: p.detach() for k, p in params.items()},
                        {k: v for k, v in ref.group("after.").items() if k != "log_alpha"})
        chk.compare("after.log_alpha", agent.log_alpha.detach(), ref["after.log_alpha"])
        chk.report()
    else:
        check_sac()

    def run():
        step[0] += 1
        agent.update(rb.sample(SAC_BATCH), step[0])           # odd: critic + Polyak
        step[0] += 1
        return agent.update(rb.sample(SAC_BATCH), step[0])    # even: critic + 2 x (actor + alpha) + Polyak
    return run, first


def make_numpy_gemm(ref):
    if ref:
        a, b = ref["input.a"], ref["input.b"]
    else:
        rng = np.random.default_rng(0)
        a = rng.standard_normal((1024, 256), dtype=np.float32)
        b = rng.standard_normal((256, 256), dtype=np.float32)
    out = np.empty((1024, 256), dtype=np.float32)
    run = lambda: np.matmul(a, b, out=out)  # noqa: E731
    c, dt = call_timed(run)
    if ref:
        chk = R.Check("gemm_1024x256x256")
        chk.compare("out.c", c, ref["out.c"])
        chk.report("(numpy)")
    return run, [dt]


def workloads():
    """name -> (reference file, factory)."""
    w = {}
    for shape in R.GEMM_SHAPES:
        w["gemm_" + shape] = ("gemm_" + shape, lambda ref, shape=shape: make_gemm(shape, ref))
    w["mlp_velocity"] = ("mlp_velocity", make_mlp_velocity)
    w["mlp_critic"] = ("mlp_critic", make_mlp_critic)
    w["svgd_p8_d24"] = ("svgd_p8_d24", make_svgd)
    w["actor_step"] = ("actor_step", make_actor_step)
    w["critic_step"] = ("critic_step", make_critic_step)
    w["sac_step"] = ("sac_step", make_sac_step)
    w["numpy_gemm_1024x256x256"] = ("gemm_1024x256x256", make_numpy_gemm)
    return w


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
    """Median ms per phase of the eager actor step (phases as in jmh/tools/jfr_breakdown.py)."""
    agent, states = Agent(), torch.randn(B, OBS)
    per = {}
    for i in range(warmup_runs + runs):
        marks = []
        agent.next_actor_lr()
        agent.actor_step(states, *actor_draws(), marks=marks)
        if i < warmup_runs:
            continue
        for (_, t0), (name, t1) in zip(marks, marks[1:]):
            per.setdefault(name, []).append((t1 - t0) * 1e3)
    for name, v in per.items():
        print(f"PHASE name=actor_step phase={name.replace(' ', '_')} median_ms={R.median(v):.3f}", flush=True)


def main():
    np.matmul(np.ones((64, 64), np.float32), np.ones((64, 64), np.float32))  # loads the BLAS library
    print(f"INFO torch={torch.__version__} impl={ARGS.impl} numpy={np.__version__} threads={torch.get_num_threads()} "
          f"affinity={R.affinity()} blas={blas_info()}", flush=True)
    for name, (ref_name, factory) in workloads().items():
        if not R.selected(name, ARGS.only):
            continue
        ref = R.Reference(ARGS.reference, ref_name) if ARGS.reference else None
        try:
            fn, first = factory(ref)
        except R.CheckFailed as e:
            R.fail(f"check failed, not timed: {e}")
        med, warm = R.time_it(name, fn, ARGS.warmup, ARGS.measure)
        if COMPILED and not name.startswith("numpy"):
            print(f"INFO compile name={name} seconds={R.excess_seconds(first + warm, med):.2f}", flush=True)
    if ARGS.phases:
        actor_phases()


if __name__ == "__main__":
    sys.exit(main())
