package io.rldt.envs.remote;

import io.rldt.envs.Box;
import io.rldt.envs.Env;
import io.rldt.envs.ResetResult;
import io.rldt.envs.StepResult;

import java.util.Optional;

/**
 * One environment hosted by a Python process: a Gymnasium id, or a {@code module:callable} wrapping robomimic,
 * Furniture-Bench or anything else with {@code reset(seed=None)} / {@code step(action)} and Box spaces.
 *
 * <pre>{@code
 * try (RemoteEnv env = RemoteEnv.launch(RemoteEnvConfig.of("Pendulum-v1"))) {
 *     double[] obs = env.reset(0).observation();
 *     StepResult r = env.step(new double[] {0.5});
 * }
 * }</pre>
 *
 * <p>No autoreset: as the {@link Env} contract says, call {@link #reset} after a step that is done. Every call
 * is one round trip bounded by {@link RemoteEnvConfig#callTimeout()}; failures throw {@link RemoteEnvException}
 * (see there for which ones leave the env usable). Actions are sent as given; clipping is the Python env's rule.
 * Infos carry the env's scalar entries only (numbers as {@code Double} or {@code Long}, flags as {@code Boolean}).
 * Not thread-safe. Closing says goodbye to the server and kills it if it does not exit in time.
 */
public final class RemoteEnv implements Env {
    private final RemoteSession session;
    private final long[] seedSlot = new long[1];
    private final boolean[] seededSlot = new boolean[1];

    private RemoteEnv(RemoteSession session) { this.session = session; }

    /** Starts a server process for {@code config.spec()} and builds the env there. */
    public static RemoteEnv launch(RemoteEnvConfig config) {
        return new RemoteEnv(RemoteSession.open(RemoteConnection.launch(config), config, 1, false));
    }

    /** Connects to a server the user started with {@code --tcp host:port}; it builds one env from its own spec. */
    public static RemoteEnv connect(String host, int port, RemoteEnvConfig config) {
        return new RemoteEnv(RemoteSession.open(RemoteConnection.connect(host, port, config), config, 1, false));
    }

    @Override public Box observationSpace() { return session.observationSpace; }
    @Override public Box actionSpace() { return session.actionSpace; }

    @Override
    public ResetResult reset(long seed) { return reset(seed, true); }

    @Override
    public ResetResult reset() { return reset(0L, false); }

    private ResetResult reset(long seed, boolean seeded) {
        seedSlot[0] = seed;
        seededSlot[0] = seeded;
        VectorResetResult r = session.reset(seedSlot, seededSlot);
        return new ResetResult(r.observations()[0], r.infos().get(0));
    }

    @Override
    public StepResult step(double[] action) {
        VectorStepResult r = session.step(new double[][] {action});
        return new StepResult(r.observations()[0], r.rewards()[0], r.terminated()[0], r.truncated()[0], r.infos().get(0));
    }

    /** The server process, for diagnostics; empty when connected over TCP. */
    public Optional<ProcessHandle> serverProcess() { return session.conn.process(); }

    @Override
    public void close() { session.close(); }

    @Override
    public String toString() { return "RemoteEnv[" + session.conn.peer() + "]"; }
}
