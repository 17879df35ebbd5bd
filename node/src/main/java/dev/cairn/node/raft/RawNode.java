package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The Raft state machine of one member, in the etcd-raft style: no threads, no clock, no I/O. Time advances
 * through {@link #tick()}; the caller drains {@link #ready()}, persists and applies what it says, then calls
 * {@link #advance(Ready)}. Every method must be called from one thread.
 *
 * <p>The leader's own entries count toward the commit index only once a Ready carrying them has been advanced,
 * i.e. once they are durable, so nothing commits (and no client is answered) before its fsync.
 *
 * <p>Peer messages (append, vote, heartbeat, pre-vote, check-quorum) come with the multi-member milestone; the
 * election, commit and ReadIndex logic below already counts votes and acknowledgements over any number of voters.
 */
public final class RawNode {
    private final RaftConfig config;
    private final long id;
    private final ProgressTracker tracker;
    private final RaftLog log;
    private final RandomGenerator random;
    private final ReadIndexQueue confirmingReads = new ReadIndexQueue();
    /** Reads that arrived before this leader committed an entry of its term; its commit index is not yet known. */
    private final List<Long> readsAwaitingLeaderCommit = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();

    private long term;
    private long vote;
    private Role role = Role.FOLLOWER;
    private long leaderId;
    private int electionElapsed;
    private int randomizedElectionTimeout;
    private long uncommittedBytes;
    private HardState lastReportedHardState;
    private SoftState lastReportedSoftState;

    public RawNode(RaftConfig config, Set<Long> voters, HardState restored, List<Entry> restoredEntries,
                   long snapshotIndex, long snapshotTerm, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = config.id();
        this.tracker = new ProgressTracker(voters);
        this.random = Objects.requireNonNull(random, "random");
        this.log = new RaftLog(snapshotIndex, snapshotTerm, restoredEntries, restored.commit());
        if (restored.term() < log.lastTerm()) {
            throw new IllegalArgumentException("hard state term " + restored.term()
                    + " is below the last entry's term " + log.lastTerm());
        }
        this.term = restored.term();
        this.vote = restored.vote();
        this.lastReportedHardState = restored;
        this.lastReportedSoftState = new SoftState(0, Role.FOLLOWER);
        resetElectionTimer();
    }

    /**
     * Starts a brand-new cluster: the given membership changes become CONF_CHANGE entries at term 1, indexes
     * 1..n, already committed, as etcd does. They are delivered like any entry: to persist, then to apply.
     */
    public void bootstrap(List<byte[]> initialConfChanges) {
        if (term != 0 || log.lastIndex() != 0) {
            throw new IllegalStateException("bootstrap needs a fresh node, found term " + term + " last index "
                    + log.lastIndex());
        }
        if (initialConfChanges.isEmpty()) {
            throw new IllegalArgumentException("bootstrap needs at least one membership change");
        }
        term = 1;
        for (byte[] change : initialConfChanges) {
            log.append(1, EntryType.CONF_CHANGE, change);
        }
        log.commitTo(log.lastIndex());
    }

    /** One unit of logical time: followers and candidates campaign when their randomized timeout expires. */
    public void tick() {
        if (role == Role.LEADER) {
            return; // heartbeats and check-quorum need peers; a lone leader has nothing to do on a tick
        }
        electionElapsed++;
        if (electionElapsed >= randomizedElectionTimeout) {
            campaign();
        }
    }

    /** Starts an election now; a member outside the voters, or already leading, ignores this. */
    public void campaign() {
        if (role == Role.LEADER || !tracker.isVoter(id)) {
            return;
        }
        becomeCandidate();
        tracker.recordVote(id, true);
        if (tracker.voteResult() == VoteResult.WON) {
            becomeLeader();
        }
    }

    /** Appends a new entry to the leader's log and returns its index; it commits once durable on a quorum. */
    public long propose(EntryType type, byte[] data) {
        requireLeader();
        long size = data == null ? 0 : data.length;
        if (uncommittedBytes > 0 && uncommittedBytes + size > config.maxUncommittedBytes()) {
            throw new TooManyRequestsException("uncommitted log size limit of " + config.maxUncommittedBytes()
                    + " bytes reached");
        }
        uncommittedBytes += size;
        return log.append(term, type, data).index();
    }

    /**
     * Asks for a linearizable read point. A {@link ReadState} with {@code requestContext} appears in a later Ready
     * once it is safe: after this leader has committed an entry of its own term and a quorum has confirmed its
     * leadership.
     */
    public void readIndex(long requestContext) {
        requireLeader();
        if (confirmingReads.size() + readsAwaitingLeaderCommit.size() >= config.maxPendingReads()) {
            throw new TooManyRequestsException("pending read limit of " + config.maxPendingReads() + " reached");
        }
        if (hasCommittedInCurrentTerm()) {
            confirmingReads.add(requestContext, log.committed(), id);
            releaseConfirmedReads();
        } else {
            readsAwaitingLeaderCommit.add(requestContext);
        }
    }

    public boolean hasReady() {
        return !currentSoftState().equals(lastReportedSoftState)
                || !currentHardState().equals(lastReportedHardState)
                || log.hasUnstableEntries()
                || log.hasEntriesToApply()
                || !readStates.isEmpty();
    }

    public Ready ready() {
        SoftState soft = currentSoftState();
        HardState hard = currentHardState();
        List<Entry> unstable = log.unstableEntries();
        boolean termOrVoteChanged = hard.term() != lastReportedHardState.term() || hard.vote() != lastReportedHardState.vote();
        return new Ready(soft.equals(lastReportedSoftState) ? null : soft,
                hard.equals(lastReportedHardState) ? null : hard,
                unstable,
                log.entriesToApply(config.maxCommittedBytesPerReady()),
                readStates,
                !unstable.isEmpty() || termOrVoteChanged);
    }

    /** Records that everything in {@code ready} was persisted and its committed entries handed to apply. */
    public void advance(Ready ready) {
        if (ready.softState() != null) {
            lastReportedSoftState = ready.softState();
        }
        if (ready.hardState() != null) {
            lastReportedHardState = ready.hardState();
        }
        if (!ready.entries().isEmpty()) {
            Entry last = ready.entries().getLast();
            log.stableTo(last.index(), last.term());
            if (role == Role.LEADER) {
                tracker.updateMatch(id, log.stableIndex());
                maybeCommit();
            }
        }
        if (!ready.committedEntries().isEmpty()) {
            log.appliedTo(ready.committedEntries().getLast().index());
        }
        readStates.subList(0, Math.min(ready.readStates().size(), readStates.size())).clear();
    }

    public RaftStatus status() {
        return new RaftStatus(id, term, vote, role, leaderId, log.committed(), log.lastIndex(), log.applied());
    }

    /** Forgets entries up to {@code index} (which must already be handed to apply), keeping its term. */
    public void compact(long index) {
        log.compact(index);
    }

    private void requireLeader() {
        if (role != Role.LEADER) {
            throw new NotLeaderException(leaderId);
        }
    }

    private SoftState currentSoftState() {
        return new SoftState(leaderId, role);
    }

    private HardState currentHardState() {
        return new HardState(term, vote, log.committed());
    }

    private boolean hasCommittedInCurrentTerm() {
        return log.term(log.committed()) == term;
    }

    private void becomeCandidate() {
        resetTerm(term + 1);
        vote = id;
        role = Role.CANDIDATE;
    }

    private void becomeLeader() {
        role = Role.LEADER;
        leaderId = id;
        tracker.resetMatches();
        tracker.updateMatch(id, log.stableIndex());
        uncommittedBytes = 0;
        // An entry of the new term: committing it commits everything before it and makes ReadIndex safe.
        log.append(term, EntryType.NORMAL, null);
    }

    private void resetTerm(long newTerm) {
        if (newTerm != term) {
            term = newTerm;
            vote = 0;
        }
        leaderId = 0;
        tracker.resetVotes();
        // Reads accepted under an earlier leadership can no longer be confirmed; callers time them out.
        confirmingReads.clear();
        readsAwaitingLeaderCommit.clear();
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    private void maybeCommit() {
        long candidate = tracker.quorumMatchIndex();
        // Only entries of the current term commit by counting replicas (Raft paper, section 5.4.2).
        if (candidate <= log.committed() || log.term(candidate) != term) {
            return;
        }
        long previous = log.committed();
        log.commitTo(candidate);
        uncommittedBytes = Math.max(0, uncommittedBytes - log.payloadBytes(previous, candidate));
        if (!readsAwaitingLeaderCommit.isEmpty()) {
            for (long context : readsAwaitingLeaderCommit) {
                confirmingReads.add(context, log.committed(), id);
            }
            readsAwaitingLeaderCommit.clear();
            releaseConfirmedReads();
        }
    }

    private void releaseConfirmedReads() {
        readStates.addAll(confirmingReads.releaseConfirmed(tracker::isQuorum));
    }
}
