package dev.cairn.node.server;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;
import dev.cairn.node.raft.NotLeaderException;
import dev.cairn.node.raft.RaftStatus;
import dev.cairn.node.raft.RawNode;
import dev.cairn.node.raft.ReadState;
import dev.cairn.node.raft.Ready;
import dev.cairn.node.raft.TooManyRequestsException;
import dev.cairn.node.storage.raftlog.RaftLogStorage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The raft loop thread: the only caller of the Raft core and the Raft log. Each turn it drains every waiting
 * proposal and read into the core, ticks it, and handles its Readys: new entries and hard state are written to
 * the log with one fsync (so concurrent writes share it), committed entries go to the apply thread, and read
 * indexes go to the reads waiting for them.
 */
final class RaftLoop implements Runnable {
    sealed interface Task permits Proposal, ReadBarrier, Stop {
    }

    record Proposal(EntryType type, byte[] data, long requestId) implements Task {
    }

    record ReadBarrier(CompletableFuture<Void> done) implements Task {
    }

    private record Stop() implements Task {
    }

    private static final int MAX_TASKS_PER_TURN = 4096;
    private static final System.Logger LOG = System.getLogger(RaftLoop.class.getName());

    private final RawNode node;
    private final RaftLogStorage log;
    private final BlockingQueue<Task> inbox;
    private final ApplyLoop apply;
    private final AppliedIndexWaiters appliedWaiters;
    private final ProposalRegistry proposals;
    private final RaftStatusView statusView;
    private final long tickNanos;
    private final Consumer<Throwable> onFatal;
    private final Map<Long, List<CompletableFuture<Void>>> readsByContext = new HashMap<>();
    private final AtomicLong logReleaseRequest = new AtomicLong();
    private final List<Task> drained = new ArrayList<>();
    private long nextReadContext = 1;
    private volatile boolean running = true;

    RaftLoop(RawNode node, RaftLogStorage log, int inboxCapacity, ApplyLoop apply, AppliedIndexWaiters appliedWaiters,
             ProposalRegistry proposals, RaftStatusView statusView, long tickNanos, Consumer<Throwable> onFatal) {
        this.node = node;
        this.log = log;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.apply = apply;
        this.appliedWaiters = appliedWaiters;
        this.proposals = proposals;
        this.statusView = statusView;
        this.tickNanos = tickNanos;
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
                }
                handleReadys();
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
                case Stop s -> running = false;
            }
        }
        if (reads != null) {
            readIndex(reads);
        }
    }

    private void propose(Proposal proposal) {
        try {
            node.propose(proposal.type(), proposal.data());
        } catch (NotLeaderException e) {
            proposals.fail(proposal.requestId(), EtcdError.NO_LEADER.exception());
        } catch (TooManyRequestsException e) {
            proposals.fail(proposal.requestId(), EtcdError.TOO_MANY_REQUESTS.exception());
        }
    }

    /** Every read waiting now shares one read index. */
    private void readIndex(List<CompletableFuture<Void>> reads) {
        long context = nextReadContext++;
        try {
            node.readIndex(context);
            readsByContext.put(context, reads);
        } catch (NotLeaderException e) {
            reads.forEach(read -> read.completeExceptionally(EtcdError.NO_LEADER.exception()));
        } catch (TooManyRequestsException e) {
            reads.forEach(read -> read.completeExceptionally(EtcdError.TOO_MANY_REQUESTS.exception()));
        }
    }

    private void handleReadys() throws InterruptedException {
        while (node.hasReady()) {
            Ready ready = node.ready();
            if (ready.hardState() != null || !ready.entries().isEmpty()) {
                log.save(ready.hardState(), ready.entries(), ready.mustSync());
            }
            List<Entry> committed = ready.committedEntries();
            if (!committed.isEmpty()) {
                apply.enqueue(committed);
            }
            for (ReadState state : ready.readStates()) {
                List<CompletableFuture<Void>> reads = readsByContext.remove(state.requestContext());
                if (reads != null) {
                    reads.forEach(read -> appliedWaiters.await(state.index(), read));
                }
            }
            node.advance(ready);
            publishStatus();
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
        statusView.publishRaft(status.term(), status.leaderId(), status.commitIndex());
    }

    private void failPending(Throwable failure) {
        readsByContext.values().forEach(reads -> reads.forEach(r -> r.completeExceptionally(failure)));
        readsByContext.clear();
        List<Task> left = new ArrayList<>();
        inbox.drainTo(left);
        for (Task task : left) {
            switch (task) {
                case Proposal p -> proposals.fail(p.requestId(), failure);
                case ReadBarrier r -> r.done().completeExceptionally(failure);
                case Stop s -> {
                }
            }
        }
    }
}
