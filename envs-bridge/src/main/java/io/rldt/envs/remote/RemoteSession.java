package io.rldt.envs.remote;

import io.rldt.envs.Box;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages on top of a {@link RemoteConnection}: the handshake, then batched RESET and STEP over
 * {@code N} envs. {@link RemoteEnv} is the {@code N = 1}, no-autoreset case of this class.
 */
final class RemoteSession implements AutoCloseable {
    final RemoteConnection conn;
    final RemoteEnvConfig config;
    final int numEnvs;
    final Box observationSpace;
    final Box actionSpace;

    private record Spaces(Box observation, Box action) {}

    private RemoteSession(RemoteConnection conn, RemoteEnvConfig config, int numEnvs, Spaces spaces) {
        this.conn = conn;
        this.config = config;
        this.numEnvs = numEnvs;
        this.observationSpace = spaces.observation();
        this.actionSpace = spaces.action();
    }

    /** Sends HELLO and reads the spaces; the connection is closed (child killed) if the handshake fails. */
    static RemoteSession open(RemoteConnection conn, RemoteEnvConfig config, int numEnvs, boolean autoReset) {
        if (numEnvs < 1 || numEnvs > 1 << 16) throw new IllegalArgumentException("numEnvs must be in [1, 65536], got " + numEnvs);
        ByteBuffer hello = Protocol.allocate(11).put(Protocol.MAGIC).putShort((short) Protocol.VERSION)
                .putInt(numEnvs).put((byte) (autoReset ? 1 : 0)).flip();
        try {
            Spaces spaces = conn.call(Protocol.HELLO, hello, Protocol.SPACES, b -> readSpaces(b, numEnvs), config.startTimeout());
            return new RemoteSession(conn, config, numEnvs, spaces);
        } catch (RuntimeException e) {
            conn.abort("the handshake failed");  // a server that could not build its envs exits by itself
            throw e;
        }
    }

    private static Spaces readSpaces(ByteBuffer b, int numEnvs) throws Protocol.Violation {
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, Protocol.MAGIC)) {
            throw new Protocol.Violation("SPACES does not start with the magic RLDT: is this an rldt env server?");
        }
        int version = Short.toUnsignedInt(b.getShort());
        if (version != Protocol.VERSION) {
            throw new Protocol.Violation("server speaks protocol version " + version + ", this client speaks " + Protocol.VERSION);
        }
        int n = b.getInt(), obsDim = b.getInt(), actDim = b.getInt();
        if (n != numEnvs) throw new Protocol.Violation("asked for " + numEnvs + " envs, the server hosts " + n);
        if (obsDim < 0 || obsDim > Protocol.MAX_DIM || actDim < 0 || actDim > Protocol.MAX_DIM) {
            throw new Protocol.Violation("implausible space dimensions obs=" + obsDim + " act=" + actDim);
        }
        double[] obsLow = Protocol.readDoubles(b, obsDim), obsHigh = Protocol.readDoubles(b, obsDim);
        double[] actLow = Protocol.readDoubles(b, actDim), actHigh = Protocol.readDoubles(b, actDim);
        try {
            return new Spaces(new Box(obsLow, obsHigh), new Box(actLow, actHigh));
        } catch (IllegalArgumentException e) {
            throw new Protocol.Violation("invalid space bounds: " + e.getMessage());
        }
    }

    /**
     * Resets every env. {@code seeds[i]} is used where {@code seeded[i]}; elsewhere env {@code i} continues its
     * random stream. A seed travels as the unsigned 64-bit value of the long (numpy rejects negative seeds).
     */
    VectorResetResult reset(long[] seeds, boolean[] seeded) {
        ByteBuffer req = Protocol.allocate(9 * numEnvs);
        for (int i = 0; i < numEnvs; i++) req.put((byte) (seeded[i] ? 1 : 0)).putLong(seeded[i] ? seeds[i] : 0L);
        return conn.call(Protocol.RESET, req.flip(), Protocol.RESET_OK, b -> {
            double[][] obs = readRows(b, numEnvs, observationSpace.dim());
            return new VectorResetResult(obs, readInfos(b));
        }, config.callTimeout());
    }

    /** Steps every env with {@code actions [N][actDim]} in one round trip. */
    VectorStepResult step(double[][] actions) {
        int actDim = actionSpace.dim();
        if (actions.length != numEnvs) {
            throw new IllegalArgumentException("step: got " + actions.length + " actions for " + numEnvs + " envs");
        }
        ByteBuffer req = Protocol.allocate(8 * numEnvs * actDim);
        for (int i = 0; i < numEnvs; i++) {
            if (actions[i].length != actDim) {
                throw new IllegalArgumentException("step: action " + i + " has " + actions[i].length + " entries, action space has " + actDim);
            }
            req.asDoubleBuffer().put(actions[i]);
            req.position(req.position() + 8 * actDim);
        }
        return conn.call(Protocol.STEP, req.flip(), Protocol.STEP_OK, this::readStep, config.callTimeout());
    }

    private VectorStepResult readStep(ByteBuffer b) throws Protocol.Violation {
        int obsDim = observationSpace.dim();
        double[][] obs = readRows(b, numEnvs, obsDim);
        double[] rewards = Protocol.readDoubles(b, numEnvs);
        boolean[] terminated = new boolean[numEnvs], truncated = new boolean[numEnvs];
        boolean[] reset = new boolean[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            int f = b.get();
            terminated[i] = (f & Protocol.TERMINATED) != 0;
            truncated[i] = (f & Protocol.TRUNCATED) != 0;
            reset[i] = (f & Protocol.AUTORESET) != 0;
        }
        double[][] finals = new double[numEnvs][];
        for (int i = 0; i < numEnvs; i++) if (reset[i]) finals[i] = Protocol.readDoubles(b, obsDim);
        return new VectorStepResult(obs, rewards, terminated, truncated, finals, readInfos(b));
    }

    private static double[][] readRows(ByteBuffer b, int rows, int cols) {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) out[i] = Protocol.readDoubles(b, cols);
        return out;
    }

    private List<Map<String, Object>> readInfos(ByteBuffer b) throws Protocol.Violation {
        List<Map<String, Object>> infos = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) infos.add(Protocol.readInfo(b));
        return List.copyOf(infos);
    }

    @Override
    public void close() { conn.close(); }
}
