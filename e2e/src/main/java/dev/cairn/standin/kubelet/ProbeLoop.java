package dev.cairn.standin.kubelet;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * Runs one probe of a running container on its own virtual thread: after {@code initialDelaySeconds}, every
 * {@code periodSeconds}; the result flips to passing after {@code successThreshold} consecutive successes and to
 * failing after {@code failureThreshold} consecutive failures (Kubernetes' defaults: 10 s, 1, 3). Each flip is
 * reported to the listener; the first report is a flip from "unknown".
 */
final class ProbeLoop {

    interface Listener {
        void flipped(boolean passing, String message);
    }

    private final Thread thread;

    private ProbeLoop(Thread thread) {
        this.thread = thread;
    }

    static ProbeLoop start(String name, Probe probe, ProbeCheck check, Listener listener) {
        return start(name, probe, check, listener, false);
    }

    /** A startup probe: it stops once it passed. */
    static ProbeLoop untilSuccess(String name, Probe probe, ProbeCheck check, Listener listener) {
        return start(name, probe, check, listener, true);
    }

    private static ProbeLoop start(String name, Probe probe, ProbeCheck check, Listener listener,
                                   boolean untilSuccess) {
        Duration initialDelay = Duration.ofSeconds(probe.getInitialDelaySeconds() == null ? 0
                : Math.max(0, probe.getInitialDelaySeconds()));
        Duration period = Duration.ofSeconds(ProbeCheck.positive(probe.getPeriodSeconds(), 10));
        int successThreshold = ProbeCheck.positive(probe.getSuccessThreshold(), 1);
        int failureThreshold = ProbeCheck.positive(probe.getFailureThreshold(), 3);
        Thread thread = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                Thread.sleep(initialDelay);
                Boolean passing = null;
                int successes = 0;
                int failures = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    ProbeCheck.Result result = check.run();
                    successes = result.success() ? successes + 1 : 0;
                    failures = result.success() ? 0 : failures + 1;
                    if (successes >= successThreshold && !Boolean.TRUE.equals(passing)) {
                        passing = true;
                        listener.flipped(true, "");
                        if (untilSuccess) {
                            return;
                        }
                    } else if (failures >= failureThreshold && !Boolean.FALSE.equals(passing)) {
                        passing = false;
                        listener.flipped(false, result.message());
                    }
                    Thread.sleep(period);
                }
            } catch (InterruptedException e) {
                // Stopped with its container.
            }
        });
        thread.start();
        return new ProbeLoop(thread);
    }

    void stop() {
        thread.interrupt();
    }
}
