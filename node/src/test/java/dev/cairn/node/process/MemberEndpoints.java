package dev.cairn.node.process;

import java.util.List;

/**
 * Where one member listens and how its process is launched.
 *
 * @param clientUrl        the client URL it advertises (reachable from {@link ClusterNetwork#clientLaunchPrefix()})
 * @param peerUrl          the peer URL it listens on and advertises
 * @param localClientUrls  further client URLs it listens on (such as its own loopback inside a namespace)
 * @param launchPrefix     the command its process and member-local etcdctl runs are started through
 */
record MemberEndpoints(String clientUrl, String peerUrl, List<String> localClientUrls, List<String> launchPrefix) {
    MemberEndpoints {
        localClientUrls = List.copyOf(localClientUrls);
        launchPrefix = List.copyOf(launchPrefix);
    }

    String listenClientUrls() {
        return localClientUrls.isEmpty() ? clientUrl : clientUrl + "," + String.join(",", localClientUrls);
    }
}
