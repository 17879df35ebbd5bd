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
import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.etcdserverpb.ResponseHeader;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.proto.raft.MemberAttributesUpdate;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.RaftConfig;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.storage.mvcc.MvccStore;
import dev.cairn.node.storage.raftlog.RaftLogStorage;
import dev.cairn.node.watch.WatchHub;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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
    private final ProposalRegistry proposals = new ProposalRegistry(MAX_PENDING_PROPOSALS);
    private final AppliedIndexWaiters appliedWaiters = new AppliedIndexWaiters();
    private final RaftStatusView statusView = new RaftStatusView();
    private final NodeMetrics metrics = new NodeMetrics();
    private final ApplyLoop applyLoop;
    private final RaftLoop raftLoop;
    private final Thread applyThread;
    private final Thread raftThread;

    private EtcdNode(ServerSettings settings, RecoveredState recovered, Consumer<Throwable> onFatal, LeaseClock clock) {
        this.store = recovered.store();
        this.log = recovered.log();
        this.membership = recovered.membership();
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
        KvApplier applier = new KvApplier(store, lessor);
        this.applyLoop = new ApplyLoop(APPLY_QUEUE_CAPACITY, store.consistentIndex(), applier, new LeaseApplier(lessor),
                membership, alarms, proposals, appliedWaiters, statusView, onFatal, watchHub::publish, settings.snapshotCount(),
                this::makeDurableAndReleaseLog);
        this.raftLoop = new RaftLoop(recovered.raft(), log, MAX_PENDING_PROPOSALS, applyLoop, appliedWaiters, proposals,
                statusView, settings.heartbeatInterval().toNanos(), onFatal);
        this.applyThread = new Thread(applyLoop, "cairn-apply");
        this.raftThread = new Thread(raftLoop, "cairn-raft");
    }

    /**
     * Opens (or bootstraps) the member in {@code settings.dataDir()}, replays what the log holds beyond the state
     * store, and returns once the member leads, has applied its log and has announced its client URLs.
     *
     * @param onFatal called when the raft loop or the apply thread meets an error it cannot survive (a failed fsync)
     */
    public static EtcdNode start(ServerSettings settings, Consumer<Throwable> onFatal) {
        return start(settings, onFatal, LeaseClock.system());
    }

    /** As {@link #start(ServerSettings, Consumer)}, with leases expiring by {@code leaseClock}. */
    public static EtcdNode start(ServerSettings settings, Consumer<Throwable> onFatal, LeaseClock leaseClock) {
        RecoveredState recovered = RecoveredState.open(settings);
        EtcdNode node = new EtcdNode(settings, recovered, onFatal, leaseClock);
        try {
            node.watchHub.start();
            node.run(recovered.raft());
            node.announce(settings);
            node.leaseTasks.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** etcd's minLeaseTTL: 1.5 election timeouts (in whole heartbeats), rounded up to whole seconds. */
    private static long minLeaseTtlSeconds(ServerSettings settings) {
        long millis = (3L * settings.electionTicks() / 2) * settings.heartbeatInterval().toMillis();
        return (millis + 999) / 1000;
    }

    private void run(RawNode raft) {
        long lastIndex = raft.status().lastIndex();
        applyThread.start();
        raftThread.start();
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        appliedWaiters.await(lastIndex, caughtUp);
        await(caughtUp, "apply the log");
    }

    private void announce(ServerSettings settings) {
        Member self = membership.member(membership.localId()).orElseThrow(() ->
                new IllegalStateException("this member is not part of the cluster it belongs to"));
        if (self.getName().equals(settings.name()) && self.getClientURLsList().equals(settings.advertiseClientUrls())) {
            return;
        }
        MemberAttributes attributes = MemberAttributes.newBuilder()
                .setName(settings.name())
                .addAllPeerUrls(self.getPeerURLsList())
                .addAllClientUrls(settings.advertiseClientUrls())
                .build();
        await(propose(InternalRequest.newBuilder().setPublishAttributes(MemberAttributesUpdate.newBuilder()
                .setMemberId(membership.localId()).setAttributes(attributes))), "announce the client URLs");
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

    public LeaseCheckpointer leaseCheckpointer() {
        return leaseCheckpointer;
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
        raftLoop.requestLogRelease(appliedIndex);
    }

    /** Stops the threads after the work they hold, then closes the log and the store. */
    @Override
    public void close() {
        try {
            leaseTasks.close();
            if (raftThread.isAlive() && leaderTerm() != 0) {
                leaseCheckpointer.checkpointAll(STOP_CHECKPOINT_WAIT);
            }
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
