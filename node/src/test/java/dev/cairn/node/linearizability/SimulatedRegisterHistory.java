package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Generates linearizable histories by construction: clients issue random commands over overlapping intervals, each
 * command takes effect at a random instant inside its interval (an unknown one possibly never), and replies are
 * computed by applying the commands to true registers in the order of those instants.
 */
final class SimulatedRegisterHistory {
    private record Planned(int client, Command command, long invokedAt, long returnedAt, boolean unknown,
                           long effectAt) {
    }

    private SimulatedRegisterHistory() {
    }

    static History generate(long seed, int clients, List<String> keys, int operationsPerClient, double unknownShare) {
        Random random = new Random(seed);
        List<Planned> planned = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            long now = random.nextInt(20);
            Map<String, String> lastSeen = new HashMap<>();
            for (int seq = 0; seq < operationsPerClient; seq++) {
                String key = keys.get(random.nextInt(keys.size()));
                Command command = command(random, key, "c" + client + "-" + seq, lastSeen.get(key));
                if (command instanceof Command.Put put) {
                    lastSeen.put(key, put.value());
                }
                long invokedAt = now;
                long returnedAt = invokedAt + 1 + random.nextInt(60);
                boolean unknown = command.writes() && random.nextDouble() < unknownShare;
                // an unknown write takes effect in its interval, later, or never (effect time beyond the history)
                long effectAt = unknown && random.nextBoolean() ? Long.MAX_VALUE
                        : invokedAt + (long) (random.nextDouble() * (returnedAt - invokedAt + (unknown ? 500 : 0)));
                planned.add(new Planned(client, command, invokedAt, returnedAt, unknown, effectAt));
                now = returnedAt + random.nextInt(5);
            }
        }
        return new History(apply(planned));
    }

    private static Command command(Random random, String key, String value, String lastSeen) {
        int pick = random.nextInt(100);
        if (pick < 40) {
            return new Command.Get(key);
        }
        if (pick < 70) {
            return new Command.Put(key, value);
        }
        if (pick < 95) {
            return new Command.CompareAndSet(key, lastSeen, value);
        }
        return new Command.Delete(key);
    }

    private static List<Operation> apply(List<Planned> planned) {
        Map<String, String> registers = new HashMap<>();
        List<Operation> operations = new ArrayList<>();
        List<Planned> byEffect = new ArrayList<>(planned);
        byEffect.sort(Comparator.comparingLong(Planned::effectAt));
        for (Planned op : byEffect) {
            if (op.effectAt() == Long.MAX_VALUE) {
                operations.add(Operation.unknown(op.client(), op.command(), op.invokedAt()));
                continue;
            }
            String key = op.command().key();
            String current = registers.get(key);
            Reply reply = switch (op.command()) {
                case Command.Put put -> {
                    registers.put(key, put.value());
                    yield new Reply.Written();
                }
                case Command.Get ignored -> new Reply.Observed(current);
                case Command.CompareAndSet cas -> {
                    boolean matches = Objects.equals(current, cas.expected());
                    if (matches) {
                        registers.put(key, cas.replacement());
                    }
                    yield new Reply.Swapped(matches);
                }
                case Command.Delete ignored -> new Reply.Deleted(registers.remove(key) == null ? 0 : 1);
            };
            operations.add(op.unknown()
                    ? Operation.unknown(op.client(), op.command(), op.invokedAt())
                    : Operation.ok(op.client(), op.command(), reply, op.invokedAt(), op.returnedAt()));
        }
        operations.sort(Comparator.comparingLong(Operation::invokedAt));
        return operations;
    }
}
