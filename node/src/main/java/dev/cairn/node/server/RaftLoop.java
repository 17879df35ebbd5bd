package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.fs.Directories;
import dev.cairn.node.raft.ConfChangeInProgressException;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.Message;
import dev.cairn.node.raft.NotLeaderException;
import dev.cairn.node.raft.ProposalDroppedException;
import dev.cairn.node.raft.RaftStatus;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.raft.ReadState;
import dev.cairn.node.raft.Ready;
import dev.cairn.node.raft.Role;
import dev.cairn.node.raft.SnapshotMeta;
import dev.cairn.node.raft.TooManyRequestsException;
import dev.cairn.node.storage.raftlog.RaftLogStorage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The raft loop thread: the only caller of the Raft core and the Raft log. Each turn it drains every waiting
 * proposal, read and peer message into the core, ticks it, and handles its Readys: new entries and hard state
 * are written to the log with one fsync (so concurrent writes share it), messages go to the peers once that is
 * durable, committed entries go to the apply thread, and read indexes go to the reads waiting for them.
 */
final class RaftLoop implements Runnable {
    sealed interface Task permits Proposal, ReadBarrier, Inbound, SnapshotArrived, TransferLeadership,
            SnapshotReport, Unreachable, Stop {
    }

    record Proposal(EntryType type, byte[] data, long requestId) implements Task {
    }

    record ReadBarrier(CompletableFuture<Void> done) implements Task {
    }

    /** A message from a peer. */
    record Inbound(Message message) implements Task {
    }

    /** The leader's state store arrived for the SNAPSHOT message, staged in {@code stagedStore}. */
    record SnapshotArrived(Message message, Path stagedStore) implements Task {
    }

    /** Completes once {@code target} leads, or fails after an election timeout. */
    record TransferLeadership(long target, CompletableFuture<Void> done) implements Task {
    }

    /** The transport finished (or gave up) streaming a snapshot to a peer. */
    record SnapshotReport(long peer, boolean success) implements Task {
    }

    /** The transport could not reach a peer. */
    record Unreachable(long peer) implements Task {
    }

    private record Stop() implements Task {
    }

    private record PendingReads(List<CompletableFuture<Void>> reads, long deadlineNanos) {
    }

    private record PendingTransfer(long target, CompletableFuture<Void> done, long deadlineNanos) {
    }

    private static final int MAX_TASKS_PER_TURN = 4096;
    /** Linearizable reads held while no leader is known; past this many, further ones fail with "no leader". */
    private static final int MAX_READS_AWAITING_LEADER = 10_000;
    /** Timed-out proposals and reads are swept this often, in ticks. */
    private static final int SWEEP_TICKS = 5;
    private static final System.Logger LOG = System.getLogger(RaftLoop.class.getName());

    private final RawNode node;
    private final RaftLogStorage log;
    private final BlockingQueue<Task> inbox;
    private final ApplyLoop apply;
    private final AppliedIndexWaiters appliedWaiters;
    private final ProposalRegistry proposals;
    private final RaftStatusView statusView;
    private final PeerNetwork peers;
    private final ConfChangeHandoff confChanges;
    private final MembershipWatcher membershipWatcher;
    private final SnapshotInstaller snapshots;
    private final long tickNanos;
    private final long requestTimeoutNanos;
    private final long electionTimeoutNanos;
    private final Consumer<Throwable> onFatal;
    private final Map<Long, PendingReads> readsByContext = new HashMap<>();
    /**
     * Proposals made while no leader was known. As in etcd's raft node they wait for one rather than fail, until
     * their caller's deadline; each still holds its place in {@link #proposals}, which bounds them.
     */
    private final List<Proposal> awaitingLeader = new ArrayList<>();
    /**
     * Linearizable reads made while no leader was known. etcd holds these too, until a leader appears (then fails
     * them with "leader changed", which its clients retry) or its request timeout; here they are asked again of the
     * new leader, which serves them. Bounded by {@link #MAX_READS_AWAITING_LEADER} futures.
     */
    private final List<PendingReads> readsAwaitingLeader = new ArrayList<>();
    private final List<PendingTransfer> transfers = new ArrayList<>();
    private final AtomicLong logReleaseRequest = new AtomicLong();
    private final List<Task> drained = new ArrayList<>();
    private SnapshotArrived stagedSnapshot;
    /** The last index handed to the apply thread. */
    private long handedToApply;
    private long nextReadContext = 1;
    private long lastLeader;
    private int ticksSinceSweep;
    private volatile boolean running = true;

