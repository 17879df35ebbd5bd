package dev.cairn.node.lease;

import com.google.protobuf.ByteString;
import dev.cairn.node.apply.LeaseAttachments;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.LeaseCheckpoint;
import dev.cairn.node.storage.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The granted leases, their expiry times and attached keys. The apply thread grants, revokes, attaches and applies
 * checkpoints; API threads renew and read; the leader's lease thread asks which leases are due for revocation or a
 * checkpoint. Expiry times exist in memory only: a lease's time starts when its grant is applied, and after a
 * restart or on a new leader ({@link #promote}) from its last checkpointed remaining TTL, or its full TTL without one.
 */
public final class Lessor implements LeaseAttachments {
    /** etcd's MaxLeaseTTL, in seconds. */
    public static final long MAX_TTL_SECONDS = 9_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** How long an expired lease's revocation may be in flight before it is proposed again (as etcd). */
    private static final long REVOKE_RETRY_NANOS = 3 * NANOS_PER_SECOND;

    private final LeaseClock clock;
    private final long minTtlSeconds;
    private final LeaseCheckpointPolicy checkpoints;
    private final Map<Long, Lease> leases = new HashMap<>();
    private final Map<ByteString, Long> leaseOfKey = new HashMap<>();

    private static final class Lease {
        final long id;
        final long ttlSeconds;
        final Set<ByteString> keys = new HashSet<>();
        long expiresAtNanos;
        boolean revokeProposed;
        long revokeProposedAtNanos;
        /** The remaining TTL of the latest applied checkpoint; 0 when there is none (the full TTL applies). */
        long checkpointedTtl;
        boolean checkpointScheduled;
        long checkpointDueNanos;

        Lease(long id, long ttlSeconds) {
            this.id = id;
            this.ttlSeconds = ttlSeconds;
        }

        /** The TTL this lease resumes from on a restart or a new leader. */
        long resumeTtl() {
            return checkpointedTtl > 0 ? checkpointedTtl : ttlSeconds;
        }
    }

    /** What LeaseTimeToLive reports of a lease: TTLs in seconds, keys sorted. */
    public record Status(long id, long remainingTtl, long grantedTtl, List<ByteString> keys) {
    }

    /** @param minTtlSeconds a shorter TTL is raised to this (etcd's minLeaseTTL) */
    public Lessor(LeaseClock clock, long minTtlSeconds, LeaseCheckpointPolicy checkpoints) {
        this.clock = clock;
        this.minTtlSeconds = minTtlSeconds;
        this.checkpoints = checkpoints;
    }

    /**
     * The lessor of a state store: its leases, each expiring its checkpointed remaining TTL (or its full TTL) from
     * now, and their attached keys.
     */
    public static Lessor recover(MvccStore store, LeaseClock clock, long minTtlSeconds,
                                 LeaseCheckpointPolicy checkpoints) {
        Lessor lessor = new Lessor(clock, minTtlSeconds, checkpoints);
        LeaseTable.recover(store, lessor);
        return lessor;
    }

    /**
     * Replaces every lease with those of {@code store}, as {@link #recover} finds them, once the store's content was
     * replaced by a snapshot. API threads see the old leases or the new ones, never a mix.
     */
    public synchronized void reload(MvccStore store) {
        leases.clear();
        leaseOfKey.clear();
        LeaseTable.recover(store, this);
    }

    /** Grants a lease that expires its TTL from now; returns the TTL granted. */
    public synchronized long grant(long id, long requestedTtlSeconds) {
        if (leases.containsKey(id)) {
            throw EtcdError.LEASE_EXISTS.exception();
        }
        Lease lease = new Lease(id, Math.max(requestedTtlSeconds, minTtlSeconds));
        lease.expiresAtNanos = expiryFromNow(lease.ttlSeconds);
        scheduleCheckpoint(lease);
        leases.put(id, lease);
        return lease.ttlSeconds;
    }

    /** A lease read back from the state store: its TTL was granted before, and it resumes from its checkpoint. */
    synchronized void restore(long id, long ttlSeconds, long checkpointedTtl) {
        Lease lease = new Lease(id, ttlSeconds);
        lease.checkpointedTtl = checkpointedTtl;
        lease.expiresAtNanos = expiryFromNow(lease.resumeTtl());
        scheduleCheckpoint(lease);
        leases.put(id, lease);
    }

    /**
     * Applies a checkpoint: the lease resumes from {@code remainingTtl} on a restart or a new leader (0: from its full
     * TTL again). Its expiry here does not change. Returns the lease's granted TTL, or empty for an unknown lease
     * (revoked since the checkpoint was proposed), which etcd ignores.
     */
    synchronized OptionalLong checkpoint(long id, long remainingTtl) {
        Lease lease = leases.get(id);
        if (lease == null) {
            return OptionalLong.empty();
        }
        lease.checkpointedTtl = remainingTtl;
        scheduleCheckpoint(lease);
        return OptionalLong.of(lease.ttlSeconds);
    }

    /** The remaining TTL a restart would resume the lease from; 0 when it has no checkpoint or is unknown. */
    public synchronized long checkpointedTtl(long id) {
        Lease lease = leases.get(id);
        return lease == null ? 0 : lease.checkpointedTtl;
    }

    /**
     * This member became the leader: every lease expires {@code extendNanos} after its resume TTL from now, so that
     * clients have an election timeout to find the new leader (etcd's Promote), and its checkpoints start over.
     */
    synchronized void promote(long extendNanos) {
        for (Lease lease : leases.values()) {
            lease.expiresAtNanos = expiryFromNow(lease.resumeTtl()) + extendNanos;
            lease.revokeProposed = false;
            scheduleCheckpoint(lease);
        }
    }

    /**
     * Up to {@code max} leases whose checkpoint is due, with their remaining TTL rounded up to whole seconds (as
     * etcd). A lease at its full TTL or already expired needs none; each lease taken is scheduled again.
     */
    synchronized List<LeaseCheckpoint> takeDueCheckpoints(int max) {
        long now = clock.nanoTime();
        List<LeaseCheckpoint> due = new ArrayList<>();
        for (Lease lease : leases.values()) {
            if (due.size() == max) {
                break;
            }
            if (!lease.checkpointScheduled || lease.checkpointDueNanos - now > 0) {
                continue;
            }
            scheduleCheckpoint(lease);
            remainingCheckpoint(lease, now).ifPresent(due::add);
        }
        return due;
    }

    /**
     * A checkpoint of every lease that is neither expired nor at its full TTL, what a stopping leader records; none
     * while checkpoints are disabled.
     */
    synchronized List<LeaseCheckpoint> allCheckpoints() {
        long now = clock.nanoTime();
        List<LeaseCheckpoint> all = new ArrayList<>();
        if (!checkpoints.enabled()) {
            return all;
        }
        for (Lease lease : leases.values()) {
            remainingCheckpoint(lease, now).ifPresent(all::add);
        }
        return all;
    }

    private static Optional<LeaseCheckpoint> remainingCheckpoint(Lease lease, long now) {
        long left = lease.expiresAtNanos - now;
        if (left <= 0) {
            return Optional.empty();
        }
        long remaining = (left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
        if (remaining >= lease.ttlSeconds) {
            return Optional.empty();
        }
        return Optional.of(LeaseCheckpoint.newBuilder().setID(lease.id).setRemainingTTL(remaining).build());
    }

    /** As etcd: only a lease with more than one interval to live gets a checkpoint, one interval from now. */
    private void scheduleCheckpoint(Lease lease) {
        lease.checkpointScheduled = checkpoints.enabled() && lease.resumeTtl() > checkpoints.interval().toSeconds();
        lease.checkpointDueNanos = clock.nanoTime() + checkpoints.interval().toNanos();
    }

    /** The keys attached to a lease, sorted; fails LEASE_NOT_FOUND for an unknown lease. */
    public synchronized List<ByteString> keys(long id) {
        Lease lease = leases.get(id);
        if (lease == null) {
            throw EtcdError.LEASE_NOT_FOUND.exception();
        }
        return sorted(lease.keys);
    }

    /** Forgets a lease whose keys were already deleted. */
    public synchronized void remove(long id) {
        Lease lease = leases.remove(id);
        if (lease != null) {
            lease.keys.forEach(leaseOfKey::remove);
        }
    }

    @Override
    public synchronized boolean exists(long leaseId) {
        return leases.containsKey(leaseId);
    }

    @Override
    public synchronized void attach(ByteString key, long leaseId) {
        Long previous = leaseId == 0 ? leaseOfKey.remove(key) : leaseOfKey.put(key, leaseId);
        if (previous != null && previous != leaseId && leases.containsKey(previous)) {
            leases.get(previous).keys.remove(key);
        }
        Lease lease = leases.get(leaseId);
        if (lease != null) {
            lease.keys.add(key);
        }
    }

    /**
     * Restarts a lease's TTL; returns the TTL, or 0 when the lease is unknown or already expired (etcd answers a
     * keep-alive of such a lease with TTL 0, not an error).
     */
    public synchronized long renew(long id) {
        Lease lease = leases.get(id);
        if (lease == null || isExpired(lease)) {
            return 0;
        }
        lease.expiresAtNanos = expiryFromNow(lease.ttlSeconds);
        return lease.ttlSeconds;
    }

    public synchronized Optional<Status> status(long id) {
        Lease lease = leases.get(id);
        if (lease == null) {
            return Optional.empty();
        }
        // Truncated toward zero, as etcd's int64(remaining.Seconds()).
        long remaining = (lease.expiresAtNanos - clock.nanoTime()) / NANOS_PER_SECOND;
        return Optional.of(new Status(id, remaining, lease.ttlSeconds, sorted(lease.keys)));
    }

    /** Every lease id, soonest expiry first (the order etcd lists them in). */
    public synchronized List<Long> idsByExpiry() {
        return leases.values().stream()
                .sorted(Comparator.comparingLong((Lease l) -> l.expiresAtNanos - clock.nanoTime()))
                .map(l -> l.id)
                .toList();
    }

    /**
     * Up to {@code max} expired leases whose revocation is not already in flight; they count as in flight from now
     * on, and are offered again if still present after the retry interval.
     */
    public synchronized List<Long> takeExpired(int max) {
        long now = clock.nanoTime();
        List<Long> due = new ArrayList<>();
        for (Lease lease : leases.values()) {
            if (due.size() == max) {
                break;
            }
            boolean inFlight = lease.revokeProposed && now - lease.revokeProposedAtNanos < REVOKE_RETRY_NANOS;
            if (isExpired(lease) && !inFlight) {
                lease.revokeProposed = true;
                lease.revokeProposedAtNanos = now;
                due.add(lease.id);
            }
        }
        return due;
    }

    private boolean isExpired(Lease lease) {
        return lease.expiresAtNanos - clock.nanoTime() <= 0;
    }

    /** Times are compared by difference, so the sum may wrap: MAX_TTL_SECONDS in nanoseconds fits in a long. */
    private long expiryFromNow(long ttlSeconds) {
        return clock.nanoTime() + ttlSeconds * NANOS_PER_SECOND;
    }

    private static List<ByteString> sorted(Set<ByteString> keys) {
        List<ByteString> list = new ArrayList<>(keys);
        list.sort(ByteString.unsignedLexicographicalComparator());
        return list;
    }
}
