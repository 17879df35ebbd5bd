package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.Member;

import java.util.List;
import java.util.Optional;

/** Asks running members, over the peer URLs, which cluster they form (etcd's GET /members on the peer port). */
public interface ClusterDirectory {
    record RemoteCluster(long clusterId, List<Member> members) {
    }

    /** The cluster as the first peer that answers describes it; empty when none of them answers. */
    Optional<RemoteCluster> fetch(List<String> peerUrls);

    /** Asks no one: for members without a peer transport. */
    ClusterDirectory NONE = peerUrls -> Optional.empty();
}
