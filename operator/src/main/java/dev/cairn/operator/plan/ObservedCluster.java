package dev.cairn.operator.plan;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the reconciler saw in this round.
 *
 * @param membersListed       whether some member answered the member list; when false, {@code members} is empty
 * @param members             etcd's member list, each joined with its Status answer
 * @param formedBefore        whether the cluster formed at some earlier time (the status records its cluster id)
 * @param statefulSetReplicas the StatefulSet's current {@code spec.replicas} (0 when it does not exist yet)
 * @param slots               the ordinals where a pod, claim or join configuration exists
 * @param quorumSince         since when a majority of the voters has been healthy without a break; empty while
 *                            it is not (also when no member list was read)
 */
public record ObservedCluster(boolean membersListed, List<ObservedMember> members, boolean formedBefore,
                              int statefulSetReplicas, List<Slot> slots, Optional<Instant> quorumSince) {

    public ObservedCluster {
        members = List.copyOf(members);
        slots = List.copyOf(slots);
        if (!membersListed && !members.isEmpty()) {
            throw new IllegalArgumentException("members given although the member list was not read");
        }
        if (membersListed && members.isEmpty()) {
            throw new IllegalArgumentException("a member list that was read is never empty");
        }
        if (statefulSetReplicas < 0) {
            throw new IllegalArgumentException("statefulSetReplicas must not be negative");
        }
        Set<Long> ids = new HashSet<>();
        for (ObservedMember member : members) {
            if (!ids.add(member.id())) {
                throw new IllegalArgumentException("member " + member.hexId() + " listed twice");
            }
        }
        Set<Integer> ordinals = new HashSet<>();
        for (Slot slot : slots) {
            if (!ordinals.add(slot.ordinal())) {
                throw new IllegalArgumentException("slot " + slot.ordinal() + " listed twice");
            }
        }
        if (members.stream().filter(ObservedMember::leader).count() > 1) {
            throw new IllegalArgumentException("more than one member reported as leader");
        }
        if (quorumSince.isPresent() && !hasHealthyMajority(members)) {
            throw new IllegalArgumentException("quorumSince given although no majority of the voters is healthy");
        }
    }

    /** Nothing answered: no member list, so no quorum either. */
    public static ObservedCluster unreachable(boolean formedBefore, int statefulSetReplicas, List<Slot> slots) {
        return new ObservedCluster(false, List.of(), formedBefore, statefulSetReplicas, slots, Optional.empty());
    }

    /** A majority of the voting members among {@code members} is healthy. */
    public static boolean hasHealthyMajority(List<ObservedMember> members) {
        List<ObservedMember> voters = members.stream().filter(m -> !m.learner()).toList();
        long healthy = voters.stream().filter(m -> m.health().healthy()).count();
        return !voters.isEmpty() && healthy > voters.size() / 2;
    }
}
