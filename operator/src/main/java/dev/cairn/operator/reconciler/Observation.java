package dev.cairn.operator.reconciler;

import dev.cairn.operator.members.MemberStatus;
import dev.cairn.operator.plan.ObservedCluster;
import dev.cairn.operator.plan.ObservedMember;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One round's observation: what the planner decides on, plus what the status reports beyond it.
 *
 * @param members          every listed member with the name the status shows for it and its Status answer
 * @param clusterId        the cluster id some member reported
 * @param version          the version the leader (or else any member) reported
 * @param dataVolumeClaims the status' per-member claim uids, updated with this round's healthy members
 */
record Observation(ObservedCluster cluster, List<Member> members, Optional<Long> clusterId, Optional<String> version,
                   Map<String, String> dataVolumeClaims) {

    Observation {
        members = List.copyOf(members);
        dataVolumeClaims = Map.copyOf(dataVolumeClaims);
    }

    /** @param name the pod name of the member's ordinal, or what etcd calls a member of no ordinal */
    record Member(String name, ObservedMember member, Optional<MemberStatus> status) {
    }

    Optional<Member> member(long id) {
        return members.stream().filter(m -> m.member().id() == id).findFirst();
    }

    Optional<Member> leader() {
        return members.stream().filter(m -> m.member().leader()).findFirst();
    }
}
