package dev.cairn.node.lease;

/** The monotonic time leases expire by; tests inject a clock they step themselves. */
@FunctionalInterface
public interface LeaseClock {
    long nanoTime();

    static LeaseClock system() {
        return System::nanoTime;
    }
}
