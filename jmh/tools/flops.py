"""Matmul FLOPs (2·m·k·n per product) of each workload, shared by the summary scripts.

Reference workload: O = 17, D = 24, B = 256 states, P = 8 particles (B·P = 2048 rows), K = 8.
Velocity net per row, forward: input 57 -> 512, two 512 -> 512, 512 -> 24 (the time embedding runs on at
most K distinct times and is left out). Backward: weight gradients (= forward) plus input gradients of every
layer but the first (x, t, s need none). Critic member per row: 41 -> 256 -> 256 -> 256 -> 1; its gradient
with respect to actions needs the input gradient of the first layer's 24 action columns only.
"""


def vel_fwd(o, d):
    """Velocity net forward per row: input d + 16 (time) + o -> 512, two 512 -> 512, 512 -> d."""
    return 2 * ((d + 16 + o) * 512 + 2 * 512 * 512 + 512 * d)


def vel_bwd(o, d):
    return vel_fwd(o, d) + 2 * (2 * 512 * 512 + 512 * d)


def crit_fwd(o, d):
    """Critic member forward per row: o + d -> 256 -> 256 -> 256 -> 1."""
    return 2 * ((o + d) * 256 + 2 * 256 * 256 + 256)


def crit_dx_actions(d):
    return 2 * (256 + 2 * 256 * 256 + d * 256)


VEL_FWD = vel_fwd(17, 24)
VEL_BWD = vel_bwd(17, 24)
CRIT_FWD = crit_fwd(17, 24)
CRIT_DX_ACTIONS = crit_dx_actions(24)                     # dQ/da through every layer
CRIT_DX_HIDDEN = 2 * (256 + 2 * 256 * 256)               # input grads of layers 2..4 (for dW only)

# SAC (SacStepBench, CleanRL on HalfCheetah sizes O = 17, A = 6; 256 rows): actor 17 -> 256 -> 256 -> 2 heads of 6,
# twin Q 23 -> 256 -> 256 -> 1. Counted as the Java update needs them (PyTorch's CleanRL code also computes the
# critics' weight gradients in the actor's backward: 2 x SAC_Q_FWD per row more, per actor step).
SAC_ACTOR_FWD = 2 * (17 * 256 + 256 * 256 + 2 * 256 * 6)
SAC_ACTOR_DX_HIDDEN = 2 * (256 * 256 + 2 * 256 * 6)      # input grads of fc2 and the heads (for dW only)
SAC_Q_FWD = 2 * (23 * 256 + 256 * 256 + 256)
SAC_Q_DX_HIDDEN = 2 * (256 + 256 * 256)                  # input grads of fc3 and fc2
SAC_Q_DX_ACTIONS = SAC_Q_DX_HIDDEN + 2 * 6 * 256         # dQ/da
# critic step: a' ~ pi(s'), 2 target Qs, 2 Qs forward, their weight grads and hidden input grads
SAC_CRITIC_ROW = SAC_ACTOR_FWD + 4 * SAC_Q_FWD + 2 * (SAC_Q_FWD + SAC_Q_DX_HIDDEN)
# actor step: pi(s) forward, 2 Qs forward, dQ/da of both, the actor's backward; alpha step: one pi(s) forward
SAC_ACTOR_ROW = SAC_ACTOR_FWD + 2 * (SAC_Q_FWD + SAC_Q_DX_ACTIONS) + SAC_ACTOR_FWD + SAC_ACTOR_DX_HIDDEN
SAC_ALPHA_ROW = SAC_ACTOR_FWD

B, P, K = 256, 8, 8
N = B * P

FLOPS = {
    "mlp_velocity": B * (VEL_FWD + VEL_BWD),
    "mlp_critic": 2 * B * (CRIT_FWD + CRIT_FWD + CRIT_DX_ACTIONS),
    # chains (K forwards) + dQ/da of 2 members + v_ref at x' + two velocity forwards and their backward
    "actor_step": N * (K * VEL_FWD + 2 * (CRIT_FWD + CRIT_DX_ACTIONS) + VEL_FWD + 2 * (VEL_FWD + VEL_BWD)),
    # 2 members x 128 rows: forward, weight grads, input grads of layers 2..4
    "critic_step": 2 * (B // 2) * (CRIT_FWD + CRIT_FWD + CRIT_DX_HIDDEN),
    # one op = two env steps: 2 critic steps, 2 actor steps, 2 alpha steps, batch 256
    "sac_step": B * (2 * SAC_CRITIC_ROW + 2 * (SAC_ACTOR_ROW + SAC_ALPHA_ROW)),
}


def gemm_flops(shape):
    m, k, n = map(int, shape.split("x"))
    return 2 * m * k * n


def workload_flops(name):
    if name.startswith("gemm_") or name.startswith("numpy_gemm_"):
        return gemm_flops(name.split("_")[-1])
    return FLOPS.get(name)


# One training iteration at the hopper-cpu preset (jmh/iteration/rldt_iteration.py's counts): O = 11, D = 12
# (H = 4 actions of 3 joints), velocity input D + 16 + O = 39 -> 512, two 512 -> 512, 512 -> 12 (the time
# embedding left out, as above); critic member 23 -> 256 -> 256 -> 256 -> 1. Rollout: 10 envs x 250 chunks, K
# forwards of each chunk's row; 8 rounds of: 5000 bootstrap chains (K forwards), 32 critic steps (2 target nets on
# 5000 rows; each member forward, weight grads and hidden input grads on its 1250 rows), 2 actor steps on 500
# states x 8 particles (4000 chains, the actor_step structure above).
def hopper_cpu_iteration():
    o, d, k, chains = 11, 12, 8, 4000
    vf, cf = vel_fwd(o, d), crit_fwd(o, d)
    return {
        "rollout": 10 * 250 * k * vf,
        "bootstrap": 8 * 5000 * k * vf,
        "critic": 8 * 32 * (2 * 5000 * cf + 2500 * (2 * cf + CRIT_DX_HIDDEN)),
        "actor": 8 * 2 * chains * (k * vf + 2 * (cf + crit_dx_actions(d)) + vf + 2 * (vf + vel_bwd(o, d))),
    }

if __name__ == "__main__":
    # python3 jmh/tools/flops.py [GFLOP/s per core, default 217: the register kernel's rate on one core here]
    import sys
    rate = float(sys.argv[1]) if len(sys.argv) > 1 else 217.0
    phases = hopper_cpu_iteration()
    print(f"hopper-cpu iteration, matmul FLOPs and the time they need at {rate:g} GFLOP/s per core:")
    for name, f in phases.items():
        print(f"  {name:9s} {f / 1e12:6.3f} TFLOP  {f / rate / 1e9:6.2f} s on 1 core  {f / rate / 2e9:6.2f} s on 2")
    total = sum(phases.values())
    print(f"  {'total':9s} {total / 1e12:6.3f} TFLOP  {total / rate / 1e9:6.2f} s on 1 core  {total / rate / 2e9:6.2f} s on 2")
