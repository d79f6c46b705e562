#!/usr/bin/env python3
"""The JAX peer of io.rldt.jmh.PeerTimings: the workloads of workloads.py (same names, same RESULT lines) written
in JAX, each step one jax.jit-ed function (the optimiser update included), checked against the Java reference
(io.rldt.jmh.PeerReference) before timing.

Every timed call ends in jax.block_until_ready on everything the step returns. Each jitted function is compiled
ahead of time (jit(...).lower(args).compile()) and the time that takes (tracing, lowering, XLA compilation) is
printed as `INFO compile name=<workload> seconds=<s>`, excluded from the timing; the variant the check runs (the
same step with the Java draws passed in, returning intermediates) is compiled separately (`check_seconds=`). The
persistent compilation cache stays off, so these are cold compile times.

Threads: XLA_FLAGS gets `--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1` at --threads 1 and
`--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=N` otherwise, set before jax is imported. In
jax/jaxlib 0.10.2 neither limits the threads a step runs on (measured: a jitted [2048,1024]x[1024,1024] product
keeps 4 threads busy with either flag on a 2-CPU affinity mask, XLA's CPU client sizes its pool from the
affinity mask); what does is the CPU affinity: under `taskset -c 0` one thread does the work. compare-pytorch.sh
pins every side with taskset, and the RESULT line's threads_busy says how many threads actually ran.

Random draws (chain noise, depths, Fisher times and noise, the replay indices and SAC's Gaussian noise) are
drawn inside the timed jitted step with jax.random from a key carried in the state; the check variant takes the
Java draws as arguments instead. Adam/AdamW are written here (optax is not installed): PyTorch's update, with
the bias corrections 1 - beta^t computed as -expm1(t log(beta)) so that float32 keeps them exact to rounding
(Java and eager PyTorch compute them in double; 1 - 0.999 in float32 is off by 1.3e-5).

Usage: workloads_jax.py --threads N [--reference DIR] [--only a,b] [--warmup s] [--measure s]
"""
import math
import os
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference as R  # noqa: E402

ARGS = R.cli("JAX peer of io.rldt.jmh.PeerTimings").parse_args()
_flags = ("--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" if ARGS.threads == 1 else
          f"--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={ARGS.threads}")
os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + " " + _flags).strip()

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

OBS, ACT, D, B, P, K, N = R.OBS, R.ACT, R.D, R.B, R.P, R.K, R.N
SAC_OBS, SAC_ACT, SAC_BATCH, SAC_REPLAY = R.SAC_OBS, R.SAC_ACT, R.SAC_BATCH, R.SAC_REPLAY
F32 = jnp.float32
RNG = np.random.default_rng(0)     # initial parameters and inputs when no reference is given


def aot(fn, *args, donate=()):
    """jit(fn) compiled ahead of time for these arguments -> (compiled, seconds spent tracing and compiling)."""
    t0 = time.perf_counter()
    c = jax.jit(fn, donate_argnums=donate).lower(*args).compile()
    return c, time.perf_counter() - t0


def ready(x):
    return jax.block_until_ready(x)


# ----------------------------------------------------------------------------- parameters (Java names)

def torch_linear(name, fan_in, fan_out):
    """nn.Linear's default init, U(+-1/sqrt(fan_in)) for weight [out, in] and bias."""
    bound = 1 / math.sqrt(fan_in)
    return {name + ".weight": RNG.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
            name + ".bias": RNG.uniform(-bound, bound, (fan_out,)).astype(np.float32)}


def velocity_init():
    p = {}
    for name, i, o in (("time.fc1", 16, 32), ("time.fc2", 32, 16), ("body.layers.0", D + 16 + OBS, 512),
                       ("body.layers.1.l1", 512, 512), ("body.layers.1.l2", 512, 512), ("body.layers.2", 512, D)):
        p.update(torch_linear(name, i, o))
    return p


def critic_init():
    """The RLDT critic ensemble: weights N(0, 0.1^2), biases 0 (CriticEnsemble)."""
    p = {}
    for m in range(2):
        for i, (fi, fo) in enumerate(((OBS + D, 256), (256, 256), (256, 256), (256, 1))):
            p[f"{m}.layers.{i}.weight"] = (0.1 * RNG.standard_normal((fo, fi))).astype(np.float32)
            p[f"{m}.layers.{i}.bias"] = np.zeros(fo, np.float32)
    return p


