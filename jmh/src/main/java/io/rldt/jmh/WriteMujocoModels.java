package io.rldt.jmh;

import io.rldt.envs.mujoco.HalfCheetahModel;
import io.rldt.envs.mujoco.HopperModel;
import io.rldt.envs.mujoco.Walker2dModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the MJCF the Java MuJoCo envs compile (their generated standard models) to {@code <dir>/hopper.xml},
 * {@code walker2d.xml} and {@code half_cheetah.xml}, so that {@code mujoco-testspeed} steps exactly the models
 * the Java envs step ({@code run-benchmarks.sh}).
 */
public final class WriteMujocoModels {
    private WriteMujocoModels() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: WriteMujocoModels <dir>");
        Path dir = Files.createDirectories(Path.of(args[0]));
        Files.writeString(dir.resolve("hopper.xml"), HopperModel.standard().toXml());
        Files.writeString(dir.resolve("walker2d.xml"), Walker2dModel.standard().toXml());
        Files.writeString(dir.resolve("half_cheetah.xml"), HalfCheetahModel.standard().toXml());
        System.out.println("wrote " + dir.resolve("hopper.xml") + ", walker2d.xml, half_cheetah.xml");
    }
}
