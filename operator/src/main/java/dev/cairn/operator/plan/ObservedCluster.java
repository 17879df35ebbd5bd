package dev.cairn.operator.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the reconciler saw in this round.
 *
 * @param membersListed       whether some member answered the member list; when false, {@code members} is empty
 * @param members             etcd's member list, each joined with its Status answer
 * @param formedBefore        whether the cluster formed at some earlier time (the status records its cluster id)
 * @param statefulSetReplicas the StatefulSet's current {@code spec.replicas} (0 when it does not exist yet)
 * @param slots               the ordinals where a pod, claim or join configuration exists
 */
public record ObservedCluster(boolean membersListed, List<ObservedMember> members, boolean formedBefore,
                              int statefulSetReplicas, List<Slot> slots) {

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
    }

    /** Nothing answered: no member list. */
    public static ObservedCluster unreachable(boolean formedBefore, int statefulSetReplicas, List<Slot> slots) {
        return new ObservedCluster(false, List.of(), formedBefore, statefulSetReplicas, slots);
    }
}
