package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The Raft state machine of one member, in the etcd-raft style: no threads, no clock, no I/O. Time advances
 * through {@link #tick()}, messages from other members arrive through {@link #step(Message)}; the caller drains
 * {@link #ready()}, persists, sends and applies what it says, then calls {@link #advance(Ready)}. Every method must
 * be called from one thread.
 *
 * <p>The leader's own entries count toward the commit index only once a Ready carrying them has been advanced,
 * i.e. once they are durable, so nothing commits (and no client is answered) before its fsync. Likewise a
 * follower's answers travel in the Ready's messages, which the caller sends only after persisting.
 */
public final class RawNode {
    /** VOTE/PRE_VOTE context of a campaign started by a leadership transfer: it overrides the leader lease. */
    private static final long TRANSFER_CONTEXT = 1;

    private final RaftConfig config;
    private final long id;
    private final ProgressTracker tracker;
    private final RaftLog log;
    private final RandomGenerator random;
    private final ReadIndexQueue pendingReads;
    private final List<ReadState> readStates = new ArrayList<>();
    /** Outgoing messages; drained with every Ready, and bounded per follower by the in-flight window. */
    private final List<Message> messages = new ArrayList<>();

    private long term;
    private long vote;
    private Role role = Role.FOLLOWER;
    private long leaderId;
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private long uncommittedBytes;
    /** Leader: index of the newest membership change in its log; another may be proposed once it is applied. */
    private long pendingConfIndex;
    private long transferee;
    /** A received snapshot the caller must install (reported in the next Ready). */
    private SnapshotMeta snapshotToInstall;
    private HardState lastReportedHardState;
    private SoftState lastReportedSoftState;
    /**
     * Leader: appends owed to every follower, sent once before the next Ready, so that the proposals and
     * acknowledgements of one turn of the caller cost one message per follower rather than one each: new entries
     * were appended, or the commit index moved (then even an empty append is owed, to carry it).
     */
    private boolean entriesToBroadcast;
    private boolean commitToBroadcast;

    /**
     * Restores a member. {@code conf} is the configuration as of {@code snapshotIndex} (EMPTY for a member joining
     * an existing cluster: it learns the configuration from the leader); {@code restoredEntries} are the durable
     * entries after it.
     */
    public RawNode(RaftConfig config, ConfState conf, HardState restored, List<Entry> restoredEntries,
                   long snapshotIndex, long snapshotTerm, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = config.id();
        this.tracker = new ProgressTracker(Objects.requireNonNull(conf, "conf"));
        this.random = Objects.requireNonNull(random, "random");
        this.pendingReads = new ReadIndexQueue(config.maxPendingReads());
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

    /**
     * One unit of logical time: followers and candidates campaign when their randomized timeout expires; a leader
     * sends heartbeats, checks that a quorum still answers and gives up a leadership transfer that takes too long.
     */
    public void tick() {
        if (role == Role.LEADER) {
            tickLeader();
            return;
        }
        electionElapsed++;
        if (isPromotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            campaign();
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (config.checkQuorum() && !tracker.checkQuorumActive(id)) {
                becomeFollower(term, 0);
                return;
            }
            transferee = 0; // a transfer not done within an election timeout is abandoned
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat(pendingReads.newestSequence());
        }
    }

    /**
     * Starts an election now (with a pre-vote first when configured); a member outside the voters, or already
     * leading, ignores this. A single voter wins at once.
     */
    public void campaign() {
        if (role == Role.LEADER || !isPromotable()) {
            return;
        }
        startCampaign(config.preVote(), false);
    }

    /**
     * Proposes an entry. On the leader it is appended and its index returned (it commits once durable on a
     * quorum); on a follower it is forwarded to the leader and 0 is returned, since its index is not known here.
     *
     * @throws NotLeaderException             when no leader is known
     * @throws ProposalDroppedException       when the leader is handing leadership over
     * @throws ConfChangeInProgressException  for a membership change while an earlier one is not yet applied
     * @throws TooManyRequestsException       when the uncommitted log is too large
     */
    public long propose(EntryType type, byte[] data) {
        Objects.requireNonNull(type, "type");
        if (role == Role.LEADER) {
            RuntimeException refusal = proposalRefusal(type, data == null ? 0 : data.length);
            if (refusal != null) {
                throw refusal;
            }
            return appendProposal(type, data);
        }
        if (role != Role.FOLLOWER || leaderId == 0) {
            throw new NotLeaderException(leaderId);
        }
        // The entry's term and index are placeholders: the leader assigns both when it appends.
        send(Messages.toLeader(MessageType.PROPOSE, id, leaderId, List.of(new Entry(0, 1, type, data)), 0));
        return 0;
    }

    /**
     * Asks for a linearizable read point. A {@link ReadState} with {@code requestContext} appears in a later Ready
     * once it is safe: after the leader has committed an entry of its own term and a quorum has confirmed its
     * leadership. A follower forwards the request to the leader; a request the leader cannot serve is dropped
     * and its caller times out.
     */
    public void readIndex(long requestContext) {
        if (role == Role.LEADER) {
            if (!acceptRead(requestContext, id)) {
                throw new TooManyRequestsException("pending read limit of " + config.maxPendingReads() + " reached");
            }
            return;
        }
        if (role != Role.FOLLOWER || leaderId == 0) {
            throw new NotLeaderException(leaderId);
        }
        send(Messages.toLeader(MessageType.READ_INDEX, id, leaderId, List.of(), requestContext));
    }

    /** Hands leadership to {@code target}: ignored when it is this member or not a voter. */
    public void transferLeadership(long target) {
        requireLeader();
        if (target == id || !tracker.isVoter(target)) {
            return;
        }
        if (transferee == target) {
            return;
        }
        transferee = target;
        electionElapsed = 0; // the transfer is abandoned if not done within an election timeout
        if (tracker.progress(target).match() == log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            sendAppend(target, true);
        }
    }

    /** The transport's report on a SNAPSHOT this leader asked for: the follower is probed again either way. */
    public void reportSnapshot(long to, boolean success) {
        if (role != Role.LEADER) {
            return;
        }
        Progress pr = tracker.progress(to);
        if (pr == null || pr.state() != ProgressState.SNAPSHOT) {
            return;
        }
        if (!success) {
            pr.forgetPendingSnapshot();
        }
        pr.becomeProbe();
        // Wait for the next heartbeat answer before probing, so a failing follower gets at most one per round.
        pr.pauseProbe();
    }

    /**
     * The transport could not reach {@code to}: a follower being replicated to is probed again instead (etcd's
     * ReportUnreachable), so appends stop piling up for a member that is down.
     *
     * <p>On a follower that lost its stream to its leader (a crashed leader's connections close at once), and with
     * pre-vote on, the election timeout is treated as run out now: the leader lease ends, so this member grants
     * pre-votes, and it campaigns itself at a random tick within the next election timeout instead of waiting one to
     * two whole timeouts for heartbeats that will not come. A leader that is still alive is not disturbed: its next
     * heartbeat restarts the timer, and until then a pre-vote cannot win against members that still hear from it.
     */
    public void reportUnreachable(long to) {
        if (role == Role.FOLLOWER && to == leaderId && config.preVote()) {
            electionElapsed = Math.max(electionElapsed, config.electionTicks());
            return;
        }
        if (role != Role.LEADER) {
            return;
        }
        Progress pr = tracker.progress(to);
        if (pr != null && pr.state() == ProgressState.REPLICATE) {
            pr.becomeProbe();
        }
    }

    /**
     * Applies a committed membership change; the caller calls this when it hands the CONF_CHANGE entry to apply,
     * in log order, before {@link #advance(Ready)}. Repeating a change that is already in effect does nothing.
     * Returns the configuration now in force.
     */
    public ConfState applyConfChange(ConfChangeKind kind, long memberId) {
        Objects.requireNonNull(kind, "kind");
        if (memberId == 0) {
            throw new IllegalArgumentException("member id must not be 0");
        }
        ConfState current = tracker.conf();
        TreeSet<Long> voters = new TreeSet<>(current.voters());
        TreeSet<Long> learners = new TreeSet<>(current.learners());
        switch (kind) {
            case ADD_VOTER -> {
                learners.remove(memberId);
                voters.add(memberId);
            }
            case ADD_LEARNER -> {
                if (!voters.contains(memberId)) {
                    learners.add(memberId);
                }
            }
            case PROMOTE -> {
                if (learners.remove(memberId)) {
                    voters.add(memberId);
                }
            }
            case REMOVE -> {
                voters.remove(memberId);
                learners.remove(memberId);
            }
            case UPDATE -> {
            }
        }
        ConfState next = new ConfState(voters, learners);
        if (next.equals(current)) {
            return current;
        }
        tracker.setConf(next);
        if (role == Role.LEADER) {
            if (!tracker.isVoter(id)) {
                becomeFollower(term, 0); // the leader removed itself; the others elect a new one
                return next;
            }
            for (long added : tracker.addMissingProgress(log.lastIndex() + 1, this::newProgress)) {
                sendAppend(added, true); // start probing the new member now rather than at the next heartbeat
            }
            if (transferee != 0 && !tracker.isVoter(transferee)) {
                transferee = 0;
            }
            // A smaller quorum may already hold entries and confirmations that the old one did not.
            if (maybeCommit()) {
                broadcastCommit();
            }
            releaseConfirmedReads();
        }
        return next;
    }

    public ConfState confState() {
        return tracker.conf();
    }

    /** On a leader, its view of every member's log (itself included); empty on other members. */
    public Map<Long, PeerProgress> progress() {
        return role == Role.LEADER ? tracker.view() : Map.of();
    }

    /** etcd's rule for promoting a learner: its match index has reached 90% of the leader's. */
    public boolean isLearnerInSync(long learnerId) {
        requireLeader();
        Progress learner = tracker.progress(learnerId);
        if (learner == null || !tracker.isLearner(learnerId)) {
            return false;
        }
        return learner.match() * 10 >= tracker.progress(id).match() * 9;
    }

    /** Takes one message from another member (or a forwarded request). */
    public void step(Message m) {
        Objects.requireNonNull(m, "message");
        if (m.to() != id) {
            throw new IllegalArgumentException("message for " + Long.toHexString(m.to()) + " stepped into member "
                    + Long.toHexString(id) + ": " + m.type());
        }
        if (m.term() > term) {
            if (isElection(m) && m.context() != TRANSFER_CONTEXT && inLeaderLease()) {
                return; // we heard from a leader recently: a member campaigning now was cut off, not the leader
            }
            if (m.type() == MessageType.PRE_VOTE || (m.type() == MessageType.PRE_VOTE_RESPONSE && !m.reject())) {
                // A pre-vote carries the term its sender would campaign at; nobody's term changes yet.
            } else if (m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT
                    || m.type() == MessageType.SNAPSHOT) {
                becomeFollower(m.term(), m.from());
            } else {
                becomeFollower(m.term(), 0);
            }
        } else if (m.term() < term && m.term() != 0) {
            answerStaleMessage(m);
            return;
        }
        // Term 0: PROPOSE and READ_INDEX forwarded by followers are not tied to a term.
        switch (m.type()) {
            case VOTE, PRE_VOTE -> handleVoteRequest(m);
            default -> {
                switch (role) {
                    case LEADER -> stepLeader(m);
                    case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
                    case FOLLOWER -> stepFollower(m);
                }
            }
        }
    }

    private static boolean isElection(Message m) {
        return m.type() == MessageType.VOTE || m.type() == MessageType.PRE_VOTE;
    }

    private boolean inLeaderLease() {
        return config.checkQuorum() && leaderId != 0 && electionElapsed < config.electionTicks();
    }

    private void answerStaleMessage(Message m) {
        if ((config.checkQuorum() || config.preVote())
                && (m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT)) {
            // A leader cut off by a partition learns of the newer term from this answer and steps down.
            send(Messages.plain(MessageType.APPEND_RESPONSE, id, m.from(), term));
        } else if (m.type() == MessageType.PRE_VOTE) {
            send(Messages.rejection(MessageType.PRE_VOTE_RESPONSE, id, m.from(), term));
        } else if (m.type() == MessageType.VOTE) {
            // As in the Raft paper (etcd stays silent here): the candidate learns the newer term and campaigns
            // above it next time, instead of trailing the terms that members with stale logs keep raising.
            send(Messages.rejection(MessageType.VOTE_RESPONSE, id, m.from(), term));
        }
    }

    private void handleVoteRequest(Message m) {
        MessageType responseType = m.type() == MessageType.VOTE ? MessageType.VOTE_RESPONSE
                : MessageType.PRE_VOTE_RESPONSE;
        boolean canVote = vote == m.from() || (vote == 0 && leaderId == 0)
                || (m.type() == MessageType.PRE_VOTE && m.term() > term);
        if (canVote && log.isUpToDate(m.index(), m.logTerm())) {
            send(Messages.plain(responseType, id, m.from(), m.term()));
            if (m.type() == MessageType.VOTE) {
                electionElapsed = 0;
                vote = m.from();
            }
        } else {
            send(Messages.rejection(responseType, id, m.from(), term));
        }
    }

    private void stepFollower(Message m) {
        switch (m.type()) {
            case PROPOSE, READ_INDEX -> {
                if (leaderId != 0) {
                    send(Messages.toLeader(m.type(), m.from(), leaderId, m.entries(), m.context()));
                }
            }
            case APPEND -> {
                heardFromLeader(m.from());
                handleAppend(m);
            }
            case HEARTBEAT -> {
                heardFromLeader(m.from());
                handleHeartbeat(m);
            }
            case SNAPSHOT -> {
                heardFromLeader(m.from());
                handleSnapshot(m);
            }
            case TIMEOUT_NOW -> {
                if (isPromotable()) {
                    startCampaign(false, true);
                }
            }
            case READ_INDEX_RESPONSE -> {
                if (!m.reject()) {
                    readStates.add(new ReadState(m.index(), m.context()));
                }
            }
            default -> {
                // answers to an earlier role or term: nothing to do
            }
        }
    }

    private void heardFromLeader(long leader) {
        electionElapsed = 0;
        leaderId = leader;
    }

    private void stepCandidate(Message m) {
        MessageType voteAnswer = role == Role.PRE_CANDIDATE ? MessageType.PRE_VOTE_RESPONSE
                : MessageType.VOTE_RESPONSE;
        switch (m.type()) {
            case APPEND -> {
                becomeFollower(m.term(), m.from());
                handleAppend(m);
            }
            case HEARTBEAT -> {
                becomeFollower(m.term(), m.from());
                handleHeartbeat(m);
            }
            case SNAPSHOT -> {
                becomeFollower(m.term(), m.from());
                handleSnapshot(m);
            }
            default -> {
                if (m.type() != voteAnswer) {
                    return; // proposals and reads are dropped: there is no leader to serve them
                }
                tracker.recordVote(m.from(), !m.reject());
                switch (tracker.voteResult()) {
                    case WON -> {
                        if (role == Role.PRE_CANDIDATE) {
                            startCampaign(false, false);
                        } else {
                            becomeLeader();
                        }
                    }
                    case LOST -> becomeFollower(term, 0);
                    case PENDING -> {
                    }
                }
            }
        }
    }

    private void stepLeader(Message m) {
        switch (m.type()) {
            case PROPOSE -> {
                for (Entry entry : m.entries()) {
                    // A forwarded proposal that cannot be taken is dropped; its proposer times out.
                    if (proposalRefusal(entry.type(), entry.payloadSize()) == null) {
                        appendProposal(entry.type(), entry.data());
                    }
                }
            }
            case READ_INDEX -> {
                if (!acceptRead(m.context(), m.from())) {
                    send(Messages.readIndexResponse(id, m.from(), term, 0, m.context(), true));
                }
            }
            case APPEND_RESPONSE -> {
                Progress pr = tracker.progress(m.from());
                if (pr != null) {
                    handleAppendResponse(m, pr);
                }
            }
            case HEARTBEAT_RESPONSE -> {
                Progress pr = tracker.progress(m.from());
                if (pr != null) {
                    handleHeartbeatResponse(m, pr);
                }
            }
            default -> {
                // stale election answers and the like
            }
        }
    }

    private void handleAppendResponse(Message m, Progress pr) {
        pr.setRecentActive(true);
        if (m.reject()) {
            long hint = m.logTerm() > 0 ? log.findConflictByTerm(m.rejectHint(), m.logTerm()) : m.rejectHint();
            if (pr.maybeDecreaseTo(m.index(), hint)) {
                if (pr.state() == ProgressState.REPLICATE) {
                    pr.becomeProbe();
                }
                sendAppend(m.from(), true);
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(m.index())) {
            return;
        }
        switch (pr.state()) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match() >= pr.pendingSnapshot()) {
                    pr.becomeProbe();
                }
            }
            case REPLICATE -> pr.inflights().freeUpTo(m.index());
        }
        if (maybeCommit()) {
            broadcastCommit();
        } else if (wasPaused) {
            sendAppend(m.from(), true);
        }
        // The window may have room for several (size-limited) messages now.
        while (sendAppend(m.from(), false)) {
            // keep sending
        }
        if (m.from() == transferee && pr.match() == log.lastIndex()) {
            sendTimeoutNow(m.from());
        }
    }

    private void handleHeartbeatResponse(Message m, Progress pr) {
        pr.setRecentActive(true);
        pr.resumeProbe();
        if (pr.state() == ProgressState.REPLICATE && pr.inflights().isFull()) {
            pr.inflights().freeFirst();
        }
        if (pr.match() < log.lastIndex()) {
            sendAppend(m.from(), true);
        }
        if (m.context() != 0) {
            pendingReads.acknowledge(m.from(), m.context());
            releaseConfirmedReads();
        }
    }

    private void handleAppend(Message m) {
        if (m.index() < log.committed()) {
            send(accept(m.from(), log.committed()));
            return;
        }
        long lastNew = log.maybeAppend(m.index(), m.logTerm(), m.commit(), m.entries());
        if (lastNew >= 0) {
            send(accept(m.from(), lastNew));
            return;
        }
        // Where the logs may agree: skip our entries whose terms are above the leader's term at its probe point.
        long hint = log.findConflictByTerm(Math.min(m.index(), log.lastIndex()), m.logTerm());
        send(Messages.appendRejected(id, m.from(), term, m.index(), hint, log.term(hint)));
    }

    private void handleHeartbeat(Message m) {
        if (m.commit() > log.committed()) {
            log.commitTo(m.commit());
        }
        send(Messages.heartbeatResponse(id, m.from(), term, m.context()));
    }

    private void handleSnapshot(Message m) {
        SnapshotMeta meta = m.snapshot();
        if (meta == null) {
            throw new IllegalArgumentException("SNAPSHOT from " + Long.toHexString(m.from())
                    + " delivered without the meta of the received state store");
        }
        if (meta.index() <= log.committed()) {
            send(accept(m.from(), log.committed()));
            return;
        }
        if (log.matchTerm(meta.index(), meta.term())) {
            // Our log already holds the snapshot's end point: keep it (and what follows) and just commit.
            log.commitTo(meta.index());
            send(accept(m.from(), log.committed()));
            return;
        }
        log.restore(meta);
        tracker.setConf(meta.conf());
        snapshotToInstall = meta;
        send(accept(m.from(), meta.index()));
    }

    /** Whether a Ready is waiting; the appends this turn owes the followers are queued first, as part of it. */
    public boolean hasReady() {
        sendOwedAppends();
        return !currentSoftState().equals(lastReportedSoftState)
                || !currentHardState().equals(lastReportedHardState)
                || log.hasUnstableEntries()
                || log.hasEntriesToApply()
                || !readStates.isEmpty()
                || !messages.isEmpty()
                || snapshotToInstall != null;
    }

    public Ready ready() {
        sendOwedAppends();
        SoftState soft = currentSoftState();
        HardState hard = currentHardState();
        List<Entry> unstable = log.unstableEntries();
        boolean termOrVoteChanged = hard.term() != lastReportedHardState.term()
                || hard.vote() != lastReportedHardState.vote();
        return new Ready(soft.equals(lastReportedSoftState) ? null : soft,
                hard.equals(lastReportedHardState) ? null : hard,
                unstable,
                log.entriesToApply(config.maxCommittedBytesPerReady()),
                readStates,
                !unstable.isEmpty() || termOrVoteChanged || snapshotToInstall != null,
                messages,
                snapshotToInstall);
    }

    /** Records that everything in {@code ready} was persisted, sent, and its committed entries handed to apply. */
    public void advance(Ready ready) {
        if (ready.softState() != null) {
            lastReportedSoftState = ready.softState();
        }
        if (ready.hardState() != null) {
            lastReportedHardState = ready.hardState();
        }
        if (ready.snapshot() != null && ready.snapshot().equals(snapshotToInstall)) {
            snapshotToInstall = null;
        }
        if (!ready.entries().isEmpty()) {
            Entry last = ready.entries().getLast();
            log.stableTo(last.index(), last.term());
            if (role == Role.LEADER) {
                tracker.progress(id).maybeUpdate(log.stableIndex());
                if (maybeCommit()) {
                    broadcastCommit();
                }
            }
        }
        if (!ready.committedEntries().isEmpty()) {
            log.appliedTo(ready.committedEntries().getLast().index());
        }
        readStates.subList(0, Math.min(ready.readStates().size(), readStates.size())).clear();
        messages.subList(0, Math.min(ready.messages().size(), messages.size())).clear();
    }

    public RaftStatus status() {
        return new RaftStatus(id, term, vote, role, leaderId, log.committed(), log.lastIndex(), log.applied(),
                transferee, tracker.isLearner(id));
    }

    /** Forgets entries up to {@code index} (which must already be handed to apply), keeping its term. */
    public void compact(long index) {
        log.compact(index);
    }

    private boolean isPromotable() {
        return tracker.isVoter(id);
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

    // ---- proposals -------------------------------------------------------------------------------------------

    /** Why the leader cannot take a proposal now, or null when it can. */
    private RuntimeException proposalRefusal(EntryType type, long size) {
        if (transferee != 0) {
            return new ProposalDroppedException("leadership is being transferred to " + Long.toHexString(transferee));
        }
        if (type == EntryType.CONF_CHANGE && pendingConfIndex > log.applied()) {
            return new ConfChangeInProgressException(pendingConfIndex, log.applied());
        }
        if (uncommittedBytes > 0 && uncommittedBytes + size > config.maxUncommittedBytes()) {
            return new TooManyRequestsException("uncommitted log size limit of " + config.maxUncommittedBytes()
                    + " bytes reached");
        }
        return null;
    }

    private long appendProposal(EntryType type, byte[] data) {
        Entry entry = log.append(term, type, data);
        uncommittedBytes += entry.payloadSize();
        if (type == EntryType.CONF_CHANGE) {
            pendingConfIndex = entry.index();
        }
        entriesToBroadcast = true;
        return entry.index();
    }

    // ---- reads -----------------------------------------------------------------------------------------------

    /** Leader: queues a read for {@code from} (itself or a follower); false when the queue is full. */
    private boolean acceptRead(long requestContext, long from) {
        if (pendingReads.isFull()) {
            return false;
        }
        if (hasCommittedInCurrentTerm()) {
            pendingReads.add(requestContext, from, log.committed(), id);
            confirmPendingReads();
        } else {
            pendingReads.awaitLeaderCommit(requestContext, from);
        }
        return true;
    }

    /** Releases what is already confirmed (all of it with one voter), and asks the others for the rest. */
    private void confirmPendingReads() {
        releaseConfirmedReads();
        if (pendingReads.hasUnconfirmed()) {
            broadcastHeartbeat(pendingReads.newestSequence());
        }
    }

    private void releaseConfirmedReads() {
        for (ReadIndexQueue.PendingRead read : pendingReads.releaseConfirmed(tracker::isQuorum)) {
            if (read.from() == id) {
                readStates.add(new ReadState(read.index(), read.requestContext()));
            } else {
                send(Messages.readIndexResponse(id, read.from(), term, read.index(), read.requestContext(), false));
            }
        }
    }

    // ---- role changes ----------------------------------------------------------------------------------------

    private void startCampaign(boolean preVote, boolean transfer) {
        long voteTerm;
        MessageType type;
        if (preVote) {
            role = Role.PRE_CANDIDATE;
            leaderId = 0;
            tracker.resetVotes();
            voteTerm = term + 1;
            type = MessageType.PRE_VOTE;
        } else {
            resetTerm(term + 1);
            vote = id;
            role = Role.CANDIDATE;
            voteTerm = term;
            type = MessageType.VOTE;
        }
        tracker.recordVote(id, true);
        if (tracker.voteResult() == VoteResult.WON) {
            if (preVote) {
                startCampaign(false, transfer);
            } else {
                becomeLeader();
            }
            return;
        }
        for (long voter : new TreeSet<>(tracker.conf().voters())) {
            if (voter != id) {
                send(Messages.voteRequest(type, id, voter, voteTerm, log.lastTerm(), log.lastIndex(),
                        transfer ? TRANSFER_CONTEXT : 0));
            }
        }
    }

    private void becomeFollower(long newTerm, long leader) {
        resetTerm(newTerm);
        role = Role.FOLLOWER;
        leaderId = leader;
    }

    private void becomeLeader() {
        resetTerm(term);
        role = Role.LEADER;
        leaderId = id;
        tracker.resetProgress(log.lastIndex() + 1, this::newProgress);
        Progress self = tracker.progress(id);
        self.maybeUpdate(log.stableIndex());
        self.becomeReplicate();
        // Membership changes still in the log may not have been applied: wait for them before proposing another.
        pendingConfIndex = log.lastIndex();
        // An entry of the new term: committing it commits everything before it and makes ReadIndex safe.
        appendProposal(EntryType.NORMAL, null);
    }

    private Progress newProgress(long next) {
        // The byte budget of the window: full messages, saturating rather than overflowing for huge limits.
        long bytesPerMessage = Math.min(config.maxBytesPerMessage(), Long.MAX_VALUE / config.maxInflightMessages());
        return new Progress(next, new Inflights(config.maxInflightMessages(),
                bytesPerMessage * config.maxInflightMessages()));
    }

    private void resetTerm(long newTerm) {
        if (newTerm != term) {
            term = newTerm;
            vote = 0;
        }
        leaderId = 0;
        transferee = 0;
        pendingConfIndex = 0;
        uncommittedBytes = 0;
        heartbeatElapsed = 0;
        entriesToBroadcast = false;
        commitToBroadcast = false;
        tracker.resetVotes();
        tracker.clearProgress();
        pendingReads.clear();
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    // ---- replication -----------------------------------------------------------------------------------------

    private boolean maybeCommit() {
        long candidate = tracker.quorumMatchIndex();
        // Only entries of the current term commit by counting replicas (Raft paper, section 5.4.2).
        if (candidate <= log.committed() || log.term(candidate) != term) {
            return false;
        }
        long previous = log.committed();
        log.commitTo(candidate);
        uncommittedBytes = Math.max(0, uncommittedBytes - log.payloadBytes(previous, candidate));
        if (pendingReads.leaderCommitted(log.committed(), id)) {
            confirmPendingReads();
        }
        return true;
    }

    /** Owes every follower an append carrying the new commit index; see {@link #sendOwedAppends()}. */
    private void broadcastCommit() {
        commitToBroadcast = true;
    }

    private void sendOwedAppends() {
        boolean evenIfEmpty = commitToBroadcast;
        if (!evenIfEmpty && !entriesToBroadcast) {
            return;
        }
        entriesToBroadcast = false;
        commitToBroadcast = false;
        if (role != Role.LEADER) {
            return;
        }
        for (long member : tracker.allProgress().keySet()) {
            // More than one size-limited message when the window has room for them.
            if (member != id && sendAppend(member, evenIfEmpty)) {
                while (sendAppend(member, false)) {
                    // keep sending
                }
            }
        }
    }

    private void broadcastHeartbeat(long readSequence) {
        tracker.allProgress().forEach((member, pr) -> {
            if (member != id) {
                send(Messages.heartbeat(id, member, term, Math.min(pr.match(), log.committed()), readSequence));
            }
        });
    }

    /** Sends the member what it lacks (or a snapshot request); false when nothing was sent. */
    private boolean sendAppend(long to, boolean sendIfEmpty) {
        Progress pr = tracker.progress(to);
        if (pr == null || pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next() - 1;
        if (prevIndex < log.compactedIndex()) {
            return sendSnapshot(to, pr);
        }
        List<Entry> entries = pr.next() <= log.lastIndex()
                ? log.entriesFrom(pr.next(), config.maxBytesPerMessage()) : List.of();
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        Message append = Messages.append(id, to, term, log.term(prevIndex), prevIndex, entries, log.committed());
        send(append);
        if (!entries.isEmpty()) {
            switch (pr.state()) {
                case REPLICATE -> {
                    long last = entries.getLast().index();
                    pr.sentUpTo(last);
                    pr.inflights().add(last, append.payloadSize());
                }
                case PROBE -> pr.pauseProbe();
                case SNAPSHOT -> throw new IllegalStateException("append sent to a member waiting for a snapshot");
            }
        }
        return true;
    }

    private boolean sendSnapshot(long to, Progress pr) {
        if (!pr.recentActive()) {
            return false; // a member that does not answer would not take a snapshot either
        }
        pr.becomeSnapshot(log.compactedIndex());
        send(Messages.plain(MessageType.SNAPSHOT, id, to, term));
        return true;
    }

    private void sendTimeoutNow(long to) {
        send(Messages.plain(MessageType.TIMEOUT_NOW, id, to, term));
    }

    // ---- messages --------------------------------------------------------------------------------------------

    private void send(Message m) {
        messages.add(m);
    }

    private Message accept(long to, long index) {
        return Messages.appendAccepted(id, to, term, index);
    }
}
