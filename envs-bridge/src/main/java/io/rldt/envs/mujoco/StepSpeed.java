package io.rldt.envs.mujoco;

import io.rldt.envs.StepResult;

import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Measures single-thread step throughput of the MuJoCo envs driven from Java, for comparison with MuJoCo's C
 * {@code mujoco-testspeed} (package libmujoco-samples):
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp envs-bridge/target/classes io.rldt.envs.mujoco.StepSpeed [envSteps] [rawSteps]
 * mujoco-testspeed hopper.xml 20000 1 0.01
 * </pre>
 * Two figures per task: "raw", a loop of {@code mj_step} with control noise 0.01·N(0,1), the same work as
 * testspeed's; and "env", full {@code Env.step} calls (frame skip, observation, reward, info map) with uniform
 * random actions and a reset whenever an episode ends or reaches 1000 steps. Each is the best of three repeats
 * after a warm-up. Results go to stdout; {@code sink} printing keeps the work from being optimised away.
 */
public final class StepSpeed {
    private StepSpeed() {}

    public static void main(String[] args) {
        MujocoNative.requireAvailable();
        int envSteps = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rawSteps = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        System.out.printf("MuJoCo %s, Java %s, %d processors%n", MujocoNative.versionString(),
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        run("Hopper-v4", Hopper::new, envSteps, rawSteps);
        run("Walker2d-v4", Walker2d::new, envSteps, rawSteps);
        run("HalfCheetah-v4", HalfCheetah::new, envSteps, rawSteps);
    }

    private static void run(String id, Supplier<MujocoLocomotionEnv> factory, int envSteps, int rawSteps) {
        try (MujocoLocomotionEnv env = factory.get()) {
            double sink = 0;
            double bestRaw = 0, bestEnv = 0;
            for (int rep = 0; rep < 4; rep++) { // rep 0 is warm-up
                long t0 = System.nanoTime();
                sink += rawLoop(env.model(), rawSteps);
                double raw = rawSteps / ((System.nanoTime() - t0) * 1e-9);
                t0 = System.nanoTime();
                sink += envLoop(env, envSteps);
                double e = envSteps / ((System.nanoTime() - t0) * 1e-9);
                if (rep > 0) {
                    bestRaw = Math.max(bestRaw, raw);
                    bestEnv = Math.max(bestEnv, e);
                }
            }
            System.out.printf("%-15s raw mj_step/s %,9.0f | env steps/s %,8.0f (= %,9.0f mj_step/s, frame skip %d)  [sink %.3g]%n",
                    id, bestRaw, bestEnv, bestEnv * env.frameSkip(), env.frameSkip(), sink);
        }
    }

    /** testspeed's loop: from qpos0, {@code n} mj_steps with ctrl = 0.01·N(0,1). */
    private static double rawLoop(MjModelHandle model, int n) {
        SplittableRandom rng = new SplittableRandom(1);
        try (MjDataHandle d = model.makeData()) {
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d.nu; i++) d.setCtrl(i, 0.01 * rng.nextGaussian());
                d.step();
            }
            return d.qpos(0);
        }
    }

    private static double envLoop(MujocoLocomotionEnv env, int n) {
        SplittableRandom rng = new SplittableRandom(2);
        double[] a = new double[env.actionSpace().dim()];
        double total = 0;
        env.reset(0);
        int t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < a.length; j++) a[j] = rng.nextDouble(-1, 1);
            StepResult r = env.step(a);
            total += r.reward();
            if (r.done() || ++t == MujocoLocomotionEnv.MAX_EPISODE_STEPS) {
                env.reset();
                t = 0;
            }
        }
        return total;
    }
}
