package dev.cairn.node.server;

import dev.cairn.node.apply.KvApplier;
import dev.cairn.node.apply.KvReader;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.lease.ExpiredLeaseRevoker;
import dev.cairn.node.lease.LeaseApplier;
import dev.cairn.node.lease.LeaseCheckpointer;
import dev.cairn.node.lease.LeaseClock;
import dev.cairn.node.lease.LeaseLeaderTasks;
import dev.cairn.node.lease.Lessor;
import dev.cairn.node.metrics.DurationHistogram;
import dev.cairn.node.metrics.NodeMetrics;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.raft.SnapshotMeta;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.raftlog.RaftLogStorage;
import dev.cairn.node.watch.WatchHub;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * One member: the state store, the Raft log and core, the raft loop and apply threads, and what the API layer
 * asks of them (propose a write, wait for a linearizable read point, read, describe the member).
 */
public final class EtcdNode implements AutoCloseable {
    /** etcd refuses new proposals when the applied index lags the committed one by more than this. */
    private static final long MAX_APPLY_LAG = 5000;
    private static final int MAX_PENDING_PROPOSALS = 20_000;
    private static final int APPLY_QUEUE_CAPACITY = 256;
    private static final long START_TIMEOUT_SECONDS = 60;
    /** How long a stopping leader waits for its last lease checkpoints to be applied. */
    private static final Duration STOP_CHECKPOINT_WAIT = Duration.ofSeconds(2);
    /** Backstop for a stopping leader's hand-over; the transfer itself gives up after an election timeout. */
    private static final Duration STOP_TRANSFER_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(EtcdNode.class.getName());

    private final MvccStore store;
    private final RaftLogStorage log;
    private final Membership membership;
    private final Alarms alarms;
    private final SpaceQuota quota;
    private final KvReader reader;
    private final Lessor lessor;
    private final LeaseCheckpointer leaseCheckpointer;
    private final LeaseLeaderTasks leaseTasks;
    private final WatchHub watchHub;
    private final ProposalRegistry proposals;
    private final AppliedIndexWaiters appliedWaiters = new AppliedIndexWaiters();
    private final RaftStatusView statusView = new RaftStatusView();
    private final NodeMetrics metrics = new NodeMetrics();
    private final ApplyLoop applyLoop;
    private final RaftLoop raftLoop;
    private final Thread applyThread;
    private final Thread raftThread;
    private final Thread announceThread;
    private final Consumer<Throwable> onFatal;
    private final PeerConnection peers;
    private final MembershipChanges membershipChanges;
    private final StoreSnapshotSource snapshotSource;
    private final MemberAnnouncer announcer;
    private final long catchUpEntries;
    private final AtomicBoolean removedReported = new AtomicBoolean();
    private volatile Runnable onRemoved = () -> { };

