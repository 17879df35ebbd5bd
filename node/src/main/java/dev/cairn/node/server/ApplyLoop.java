package dev.cairn.node.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.apply.KvApplier;
import dev.cairn.node.error.EtcdError;
import dev.cairn.node.error.EtcdException;
import dev.cairn.node.lease.LeaseApplier;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.raft.ConfChange;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.raft.ConfChangeKind;
import dev.cairn.node.raft.Entry;
import dev.cairn.node.raft.EntryType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The apply thread: applies committed entries in order, each group in one state-store batch that also records
 * the last applied index (so replay after a crash skips what is already applied), then hands results to the
 * waiting callers. It is the only writer of the state store.
 */
final class ApplyLoop implements Runnable {
    static final String APPLIED_TERM_META = "applied_term";
    private static final List<Entry> STOP = List.of();
    /** Groups of committed entries applied in one commit at most (each group is at most 8 MiB of payload). */
    private static final int MAX_GROUPS_PER_COMMIT = 16;

    private final BlockingQueue<List<Entry>> queue;
    private final KvApplier applier;
    private final LeaseApplier leases;
    private final Membership membership;
    private final Alarms alarms;
    private final ProposalRegistry proposals;
    private final AppliedIndexWaiters appliedWaiters;
    private final RaftStatusView statusView;
    private final Consumer<Throwable> onFatal;
    private final Consumer<List<Event>> committedEvents;
    private final long logReleaseInterval;
    private final LongConsumer makeDurableAndReleaseLog;
    private final ConfChangeHandoff confChanges;
    private long appliedIndex;
    private long appliedSinceRelease;

    /**
     * @param logReleaseInterval       applied entries between two releases of the Raft log (etcd's snapshot-count)
     * @param makeDurableAndReleaseLog syncs the state store and lets the Raft log drop entries up to the given index
     * @param committedEvents          gets each committed batch's events (the watch hub); must not block
     */
    ApplyLoop(int queueCapacity, long appliedIndex, KvApplier applier, LeaseApplier leases, Membership membership,
              Alarms alarms, ProposalRegistry proposals, AppliedIndexWaiters appliedWaiters, RaftStatusView statusView,
              Consumer<Throwable> onFatal, Consumer<List<Event>> committedEvents,
              long logReleaseInterval, LongConsumer makeDurableAndReleaseLog, ConfChangeHandoff confChanges) {
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.appliedIndex = appliedIndex;
        this.applier = applier;
        this.leases = leases;
        this.membership = membership;
        this.alarms = alarms;
        this.proposals = proposals;
        this.appliedWaiters = appliedWaiters;
        this.statusView = statusView;
        this.onFatal = onFatal;
        this.committedEvents = committedEvents;
        this.logReleaseInterval = logReleaseInterval;
        this.makeDurableAndReleaseLog = makeDurableAndReleaseLog;
        this.confChanges = confChanges;
        statusView.publishApplied(appliedIndex);
        appliedWaiters.advanceTo(appliedIndex);
    }

    /**
     * After a snapshot from the leader replaced the state store: the next entries follow {@code index}. Called by
     * the raft loop while this thread is idle (everything handed to it applied, nothing new handed).
     */
    void restoredTo(long index) {
        appliedIndex = index;
        appliedSinceRelease = 0;
    }

    /** Blocks while the apply thread is behind by a full queue: back-pressure on the raft loop. */
    void enqueue(List<Entry> committed) throws InterruptedException {
        queue.put(committed);
    }

    void stop() throws InterruptedException {
        queue.put(STOP);
    }