    RaftLoop(RawNode node, RaftLogStorage log, int inboxCapacity, ApplyLoop apply, AppliedIndexWaiters appliedWaiters,
             ProposalRegistry proposals, RaftStatusView statusView, PeerNetwork peers, ConfChangeHandoff confChanges,
             MembershipWatcher membershipWatcher, SnapshotInstaller snapshots, ServerSettings settings,
             Consumer<Throwable> onFatal) {
        this.node = node;
        this.log = log;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.apply = apply;
        this.appliedWaiters = appliedWaiters;
        this.proposals = proposals;
        this.statusView = statusView;
        this.peers = peers;
        this.confChanges = confChanges;
        this.membershipWatcher = membershipWatcher;
        this.snapshots = snapshots;
        this.tickNanos = settings.heartbeatInterval().toNanos();
        this.requestTimeoutNanos = settings.requestTimeout().toNanos();
        this.electionTimeoutNanos = settings.electionTimeout().toNanos();
        this.onFatal = onFatal;
    }

    /** Queues a task for the next turn; false when the inbox is full (the caller answers "too many requests"). */
    boolean offer(Task task) {
        return running && inbox.offer(task);
    }

    /** Asks the loop to drop log entries up to {@code index}, which the state store has made durable. */
    void requestLogRelease(long index) {
        logReleaseRequest.accumulateAndGet(index, Math::max);
    }

    void stop() {
        running = false;
        inbox.offer(new Stop());
    }

    @Override
    public void run() {
        try {
            publishStatus();
            long nextTick = System.nanoTime() + tickNanos;
            while (running) {
                Task first = inbox.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first != null) {
                    drained.add(first);
                    inbox.drainTo(drained, MAX_TASKS_PER_TURN);
                    handle(drained);
                    drained.clear();
                }
                long now = System.nanoTime();
                while (now - nextTick >= 0) {
                    node.tick();
                    nextTick += tickNanos;
                    if (++ticksSinceSweep >= SWEEP_TICKS) {
                        ticksSinceSweep = 0;
                        sweepExpired(now);
                    }
                }
                proposeAwaitingLeader();
                readAwaitingLeader();
                handleReadys();
                discardStagedSnapshot(); // the core did not want it (it already had that much)
                releaseLog();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable fatal) {
            running = false;
            onFatal.accept(fatal);
        } finally {
            failPending(EtcdError.STOPPED.exception());
        }
    }

    private void handle(List<Task> tasks) {
        List<CompletableFuture<Void>> reads = null;
        for (Task task : tasks) {
            switch (task) {
                case Proposal p -> propose(p);
                case ReadBarrier r -> {
                    if (reads == null) {
                        reads = new ArrayList<>();
                    }
                    reads.add(r.done());
                }
                case Inbound in -> node.step(in.message());
                case SnapshotArrived arrived -> {
                    discardStagedSnapshot();
                    stagedSnapshot = arrived;
                    node.step(arrived.message());
                }
                case TransferLeadership t -> transferLeadership(t);
                case SnapshotReport r -> node.reportSnapshot(r.peer(), r.success());
                case Unreachable u -> node.reportUnreachable(u.peer());
                case Stop s -> running = false;
            }
        }
        if (reads != null) {
            readIndex(reads, System.nanoTime() + requestTimeoutNanos);
        }
    }

    private void propose(Proposal proposal) {
        try {
            node.propose(proposal.type(), proposal.data());
        } catch (NotLeaderException e) {
            awaitingLeader.add(proposal);
        } catch (TooManyRequestsException | ConfChangeInProgressException e) {
            proposals.fail(proposal.requestId(), EtcdError.TOO_MANY_REQUESTS.exception());
        } catch (ProposalDroppedException e) {
            // etcd drops proposals while leadership moves; its callers time out, ours are told at once.
            proposals.fail(proposal.requestId(), EtcdError.LEADER_CHANGED.exception());
        }
    }

    /** Proposes again what waited for a leader, once one is known; proposals whose caller gave up are dropped. */
    private void proposeAwaitingLeader() {
        if (awaitingLeader.isEmpty() || !leaderKnown()) {
            return;
        }
        List<Proposal> waiting = new ArrayList<>(awaitingLeader);
        awaitingLeader.clear();
        for (Proposal proposal : waiting) {
            if (proposals.isWaiting(proposal.requestId())) {
                propose(proposal);
            }
        }
    }

    /** Asks again for the reads that waited for a leader, once one is known. */
    private void readAwaitingLeader() {
        if (readsAwaitingLeader.isEmpty() || !leaderKnown()) {
            return;
        }
        List<PendingReads> waiting = new ArrayList<>(readsAwaitingLeader);
        readsAwaitingLeader.clear();
        waiting.forEach(pending -> readIndex(pending.reads(), pending.deadlineNanos()));
    }

