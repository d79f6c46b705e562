package io.rldt.envs.mujoco;

/** Child-process entry for {@link ErrorHandlerTest}: triggers {@code mju_error}, which must halt the JVM. */
public final class FatalErrorMain {
    private FatalErrorMain() {}

    public static void main(String[] args) {
        if (!MujocoNative.isAvailable()) {
            System.err.println("unavailable: " + MujocoNative.unavailableReason());
            System.exit(3);
        }
        MujocoNative.raiseFatalErrorForTest("rldt test fatal error");
        System.out.println("returned from mju_error");
        System.exit(4);
    }
}
