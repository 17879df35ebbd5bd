package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.members.AdminEndpoints;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.model.TlsSecretNames;
import dev.cairn.operator.model.TlsSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.stream.IntStream;

/** Where the operator reaches a cluster: every ordinal's stable client URL, with its client certificate. */
final class AdminEndpointsOf {

    private AdminEndpointsOf() {
    }

    /** @param ordinals how many ordinals may run a member (at least one URL is always given) */
    static AdminEndpoints of(KubernetesClient client, EtcdCluster cluster, int ordinals) {
        ClusterNames names = ClusterNames.of(cluster);
        MemberUrls urls = MemberUrls.of(cluster);
        var clientUrls = IntStream.range(0, Math.max(1, ordinals)).mapToObj(k -> urls.client(names.member(k))).toList();
        if (!urls.tls()) {
            return new AdminEndpoints(clientUrls, Optional.empty());
        }
        String secretName = TlsSecretNames.of(cluster).operatorClient();
        Secret secret = client.secrets().inNamespace(names.namespace()).withName(secretName).get();
        if (secret == null) {
            throw new IllegalStateException("Secret " + names.namespace() + "/" + secretName
                    + " with the operator's client certificate does not exist");
        }
        return new AdminEndpoints(clientUrls, Optional.of(new AdminEndpoints.ClientTls(
                SecretValues.value(secret, TlsSecrets.CA_KEY), SecretValues.value(secret, TlsSecrets.CERTIFICATE_KEY),
                SecretValues.value(secret, TlsSecrets.PRIVATE_KEY_KEY))));
    }
}
