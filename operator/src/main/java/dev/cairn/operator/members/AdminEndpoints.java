package dev.cairn.operator.members;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach one cluster's members.
 *
 * @param clientUrls every member's client URL (its stable DNS name), tried in order for cluster-wide calls
 * @param tls        the operator's client certificate and the cluster's CA; absent when the cluster runs without TLS
 */
public record AdminEndpoints(List<String> clientUrls, Optional<ClientTls> tls) {

    public AdminEndpoints {
        clientUrls = List.copyOf(clientUrls);
        if (clientUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one client URL is needed");
        }
        Objects.requireNonNull(tls, "tls");
    }

    /** PEM text of the CA that signed the members' server certificates, and of the operator's client pair. */
    public record ClientTls(String caPem, String certificatePem, String privateKeyPem) {

        public ClientTls {
            Objects.requireNonNull(caPem, "caPem");
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        }

        @Override
        public String toString() {
            return "ClientTls[private key hidden]";
        }
    }
}
