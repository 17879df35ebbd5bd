package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of one key that the linearizability search must place, in invocation order, with the register
 * model compiled to integers: every distinct value gets a number ({@link #ABSENT} for no value), so a search state
 * is one int and a step is a few comparisons.
 *
 * <p>Left out: failed operations (they did not happen), reads without a reply (they had no effect) and
 * serializable reads (allowed to be stale).
 */
final class RegisterOperations {
    static final int ABSENT = 0;
    /** What {@link #step} returns when the operation's reply contradicts the register's state. */
    static final int INCONSISTENT = -1;

    private enum Kind { PUT, GET, CAS, DELETE }

    private final List<Operation> operations;
    private final Kind[] kinds;
    private final boolean[] known;
    /** Put: the value written; get: the value observed; cas: the value expected. */
    private final int[] first;
    /** Cas: the replacement. */
    private final int[] second;
    /** Cas: whether it succeeded; delete: whether it removed the key. */
    private final boolean[] flag;
    private final Map<Integer, String> names = new HashMap<>();

    RegisterOperations(List<Operation> all) {
        operations = all.stream().filter(RegisterOperations::placed)
                .sorted(Comparator.comparingLong(Operation::invokedAt)).toList();
        int n = operations.size();
        kinds = new Kind[n];
        known = new boolean[n];
        first = new int[n];
        second = new int[n];
        flag = new boolean[n];
        Map<String, Integer> numbers = new HashMap<>();
        names.put(ABSENT, null);
        for (int i = 0; i < n; i++) {
            Operation operation = operations.get(i);
            known[i] = operation.outcome() == Outcome.OK;
            switch (operation.command()) {
                case Command.Put put -> {
                    kinds[i] = Kind.PUT;
                    first[i] = number(numbers, put.value());
                }
                case Command.Get ignored -> {
                    kinds[i] = Kind.GET;
                    first[i] = number(numbers, ((Reply.Observed) operation.reply()).value());
                }
                case Command.CompareAndSet cas -> {
                    kinds[i] = Kind.CAS;
                    first[i] = number(numbers, cas.expected());
                    second[i] = number(numbers, cas.replacement());
                    flag[i] = known[i] && ((Reply.Swapped) operation.reply()).succeeded();
                }
                case Command.Delete ignored -> {
                    kinds[i] = Kind.DELETE;
                    flag[i] = known[i] && ((Reply.Deleted) operation.reply()).count() == 1;
                }
            }
        }
    }

    private static boolean placed(Operation operation) {
        if (operation.outcome() == Outcome.FAILED) {
            return false;
        }
        if (operation.command() instanceof Command.Get get) {
            return operation.outcome() == Outcome.OK && !get.serializable();
        }
        return true;
    }

    private int number(Map<String, Integer> numbers, String value) {
        if (value == null) {
            return ABSENT;
        }
        return numbers.computeIfAbsent(value, v -> {
            int number = numbers.size() + 1;
            names.put(number, v);
            return number;
        });
    }

    int size() {
        return operations.size();
    }

    Operation operation(int index) {
        return operations.get(index);
    }

    List<Operation> operations(int[] indexes) {
        List<Operation> chosen = new ArrayList<>(indexes.length);
        for (int index : indexes) {
            chosen.add(operations.get(index));
        }
        return chosen;
    }

    String valueName(int state) {
        return Values.quote(names.get(state));
    }

    /**
     * The register's state after operation {@code index} takes effect in {@code state}, or {@link #INCONSISTENT}
     * when its reply could not have been given in that state. An unknown operation has no reply to contradict.
     */
    int step(int index, int state) {
        return switch (kinds[index]) {
            case PUT -> first[index];
            case GET -> state == first[index] ? state : INCONSISTENT;
            case CAS -> {
                boolean matches = state == first[index];
                if (!known[index]) {
                    yield matches ? second[index] : state;
                }
                if (flag[index]) {
                    yield matches ? second[index] : INCONSISTENT;
                }
                yield matches ? INCONSISTENT : state;
            }
            case DELETE -> {
                if (known[index] && flag[index] == (state == ABSENT)) {
                    yield INCONSISTENT;
                }
                yield ABSENT;
            }
        };
    }
}
