package dev.cairn.standin.controllers;

import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * A bounded FIFO of keys in which a key waits at most once, like client-go's work queue: a burst of events about
 * one object costs one reconcile. When full, new keys are refused; the periodic resync brings them back.
 */
final class KeyQueue {

    private final int capacity;
    private final LinkedHashSet<ObjectKey> keys = new LinkedHashSet<>();

    KeyQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds the key unless it already waits; false when the queue is full. */
    synchronized boolean offer(ObjectKey key) {
        if (keys.contains(key)) {
            return true;
        }
        if (keys.size() >= capacity) {
            return false;
        }
        keys.add(key);
        notifyAll();
        return true;
    }

    /** Removes and returns the oldest key, waiting for one. */
    synchronized ObjectKey take() throws InterruptedException {
        while (keys.isEmpty()) {
            wait();
        }
        Iterator<ObjectKey> oldest = keys.iterator();
        ObjectKey key = oldest.next();
        oldest.remove();
        return key;
    }
}
