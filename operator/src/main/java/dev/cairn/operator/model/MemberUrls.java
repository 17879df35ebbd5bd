package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;

/** The URLs a member advertises: https with TLS on (the default), http otherwise. */
public record MemberUrls(ClusterNames names, boolean tls) {

    public static MemberUrls of(EtcdCluster cluster) {
        boolean tls = StoredSpec.defaulted(StoredSpec.defaulted(cluster.getSpec().getTls(), "spec.tls").getEnabled(),
                "spec.tls.enabled");
        return new MemberUrls(ClusterNames.of(cluster), tls);
    }

    public String scheme() {
        return tls ? "https" : "http";
    }

    public String peer(String member) {
        return scheme() + "://" + names.memberHost(member) + ":" + MemberPorts.PEER;
    }

    public String client(String member) {
        return scheme() + "://" + names.memberHost(member) + ":" + MemberPorts.CLIENT;
    }

    /** The client Service's URL, which the operator's admin client dials. */
    public String clientService() {
        return scheme() + "://" + names.clientServiceHost() + ":" + MemberPorts.CLIENT;
    }
}
