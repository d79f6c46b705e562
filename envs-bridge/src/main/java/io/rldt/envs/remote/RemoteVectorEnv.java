package io.rldt.envs.remote;

import io.rldt.envs.Box;

import java.util.Optional;

/**
 * {@code N} copies of one environment in one Python process, stepped together in one round trip per step.
 *
 * <p><b>Autoreset (same step):</b> when env {@code i}'s episode ends in a step, the server resets it at once,
 * continuing its random stream, and the result carries the new episode's first observation in
 * {@code observations[i]} and the ended episode's last one in {@code finalObservations[i]}, with
 * {@code terminated[i]}/{@code truncated[i]} and the info of the last step. So {@link #step} may be called
 * forever after one {@link #reset}; bootstrap a truncated transition from {@code finalObservations[i]}.
 * The reset info of an autoreset is dropped. The envs run one after another in the server: the batching saves
 * round trips, not Python time.
 *
 * <p>Timeouts, failures and threading as for {@link RemoteEnv}.
 */
public final class RemoteVectorEnv implements AutoCloseable {
    private final RemoteSession session;

    private RemoteVectorEnv(RemoteSession session) { this.session = session; }

    /** Starts a server process hosting {@code numEnvs} envs built from {@code config.spec()}. */
    public static RemoteVectorEnv launch(RemoteEnvConfig config, int numEnvs) {
        return new RemoteVectorEnv(RemoteSession.open(RemoteConnection.launch(config), config, numEnvs, true));
    }

    /** Connects to a server the user started with {@code --tcp host:port}; it builds {@code numEnvs} envs. */
    public static RemoteVectorEnv connect(String host, int port, RemoteEnvConfig config, int numEnvs) {
        return new RemoteVectorEnv(RemoteSession.open(RemoteConnection.connect(host, port, config), config, numEnvs, true));
    }

    public int numEnvs() { return session.numEnvs; }

    /** The observation space of one env. */
    public Box observationSpace() { return session.observationSpace; }

    /** The action space of one env. */
    public Box actionSpace() { return session.actionSpace; }

    /** Resets env {@code i} with seed {@code seed + i} (Gymnasium's vector convention). */
    public VectorResetResult reset(long seed) {
        long[] seeds = new long[numEnvs()];
        for (int i = 0; i < seeds.length; i++) seeds[i] = seed + i;
        return reset(seeds);
    }

    /** Resets env {@code i} with {@code seeds[i]}; {@code seeds} has {@code numEnvs()} entries. */
    public VectorResetResult reset(long[] seeds) {
        if (seeds.length != numEnvs()) throw new IllegalArgumentException("reset: " + seeds.length + " seeds for " + numEnvs() + " envs");
        boolean[] seeded = new boolean[seeds.length];
        java.util.Arrays.fill(seeded, true);
        return session.reset(seeds, seeded);
    }

    /** Resets every env, each continuing its own random stream. */
    public VectorResetResult reset() { return session.reset(new long[numEnvs()], new boolean[numEnvs()]); }

    /**
     * Steps all envs with {@code actions [N][actDim]} (not modified or retained), autoresetting ended episodes.
     */
    public VectorStepResult step(double[][] actions) { return session.step(actions); }

    /** The server process, for diagnostics; empty when connected over TCP. */
    public Optional<ProcessHandle> serverProcess() { return session.conn.process(); }

    @Override
    public void close() { session.close(); }

    @Override
    public String toString() { return "RemoteVectorEnv[" + numEnvs() + " x " + session.conn.peer() + "]"; }
}
