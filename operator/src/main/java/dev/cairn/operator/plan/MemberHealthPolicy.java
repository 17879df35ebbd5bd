package dev.cairn.operator.plan;

import java.time.Duration;
import java.util.Objects;

/**
 * When a member counts as lost and when one counts as caught up.
 *
 * @param unhealthyAfter how long a member may stay unhealthy before it is replaced
 * @param maxLagEntries  how many raft entries a member's applied index may trail the highest raft index any
 *                       member reports (the leader's) and still count as caught up (for promoting a learner
 *                       and for rolling the next member)
 */
public record MemberHealthPolicy(Duration unhealthyAfter, long maxLagEntries) {

    public MemberHealthPolicy {
        Objects.requireNonNull(unhealthyAfter, "unhealthyAfter");
        if (unhealthyAfter.isNegative() || unhealthyAfter.isZero()) {
            throw new IllegalArgumentException("unhealthyAfter must be positive, got: " + unhealthyAfter);
        }
        if (maxLagEntries < 0) {
            throw new IllegalArgumentException("maxLagEntries must not be negative, got: " + maxLagEntries);
        }
    }
}
