package dev.cairn.operator.plan;

import java.util.Optional;

/**
 * Shrinks the cluster one member at a time, highest ordinal first: move leadership away if that member
 * leads, {@code member remove} it, shrink the StatefulSet past it, then delete its volume claim. A member
 * is removed only while the voters left keep a healthy majority.
 */
final class ScaleDownPlanner {

    Optional<Decision> plan(ClusterView view) {
        int desired = view.desired().replicas();
        // Finish the member removed last (StatefulSet past it, its claim deleted) before removing the next.
        int highestMember = view.membersByOrdinal().keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        int floor = Math.max(desired, highestMember + 1);
        if (view.observed().statefulSetReplicas() > floor) {
            return Optional.of(Decision.of(Purpose.SCALE_DOWN, new Step.ScaleStatefulSet(floor)));
        }
        Optional<Decision> cleanUp = view.occupiedOrdinals().stream().filter(k -> k >= floor)
                .map(k -> cleanUp(view, k)).flatMap(Optional::stream).findFirst();
        if (cleanUp.isPresent()) {
            return cleanUp;
        }
        return view.membersByOrdinal().entrySet().stream().filter(e -> e.getKey() >= desired)
                .reduce((first, second) -> second).map(e -> removeMember(view, e.getValue()));
    }

    private Decision removeMember(ClusterView view, ObservedMember member) {
        if (member.leader()) {
            return view.leadershipTarget(member)
                    .map(to -> Decision.of(Purpose.SCALE_DOWN, new Step.MoveLeader(to.id())))
                    .orElseGet(() -> Decision.of(Purpose.SCALE_DOWN, new Step.Wait("no caught-up member to take"
                            + " over leadership from " + view.describe(member) + " before removing it")));
        }
        if (!view.keepsQuorumWithout(member)) {
            return Decision.of(Purpose.SCALE_DOWN, new Step.Wait("removing " + view.describe(member)
                    + " would leave no healthy majority"));
        }
        return Decision.of(Purpose.SCALE_DOWN, new Step.RemoveMember(member.id()));
    }

    /** An ordinal past the StatefulSet without a member: its pod must be gone, then its claim goes. */
    private Optional<Decision> cleanUp(ClusterView view, int ordinal) {
        Slot slot = view.slot(ordinal);
        String name = view.naming().name(ordinal);
        if (slot.podExists()) {
            return Optional.of(Decision.of(Purpose.SCALE_DOWN, new Step.Wait("pod " + name + " terminating")));
        }
        if (slot.volume().present()) {
            return Optional.of(Decision.of(Purpose.SCALE_DOWN, new Step.DeletePvc(ordinal)));
        }
        if (slot.volume() == VolumeState.DELETING) {
            return Optional.of(Decision.of(Purpose.SCALE_DOWN,
                    new Step.Wait("volume claim of " + name + " being deleted")));
        }
        return Optional.empty();
    }
}
