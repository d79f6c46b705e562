package io.rldt.envs.mujoco;

/**
 * Torso and leg builders shared by {@link HopperModel} and {@link Walker2dModel}: a capsule torso on three planar
 * root joints (slide x, slide z, hinge y) and legs of thigh, leg and foot capsules hinged about -y.
 */
final class PlanarLegs {
    private PlanarLegs() {}

    /** The torso body at its centre height, with the camera and root joints anchored at ground level. */
    static Mjcf torso(Mjcf world, double top, double hip, double radius) {
        double center = (top + hip) / 2;
        Mjcf torso = world.child("body").set("name", "torso").set("pos", 0, 0, center);
        torso.child("camera").set("name", "track").set("mode", "trackcom").set("pos", 0, -3, -0.25)
                .set("xyaxes", 1, 0, 0, 0, 0, 1);
        torso.child("joint").set("armature", 0).set("axis", 1, 0, 0).set("damping", 0).set("limited", "false")
                .set("name", "rootx").set("pos", 0, 0, -center).set("stiffness", 0).set("type", "slide");
        torso.child("joint").set("armature", 0).set("axis", 0, 0, 1).set("damping", 0).set("limited", "false")
                .set("name", "rootz").set("pos", 0, 0, -center).set("ref", center).set("stiffness", 0)
                .set("type", "slide");
        torso.child("joint").set("armature", 0).set("axis", 0, 1, 0).set("damping", 0).set("limited", "false")
                .set("name", "rooty").set("pos", 0, 0, 0).set("stiffness", 0).set("type", "hinge");
        torso.child("geom").set("friction", 0.9).set("name", "torso_geom").set("size", radius, (top - hip) / 2)
                .set("type", "capsule");
        return torso;
    }

    /**
     * A thigh-leg-foot chain under {@code torso}. Names get {@code suffix} ("" or "_left"); {@code rgba} may be null.
     * Frames: thigh at the hip, leg at the middle of the leg capsule, foot at (footFrameX, 0) on the ground.
     */
    static void leg(Mjcf torso, String suffix, double[] rgba, double hip, double knee, double ankle, double footBack,
                    double footFront, double footFrameX, double thighRadius, double legRadius, double footRadius,
                    double footFriction, double torsoCenter) {
        Mjcf thigh = torso.child("body").set("name", "thigh" + suffix).set("pos", 0, 0, hip - torsoCenter);
        hinge(thigh, "thigh" + suffix + "_joint", 0, 0, 0, -150, 0);
        capsule(thigh, "thigh" + suffix + "_geom", 0.9, rgba, (hip + knee) / 2 - hip, thighRadius, (hip - knee) / 2);

        double legCenter = (knee + ankle) / 2;
        Mjcf leg = thigh.child("body").set("name", "leg" + suffix).set("pos", 0, 0, legCenter - hip);
        hinge(leg, "leg" + suffix + "_joint", 0, 0, knee - legCenter, -150, 0);
        Mjcf legGeom = leg.child("geom").set("friction", 0.9).set("name", "leg" + suffix + "_geom")
                .set("size", legRadius, (knee - ankle) / 2).set("type", "capsule");
        if (rgba != null) legGeom.set("rgba", rgba);

        Mjcf foot = leg.child("body").set("name", "foot" + suffix).set("pos", footFrameX, 0, -legCenter);
        hinge(foot, "foot" + suffix + "_joint", -footFrameX, 0, ankle, -45, 45);
        Mjcf footGeom = foot.child("geom").set("friction", footFriction)
                .set("pos", (footBack + footFront) / 2 - footFrameX, 0, ankle)
                .set("quat", HopperModel.FOOT_QUAT).set("name", "foot" + suffix + "_geom")
                .set("size", footRadius, (footFront - footBack) / 2).set("type", "capsule");
        if (rgba != null) footGeom.set("rgba", rgba);
    }

    private static void hinge(Mjcf body, String name, double x, double y, double z, double lo, double hi) {
        body.child("joint").set("axis", 0, -1, 0).set("name", name).set("pos", x, y, z).set("range", lo, hi)
                .set("type", "hinge");
    }

    private static void capsule(Mjcf body, String name, double friction, double[] rgba, double z, double radius,
                                double half) {
        Mjcf g = body.child("geom").set("friction", friction).set("pos", 0, 0, z).set("name", name)
                .set("size", radius, half).set("type", "capsule");
        if (rgba != null) g.set("rgba", rgba);
    }
}
