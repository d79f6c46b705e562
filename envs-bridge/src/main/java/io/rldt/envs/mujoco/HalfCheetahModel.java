package io.rldt.envs.mujoco;

/**
 * The HalfCheetah robot (Gymnasium's {@code half_cheetah.xml}) with scale factors on the torso and on each leg.
 * With all scales 1 it compiles to the same model as Gymnasium's file. The compiler's {@code settotalmass="14"}
 * is kept, so scaling changes the mass distribution but not the total mass.
 *
 * @param torsoScale    scales the torso capsule and the hip positions, default 1
 * @param backLegScale  scales every length of the back leg (body offsets, capsule positions and half-lengths)
 * @param frontLegScale the same for the front leg
 */
public record HalfCheetahModel(double torsoScale, double backLegScale, double frontLegScale) {

    /** Gymnasium's HalfCheetah. */
    public static HalfCheetahModel standard() { return new HalfCheetahModel(1, 1, 1); }

    private static final double R = 0.046;

    /** One leg segment: body offset from its parent, joint limits and stiffness, capsule placement. */
    private record Segment(String name, double bx, double bz, double damping, double lo, double hi,
                           double stiffness, double gx, double gz, double angle, double half, boolean shinColour) {}

    private static final Segment[] BACK = {
            new Segment("bthigh", -0.5, 0, 6, -0.52, 1.05, 240, 0.1, -0.13, -3.8, 0.145, false),
            new Segment("bshin", 0.16, -0.25, 4.5, -0.785, 0.785, 180, -0.14, -0.07, -2.03, 0.15, true),
            new Segment("bfoot", -0.28, -0.14, 3, -0.4, 0.785, 120, 0.03, -0.097, -0.27, 0.094, true)};
    private static final Segment[] FRONT = {
            new Segment("fthigh", 0.5, 0, 4.5, -1, 0.7, 180, -0.07, -0.12, 0.52, 0.133, false),
            new Segment("fshin", -0.14, -0.24, 3, -1.2, 0.87, 120, 0.065, -0.09, -0.6, 0.106, true),
            new Segment("ffoot", 0.13, -0.18, 1.5, -0.5, 0.5, 60, 0.045, -0.07, -0.6, 0.07, true)};

    /** The MJCF document. */
    public Mjcf toMjcf() {
        Mjcf root = Mjcf.element("mujoco").set("model", "cheetah");
        root.child("compiler").set("angle", "radian").set("coordinate", "local").set("inertiafromgeom", "true")
                .set("settotalmass", 14);
        Mjcf def = root.child("default");
        def.child("joint").set("armature", 0.1).set("damping", 0.01).set("limited", "true")
                .set("solimplimit", 0, 0.8, 0.03).set("solreflimit", 0.02, 1).set("stiffness", 8);
        def.child("geom").set("conaffinity", 0).set("condim", 3).set("contype", 1).set("friction", 0.4, 0.1, 0.1)
                .set("rgba", 0.8, 0.6, 0.4, 1).set("solimp", 0.0, 0.8, 0.01).set("solref", 0.02, 1);
        def.child("motor").set("ctrllimited", "true").set("ctrlrange", -1, 1);
        root.child("size").set("nstack", 300000).set("nuser_geom", 1);
        root.child("option").set("gravity", 0, 0, -9.81).set("timestep", 0.01);
        Mjcf world = root.child("worldbody");
        world.child("geom").set("conaffinity", 1).set("condim", 3).set("name", "floor").set("pos", 0, 0, 0)
                .set("rgba", 0.8, 0.9, 0.8, 1).set("size", 40, 40, 40).set("type", "plane");
        Mjcf torso = world.child("body").set("name", "torso").set("pos", 0, 0, 0.7);
        torso.child("camera").set("name", "track").set("mode", "trackcom").set("pos", 0, -3, 0.3)
                .set("xyaxes", 1, 0, 0, 0, 0, 1);
        rootJoint(torso, "rootx", "slide", 1, 0, 0);
        rootJoint(torso, "rootz", "slide", 0, 0, 1);
        rootJoint(torso, "rooty", "hinge", 0, 1, 0);
        double t = torsoScale;
        torso.child("geom").set("fromto", -0.5 * t, 0, 0, 0.5 * t, 0, 0).set("name", "torso").set("size", R)
                .set("type", "capsule");
        torso.child("geom").set("axisangle", 0, 1, 0, 0.87).set("name", "head").set("pos", 0.6 * t, 0, 0.1)
                .set("size", R, 0.15).set("type", "capsule");
        chain(torso, BACK, backLegScale, t);
        chain(torso, FRONT, frontLegScale, t);
        Mjcf act = root.child("actuator");
        String[] names = {"bthigh", "bshin", "bfoot", "fthigh", "fshin", "ffoot"};
        double[] gears = {120, 90, 60, 120, 60, 30};
        for (int i = 0; i < names.length; i++) {
            act.child("motor").set("gear", gears[i]).set("joint", names[i]).set("name", names[i]);
        }
        return root;
    }

    /** The MJCF text. */
    public String toXml() { return toMjcf().toXml(); }

    private static void rootJoint(Mjcf torso, String name, String type, double ax, double ay, double az) {
        torso.child("joint").set("armature", 0).set("axis", ax, ay, az).set("damping", 0).set("limited", "false")
                .set("name", name).set("pos", 0, 0, 0).set("stiffness", 0).set("type", type);
    }

    private static void chain(Mjcf parent, Segment[] segments, double scale, double torsoScale) {
        Mjcf body = parent;
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            double bx = i == 0 ? s.bx * torsoScale : s.bx * scale;
            body = body.child("body").set("name", s.name).set("pos", bx, 0, s.bz * scale);
            body.child("joint").set("axis", 0, 1, 0).set("damping", s.damping).set("name", s.name)
                    .set("pos", 0, 0, 0).set("range", s.lo, s.hi).set("stiffness", s.stiffness).set("type", "hinge");
            Mjcf g = body.child("geom").set("axisangle", 0, 1, 0, s.angle).set("name", s.name)
                    .set("pos", s.gx * scale, 0, s.gz * scale);
            if (s.shinColour) g.set("rgba", 0.9, 0.6, 0.6, 1);
            g.set("size", R, s.half * scale).set("type", "capsule");
        }
    }
}