    private EtcdNode(ServerSettings settings, RecoveredState recovered, Consumer<Throwable> onFatal, LeaseClock clock) {
        this.store = recovered.store();
        this.log = recovered.log();
        this.membership = recovered.membership();
        this.proposals = new ProposalRegistry(MAX_PENDING_PROPOSALS, membership.localId(), System.currentTimeMillis(),
                settings.requestTimeout().toNanos(), System::nanoTime);
        this.reader = new KvReader(store);
        this.lessor = Lessor.recover(store, clock, minLeaseTtlSeconds(settings), settings.leaseCheckpoints());
        this.leaseCheckpointer = new LeaseCheckpointer(lessor,
                checkpoints -> propose(InternalRequest.newBuilder().setLeaseCheckpoint(checkpoints)));
        this.leaseTasks = new LeaseLeaderTasks(lessor, this::leaderTerm, settings.electionTimeout().toNanos(),
                new ExpiredLeaseRevoker(lessor, id -> propose(InternalRequest.newBuilder()
                        .setLeaseRevoke(LeaseRevokeRequest.newBuilder().setID(id)))),
                leaseCheckpointer);
        this.alarms = Alarms.load(store);
        this.quota = new SpaceQuota(settings.quotaBackendBytes(), store::spaceUsedBytes);
        this.watchHub = new WatchHub(store, this::header, settings.watchProgressNotifyInterval());
        this.onFatal = onFatal;
        this.peers = new PeerConnection();
        KvApplier applier = new KvApplier(store, lessor);
        ConfChangeHandoff confChanges = new ConfChangeHandoff();
        this.applyLoop = new ApplyLoop(APPLY_QUEUE_CAPACITY, store.consistentIndex(), applier, new LeaseApplier(lessor),
                membership, alarms, proposals, appliedWaiters, statusView, onFatal, watchHub::publish, settings.snapshotCount(),
                this::makeDurableAndReleaseLog, confChanges);
        this.raftLoop = new RaftLoop(recovered.raft(), log, MAX_PENDING_PROPOSALS, applyLoop, appliedWaiters, proposals,
                statusView, peers, confChanges, this::membershipChanged,
                new StoreSnapshotInstaller(store, log, lessor, alarms, watchHub, this::stateReplaced), settings, onFatal);
        this.membershipChanges = new MembershipChanges(membership, settings.strictReconfigCheck(),
                this::proposeConfChange, peers::activeSince, new ReplicationProgress(statusView, membership),
                Clock.systemUTC());
        this.snapshotSource = new StoreSnapshotSource(store);
        this.catchUpEntries = settings.snapshotCatchUpEntries();
        this.announcer = new MemberAnnouncer(membership, settings.name(), settings.advertiseClientUrls(), this::propose,
                settings.requestTimeout());
        this.applyThread = new Thread(applyLoop, "cairn-apply");
        this.raftThread = new Thread(raftLoop, "cairn-raft");
        this.announceThread = new Thread(announcer, "cairn-announce");
        this.announceThread.setDaemon(true);
    }

    /**
     * Opens (or bootstraps) a member of a single-member cluster in {@code settings.dataDir()} without a peer
     * transport, and returns once it leads, has applied its log and has announced its client URLs.
     *
     * @param onFatal called when the raft loop or the apply thread meets an error it cannot survive (a failed fsync)
     */
    public static EtcdNode start(ServerSettings settings, Consumer<Throwable> onFatal) {
        return start(settings, onFatal, LeaseClock.system());
    }

    /** As {@link #start(ServerSettings, Consumer)}, with leases expiring by {@code leaseClock}. */
    public static EtcdNode start(ServerSettings settings, Consumer<Throwable> onFatal, LeaseClock leaseClock) {
        return start(settings, PeerNetwork.NO_TRANSPORT, ClusterDirectory.NONE, onFatal,
                () -> onFatal.accept(new IllegalStateException(EtcdError.MEMBER_REMOVED.message())), leaseClock);
    }

