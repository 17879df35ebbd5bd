package dev.cairn.node.linearizability;

import java.util.ArrayList;
import java.util.List;

/** Where concurrent clients append their operations; bounded, as the recorder never issues more than it holds. */
final class HistoryLog {
    private final int capacity;
    private final List<Operation> operations = new ArrayList<>();

    HistoryLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Operation operation) {
        if (operations.size() == capacity) {
            throw new IllegalStateException("history log full at " + capacity + " operations");
        }
        operations.add(operation);
    }

    synchronized int size() {
        return operations.size();
    }

    synchronized History snapshot() {
        return new History(operations);
    }
}
