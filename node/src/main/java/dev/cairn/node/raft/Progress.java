package dev.cairn.node.raft;

/** A leader's view of one member's log and how it is sending entries to it (etcd's Progress). */
final class Progress {
    private long match;
    private long next;
    private ProgressState state = ProgressState.PROBE;
    /** In PROBE: an APPEND is out and unanswered; nothing more is sent until an answer or a heartbeat response. */
    private boolean probeSent;
    /** In SNAPSHOT: the index the snapshot is known to cover at least. */
    private long pendingSnapshot;
    private boolean recentActive;
    private final Inflights inflights;

    Progress(long next, Inflights inflights) {
        this.next = next;
        this.inflights = inflights;
        // A new member counts as active so that it can be sent a snapshot before it ever answered.
        this.recentActive = true;
    }

    long match() {
        return match;
    }

    long next() {
        return next;
    }

    ProgressState state() {
        return state;
    }

    long pendingSnapshot() {
        return pendingSnapshot;
    }

    boolean recentActive() {
        return recentActive;
    }

    void setRecentActive(boolean active) {
        recentActive = active;
    }

    Inflights inflights() {
        return inflights;
    }

    /** True when nothing more may be sent to this member for now. */
    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.isFull();
            case SNAPSHOT -> true;
        };
    }

    void becomeProbe() {
        long from = state == ProgressState.SNAPSHOT ? Math.max(match + 1, pendingSnapshot + 1) : match + 1;
        resetState(ProgressState.PROBE);
        next = from;
    }

    void becomeReplicate() {
        resetState(ProgressState.REPLICATE);
        next = match + 1;
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(ProgressState.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    private void resetState(ProgressState newState) {
        state = newState;
        probeSent = false;
        pendingSnapshot = 0;
        inflights.reset();
    }

    void pauseProbe() {
        probeSent = true;
    }

    void resumeProbe() {
        probeSent = false;
    }

    void forgetPendingSnapshot() {
        pendingSnapshot = 0;
    }

    /** Records that the member holds entries up to {@code index}; true when that is news. */
    boolean maybeUpdate(long index) {
        boolean updated = false;
        if (match < index) {
            match = index;
            updated = true;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /** In REPLICATE, entries up to {@code lastSent} are on their way: the next APPEND follows them. */
    void sentUpTo(long lastSent) {
        next = lastSent + 1;
    }

    /**
     * The member rejected an APPEND following {@code rejected}; it may agree at or below {@code hint}.
     * Returns false for a stale rejection (of an APPEND sent before the current probe).
     */
    boolean maybeDecreaseTo(long rejected, long hint) {
        if (state == ProgressState.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, hint + 1), match + 1);
        probeSent = false;
        return true;
    }

    PeerProgress view() {
        return new PeerProgress(match, next, state.name(), recentActive);
    }
}
