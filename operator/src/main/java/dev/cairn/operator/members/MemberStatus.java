package dev.cairn.operator.members;

import java.util.List;
import java.util.Objects;

/**
 * One member's Maintenance.Status answer, as {@code etcdctl endpoint status} shows it.
 *
 * @param leaderId 0 when the member knows of no leader
 * @param errors   the member's reported errors (alarms such as NOSPACE); empty when none
 */
public record MemberStatus(long memberId, long clusterId, long leaderId, long raftTerm, long raftIndex,
                           long raftAppliedIndex, long revision, long dbSize, long dbSizeInUse, String version,
                           boolean learner, List<String> errors) {

    public MemberStatus {
        Objects.requireNonNull(version, "version");
        errors = List.copyOf(errors);
    }

    public boolean isLeader() {
        return leaderId != 0 && leaderId == memberId;
    }
}
