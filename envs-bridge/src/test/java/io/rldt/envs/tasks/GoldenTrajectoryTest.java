package io.rldt.envs.tasks;

import io.rldt.envs.StepResult;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Pendulum and MountainCar against trajectories from an independent NumPy transcription of Gymnasium's step
 * code ({@code src/test/resources/fixtures/make_classic_control_fixtures.py}, NumPy 2 promotion rules).
 * Tolerances are "within float32 rounding": NumPy 2 does part of the arithmetic in float32 where the port
 * uses double (envs-spec.md §6 precision note).
 */
class GoldenTrajectoryTest {

    /** Rows {@code [step, action, reward, terminated, s0, s1]}. */
    private static List<double[]> load(String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (InputStream in = GoldenTrajectoryTest.class.getResourceAsStream("/fixtures/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split(",");
                double[] row = new double[f.length];
                for (int i = 0; i < f.length; i++) row[i] = Double.parseDouble(f[i]);
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void pendulumMatchesGymnasiumTranscription() throws IOException {
        List<double[]> rows = load("pendulum.csv");
        Pendulum env = new Pendulum();
        env.reset(0);
        env.setState(3.0, -0.5);
        for (double[] row : rows) {
            StepResult r = env.step(new double[] {row[1]});
            String at = "step " + (int) row[0];
            // NumPy computes 3·u and u² in float32 for a float32 action; everything else is float64
            assertEquals(row[2], r.reward(), 1e-7, at + " reward");
            assertEquals(row[4], env.state()[0], 1e-7, at + " theta");
            assertEquals(row[5], env.state()[1], 1e-7, at + " thetaDot");
        }
    }

    @Test
    void mountainCarMatchesGymnasiumTranscription() throws IOException {
        List<double[]> rows = load("mountain_car.csv");
        MountainCarContinuous env = new MountainCarContinuous();
        env.reset(0);
        env.setState((float) -1.1, (float) -0.06); // Gymnasium's state is a float32 array
        boolean hitWall = false;
        for (double[] row : rows) {
            StepResult r = env.step(new double[] {row[1]});
            String at = "step " + (int) row[0];
            assertEquals(row[3] == 1, r.terminated(), at + " terminated");
            assertEquals(row[2], r.reward(), 1e-7, at + " reward");
            assertEquals(row[4], r.observation()[0], 5e-7, at + " x"); // a few float32 ulps
            assertEquals(row[5], r.observation()[1], 5e-7, at + " v");
            hitWall |= row[4] == (float) -1.2 && row[5] == 0.0;
        }
        assertTrue(hitWall, "the fixture should exercise the left wall");
        assertTrue(rows.get(rows.size() - 1)[3] == 1, "the fixture should end at the goal");
    }
}
