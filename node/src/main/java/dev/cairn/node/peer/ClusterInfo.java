package dev.cairn.node.peer;

import dev.cairn.node.proto.etcdserverpb.Member;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** A cluster as a running member describes it: its id and members. */
public record ClusterInfo(long clusterId, List<Member> members) {
    public ClusterInfo {
        members = List.copyOf(members);
    }

    /** The member whose peer URLs are exactly these (in any order), as etcd finds a joining member's id. */
    public Optional<Member> memberWithPeerUrls(Collection<String> peerUrls) {
        HashSet<String> wanted = new HashSet<>(peerUrls);
        return members.stream().filter(m -> new HashSet<>(m.getPeerURLsList()).equals(wanted)).findFirst();
    }
}
