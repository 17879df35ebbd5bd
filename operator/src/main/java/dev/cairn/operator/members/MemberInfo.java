package dev.cairn.operator.members;

import java.util.List;
import java.util.Objects;

/** One entry of etcd's member list. {@code name} is empty until the member has started and published it. */
public record MemberInfo(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {

    public MemberInfo {
        Objects.requireNonNull(name, "name");
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }

    public String hexId() {
        return Long.toHexString(id);
    }
}
