package io.rldt.engine;

/** Entry point for {@link BackendsTest}'s child JVM: prints the default backend's name. */
public final class BackendsProbe {
    private BackendsProbe() {}

    public static void main(String[] args) {
        System.out.println("backend=" + Backends.current().name());
    }
}
