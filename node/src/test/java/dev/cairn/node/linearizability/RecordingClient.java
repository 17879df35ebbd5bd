package dev.cairn.node.linearizability;

import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import io.grpc.StatusRuntimeException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One client of the recorder: issues one command at a time until its budget says stop, and records each with its
 * interval and outcome. Values are unique per write ("c&lt;client&gt;-&lt;sequence&gt;"); compare-and-set expects
 * the value this client last saw for the key, so it succeeds often enough to matter.
 */
final class RecordingClient implements Runnable {
    private final int id;
    private final LoadPlan plan;
    private final List<KVGrpc.KVBlockingStub> endpoints;
    private final HistoryLog log;
    private final BooleanSupplier mayIssue;
    private final Runnable onDroppedRead;
    private final Random random;
    private final Map<String, String> lastSeen = new HashMap<>();
    private int endpoint;
    private int sequence;

    RecordingClient(int id, LoadPlan plan, List<KVGrpc.KVBlockingStub> endpoints, HistoryLog log,
                    BooleanSupplier mayIssue, Runnable onDroppedRead) {
        this.id = id;
        this.plan = plan;
        this.endpoints = endpoints;
        this.log = log;
        this.mayIssue = mayIssue;
        this.onDroppedRead = onDroppedRead;
        this.random = new Random(plan.seed() * 1_000_003L + id);
        this.endpoint = id % endpoints.size();
    }

    @Override
    public void run() {
        while (mayIssue.getAsBoolean()) {
            issue(nextCommand());
        }
    }

    private Command nextCommand() {
        String key = plan.keys().get(random.nextInt(plan.keys().size()));
        int pick = random.nextInt(100);
        if (pick < 40) {
            return new Command.Get(key, random.nextDouble() < plan.serializableReadShare());
        }
        String value = "c" + id + "-" + sequence++;
        if (pick < 70) {
            return new Command.Put(key, value);
        }
        if (pick < 95) {
            return new Command.CompareAndSet(key, lastSeen.get(key), value);
        }
        return new Command.Delete(key);
    }

    private void issue(Command command) {
        KVGrpc.KVBlockingStub kv = endpoints.get(endpoint)
                .withDeadlineAfter(plan.callDeadline().toNanos(), TimeUnit.NANOSECONDS);
        if (plan.endpointChoice() == LoadPlan.EndpointChoice.ROUND_ROBIN) {
            endpoint = (endpoint + 1) % endpoints.size();
        }
        long invokedAt = System.nanoTime();
        try {
            Reply reply = KvCommands.execute(kv, command);
            log.add(Operation.ok(id, command, reply, invokedAt, System.nanoTime()));
            remember(command, reply);
        } catch (StatusRuntimeException failure) {
            long returnedAt = System.nanoTime();
            if (!command.writes()) {
                onDroppedRead.run(); // a read that failed had no effect
            } else if (CallFailures.outcomeOf(failure) == Outcome.FAILED) {
                log.add(Operation.failed(id, command, invokedAt, returnedAt));
            } else {
                log.add(Operation.unknown(id, command, invokedAt));
            }
            if (plan.endpointChoice() == LoadPlan.EndpointChoice.PINNED && CallFailures.suggestsMemberGone(failure)) {
                endpoint = (endpoint + 1) % endpoints.size();
            }
        }
    }

    private void remember(Command command, Reply reply) {
        switch (command) {
            case Command.Put put -> lastSeen.put(put.key(), put.value());
            case Command.Get get -> lastSeen.put(get.key(), ((Reply.Observed) reply).value());
            case Command.CompareAndSet cas -> {
                if (((Reply.Swapped) reply).succeeded()) {
                    lastSeen.put(cas.key(), cas.replacement());
                }
            }
            case Command.Delete delete -> lastSeen.remove(delete.key());
        }
    }
}
