package io.rldt.envs.mujoco;

/**
 * The Walker2d robot (Gymnasium's {@code walker2d.xml}): a Hopper-like torso with two identical legs, described by
 * segment heights like {@link HopperModel}. The defaults compile to the same model as Gymnasium's file.
 *
 * @param torsoTop, hip, knee, ankle   segment heights (m), defaults 1.45, 1.05, 0.6, 0.1
 * @param footBack, footFront          x range of the foot capsules, defaults 0 and 0.2
 * @param footFrameX                   x of the foot body frames (Gymnasium's choice), default 0.2
 * @param torsoRadius, thighRadius, legRadius, footRadius  capsule radii, defaults 0.05, 0.05, 0.04, 0.06
 * @param rightFootFriction, leftFootFriction  defaults 0.9 and 1.9 (Gymnasium keeps this asymmetry)
 * @param gear                         motor gear of all six actuators, default 100
 */
public record Walker2dModel(double torsoTop, double hip, double knee, double ankle, double footBack,
                            double footFront, double footFrameX, double torsoRadius, double thighRadius,
                            double legRadius, double footRadius, double rightFootFriction, double leftFootFriction,
                            double gear) {

    private static final double[] LEFT_RGBA = {0.7, 0.3, 0.6, 1};

    /** Gymnasium's Walker2d. */
    public static Walker2dModel standard() {
        return new Walker2dModel(1.45, 1.05, 0.6, 0.1, 0, 0.2, 0.2, 0.05, 0.05, 0.04, 0.06, 0.9, 1.9, 100);
    }

    /** This morphology with both legs (knee to ankle) longer or shorter by {@code delta} metres. */
    public Walker2dModel withLegLengthDelta(double delta) {
        return new Walker2dModel(torsoTop + delta, hip + delta, knee + delta, ankle, footBack, footFront, footFrameX,
                torsoRadius, thighRadius, legRadius, footRadius, rightFootFriction, leftFootFriction, gear);
    }

    /** The MJCF document. */
    public Mjcf toMjcf() {
        Mjcf root = Mjcf.element("mujoco").set("model", "walker2d");
        root.child("compiler").set("angle", "degree").set("inertiafromgeom", "true");
        Mjcf def = root.child("default");
        def.child("joint").set("armature", 0.01).set("damping", 0.1).set("limited", "true");
        def.child("geom").set("conaffinity", 0).set("condim", 3).set("contype", 1).set("density", 1000)
                .set("friction", 0.7, 0.1, 0.1).set("rgba", 0.8, 0.6, 0.4, 1);
        root.child("option").set("integrator", "RK4").set("timestep", 0.002);
        Mjcf world = root.child("worldbody");
        world.child("geom").set("conaffinity", 1).set("condim", 3).set("name", "floor").set("pos", 0, 0, 0)
                .set("rgba", 0.8, 0.9, 0.8, 1).set("size", 40, 40, 40).set("type", "plane");
        Mjcf torso = PlanarLegs.torso(world, torsoTop, hip, torsoRadius);
        double center = (torsoTop + hip) / 2;
        PlanarLegs.leg(torso, "", null, hip, knee, ankle, footBack, footFront, footFrameX,
                thighRadius, legRadius, footRadius, rightFootFriction, center);
        PlanarLegs.leg(torso, "_left", LEFT_RGBA, hip, knee, ankle, footBack, footFront, footFrameX,
                thighRadius, legRadius, footRadius, leftFootFriction, center);
        Mjcf act = root.child("actuator");
        for (String j : new String[] {"thigh_joint", "leg_joint", "foot_joint",
                "thigh_left_joint", "leg_left_joint", "foot_left_joint"}) {
            act.child("motor").set("ctrllimited", "true").set("ctrlrange", -1.0, 1.0).set("gear", gear).set("joint", j);
        }
        return root;
    }

    /** The MJCF text. */
    public String toXml() { return toMjcf().toXml(); }
}
