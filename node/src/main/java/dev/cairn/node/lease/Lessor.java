package dev.cairn.node.lease;

import com.google.protobuf.ByteString;
import dev.cairn.node.apply.LeaseAttachments;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.storage.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The granted leases, their expiry times and attached keys. The apply thread grants, revokes and attaches; API
 * threads renew and read; the expiry thread asks which leases are due. Expiry exists in memory only: a lease's
 * time starts when its grant is applied, and on restart every lease starts again from its full TTL (etcd 3.4
 * without lease checkpoints).
 */
public final class Lessor implements LeaseAttachments {
    /** etcd's MaxLeaseTTL, in seconds. */
    public static final long MAX_TTL_SECONDS = 9_000_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** How long an expired lease's revocation may be in flight before it is proposed again (as etcd). */
    private static final long REVOKE_RETRY_NANOS = 3 * NANOS_PER_SECOND;

    private final LeaseClock clock;
    private final long minTtlSeconds;
    private final Map<Long, Lease> leases = new HashMap<>();
    private final Map<ByteString, Long> leaseOfKey = new HashMap<>();

    private static final class Lease {
        final long id;
        final long ttlSeconds;
        final Set<ByteString> keys = new HashSet<>();
        long expiresAtNanos;
        boolean revokeProposed;
        long revokeProposedAtNanos;

        Lease(long id, long ttlSeconds) {
            this.id = id;
            this.ttlSeconds = ttlSeconds;
        }
    }

    /** What LeaseTimeToLive reports of a lease: TTLs in seconds, keys sorted. */
    public record Status(long id, long remainingTtl, long grantedTtl, List<ByteString> keys) {
    }

    /** @param minTtlSeconds a shorter TTL is raised to this (etcd's minLeaseTTL) */
    public Lessor(LeaseClock clock, long minTtlSeconds) {
        this.clock = clock;
        this.minTtlSeconds = minTtlSeconds;
    }

    /** The lessor of a state store: its leases, each with its full TTL from now, and their attached keys. */
    public static Lessor recover(MvccStore store, LeaseClock clock, long minTtlSeconds) {
        Lessor lessor = new Lessor(clock, minTtlSeconds);
        LeaseTable.recover(store, lessor);
        return lessor;
    }

    /** Grants a lease that expires its TTL from now; returns the TTL granted. */
    public synchronized long grant(long id, long requestedTtlSeconds) {
        if (leases.containsKey(id)) {
            throw EtcdError.LEASE_EXISTS.exception();
        }
        Lease lease = new Lease(id, Math.max(requestedTtlSeconds, minTtlSeconds));
        lease.expiresAtNanos = expiryFromNow(lease.ttlSeconds);
        leases.put(id, lease);
        return lease.ttlSeconds;
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