    /**
     * Opens (or bootstraps, or joins) the member in {@code settings.dataDir()}, starts its peer transport, replays
     * what the log holds beyond the state store and returns. A member that is alone in its cluster returns once it
     * leads and has announced itself; a member of a larger cluster returns at once and keeps announcing itself in
     * the background until a quorum is up ({@link #announced()}).
     */
    public static EtcdNode start(ServerSettings settings, PeerNetwork.Factory network, ClusterDirectory directory,
                                 Consumer<Throwable> onFatal, Runnable onRemoved, LeaseClock leaseClock) {
        RecoveredState recovered = RecoveredState.open(settings, directory);
        EtcdNode node = new EtcdNode(settings, recovered, onFatal, leaseClock);
        node.onRemoved = onRemoved;
        try {
            node.peers.connect(network.start(node.membership.localId(), node.membership.clusterId(),
                    node.new Events()), recovered.peers());
            node.watchHub.start();
            boolean alone = recovered.raft().confState().voters().equals(Set.of(node.membership.localId()));
            node.run(recovered.raft(), alone);
            node.announceThread.start();
            if (alone) {
                await(node.announcer.announced(), "announce the client URLs");
            }
            node.leaseTasks.start();
        } catch (IOException e) {
            node.close();
            throw new IllegalStateException(e.getMessage(), e);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Completes once the cluster has applied this member's name and client URLs. */
    public CompletableFuture<Void> announced() {
        return announcer.announced();
    }

    /** etcd's minLeaseTTL: 1.5 election timeouts (in whole heartbeats), rounded up to whole seconds. */
    private static long minLeaseTtlSeconds(ServerSettings settings) {
        long millis = (3L * settings.electionTicks() / 2) * settings.heartbeatInterval().toMillis();
        return (millis + 999) / 1000;
    }

    /** Starts the threads and waits until what the log held as committed is applied (and, alone, until it leads). */
    private void run(RawNode raft, boolean alone) {
        long target = alone ? raft.status().lastIndex() : raft.status().commitIndex();
        applyThread.start();
        raftThread.start();
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        appliedWaiters.await(target, caughtUp);
        await(caughtUp, "apply the log");
    }

    private static void await(CompletableFuture<?> future, String what) {
        try {
            future.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("member did not " + what + " within " + START_TIMEOUT_SECONDS + " s");
        } catch (Exception e) {
            throw new IllegalStateException("member could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Proposes a write; the future completes with its response once applied, or fails with an EtcdException.
     */
    public CompletableFuture<Object> propose(InternalRequest.Builder request) {
        if (statusView.commitIndex() - statusView.appliedIndex() > MAX_APPLY_LAG) {
            return CompletableFuture.failedFuture(EtcdError.TOO_MANY_REQUESTS.exception());
        }
        ProposalRegistry.Registration registration = proposals.register();
        if (registration.accepted()) {
            byte[] data = request.setId(registration.id()).build().toByteArray();
            if (!raftLoop.offer(new RaftLoop.Proposal(EntryType.NORMAL, data, registration.id()))) {
                proposals.fail(registration.id(), EtcdError.TOO_MANY_REQUESTS.exception());
            }
        }
        return registration.future();
    }

    /**
     * Proposes a membership change; the future completes with the member list once applied, or fails with etcd's
     * error (refused when applied, or before: not leader, too many requests, timeout).
     */
    CompletableFuture<Object> proposeConfChange(ConfChange.Builder change) {
        ProposalRegistry.Registration registration = proposals.register();
        if (registration.accepted()) {
            byte[] data = change.setId(registration.id()).build().toByteArray();
            if (!raftLoop.offer(new RaftLoop.Proposal(EntryType.CONF_CHANGE, data, registration.id()))) {
                proposals.fail(registration.id(), EtcdError.TOO_MANY_REQUESTS.exception());
            }
        }
        return registration.future();
    }

    public MembershipChanges membershipChanges() {
        return membershipChanges;
    }

    /** etcd's MemberPromote: decided by the leader, which alone knows how far the learner's log is. */
    public CompletableFuture<List<Member>> promoteMember(long id) {
        return onLeader(() -> membershipChanges.promote(id), leader -> peers.promoteMember(leader, id));
    }

    /** A keep-alive: the leader's lessor alone tracks expiry, so a follower forwards it there. */
    public CompletableFuture<Long> renewLease(long id) {
        return onLeader(() -> leaseCheckpointer.renew(id), leader -> peers.renewLease(leader, id));
    }

    /** etcd's LeaseTimeToLive, answered by the leader (without header: the caller adds its own). */
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return onLeader(() -> linearizableBarrier().thenApply(ignored -> localTimeToLive(request)),
                leader -> peers.leaseTimeToLive(leader, request));
    }

    private LeaseTimeToLiveResponse localTimeToLive(LeaseTimeToLiveRequest request) {
        LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder().setID(request.getID()).setTTL(-1);
        lessor.status(request.getID()).ifPresent(status -> {
            response.setTTL(status.remainingTtl()).setGrantedTTL(status.grantedTtl());
            if (request.getKeys()) {
                response.addAllKeys(status.keys());
            }
        });
        return response.build();
    }

    /** Runs {@code local} when this member leads, else asks the leader; fails with "no leader" when there is none. */
    private <T> CompletableFuture<T> onLeader(Supplier<CompletableFuture<T>> local,
                                              LongFunction<CompletableFuture<T>> forward) {
        long leader = statusView.leaderId();
        if (leader == membership.localId()) {
            return local.get();
        }
        return leader == 0 ? CompletableFuture.failedFuture(EtcdError.NO_LEADER.exception()) : forward.apply(leader);
    }

    /** As {@link #onLeader}, for requests a follower forwarded here: never forwarded again. */
    private <T> CompletableFuture<T> asLeader(Supplier<CompletableFuture<T>> local) {
        return statusView.leaderId() == membership.localId() ? local.get()
                : CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
    }

    /** After a membership change: connect to the members as they now are; a member removed from the cluster stops. */
    private void membershipChanged() {
        Map<Long, List<String>> peerUrls = new HashMap<>();
        membership.members().forEach(m -> peerUrls.put(m.getID(), m.getPeerURLsList()));
        peerUrls.remove(membership.localId());
        peers.updatePeers(peerUrls);
        if (membership.isRemoved(membership.localId())) {
            removed();
        }
    }

    /** This member is no longer part of its cluster: told once, then the member is stopped by its owner. */
    private void removed() {
        if (removedReported.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.ERROR, EtcdError.MEMBER_REMOVED.message());
            onRemoved.run();
        }
    }

    /**
     * The leader's state store replaced this member's (the raft loop runs this with the apply thread idle): what
     * else was read from the store follows it, and the member counts as applied up to the snapshot.
     */
    private void stateReplaced(SnapshotMeta snapshot) {
        membership.reload(store);
        applyLoop.restoredTo(snapshot.index());
        statusView.publishApplied(snapshot.index());
        appliedWaiters.advanceTo(snapshot.index());
        membershipChanged();
    }

    /** What the peer transport delivers to this member. */
    private final class Events implements PeerEvents {
        @Override
        public void receive(Message message) {
            raftLoop.offer(new RaftLoop.Inbound(message));
        }

        @Override
        public void snapshotReceived(Message message, Path stagedStore) throws IOException {
            if (!raftLoop.offer(new RaftLoop.SnapshotArrived(message, stagedStore))) {
                throw new IOException("the raft loop cannot take the snapshot now");
            }
        }

        @Override
        public boolean isRemoved(long memberId) {
            return membership.isRemoved(memberId);
        }

        @Override
        public List<Member> members() {
            return membership.members();
        }

        @Override
        public PreparedSnapshot prepareSnapshot(Message message, Path parent) throws IOException {
            return snapshotSource.prepare(parent);
        }

        @Override
        public void snapshotSent(long peerId, boolean success) {
            raftLoop.offer(new RaftLoop.SnapshotReport(peerId, success));
        }

        @Override
        public void unreachable(long peerId) {
            raftLoop.offer(new RaftLoop.Unreachable(peerId));
        }

        @Override
        public void removedFromCluster() {
            removed();
        }

        @Override
        public CompletableFuture<Long> renewLease(long leaseId) {
            return asLeader(() -> leaseCheckpointer.renew(leaseId));
        }

        @Override
        public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
            return asLeader(() -> linearizableBarrier().thenApply(ignored -> localTimeToLive(request)));
        }

        @Override
        public CompletableFuture<List<Member>> promoteMember(long memberId) {
            return asLeader(() -> membershipChanges.promote(memberId));
        }
    }

    /**
     * etcd's MoveLeader: only the leader may hand over, only to a voting member; completes once the target leads,
     * or fails when that took longer than an election timeout.
     */
    public CompletableFuture<Void> moveLeader(long target) {
        if (statusView.leaderId() != membership.localId()) {
            return CompletableFuture.failedFuture(EtcdError.NOT_LEADER.exception());
        }
        boolean voter = membership.member(target).map(m -> !m.getIsLearner()).orElse(false);
        if (!voter) {
            return CompletableFuture.failedFuture(EtcdError.BAD_LEADER_TRANSFEREE.exception());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!raftLoop.offer(new RaftLoop.TransferLeadership(target, done))) {
            done.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception());
        }
        return done;
    }

    /**
     * etcd's quota check before proposing a write that costs {@code cost} bytes: when it would take the store past
     * the quota, proposes the NOSPACE alarm for this member and fails with NO_SPACE.
     */
    public void checkSpace(long cost) {
        if (!quota.admits(cost)) {
            // Not awaited, as in etcd: the write fails either way, and a lost activation is retried by the next one.
            propose(InternalRequest.newBuilder().setAlarm(AlarmRequest.newBuilder()
                    .setAction(AlarmRequest.AlarmAction.ACTIVATE).setMemberID(membership.localId())
                    .setAlarm(AlarmType.NOSPACE)));
            throw EtcdError.NO_SPACE.exception();
        }
    }

    /** Completes once this member has applied everything committed when it was called (Raft ReadIndex). */
    public CompletableFuture<Void> linearizableBarrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!raftLoop.offer(new RaftLoop.ReadBarrier(done))) {
            done.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception());
        }
        return done;
    }

    public KvReader reader() {
        return reader;
    }

    public MvccStore store() {
        return store;
    }

    public Lessor lessor() {
        return lessor;
    }

    public WatchHub watchHub() {
        return watchHub;
    }

    public Alarms alarms() {
        return alarms;
    }

    public Membership membership() {
        return membership;
    }

    public RaftStatusView raftStatus() {
        return statusView;
    }

    /** fsyncs of the Raft log since start: fewer than writes when concurrent writes share them. */
    public long raftLogFsyncs() {
        return log.fsyncDurations().count();
    }

    public DurationHistogram raftLogFsyncDurations() {
        return log.fsyncDurations();
    }

    public long raftLogBytesWritten() {
        return log.bytesWritten();
    }

    public int pendingProposals() {
        return proposals.pending();
    }

    public long failedProposals() {
        return proposals.failedCount();
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /**
     * As etcd does when it stops: a leader hands leadership to the voter it has been connected to longest, so the
     * others do not wait out an election timeout. A failed hand-over is logged and the stop goes on.
     */
    private void handOverLeadership() throws InterruptedException {
        Optional<Long> target = membership.members().stream()
                .filter(member -> !member.getIsLearner() && member.getID() != membership.localId())
                .filter(member -> peers.activeSince(member.getID()).isPresent())
                .min(Comparator.comparing(member -> peers.activeSince(member.getID()).orElseThrow()))
                .map(Member::getID);
        if (target.isEmpty()) {
            return; // the only voter, or no other voter reachable
        }
        try {
            moveLeader(target.get()).get(STOP_TRANSFER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.log(System.Logger.Level.INFO, "handed leadership to {0} before stopping",
                    Long.toHexString(target.get()));
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "leadership transfer to {0} before stopping failed: {1}",
                    Long.toHexString(target.get()), e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** The current term while this member leads, 0 otherwise. */
    private long leaderTerm() {
        return statusView.leaderId() == membership.localId() ? statusView.term() : 0;
    }

    public ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder()
                .setClusterId(membership.clusterId())
                .setMemberId(membership.localId())
                .setRevision(revision)
                .setRaftTerm(statusView.term())
                .build();
    }

    private void makeDurableAndReleaseLog(long appliedIndex) {
        store.syncToDisk();
        // As etcd, entries stay behind the compaction so a follower a little behind catches up from the log.
        raftLoop.requestLogRelease(appliedIndex - catchUpEntries);
    }

    /** Stops the threads after the work they hold, then closes the log and the store. */
    @Override
    public void close() {
        try {
            announcer.stop();
            leaseTasks.close();
            if (raftThread.isAlive() && leaderTerm() != 0) {
                leaseCheckpointer.checkpointAll(STOP_CHECKPOINT_WAIT);
                handOverLeadership();
            }
            peers.close();
            raftLoop.stop();
            if (raftThread.isAlive()) {
                raftThread.join();
            }
            if (applyThread.isAlive()) {
                applyLoop.stop();
                applyThread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watchHub.close();
            proposals.failAll(EtcdError.STOPPED.exception());
            appliedWaiters.failAll(EtcdError.STOPPED.exception());
            log.close();
            store.close();
            LOG.log(System.Logger.Level.INFO, "member stopped");
        }
    }
}
