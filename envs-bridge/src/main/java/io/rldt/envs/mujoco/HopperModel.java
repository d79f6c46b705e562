package io.rldt.envs.mujoco;

/**
 * The Hopper robot (Gymnasium's {@code hopper.xml}, v4/v5 physics) described by its segment heights, so that
 * leg and torso lengths can be varied. The defaults compile to the same model as Gymnasium's file.
 *
 * <p>Heights are z of the segment joints in the standing pose, as in gym's original global-coordinate model; the
 * MJCF frames are derived from them with the same arithmetic Gymnasium used to write its local-coordinate file.
 *
 * @param torsoTop   top of the torso capsule (m), default 1.45
 * @param hip        hip height (torso bottom, thigh top), default 1.05
 * @param knee       knee height (thigh bottom, leg top), default 0.6
 * @param ankle      ankle height (leg bottom, foot axis), default 0.1
 * @param footBack   x of the heel end of the foot capsule, default -0.13
 * @param footFront  x of the toe end of the foot capsule, default 0.26
 * @param footFrameX x of the foot body's frame origin (Gymnasium's choice; kept for bitwise equality), default 0.13
 * @param torsoRadius, thighRadius, legRadius, footRadius capsule radii (m), defaults 0.05, 0.05, 0.04, 0.06
 * @param footFriction sliding friction of the foot, default 2.0 (0.9 elsewhere)
 * @param gear       motor gear of the three actuators, default 200
 */
public record HopperModel(double torsoTop, double hip, double knee, double ankle, double footBack, double footFront,
                          double footFrameX, double torsoRadius, double thighRadius, double legRadius,
                          double footRadius, double footFriction, double gear) {

    /** The -90° rotation about y that lays the foot capsule along x (the literal from Gymnasium's file). */
    static final double[] FOOT_QUAT = {0.70710678118654757, 0, -0.70710678118654746, 0};

    /** Gymnasium's Hopper. */
    public static HopperModel standard() {
        return new HopperModel(1.45, 1.05, 0.6, 0.1, -0.13, 0.26, 0.13, 0.05, 0.05, 0.04, 0.06, 2.0, 200);
    }

    /** This morphology with the leg (knee to ankle) longer or shorter by {@code delta} metres, the body raised to match. */
    public HopperModel withLegLengthDelta(double delta) {
        return new HopperModel(torsoTop + delta, hip + delta, knee + delta, ankle, footBack, footFront, footFrameX,
                torsoRadius, thighRadius, legRadius, footRadius, footFriction, gear);
    }

    /** The MJCF document. */
    public Mjcf toMjcf() {
        Mjcf root = Mjcf.element("mujoco").set("model", "hopper");
        root.child("compiler").set("angle", "degree").set("inertiafromgeom", "true");
        Mjcf def = root.child("default");
        def.child("joint").set("armature", 1).set("damping", 1).set("limited", "true");
        def.child("geom").set("conaffinity", 1).set("condim", 1).set("contype", 1).set("margin", 0.001)
                .set("rgba", 0.8, 0.6, 0.4, 1).set("solimp", 0.8, 0.8, 0.01).set("solref", 0.02, 1);
        def.child("motor").set("ctrllimited", "true").set("ctrlrange", -0.4, 0.4);
        root.child("option").set("integrator", "RK4").set("timestep", 0.002);
        Mjcf world = root.child("worldbody");
        world.child("geom").set("conaffinity", 1).set("condim", 3).set("name", "floor").set("pos", 0, 0, 0)
                .set("rgba", 0.8, 0.9, 0.8, 1).set("size", 20, 20, 0.125).set("type", "plane");
        Mjcf torso = PlanarLegs.torso(world, torsoTop, hip, torsoRadius);
        PlanarLegs.leg(torso, "", null, hip, knee, ankle, footBack, footFront, footFrameX,
                thighRadius, legRadius, footRadius, footFriction, torsoCenter());
        Mjcf act = root.child("actuator");
        for (String j : new String[] {"thigh_joint", "leg_joint", "foot_joint"}) {
            act.child("motor").set("ctrllimited", "true").set("ctrlrange", -1.0, 1.0).set("gear", gear).set("joint", j);
        }
        return root;
    }

    /** The MJCF text. */
    public String toXml() { return toMjcf().toXml(); }

    private double torsoCenter() { return (torsoTop + hip) / 2; }
}
