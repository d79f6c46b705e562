"""Matmul FLOPs (2·m·k·n per product) of each workload, shared by the summary scripts.

Reference workload: O = 17, D = 24, B = 256 states, P = 8 particles (B·P = 2048 rows), K = 8.
Velocity net per row, forward: input 57 -> 512, two 512 -> 512, 512 -> 24 (the time embedding runs on at
most K distinct times and is left out). Backward: weight gradients (= forward) plus input gradients of every
layer but the first (x, t, s need none). Critic member per row: 41 -> 256 -> 256 -> 256 -> 1; its gradient
with respect to actions needs the input gradient of the first layer's 24 action columns only.
"""

VEL_FWD = 2 * (57 * 512 + 2 * 512 * 512 + 512 * 24)
VEL_BWD = VEL_FWD + 2 * (2 * 512 * 512 + 512 * 24)
CRIT_FWD = 2 * (41 * 256 + 2 * 256 * 256 + 256)
CRIT_DX_ACTIONS = 2 * (256 + 2 * 256 * 256 + 24 * 256)   # dQ/da through every layer
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
