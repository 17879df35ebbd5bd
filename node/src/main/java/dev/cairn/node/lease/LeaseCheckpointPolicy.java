package dev.cairn.node.lease;

import java.time.Duration;

/**
 * etcd's lease checkpoints (--experimental-enable-lease-checkpoint, --experimental-lease-checkpoint-interval): while
 * enabled, the leader records each long lease's remaining TTL in the log every {@code interval}, so that a restart or
 * a new leader resumes the lease from there instead of from its full TTL.
 */
public record LeaseCheckpointPolicy(boolean enabled, Duration interval) {
    /** etcd's default interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    public static final LeaseCheckpointPolicy DISABLED = new LeaseCheckpointPolicy(false, DEFAULT_INTERVAL);

    public LeaseCheckpointPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the lease checkpoint interval must be positive, not " + interval);
        }
    }

    public static LeaseCheckpointPolicy every(Duration interval) {
        return new LeaseCheckpointPolicy(true, interval);
    }
}
