package dev.cairn.operator.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of etcd's member list, joined with what its own Status call said.
 *
 * @param name     empty while the member has been added but has not started yet (as etcd reports it)
 * @param leader   whether this member is the current raft leader
 * @param progress absent when the member did not answer its Status call
 */
public record ObservedMember(long id, String name, List<String> peerUrls, boolean learner, boolean leader,
                             MemberHealth health, Optional<RaftProgress> progress) {

    public ObservedMember {
        if (id == 0) {
            throw new IllegalArgumentException("member id 0 is not a valid etcd member id");
        }
        Objects.requireNonNull(name, "name");
        peerUrls = List.copyOf(peerUrls);
        if (peerUrls.isEmpty()) {
            throw new IllegalArgumentException("member " + Long.toHexString(id) + " has no peer URL");
        }
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(progress, "progress");
        if (leader && learner) {
            throw new IllegalArgumentException("member " + Long.toHexString(id) + " cannot be leader and learner");
        }
    }

    /** etcd's notion: a member is started once it has published its name. */
    public boolean started() {
        return !name.isEmpty();
    }

    public String hexId() {
        return Long.toHexString(id);
    }
}