def device(tree):
    return jax.tree_util.tree_map(jnp.asarray, tree)


# ----------------------------------------------------------------------------- networks (spec §1, §4)

FREQ = np.exp(-np.arange(8) * (math.log(10000.0) / 7)).astype(np.float32)   # as the Java sinusoidal embedding


def linear(p, name, x):
    return x @ p[name + ".weight"].T + p[name + ".bias"]


def velocity(p, x, t, s):
    """v(x [N, D], t [N, 1], s [N, O]) -> [N, D]: the spec's velocity net, Java parameter names."""
    arg = t * FREQ[None, :]
    emb = linear(p, "time.fc2", jax.nn.mish(linear(p, "time.fc1", jnp.concatenate([jnp.sin(arg), jnp.cos(arg)], -1))))
    h = linear(p, "body.layers.0", jnp.concatenate([x, emb, s], -1))
    h = h + linear(p, "body.layers.1.l2", jax.nn.relu(linear(p, "body.layers.1.l1", jax.nn.relu(h))))
    return linear(p, "body.layers.2", h)


def critic_q(p, m, x):
    """Member m of the ensemble: 41 -> 256 -> 256 -> 256 -> 1, SiLU -> [N, 1]."""
    h = x
    for i in range(3):
        h = jax.nn.silu(linear(p, f"{m}.layers.{i}", h))
    return linear(p, f"{m}.layers.3", h)


