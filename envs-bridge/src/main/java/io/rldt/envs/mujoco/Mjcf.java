package io.rldt.envs.mujoco;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal MJCF element tree that prints itself as XML. The robot descriptions ({@link HopperModel},
 * {@link Walker2dModel}, {@link HalfCheetahModel}) build one; {@link MjModelHandle#fromXml} compiles it.
 *
 * <p>Numbers are printed with {@link Double#toString(double)}, the shortest decimal that reads back as the same
 * double, so a value computed in Java reaches MuJoCo's compiler bit for bit.
 */
public final class Mjcf {
    private final String tag;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<Mjcf> children = new ArrayList<>();

    private Mjcf(String tag) { this.tag = tag; }

    /** A new element with the given tag, e.g. {@code Mjcf.element("body")}. */
    public static Mjcf element(String tag) { return new Mjcf(tag); }

    /** Sets an attribute to text (e.g. {@code type="capsule"}); returns this element. */
    public Mjcf set(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    /** Sets an attribute to one or more numbers separated by spaces; returns this element. */
    public Mjcf set(String name, double... values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(number(v));
        }
        return set(name, sb.toString());
    }

    /** Appends a child and returns this element. */
    public Mjcf add(Mjcf child) {
        children.add(child);
        return this;
    }

    /** Creates a child with the given tag, appends it, and returns the child. */
    public Mjcf child(String tag) {
        Mjcf c = new Mjcf(tag);
        children.add(c);
        return c;
    }

    public String tag() { return tag; }

    /** The XML text of this element and its children. */
    public String toXml() {
        StringBuilder sb = new StringBuilder();
        write(sb, 0);
        return sb.toString();
    }

    @Override public String toString() { return toXml(); }

    private void write(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth)).append('<').append(tag);
        attributes.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escape(v)).append('"'));
        if (children.isEmpty()) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        for (Mjcf c : children) c.write(sb, depth + 1);
        sb.append("  ".repeat(depth)).append("</").append(tag).append(">\n");
    }

    static String number(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("MJCF number must be finite: " + v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
