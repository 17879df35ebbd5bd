package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** An immutable list of operations of concurrent clients, in the order they were recorded. */
public record History(List<Operation> operations) {
    public History {
        operations = List.copyOf(operations);
    }

    /** Operations per key, each list in recording order; registers of different keys are independent. */
    public Map<String, List<Operation>> byKey() {
        Map<String, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation operation : operations) {
            byKey.computeIfAbsent(operation.command().key(), k -> new ArrayList<>()).add(operation);
        }
        return byKey;
    }

    /** The earliest invocation: the zero of the times in explanations. */
    public long origin() {
        return operations.stream().mapToLong(Operation::invokedAt).min().orElse(0);
    }

    /** A copy with the operation at {@code index} replaced. */
    public History replacing(int index, UnaryOperator<Operation> change) {
        List<Operation> changed = new ArrayList<>(operations);
        changed.set(index, change.apply(operations.get(index)));
        return new History(changed);
    }

    public long count(Outcome outcome) {
        return operations.stream().filter(operation -> operation.outcome() == outcome).count();
    }
}
