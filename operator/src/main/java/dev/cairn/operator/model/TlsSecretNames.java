package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.UserTlsSecrets;

/** Which Secrets hold the certificates: the user's when spec.tls.secrets names them, else the operator's. */
public record TlsSecretNames(String server, String peer, String operatorClient) {

    public static TlsSecretNames of(EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        UserTlsSecrets user = StoredSpec.defaulted(cluster.getSpec().getTls(), "spec.tls").getSecrets();
        if (user != null) {
            return new TlsSecretNames(user.getServer(), user.getPeer(), user.getOperatorClient());
        }
        return new TlsSecretNames(names.serverTlsSecret(), names.peerTlsSecret(), names.operatorClientTlsSecret());
    }

    /** Whether the operator issues the certificates itself. */
    public static boolean issuedByOperator(EtcdCluster cluster) {
        return StoredSpec.defaulted(cluster.getSpec().getTls(), "spec.tls").getSecrets() == null;
    }
}