def svgd_field(q, a, g, scale=1e-3, max_t=1e5, floor=1e-8):
    """q [B, P, D] queries, a [B, P', D] centres, g [B, P', D] = dQ/da at the centres -> phi [B, P, D]."""
    pc = a.shape[1]
    diff = q[:, :, None, :] - a[:, None, :, :]                     # [B, P, P', D]
    d2 = (diff * diff).sum(-1)                                     # [B, P, P']
    med = jnp.sort(d2, axis=-1)[..., (pc - 1) // 2]                # the lower median, as torch.median and Java
    h = jnp.maximum(med / (2.0 * math.log(pc + 1)), floor)         # [B, P]
    kern = jnp.exp(-d2 / (2.0 * h[..., None]))                     # [B, P, P']
    alpha = jnp.clip(scale * jnp.linalg.norm(g, axis=-1).mean(-1), 0.0, max_t)   # [B]
    attraction = kern @ g                                          # [B, P, D]
    repulsion = (kern[..., None] * diff).sum(2) / h[..., None]
    return (attraction + alpha[:, None, None] * repulsion) / pc


# ----------------------------------------------------------------------------- Adam / AdamW

def adam_init(params):
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    return {"step": jnp.zeros((), F32), "m": zeros, "v": jax.tree_util.tree_map(jnp.zeros_like, params)}


def adam(params, grads, opt, lr, weight_decay=0.0, b1=0.9, b2=0.999, eps=1e-8):
    """torch.optim.Adam / AdamW (decoupled weight decay when weight_decay > 0), one step."""
    step = opt["step"] + 1
    bc1 = -jnp.expm1(step * math.log(b1))                          # 1 - b1^t, exact to float32 rounding
    bc2_sqrt = jnp.sqrt(-jnp.expm1(step * math.log(b2)))           # (1 - b2^t) would lose 3 digits to cancellation

    def one(p, g, m, v):
        if weight_decay:
            p = p * (1 - lr * weight_decay)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        return p - (lr / bc1) * m / (jnp.sqrt(v) / bc2_sqrt + eps), m, v
    out = jax.tree_util.tree_map(one, params, grads, opt["m"], opt["v"])
    pick = lambda i: jax.tree_util.tree_map(lambda t: t[i], out, is_leaf=lambda t: isinstance(t, tuple))  # noqa: E731
    return pick(0), {"step": step, "m": pick(1), "v": pick(2)}


# ----------------------------------------------------------------------------- workloads
# Each factory takes the workload's reference (None: own init, no check) and returns the timed closure. The
# compile times are printed by the factory.

def compile_info(name, seconds, check_seconds=None):
    extra = f" check_seconds={check_seconds:.2f}" if check_seconds is not None else ""
    print(f"INFO compile name={name} seconds={seconds:.2f}{extra}", flush=True)


def make_gemm(shape, ref):
    m, k, n = map(int, shape.split("x"))
    a, b = (ref["input.a"], ref["input.b"]) if ref else (RNG.standard_normal((m, k), np.float32),
                                                         RNG.standard_normal((k, n), np.float32))
    a, b = jnp.asarray(a), jnp.asarray(b)
    mm, secs = aot(lambda x, y: x @ y, a, b)
    compile_info("gemm_" + shape, secs)
    if ref:
        chk = R.Check("gemm_" + shape)
        chk.compare("out.c", np.asarray(mm(a, b)), ref["out.c"])
        chk.report()
    return lambda: ready(mm(a, b))


def make_mlp_velocity(ref):
    if ref:
        params = device(ref.group("param."))
        x, t, s, w = (jnp.asarray(ref["input." + k]) for k in "xtsw")
    else:
        params = device(velocity_init())
        x, s, w = (jnp.asarray(RNG.standard_normal(sh, np.float32)) for sh in ((B, D), (B, OBS), (B, D)))
        t = jnp.asarray(RNG.integers(0, K, (B, 1)).astype(np.float32) / K)
    step, secs = aot(jax.value_and_grad(lambda p, x, t, s, w: (velocity(p, x, t, s) * w).sum()), params, x, t, s, w)
    compile_info("mlp_velocity", secs)
    if ref:
        loss, grads = step(params, x, t, s, w)
        chk = R.Check("mlp_velocity")
        chk.compare("out.loss", float(loss), ref["out.loss"])
        chk.compare_all("grad.", {k: np.asarray(v) for k, v in grads.items()}, ref.group("grad."))
        chk.report()
    return lambda: ready(step(params, x, t, s, w))


def make_mlp_critic(ref):
    if ref:
        params = device(ref.group("param."))
        s, act = jnp.asarray(ref["input.s"]), jnp.asarray(ref["input.actions"])
    else:
        params = device(critic_init())
        s = jnp.asarray(RNG.standard_normal((B, OBS), np.float32))
        act = jnp.asarray(RNG.uniform(-1, 1, (B, D)).astype(np.float32))

    def q_total(p, s, a):
        x = jnp.concatenate([s, a], -1)
        return critic_q(p, 0, x).sum() + critic_q(p, 1, x).sum()
    step, secs = aot(jax.value_and_grad(q_total, argnums=(0, 2)), params, s, act)
    compile_info("mlp_critic", secs)
    if ref:
        total, (grads, grad_a) = step(params, s, act)
        chk = R.Check("mlp_critic")
        chk.compare("out.q_sum", float(total), ref["out.q_sum"])
        chk.compare("out.grad_actions", np.asarray(grad_a), ref["out.grad_actions"])
        chk.compare_all("grad.", {k: np.asarray(v) for k, v in grads.items()}, ref.group("grad."))
        chk.report()
    return lambda: ready(step(params, s, act))


def make_svgd(ref):
    if ref:
        q, a, g = (jnp.asarray(ref["input." + k]) for k in ("queries", "centres", "gradients"))
    else:
        q, a, g = (jnp.asarray(RNG.standard_normal((B, P, D), np.float32)) for _ in range(3))
    field, secs = aot(svgd_field, q, a, g)
    compile_info("svgd_p8_d24", secs)
    if ref:
        chk = R.Check("svgd_p8_d24")
        chk.compare("out.phi", np.asarray(field(q, a, g)), ref["out.phi"])
        for case in sorted({k.split(".")[1] for k in ref.tensors if k.startswith("case.")}):
            c = ref.group(f"case.{case}.")
            chk.compare(f"case.{case}.phi", np.asarray(jax.jit(svgd_field)(c["queries"], c["centres"], c["gradients"])),
                        c["phi"])
        chk.report()
    return lambda: ready(field(q, a, g))


# --- RLDT actor step

def actor_core(st, states, x0, depth, tprime_index, eps, diagnostics=False):
    """One RLDT actor step (RldtAgent.actorStep): st = {actor, ref, critic, opt}; the draws x0 [N, D],
    depth [N], tprime_index [N] (ints in 0..K-1), eps [N, D]. Returns the new state and the losses (and, with
    diagnostics, the gradients and the intermediates the check compares)."""
    params, refp, critic = st["actor"], st["ref"], st["critic"]
    s = jnp.repeat(states, P, axis=0)                                  # [N, O], particle-major
    x, xs, vs = x0, [], []
    for k in range(K):                                                 # the chains (no gradient taken through them)
        v = velocity(params, x, jnp.full((N, 1), k / K, F32), s)
        xs.append(x)
        vs.append(v)
        x = x + v / K
    a = x
    rows = jnp.arange(N)
    xk, vk = jnp.stack(xs)[depth, rows], jnp.stack(vs)[depth, rows]
    tk = (depth.astype(F32) / K)[:, None]
    query = xk + (1 - tk) * vk
    g = jax.grad(lambda a_: sum(critic_q(critic, m, jnp.concatenate([s, a_], -1)).sum() for m in (0, 1)) / 2)(a)
    phi = svgd_field(query.reshape(B, P, D), a.reshape(B, P, D), g.reshape(B, P, D)).reshape(N, D)
    t_prime = (tprime_index.astype(F32) / K)[:, None]
    x_prime = (1 - t_prime) * eps + t_prime * a
    v_ref = velocity(refp, x_prime, t_prime, s)
    denom = K * (1 - tk)

    def loss_fn(p):
        v = velocity(p, xk, tk, s)
        l_rl = -(v * phi / denom).sum() / N
        l_cons = ((v / K + (xk - a) / denom) ** 2).sum() / N
        l_f = ((velocity(p, x_prime, t_prime, s) - v_ref) ** 2).sum() / N
        return l_rl + 0.5 * l_cons + 0.2 * l_f, (l_rl, l_cons, l_f)
    (loss, (l_rl, l_cons, l_f)), grads = jax.value_and_grad(loss_fn, has_aux=True)(params)
    lr = 2e-5 * jnp.minimum(1.0, (st["opt"]["step"] + 1) / 32)         # linear warm-up, as RldtAgent
    new_params, opt = adam(params, grads, st["opt"], lr)
    out = {"loss": loss, "loss_rl": l_rl, "loss_consistency": l_cons, "loss_fisher": l_f}
    if diagnostics:
        out.update(grads=grads, actions=a, query=query, grad_q=g, phi=phi)
    return {**st, "actor": new_params, "opt": opt}, out


def actor_timed(st, states):
    """actor_core with its draws from the key carried in the state."""
    key, kx, kd, kt, ke = jax.random.split(st["key"], 5)
    draws = (jax.random.normal(kx, (N, D), F32), jax.random.randint(kd, (N,), 0, K),
             jax.random.randint(kt, (N,), 0, K), jax.random.normal(ke, (N, D), F32))
    new, out = actor_core({k: v for k, v in st.items() if k != "key"}, states, *draws)
    return {**new, "key": key}, out


def make_actor_step(ref):
    if ref:
        st = {"actor": device(ref.group("param.")), "ref": device(ref.group("ref.")),
              "critic": device(ref.group("critic."))}
        states = jnp.asarray(ref["input.states"])
    else:
        p = velocity_init()
        st = {"actor": device(p), "ref": device(p), "critic": device(critic_init())}
        states = jnp.asarray(RNG.standard_normal((B, OBS), np.float32))
    st["opt"] = adam_init(st["actor"])
    check_secs = None
    if ref:
        draws = (jnp.asarray(ref["draw.x0"]), jnp.asarray(ref["draw.depth"]).astype(jnp.int32),
                 jnp.asarray(ref["draw.tprime_index"]).astype(jnp.int32), jnp.asarray(ref["draw.eps"]))
        check, check_secs = aot(partial(actor_core, diagnostics=True), st, states, *draws)
        before = st["actor"]
        st, out = check(st, states, *draws)
        chk = R.Check("actor_step")
        for k in ("actions", "query", "grad_q", "phi"):
            chk.compare("mid." + k, np.asarray(out[k]), ref["mid." + k])
        for k in ("loss", "loss_rl", "loss_consistency", "loss_fisher"):
            chk.compare("out." + k, float(out[k]), ref["out." + k])
        chk.compare_all("grad.", {k: np.asarray(v) for k, v in out["grads"].items()}, ref.group("grad."))
        chk.compare_step("after.param.", {k: np.asarray(v) for k, v in st["actor"].items()},
                         ref.group("after.param."), {k: np.asarray(v) for k, v in before.items()}, ref.group("grad."))
        chk.report()
    st["key"] = jax.random.key(1)
    step, secs = aot(actor_timed, st, states, donate=(0,))
    compile_info("actor_step", secs, check_secs)
    state = [st]

    def run():
        state[0], out = step(state[0], states)
        return ready((state[0], out))
    return run


# --- RLDT critic step

def critic_core(st, xs, ys):
    """CriticEnsemble.step: member m regresses ys[m] [128, 1] at xs[m] [128, 41], AdamW (lr 1e-3, decay 0),
    then the EMA targets (momentum 0.995)."""
    def loss_fn(online):
        return sum(jnp.mean((critic_q(online, m, xs[m]) - ys[m]) ** 2) for m in range(2))
    loss, grads = jax.value_and_grad(loss_fn)(st["online"])
    online, opt = adam(st["online"], grads, st["opt"], 1e-3, weight_decay=0.0)
    mt, mo = np.float32(0.995), np.float32(1 - 0.995)
    target = jax.tree_util.tree_map(lambda t, o: mt * t + mo * o, st["target"], online)
    return {"online": online, "target": target, "opt": opt}, loss, grads


def make_critic_step(ref):
    if ref:
        st = {"online": device(ref.group("param.")), "target": device(ref.group("target."))}
        xs = [jnp.asarray(ref[f"input.x{m}"]) for m in range(2)]
        ys = [jnp.asarray(ref[f"input.y{m}"]).reshape(-1, 1) for m in range(2)]
    else:
        p = critic_init()
        st = {"online": device(p), "target": device(p)}   # two sets of buffers: the state is donated
        xs = [jnp.asarray(np.concatenate([RNG.standard_normal((B // 2, OBS)), RNG.uniform(-1, 1, (B // 2, D))], 1)
                          .astype(np.float32)) for _ in range(2)]
        ys = [jnp.asarray(RNG.standard_normal((B // 2, 1), np.float32)) for _ in range(2)]
    st["opt"] = adam_init(st["online"])
    if ref:   # the check runs the same function before it is compiled with donation for the timing
        check, check_secs = aot(critic_core, st, xs, ys)
        new, loss, grads = check(st, xs, ys)
        chk = R.Check("critic_step")
        chk.compare("out.loss", float(loss), ref["out.loss"])
        chk.compare_all("grad.", {k: np.asarray(v) for k, v in grads.items()}, ref.group("grad."))
        chk.compare_step("after.param.", {k: np.asarray(v) for k, v in new["online"].items()},
                         ref.group("after.param."), ref.group("param."), ref.group("grad."))
        chk.compare_step("after.target.", {k: np.asarray(v) for k, v in new["target"].items()},
                         ref.group("after.target."), ref.group("target."), ref.group("grad."))
        chk.report()
        st = new
    else:
        check_secs = None
    step, secs = aot(critic_core, st, xs, ys, donate=(0,))
    compile_info("critic_step", secs, check_secs)
    state = [st]

    def run():
        state[0], loss, grads = step(state[0], xs, ys)
        return ready((state[0], loss, grads))
    return run


# --- SAC (CleanRL's update, in JAX)

LOG_STD_MAX, LOG_STD_MIN = 2.0, -5.0
GAMMA, TAU, TARGET_ENTROPY = 0.99, 0.005, -float(SAC_ACT)


def sac_init():
    actor = {}
    for name, i, o in (("trunk.layers.0", SAC_OBS, 256), ("trunk.layers.1", 256, 256), ("mean", 256, SAC_ACT),
                       ("log_std", 256, SAC_ACT)):
        actor.update(torch_linear(name, i, o))
    critics = {}
    for q in ("q1", "q2"):
        for i, (fi, fo) in enumerate(((SAC_OBS + SAC_ACT, 256), (256, 256), (256, 1))):
            critics.update(torch_linear(f"{q}.layers.{i}", fi, fo))
    return {"actor": actor, "critics": critics, "targets": dict(critics), "log_alpha": np.zeros(1, np.float32)}


def sac_get_action(p, obs, xi):
    """CleanRL's Actor.get_action with the Gaussian noise xi given (rsample = mean + xi * std); box [-1, 1]."""
    h = jax.nn.relu(linear(p, "trunk.layers.1", jax.nn.relu(linear(p, "trunk.layers.0", obs))))
    mean = linear(p, "mean", h)
    log_std = jnp.tanh(linear(p, "log_std", h))
    log_std = LOG_STD_MIN + 0.5 * (LOG_STD_MAX - LOG_STD_MIN) * (log_std + 1)
    std = jnp.exp(log_std)
    x_t = mean + xi * std
    y_t = jnp.tanh(x_t)
    log_prob = -((x_t - mean) ** 2) / (2 * std ** 2) - jnp.log(std) - math.log(math.sqrt(2 * math.pi))
    log_prob = log_prob - jnp.log(1 - y_t ** 2 + 1e-6)
    return y_t, log_prob.sum(1, keepdims=True)


def sac_q(p, q, obs, a):
    x = jnp.concatenate([obs, a], 1)
    return linear(p, f"{q}.layers.2", jax.nn.relu(linear(p, f"{q}.layers.1", jax.nn.relu(linear(p, f"{q}.layers.0", x)))))


def sac_critic(st, batch, xi):
    obs, actions, next_obs, dones, rewards = batch
    alpha = jnp.exp(st["log_alpha"])
    na, nlogp = sac_get_action(st["actor"], next_obs, xi)
    min_next = jnp.minimum(sac_q(st["targets"], "q1", next_obs, na), sac_q(st["targets"], "q2", next_obs, na)) \
        - alpha * nlogp
    y = jax.lax.stop_gradient(rewards.reshape(-1) + (1 - dones.reshape(-1)) * GAMMA * min_next.reshape(-1))

    def loss_fn(c):
        return (jnp.mean((sac_q(c, "q1", obs, actions).reshape(-1) - y) ** 2)
                + jnp.mean((sac_q(c, "q2", obs, actions).reshape(-1) - y) ** 2))
    loss, grads = jax.value_and_grad(loss_fn)(st["critics"])
    critics, opt = adam(st["critics"], grads, st["q_opt"], 1e-3)
    return {**st, "critics": critics, "q_opt": opt}, loss


def sac_policy(st, obs, xi_actor, xi_alpha):
    alpha = jnp.exp(st["log_alpha"])

    def actor_loss(ap):
        pi, log_pi = sac_get_action(ap, obs, xi_actor)
        min_q = jnp.minimum(sac_q(st["critics"], "q1", obs, pi), sac_q(st["critics"], "q2", obs, pi))
        return jnp.mean(alpha * log_pi - min_q)
    a_loss, grads = jax.value_and_grad(actor_loss)(st["actor"])
    actor, a_opt = adam(st["actor"], grads, st["actor_opt"], 3e-4)
    _, log_pi = sac_get_action(actor, obs, xi_alpha)
    log_pi = jax.lax.stop_gradient(log_pi)
    al_loss, al_grad = jax.value_and_grad(lambda la: jnp.mean(-jnp.exp(la) * (log_pi + TARGET_ENTROPY)))(st["log_alpha"])
    log_alpha, al_opt = adam(st["log_alpha"], al_grad, st["alpha_opt"], 1e-3)
    return {**st, "actor": actor, "actor_opt": a_opt, "log_alpha": log_alpha, "alpha_opt": al_opt}, a_loss, al_loss


def sac_polyak(st):
    return {**st, "targets": jax.tree_util.tree_map(lambda p, t: TAU * p + (1 - TAU) * t, st["critics"], st["targets"])}


def sac_odd(st, batch, xi):
    """Odd env step: critic step + Polyak."""
    st, c_loss = sac_critic(st, batch, xi)
    return sac_polyak(st), {"critic_loss": c_loss}


def sac_even(st, batch, xi, xi_actor, xi_alpha):
    """Even env step: critic step + 2 x (actor + alpha) + Polyak; xi_actor, xi_alpha: [2, B, A]."""
    st, c_loss = sac_critic(st, batch, xi)
    a_losses, al_losses = [], []
    for r in range(2):
        st, a_loss, al_loss = sac_policy(st, batch[0], xi_actor[r], xi_alpha[r])
        a_losses.append(a_loss)
        al_losses.append(al_loss)
    return sac_polyak(st), {"critic_loss": c_loss, "actor_loss": sum(a_losses) / 2, "alpha_loss": sum(al_losses) / 2}


def sac_sample(replay, key):
    """A batch of 256 drawn uniformly with replacement from the replay arrays, in the jitted step."""
    i = jax.random.randint(key, (SAC_BATCH,), 0, replay[0].shape[0])
    return tuple(x[i] for x in replay)


def sac_op_timed(st, replay):
    """Two env steps' updates (odd, then even) with draws from the state's key: one op of SacStepBench."""
    key, k1, k2, k3, k4, k5, k6 = jax.random.split(st["key"], 7)
    st = {k: v for k, v in st.items() if k != "key"}
    st, _ = sac_odd(st, sac_sample(replay, k1), jax.random.normal(k2, (SAC_BATCH, SAC_ACT), F32))
    st, out = sac_even(st, sac_sample(replay, k3), jax.random.normal(k4, (SAC_BATCH, SAC_ACT), F32),
                       jax.random.normal(k5, (2, SAC_BATCH, SAC_ACT), F32),
                       jax.random.normal(k6, (2, SAC_BATCH, SAC_ACT), F32))
    return {**st, "key": key}, out


def make_sac_step(ref):
    if ref:
        params = {"actor": ref.group("param.actor."), "critics": ref.group("param.critics."),
                  "targets": ref.group("param.targets."), "log_alpha": ref["param.log_alpha"]}
    else:
        params = sac_init()
    st = device(params)
    st.update(q_opt=adam_init(st["critics"]), actor_opt=adam_init(st["actor"]), alpha_opt=adam_init(st["log_alpha"]))
    rng = np.random.default_rng(3)   # the replay of workloads.py's SacReplay: s, s' ~ N(0, 1), a ~ U(-1, 1), r ~ 5 + N
    replay = (jnp.asarray(rng.standard_normal((SAC_REPLAY, SAC_OBS), dtype=np.float32)),
              jnp.asarray(rng.uniform(-1, 1, (SAC_REPLAY, SAC_ACT)).astype(np.float32)),
              jnp.asarray(rng.standard_normal((SAC_REPLAY, SAC_OBS), dtype=np.float32)),
              jnp.asarray(np.zeros((SAC_REPLAY, 1), np.float32)),
              jnp.asarray((5 + rng.standard_normal((SAC_REPLAY, 1))).astype(np.float32)))
    check_secs = None
    if ref:
        def batch(s):
            b = ref.group(f"step{s}.")
            return tuple(jnp.asarray(b[k]) for k in ("obs", "actions", "next_obs", "terminated", "rewards"))
        s2 = ref.group("step2.")
        xi_a = jnp.stack([jnp.asarray(s2[f"xi_actor{r}"]) for r in range(2)])
        xi_al = jnp.stack([jnp.asarray(s2[f"xi_alpha{r}"]) for r in range(2)])
        odd, t_odd = aot(sac_odd, st, batch(1), jnp.asarray(ref["step1.xi_next"]))
        st, out1 = odd(st, batch(1), jnp.asarray(ref["step1.xi_next"]))
        even, t_even = aot(sac_even, st, batch(2), jnp.asarray(s2["xi_next"]), xi_a, xi_al)
        st, out2 = even(st, batch(2), jnp.asarray(s2["xi_next"]), xi_a, xi_al)
        check_secs = t_odd + t_even
        chk = R.Check("sac_step")
        for s, out in ((1, out1), (2, out2)):
            for k, v in out.items():
                chk.compare(f"out.step{s}.{k}", float(v), ref[f"out.step{s}.{k}"])
        for part in ("actor", "critics", "targets"):
            chk.compare_all(f"after.{part}.", {k: np.asarray(v) for k, v in st[part].items()},
                            ref.group(f"after.{part}."))
        chk.compare("after.log_alpha", np.asarray(st["log_alpha"]), ref["after.log_alpha"])
        chk.report()
    st["key"] = jax.random.key(2)
    step, secs = aot(sac_op_timed, st, replay, donate=(0,))
    compile_info("sac_step", secs, check_secs)
    state = [st]

    def run():
        state[0], out = step(state[0], replay)
        return ready((state[0], out))
    return run


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
    return w


def main():
    import jaxlib
    print(f"INFO jax={jax.__version__} jaxlib={jaxlib.__version__} backend={jax.default_backend()} "
          f"threads={ARGS.threads} affinity={R.affinity()} XLA_FLAGS={os.environ['XLA_FLAGS'].replace(' ', ',')}",
          flush=True)
    for name, (ref_name, factory) in workloads().items():
        if not R.selected(name, ARGS.only):
            continue
        ref = R.Reference(ARGS.reference, ref_name) if ARGS.reference else None
        try:
            fn = factory(ref)
        except R.CheckFailed as e:
            R.fail(f"check failed, not timed: {e}")
        R.time_it(name, fn, ARGS.warmup, ARGS.measure)


if __name__ == "__main__":
    sys.exit(main())
