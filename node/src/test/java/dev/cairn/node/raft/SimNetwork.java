package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A network that delays (1..maxDelay steps), reorders, duplicates and drops messages, and can be cut in two by a
 * partition. Whether a message is lost is decided when it is due, so the sender of a lost SNAPSHOT can be told.
 */
final class SimNetwork {
    /** A message on its way; {@code store} is the state store a SNAPSHOT streams, null for other messages. */
    record InFlight(long dueStep, Message message, SimStateMachine store) {
    }

    private static final int MAX_IN_FLIGHT = 200_000;

    private final SplittableRandom random;
    private final List<InFlight> inFlight = new ArrayList<>();
    private double dropRate = 0.03;
    private double duplicateRate = 0.02;
    private int maxDelay = 4;
    /** Members on one side of the partition; null when the network is whole. */
    private Set<Long> partitionSide;

    SimNetwork(SplittableRandom random) {
        this.random = random;
    }

    void send(Message message, SimStateMachine store, long now) {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            throw new AssertionError("more than " + MAX_IN_FLIGHT + " messages in flight");
        }
        inFlight.add(new InFlight(now + 1 + random.nextInt(maxDelay), message, store));
        if (random.nextDouble() < duplicateRate) {
            inFlight.add(new InFlight(now + 1 + random.nextInt(maxDelay), message, store));
        }
    }

    /** Removes and returns the messages due by {@code now}, in random order. */
    List<InFlight> takeDue(long now) {
        List<InFlight> due = new ArrayList<>();
        List<InFlight> later = new ArrayList<>();
        for (InFlight message : inFlight) {
            (message.dueStep() <= now ? due : later).add(message);
        }
        inFlight.clear();
        inFlight.addAll(later);
        for (int i = due.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            InFlight swap = due.get(i);
            due.set(i, due.get(j));
            due.set(j, swap);
        }
        return due;
    }

    /** Decides, when a message is due, whether it gets through. */
    boolean delivers(Message message) {
        return connected(message.from(), message.to()) && random.nextDouble() >= dropRate;
    }

    boolean connected(long a, long b) {
        return partitionSide == null || partitionSide.contains(a) == partitionSide.contains(b);
    }

    void partition(Set<Long> side) {
        partitionSide = Set.copyOf(side);
    }

    void heal() {
        partitionSide = null;
    }

    boolean isPartitioned() {
        return partitionSide != null;
    }

    /** No more loss or duplication: the network only delays and reorders. */
    void makeReliable() {
        heal();
        dropRate = 0;
        duplicateRate = 0;
        maxDelay = 2;
    }
}
