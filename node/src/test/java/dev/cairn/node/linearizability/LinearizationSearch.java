package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decides whether the operations of one key have a linearization for a register (Wing &amp; Gong's search with
 * Lowe's improvements): walk the invocation and response events in time order; at an invocation, try to let that
 * operation take effect now (if the model accepts its reply and the resulting (linearized set, state) pair is new);
 * at a response whose operation has not taken effect, undo the last choice and try the next candidate. The history
 * is linearizable when every event is consumed.
 *
 * <p>An unknown operation's response is placed after every other event, so the search may let it take effect at
 * any point after its invocation, and placing it at the very end is the same as "it never happened".
 *
 * <p>Events are a doubly linked list (call of operation i = 2i, its return = 2i+1) from which linearized operations
 * are unlinked and relinked on backtracking.
 */
final class LinearizationSearch {
    private static final int LAST_LINEARIZED_SHOWN = 5;

    private final String key;
    private final RegisterOperations ops;
    private final long maxStates;
    private final long origin;
    private final int head;
    private final int tail;
    private final int[] next;
    private final int[] prev;

    LinearizationSearch(String key, RegisterOperations ops, long maxStates, long origin) {
        this.key = key;
        this.ops = ops;
        this.maxStates = maxStates;
        this.origin = origin;
        int events = 2 * ops.size();
        head = events;
        tail = events + 1;
        next = new int[events + 2];
        prev = new int[events + 2];
        link(eventsInTimeOrder());
    }

    /** Invocations before responses at equal times: operations that touch in time count as concurrent. */
    private int[] eventsInTimeOrder() {
        return IntStream.range(0, 2 * ops.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(this::time)
                        .thenComparingInt(event -> event & 1)
                        .thenComparingInt(event -> event))
                .mapToInt(Integer::intValue).toArray();
    }

    private long time(int event) {
        Operation operation = ops.operation(event >>> 1);
        return (event & 1) == 0 ? operation.invokedAt() : operation.returnedAt();
    }

    private void link(int[] order) {
        int last = head;
        for (int event : order) {
            next[last] = event;
            prev[event] = last;
            last = event;
        }
        next[last] = tail;
        prev[tail] = last;
    }

    KeyVerdict run() {
        int n = ops.size();
        long[] linearized = new long[(n + 63) >>> 6];
        int[] stackOps = new int[n];
        int[] stackStates = new int[n];
        int depth = 0;
        int state = RegisterOperations.ABSENT;
        ExploredStates explored = new ExploredStates();
        Blocked deepest = null;
        int event = next[head];
        while (next[head] != tail) {
            if ((event & 1) == 0) {
                int op = event >>> 1;
                int after = ops.step(op, state);
                if (after != RegisterOperations.INCONSISTENT) {
                    linearized[op >>> 6] |= 1L << op;
                    if (explored.add(linearized, after)) {
                        if (explored.size() > maxStates) {
                            return new KeyVerdict(key, Verdict.UNDECIDED, n, explored.size(),
                                    "undecided: search exceeded " + maxStates + " states");
                        }
                        stackOps[depth] = op;
                        stackStates[depth] = state;
                        depth++;
                        state = after;
                        unlink(op);
                        event = next[head];
                        continue;
                    }
                    linearized[op >>> 6] &= ~(1L << op);
                }
                event = next[event];
            } else {
                if (deepest == null || depth > deepest.depth()) {
                    deepest = blocked(event >>> 1, depth, state, stackOps);
                }
                if (depth == 0) {
                    return new KeyVerdict(key, Verdict.NOT_LINEARIZABLE, n, explored.size(), explain(deepest));
                }
                depth--;
                int op = stackOps[depth];
                state = stackStates[depth];
                linearized[op >>> 6] &= ~(1L << op);
                relink(op);
                event = next[2 * op];
            }
        }
        return new KeyVerdict(key, Verdict.LINEARIZABLE, n, explored.size(), "");
    }

    private void unlink(int op) {
        remove(2 * op);
        remove(2 * op + 1);
    }

    /** Undoes {@link #unlink} in reverse order, so each event gets back the neighbours it had. */
    private void relink(int op) {
        restore(2 * op + 1);
        restore(2 * op);
    }

    private void remove(int event) {
        next[prev[event]] = next[event];
        prev[next[event]] = prev[event];
    }

    private void restore(int event) {
        next[prev[event]] = event;
        prev[next[event]] = event;
    }

    /** The point where the search got furthest: an operation had to respond and nothing could take effect first. */
    private record Blocked(int op, int depth, int state, int[] lastLinearized, int[] pending) {
    }

    private Blocked blocked(int op, int depth, int state, int[] stackOps) {
        List<Integer> pending = new ArrayList<>();
        for (int event = next[head]; event != 2 * op + 1; event = next[event]) {
            if ((event & 1) == 0) {
                pending.add(event >>> 1);
            }
        }
        int[] last = Arrays.copyOfRange(stackOps, Math.max(0, depth - LAST_LINEARIZED_SHOWN), depth);
        return new Blocked(op, depth, state, last, pending.stream().mapToInt(Integer::intValue).toArray());
    }

    private String explain(Blocked blocked) {
        StringBuilder text = new StringBuilder();
        text.append("key ").append(key).append(": not linearizable. The longest linearizable prefix found has ")
                .append(blocked.depth()).append(" of ").append(ops.size())
                .append(" operations and leaves the register at ").append(ops.valueName(blocked.state()))
                .append("; then this operation responded before any order of the pending ones could explain it:\n  ")
                .append(ops.operation(blocked.op()).describe(origin));
        text.append("\nlast linearized:");
        ops.operations(blocked.lastLinearized()).forEach(op -> text.append("\n  ").append(op.describe(origin)));
        text.append("\npending (invoked, not yet linearized):");
        ops.operations(blocked.pending()).forEach(op -> text.append("\n  ").append(op.describe(origin)));
        return text.toString();
    }
}