    @Override
    public void run() {
        try {
            List<List<Entry>> waiting = new ArrayList<>();
            while (true) {
                waiting.add(queue.take());
                // Everything handed over meanwhile is applied in one state-store commit: under load this turns
                // many small commits into a few large ones.
                queue.drainTo(waiting, MAX_GROUPS_PER_COMMIT - 1);
                List<Entry> entries = new ArrayList<>();
                for (List<Entry> group : waiting) {
                    if (group == STOP) {
                        apply(entries);
                        return;
                    }
                    entries.addAll(group);
                }
                waiting.clear();
                apply(entries);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable fatal) {
            onFatal.accept(fatal);
        }
    }

    private record Completion(long requestId, Object result) {
    }

    private void apply(List<Entry> entries) throws InvalidProtocolBufferException, InterruptedException {
        List<Completion> completions = new ArrayList<>(entries.size());
        long last = appliedIndex;
        List<Event> events;
        try (ApplyBatch batch = applier.begin()) {
            long lastTerm = 0;
            for (Entry entry : entries) {
                if (entry.index() <= last) {
                    if (entry.type() == EntryType.CONF_CHANGE) {
                        confChanges.decided(ConfChangeDecision.none(entry.index()));
                    }
                    continue; // already in the state store: replayed after a restart
                }
                switch (entry.type()) {
                    case NORMAL -> {
                        if (entry.data().length > 0) {
                            InternalRequest request = InternalRequest.parseFrom(entry.data());
                            completions.add(new Completion(request.getId(), execute(batch, request)));
                        }
                    }
                    case CONF_CHANGE -> {
                        ConfChange change = ConfChange.parseFrom(entry.data());
                        completions.add(new Completion(change.getId(), applyConfChange(batch, entry.index(), change)));
                    }
                }
                last = entry.index();
                lastTerm = entry.term();
            }
            if (last == appliedIndex) {
                return;
            }
            batch.writeMeta(APPLIED_TERM_META, ByteBuffer.allocate(8).putLong(lastTerm).array());
            events = batch.events();
            batch.commit(last);
        }
        committedEvents.accept(events);
        appliedSinceRelease += last - appliedIndex;
        appliedIndex = last;
        statusView.publishApplied(last);
        for (Completion completion : completions) {
            proposals.complete(completion.requestId(), completion.result());
        }
        appliedWaiters.advanceTo(last);
        if (appliedSinceRelease >= logReleaseInterval) {
            appliedSinceRelease = 0;
            makeDurableAndReleaseLog.accept(last);
        }
    }

    /** Applies a membership change unless etcd's rules refuse it; the result is the new member list or the error. */
    private Object applyConfChange(ApplyBatch batch, long index, ConfChange change) throws InterruptedException {
        Optional<EtcdError> refusal = membership.check(change);
        if (refusal.isPresent()) {
            confChanges.decided(ConfChangeDecision.none(index));
            return refusal.get().exception();
        }
        membership.apply(change, batch);
        confChanges.decided(new ConfChangeDecision(index, kindOf(change.getType()), change.getMemberId()));
        return membership.members();
    }

    private static ConfChangeKind kindOf(ConfChange.Type type) {
        return switch (type) {
            case ADD_VOTER -> ConfChangeKind.ADD_VOTER;
            case ADD_LEARNER -> ConfChangeKind.ADD_LEARNER;
            case REMOVE -> ConfChangeKind.REMOVE;
            case PROMOTE -> ConfChangeKind.PROMOTE;
            case UPDATE -> ConfChangeKind.UPDATE;
            case UNRECOGNIZED -> throw new IllegalStateException("conf change of unknown type");
        };
    }

    /** The response of one request, or the etcd error it failed with (a failed request changes nothing). */
    private Object execute(ApplyBatch batch, InternalRequest request) {
        if (alarms.isActive(AlarmType.NOSPACE) && SpaceQuota.cost(request) > 0) {
            return EtcdError.NO_SPACE.exception(); // etcd's capped applier: only writes that free space pass
        }
        try {
            return switch (request.getRequestCase()) {
                case PUT -> batch.put(request.getPut());
                case DELETE_RANGE -> batch.deleteRange(request.getDeleteRange());
                case TXN -> batch.txn(request.getTxn());
                case COMPACTION -> batch.compact(request.getCompaction());
                case LEASE_GRANT -> leases.grant(batch, request.getLeaseGrant());
                case LEASE_REVOKE -> leases.revoke(batch, request.getLeaseRevoke());
                case LEASE_CHECKPOINT -> leases.checkpoint(batch, request.getLeaseCheckpoint());
                case PUBLISH_ATTRIBUTES -> {
                    membership.publish(request.getPublishAttributes(), batch);
                    yield Boolean.TRUE;
                }
                case ALARM -> alarms.apply(request.getAlarm(), batch);
                case REQUEST_NOT_SET -> throw new IllegalStateException("log entry holds an empty request");
            };
        } catch (EtcdException e) {
            return e;
        }
    }
}
