package io.rldt.envs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Checks that an {@link Env} keeps the contract, like Gymnasium's {@code check_env}: spaces, shapes, bounds,
 * NaN/Inf, the reset/step order, action validation and determinism of {@code reset(seed)}.
 *
 * <p>Pass a <b>freshly built</b> env: the first check steps it before any reset and expects
 * {@link IllegalStateException}. Every problem found is reported, each naming the field, its value and the
 * expectation; {@link #check} throws them together, {@link #problems} returns them.
 *
 * <p>Checks, in order: spaces (non-null, positive dimension, finite action bounds, stable); step before
 * reset throws {@code IllegalStateException}; {@code reset(seed)} twice gives the same observation; two
 * rollouts from the same seed and actions are identical; a wrong-length action throws
 * {@code IllegalArgumentException}; during a rollout every observation has the right length, is finite and
 * lies in the observation space, rewards are finite, and the action array is not modified; stepping after
 * the episode ended throws {@code IllegalStateException} (only when an episode ends within the step budget);
 * {@code reset()} without a seed works afterwards. Actions are drawn uniformly from the action space with a
 * fixed-seed generator, so the check itself is deterministic.
 */
public final class EnvChecker {
    /** Default step budget of the rollout check. */
    public static final int DEFAULT_MAX_STEPS = 1000;
    private static final int DETERMINISM_STEPS = 20;

    private EnvChecker() {}

    /** The problems found by {@link EnvChecker#check}, one per line in the message. */
    public static final class EnvCheckException extends RuntimeException {
        /** Serialization version. */
        private static final long serialVersionUID = 1L;
        /** The problems, one sentence each. */
        private final List<String> problems;

        /** @param problems what failed (non-empty) */
        public EnvCheckException(List<String> problems) {
            super("Env check failed with " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        /** The problems, one sentence each. */
        public List<String> problems() { return problems; }
    }

    /**
     * Checks a freshly built env with seed 0 and {@value #DEFAULT_MAX_STEPS} rollout steps.
     *
     * @throws EnvCheckException listing every problem found
     */
    public static void check(Env env) {
        List<String> problems = problems(env, 0L, DEFAULT_MAX_STEPS);
        if (!problems.isEmpty()) throw new EnvCheckException(problems);
    }

    /** The problems found in a freshly built env with seed 0 and {@value #DEFAULT_MAX_STEPS} rollout steps. */
    public static List<String> problems(Env env) { return problems(env, 0L, DEFAULT_MAX_STEPS); }

    /**
     * The problems found in a freshly built env; empty when it passes.
     *
     * @param seed     the seed passed to {@code reset(seed)}
     * @param maxSteps the most steps of the rollout check (positive)
     */
    public static List<String> problems(Env env, long seed, int maxSteps) {
        if (maxSteps <= 0) throw new IllegalArgumentException("EnvChecker: maxSteps is " + maxSteps + ", expected > 0");
        List<String> out = new ArrayList<>();
        if (!checkSpaces(env, out)) return out;
        try {
            checkStepBeforeReset(env, out);
            checkResetDeterminism(env, seed, out);
            checkRolloutDeterminism(env, seed, Math.min(DETERMINISM_STEPS, maxSteps), out);
            checkActionLength(env, seed, out);
            checkRollout(env, seed, maxSteps, out);
        } catch (RuntimeException e) {
            out.add("unexpected " + e.getClass().getSimpleName() + " while checking: " + e.getMessage());
        }
        return out;
    }

    private static boolean checkSpaces(Env env, List<String> out) {
        Box obs = env.observationSpace();
        Box act = env.actionSpace();
        if (obs == null) out.add("observationSpace() is null, expected a Box");
        if (act == null) out.add("actionSpace() is null, expected a Box");
        if (obs == null || act == null) return false;
        if (obs.dim() == 0) out.add("observationSpace().dim() is 0, expected >= 1");
        if (act.dim() == 0) out.add("actionSpace().dim() is 0, expected >= 1");
        for (int i = 0; i < act.dim(); i++) {
            if (!Double.isFinite(act.low(i)) || !Double.isFinite(act.high(i))) {
                out.add("actionSpace bound " + i + " is [" + act.low(i) + ", " + act.high(i) + "], expected finite bounds");
            }
        }
        if (!obs.equals(env.observationSpace())) out.add("observationSpace() changed between calls, expected a stable space");
        if (!act.equals(env.actionSpace())) out.add("actionSpace() changed between calls, expected a stable space");
        return obs.dim() > 0 && act.dim() > 0;
    }

    private static void checkStepBeforeReset(Env env, List<String> out) {
        try {
            env.step(centre(env.actionSpace()));
            out.add("step() before reset() returned normally, expected IllegalStateException");
        } catch (IllegalStateException expected) {
            // the contract holds
        } catch (RuntimeException e) {
            out.add("step() before reset() threw " + e.getClass().getSimpleName() + ", expected IllegalStateException");
        }
    }

    private static void checkResetDeterminism(Env env, long seed, List<String> out) {
        double[] first = env.reset(seed).observation();
        checkObservation(env, "reset(seed=" + seed + ").observation", first, out);
        double[] second = env.reset(seed).observation();
        int i = firstDifference(first, second);
        if (i >= 0) {
            out.add("reset(seed=" + seed + ") is not deterministic: observation" + where(i, first, second)
                    + ", expected identical observations");
        }
    }

    private static void checkRolloutDeterminism(Env env, long seed, int steps, List<String> out) {
        List<double[]> a = rollout(env, seed, steps);
        List<double[]> b = rollout(env, seed, steps);
        for (int t = 0; t < Math.min(a.size(), b.size()); t++) {
            int i = firstDifference(a.get(t), b.get(t));
            if (i >= 0) {
                out.add("two rollouts from reset(seed=" + seed + ") with the same actions differ at step " + t
                        + ": [observation, reward, terminated, truncated]" + where(i, a.get(t), b.get(t))
                        + ", expected identical transitions");
                return;
            }
        }
        if (a.size() != b.size()) {
            out.add("two rollouts from reset(seed=" + seed + ") with the same actions have lengths " + a.size()
                    + " and " + b.size() + ", expected equal");
        }
    }

    /** Transitions flattened as {@code [obs..., reward, terminated, truncated]}, with fixed-seed actions. */
    private static List<double[]> rollout(Env env, long seed, int steps) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        env.reset(seed);
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            StepResult r = env.step(sample(env.actionSpace(), rng));
            double[] row = Arrays.copyOf(r.observation(), r.observation().length + 3);
            row[row.length - 3] = r.reward();
            row[row.length - 2] = r.terminated() ? 1 : 0;
            row[row.length - 1] = r.truncated() ? 1 : 0;
            out.add(row);
            if (r.done()) break;
        }
        return out;
    }

    private static void checkActionLength(Env env, long seed, List<String> out) {
        env.reset(seed);
        int dim = env.actionSpace().dim();
        try {
            env.step(new double[dim + 1]);
            out.add("step() with an action of length " + (dim + 1) + " returned normally, expected IllegalArgumentException");
        } catch (IllegalArgumentException expected) {
            // the contract holds
        } catch (RuntimeException e) {
            out.add("step() with an action of length " + (dim + 1) + " threw " + e.getClass().getSimpleName()
                    + ", expected IllegalArgumentException");
        }
    }

    private static void checkRollout(Env env, long seed, int maxSteps, List<String> out) {
        SplittableRandom rng = new SplittableRandom(seed + 1);
        env.reset(seed);
        boolean done = false;
        for (int t = 0; t < maxSteps && !done; t++) {
            double[] action = sample(env.actionSpace(), rng);
            double[] copy = action.clone();
            StepResult r = env.step(action);
            String field = "step " + t + ": ";
            int before = out.size();
            if (!Arrays.equals(action, copy)) out.add(field + "step() modified its action argument, expected it untouched");
            checkObservation(env, field + "observation", r.observation(), out);
            if (!Double.isFinite(r.reward())) out.add(field + "reward is " + r.reward() + ", expected a finite number");
            if (out.size() > before) return; // one broken step is enough; later ones would repeat it
            done = r.done();
        }
        if (done) {
            try {
                env.step(centre(env.actionSpace()));
                out.add("step() after the episode ended returned normally, expected IllegalStateException");
            } catch (IllegalStateException expected) {
                // the contract holds
            } catch (RuntimeException e) {
                out.add("step() after the episode ended threw " + e.getClass().getSimpleName()
                        + ", expected IllegalStateException");
            }
        }
        checkObservation(env, "reset().observation", env.reset().observation(), out);
    }

    private static void checkObservation(Env env, String field, double[] obs, List<String> out) {
        Box space = env.observationSpace();
        if (obs.length != space.dim()) {
            out.add(field + " has length " + obs.length + ", expected " + space.dim() + " (observationSpace().dim())");
            return;
        }
        for (int i = 0; i < obs.length; i++) {
            if (!Double.isFinite(obs[i])) {
                out.add(field + "[" + i + "] is " + obs[i] + ", expected a finite number");
                return;
            }
            if (obs[i] < space.low(i) || obs[i] > space.high(i)) {
                out.add(field + "[" + i + "] is " + obs[i] + ", expected within observationSpace bounds ["
                        + space.low(i) + ", " + space.high(i) + "]");
                return;
            }
        }
    }

    private static double[] sample(Box box, SplittableRandom rng) {
        double[] a = new double[box.dim()];
        for (int i = 0; i < a.length; i++) {
            double lo = box.low(i), hi = box.high(i);
            a[i] = Double.isFinite(lo) && Double.isFinite(hi) ? lo + (hi - lo) * rng.nextDouble() : rng.nextGaussian();
        }
        return a;
    }

    private static double[] centre(Box box) {
        double[] a = new double[box.dim()];
        for (int i = 0; i < a.length; i++) {
            double lo = box.low(i), hi = box.high(i);
            a[i] = Double.isFinite(lo) && Double.isFinite(hi) ? 0.5 * (lo + hi) : 0.0;
        }
        return a;
    }

    private static int firstDifference(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) return i;
        }
        return a.length == b.length ? -1 : n;
    }

    private static String where(int i, double[] a, double[] b) {
        return "[" + i + "] is " + (i < a.length ? a[i] : "missing") + " then " + (i < b.length ? b[i] : "missing");
    }
}
