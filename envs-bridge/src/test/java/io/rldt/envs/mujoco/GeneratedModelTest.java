package io.rldt.envs.mujoco;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project's generated robots compile to the same model as Gymnasium's files, field by field over the whole
 * mjModel (except purely visual or naming fields, listed below), and give bit-identical trajectories.
 */
@Tag("mujoco")
@RequiresMujoco
class GeneratedModelTest {
    /** Fields that differ only because the generated models omit textures, materials, lights and visual options. */
    private static final List<String> VISUAL_PREFIXES = List.of("tex_", "mat_", "light_", "name_", "names");
    private static final List<String> VISUAL_FIELDS = List.of("geom_matid", "site_matid", "skin_matid",
            "tendon_matid", "ntex", "ntexdata", "nmat", "nlight", "nnames", "nbuffer");
    private static final int STEPS = 2000;

    @Test void hopperMatchesReference() { check("hopper.xml", () -> HopperModel.standard().toXml()); }
    @Test void walker2dMatchesReference() { check("walker2d.xml", () -> Walker2dModel.standard().toXml()); }
    @Test void halfCheetahMatchesReference() { check("half_cheetah.xml", () -> HalfCheetahModel.standard().toXml()); }

    @Test
    void morphologyChangesTheModel() {
        MujocoTestSupport.assumeMujoco();
        try (MjModelHandle a = MjModelHandle.fromXml(HopperModel.standard().toXml());
             MjModelHandle b = MjModelHandle.fromXml(HopperModel.standard().withLegLengthDelta(0.1).toXml())) {
            assertEquals(a.doubles("qpos0")[1] + 0.1, b.doubles("qpos0")[1], 1e-12, "torso raised by 0.1");
            assertTrue(b.doubles("body_mass")[3] > a.doubles("body_mass")[3], "longer leg is heavier");
        }
    }

    private static boolean visual(String name) {
        return VISUAL_FIELDS.contains(name) || VISUAL_PREFIXES.stream().anyMatch(name::startsWith);
    }

    private static void check(String file, Supplier<String> xml) {
        var path = MujocoTestSupport.reference(file);
        try (MjModelHandle ref = MjModelHandle.load(path); MjModelHandle gen = MjModelHandle.fromXml(xml.get())) {
            List<String> diffs = modelDiffs(ref, gen);
            assertTrue(diffs.isEmpty(), file + ": generated model differs in " + diffs);
            sameTrajectory(ref, gen);
        }
    }

    /** The comparison has teeth: moving the hip by one ulp changes several compiled fields. */
    @Test
    void oneUlpChangeIsDetected() {
        var path = MujocoTestSupport.reference("hopper.xml");
        HopperModel s = HopperModel.standard();
        HopperModel moved = new HopperModel(s.torsoTop(), Math.nextUp(s.hip()), s.knee(), s.ankle(), s.footBack(),
                s.footFront(), s.footFrameX(), s.torsoRadius(), s.thighRadius(), s.legRadius(), s.footRadius(),
                s.footFriction(), s.gear());
        try (MjModelHandle ref = MjModelHandle.load(path); MjModelHandle gen = MjModelHandle.fromXml(moved.toXml())) {
            List<String> diffs = modelDiffs(ref, gen);
            assertTrue(diffs.contains("body_pos") && diffs.contains("geom_size"), "diffs: " + diffs);
        }
    }

    /** Names of the non-visual mjModel sizes, options and arrays that differ. */
    private static List<String> modelDiffs(MjModelHandle ref, MjModelHandle gen) {
        MjLayout layout = MujocoNative.layout();
        List<String> diffs = new ArrayList<>();
        layout.modelInts().keySet().stream().filter(n -> !visual(n))
                .filter(n -> ref.size(n) != gen.size(n))
                .forEach(n -> diffs.add(n + ": " + ref.size(n) + " vs " + gen.size(n)));
        layout.modelOptions().keySet().stream()
                .filter(n -> !Arrays.equals(ref.option(n), gen.option(n)))
                .forEach(n -> diffs.add("opt." + n));
        if (!diffs.isEmpty()) return diffs;
        int compared = 0;
        for (MjLayout.ArrayField f : layout.modelArrays().values()) {
            if (visual(f.name())) continue;
            compared++;
            if (!Objects.deepEquals(ref.arrayCopy(f), gen.arrayCopy(f))) diffs.add(f.name());
        }
        assertTrue(compared > 200, "compared only " + compared + " arrays");
        return diffs;
    }

    /** Both models driven by the same pseudo-random controls (some outside ctrlrange) give identical states. */
    private static void sameTrajectory(MjModelHandle ref, MjModelHandle gen) {
        try (MjDataHandle a = ref.makeData(); MjDataHandle b = gen.makeData()) {
            SplittableRandom rng = new SplittableRandom(42);
            double[] qa = new double[ref.nq()], qb = new double[ref.nq()];
            double[] va = new double[ref.nv()], vb = new double[ref.nv()];
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < ref.nu(); i++) {
                    double u = rng.nextDouble(-1.5, 1.5);
                    a.setCtrl(i, u);
                    b.setCtrl(i, u);
                }
                a.step();
                b.step();
                assertArrayEquals(a.qpos(qa), b.qpos(qb), 0.0, "qpos at step " + t);
                assertArrayEquals(a.qvel(va), b.qvel(vb), 0.0, "qvel at step " + t);
            }
            assertEquals(0, a.warningCount(), "reference run raised MuJoCo warnings");
        }
    }
}
