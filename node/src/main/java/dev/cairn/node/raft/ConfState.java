package dev.cairn.node.raft;

import java.util.Set;

/** The voters and learners of one configuration; a member is never both. */
public record ConfState(Set<Long> voters, Set<Long> learners) {
    public static final ConfState EMPTY = new ConfState(Set.of(), Set.of());

    public ConfState {
        voters = Set.copyOf(voters);
        learners = Set.copyOf(learners);
        for (long learner : learners) {
            if (voters.contains(learner)) {
                throw new IllegalArgumentException("member " + Long.toHexString(learner) + " is both voter and learner");
            }
        }
    }
}