    private boolean leaderKnown() {
        RaftStatus status = node.status();
        return status.role() == Role.LEADER || (status.role() == Role.FOLLOWER && status.leaderId() != 0);
    }

    /** Every read waiting now shares one read index; they fail with "request timed out" at {@code deadlineNanos}. */
    private void readIndex(List<CompletableFuture<Void>> reads, long deadlineNanos) {
        long context = nextReadContext++;
        try {
            node.readIndex(context);
            readsByContext.put(context, new PendingReads(reads, deadlineNanos));
        } catch (NotLeaderException e) {
            int held = readsAwaitingLeader.stream().mapToInt(pending -> pending.reads().size()).sum();
            if (held + reads.size() > MAX_READS_AWAITING_LEADER) {
                reads.forEach(read -> read.completeExceptionally(EtcdError.NO_LEADER.exception()));
                return;
            }
            readsAwaitingLeader.add(new PendingReads(reads, deadlineNanos));
        } catch (TooManyRequestsException e) {
            reads.forEach(read -> read.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception()));
        }
    }

    private void transferLeadership(TransferLeadership transfer) {
        if (node.status().leaderId() == transfer.target()) {
            transfer.done().complete(null);
            return;
        }
        node.transferLeadership(transfer.target());
        transfers.add(new PendingTransfer(transfer.target(), transfer.done(), System.nanoTime() + electionTimeoutNanos));
    }

    private void handleReadys() throws InterruptedException {
        while (node.hasReady()) {
            Ready ready = node.ready();
            if (ready.snapshot() != null) {
                installSnapshot(ready.snapshot());
            }
            // A leader's appends and heartbeats go out before its own fsync, so followers write while it writes (its
            // own entries count toward commit only once advanced); every other message waits for the fsync.
            List<Message> afterSync = sendLeaderMessagesEarly(ready.messages());
            if (ready.hardState() != null || !ready.entries().isEmpty()) {
                log.save(ready.hardState(), ready.entries(), ready.mustSync());
            }
            if (!afterSync.isEmpty()) {
                peers.send(afterSync);
            }
            List<Entry> committed = ready.committedEntries();
            if (!committed.isEmpty()) {
                apply.enqueue(committed);
                handedToApply = committed.getLast().index();
                carryConfChanges(committed);
            }
            for (ReadState state : ready.readStates()) {
                PendingReads pending = readsByContext.remove(state.requestContext());
                if (pending != null) {
                    pending.reads().forEach(read -> appliedWaiters.await(state.index(), read));
                }
            }
            node.advance(ready);
            publishStatus();
        }
    }

    /** Sends what a leader may send before persisting, and returns the rest. */
    private List<Message> sendLeaderMessagesEarly(List<Message> messages) {
        if (messages.isEmpty() || node.status().role() != Role.LEADER) {
            return messages;
        }
        List<Message> early = new ArrayList<>(messages.size());
        List<Message> late = new ArrayList<>();
        for (Message message : messages) {
            boolean replication = switch (message.type()) {
                case APPEND, HEARTBEAT, SNAPSHOT, TIMEOUT_NOW -> true;
                default -> false;
            };
            (replication ? early : late).add(message);
        }
        if (!early.isEmpty()) {
            peers.send(early);
        }
        return late;
    }

    private void installSnapshot(SnapshotMeta snapshot) throws InterruptedException {
        if (stagedSnapshot == null || stagedSnapshot.message().snapshot() == null
                || stagedSnapshot.message().snapshot().index() != snapshot.index()) {
            throw new IllegalStateException("the Raft core asks to install snapshot " + snapshot.index()
                    + " but no such snapshot was received");
        }
        Path staged = stagedSnapshot.stagedStore();
        stagedSnapshot = null;
        awaitApplied(handedToApply); // the apply thread must be idle while its store is replaced
        snapshots.install(snapshot, staged);
        handedToApply = snapshot.index();
    }

    private void awaitApplied(long index) throws InterruptedException {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        appliedWaiters.await(index, applied);
        try {
            applied.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the apply thread failed before a snapshot could be installed", e.getCause());
        }
    }

    private void discardStagedSnapshot() {
        if (stagedSnapshot != null) {
            Directories.deleteQuietly(stagedSnapshot.stagedStore());
            stagedSnapshot = null;
        }
    }

    /**
     * Waits for the apply thread's decision on each membership change just handed to it and carries it into the
     * core before advancing (etcd waits the same way), so the core's configuration follows the applied one.
     */
    private void carryConfChanges(List<Entry> committed) throws InterruptedException {
        boolean changed = false;
        for (Entry entry : committed) {
            if (entry.type() != EntryType.CONF_CHANGE) {
                continue;
            }
            ConfChangeDecision decision = awaitDecision(entry.index());
            if (decision.kind() != null) {
                node.applyConfChange(decision.kind(), decision.memberId());
                changed = true;
            }
        }
        if (changed) {
            membershipWatcher.membershipChanged();
        }
    }

    private ConfChangeDecision awaitDecision(long index) throws InterruptedException {
        while (running) {
            ConfChangeDecision decision = confChanges.await(100, TimeUnit.MILLISECONDS);
            if (decision != null) {
                if (decision.index() != index) {
                    throw new IllegalStateException("apply thread decided conf change " + decision.index()
                            + " while the raft loop waits for " + index);
                }
                return decision;
            }
        }
        throw new InterruptedException("stopped while waiting for the apply thread");
    }

    private void sweepExpired(long now) {
        proposals.failExpired();
        awaitingLeader.removeIf(proposal -> !proposals.isWaiting(proposal.requestId()));
        failExpiredReads(readsByContext.values().iterator(), now);
        failExpiredReads(readsAwaitingLeader.iterator(), now);
        transfers.removeIf(transfer -> {
            if (now - transfer.deadlineNanos() >= 0) {
                transfer.done().completeExceptionally(EtcdError.LEADER_TRANSFER_TIMEOUT.exception());
                return true;
            }
            return false;
        });
    }

    private static void failExpiredReads(Iterator<PendingReads> reads, long now) {
        while (reads.hasNext()) {
            PendingReads pending = reads.next();
            if (now - pending.deadlineNanos() >= 0) {
                pending.reads().forEach(read -> read.completeExceptionally(EtcdError.TIMEOUT.exception()));
                reads.remove();
            }
        }
    }

    private void releaseLog() {
        long index = logReleaseRequest.getAndSet(0);
        if (index > 0) {
            log.releaseUpTo(index);
            node.compact(index);
            LOG.log(System.Logger.Level.DEBUG, "released raft log up to index {0}", index);
        }
    }

    private void publishStatus() {
        RaftStatus status = node.status();
        statusView.publishRaft(status);
        if (status.role() == Role.LEADER || !statusView.matchIndexes().isEmpty()) {
            Map<Long, Long> matches = new HashMap<>();
            node.progress().forEach((id, progress) -> matches.put(id, progress.match()));
            statusView.publishMatchIndexes(matches);
        }
        if (status.leaderId() != lastLeader) {
            if (status.leaderId() != 0) {
                LOG.log(System.Logger.Level.INFO, "leader is {0} at term {1}", Long.toHexString(status.leaderId()),
                        status.term());
            } else {
                LOG.log(System.Logger.Level.INFO, "lost leader {0} at term {1}", Long.toHexString(lastLeader),
                        status.term());
            }
            // etcd fails reads waiting on the old leader's confirmation: they may never get it.
            if (lastLeader != 0) {
                failReads(EtcdError.LEADER_CHANGED.exception());
            }
            lastLeader = status.leaderId();
            transfers.removeIf(transfer -> {
                if (transfer.target() == status.leaderId()) {
                    transfer.done().complete(null);
                    return true;
                }
                return false;
            });
        }
    }

    private void failReads(Throwable failure) {
        readsByContext.values().forEach(pending -> pending.reads().forEach(r -> r.completeExceptionally(failure)));
        readsByContext.clear();
    }

    private void failPending(Throwable failure) {
        failReads(failure);
        readsAwaitingLeader.forEach(pending -> pending.reads().forEach(r -> r.completeExceptionally(failure)));
        readsAwaitingLeader.clear();
        awaitingLeader.forEach(proposal -> proposals.fail(proposal.requestId(), failure));
        awaitingLeader.clear();
        transfers.forEach(transfer -> transfer.done().completeExceptionally(failure));
        transfers.clear();
        List<Task> left = new ArrayList<>();
        inbox.drainTo(left);
        for (Task task : left) {
            switch (task) {
                case Proposal p -> proposals.fail(p.requestId(), failure);
                case ReadBarrier r -> r.done().completeExceptionally(failure);
                case TransferLeadership t -> t.done().completeExceptionally(failure);
                case Inbound in -> {
                }
                case SnapshotArrived arrived -> Directories.deleteQuietly(arrived.stagedStore());
                case SnapshotReport r -> {
                }
                case Unreachable u -> {
                }
                case Stop s -> {
                }
            }
        }
    }
}
