package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The two Services of a cluster. */
public final class ClusterServices {

    private ClusterServices() {
    }

    /**
     * Headless Service behind the members' stable DNS names. It publishes not-ready addresses: a member must be
     * resolvable by its peers before it is ready, or a forming cluster could never become ready.
     */
    public static Service peer(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new ServiceBuilder()
                .withMetadata(Owned.metadata(cluster, names.peerService()))
                .withNewSpec()
                .withClusterIP("None")
                .withPublishNotReadyAddresses(true)
                .withSelector(names.selectorLabels())
                .withPorts(port("client", MemberPorts.CLIENT), port("peer", MemberPorts.PEER))
                .endSpec()
                .build();
    }

    /** Service clients use: only ready members receive traffic. */
    public static Service client(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        return new ServiceBuilder()
                .withMetadata(Owned.metadata(cluster, names.clientService()))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(names.selectorLabels())
                .withPorts(port("client", MemberPorts.CLIENT))
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withNewTargetPort(name)
                .withProtocol("TCP")
                .build();
    }
}
