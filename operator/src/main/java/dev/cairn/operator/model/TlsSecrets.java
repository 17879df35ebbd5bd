package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.pki.CertificateAuthority;
import dev.cairn.operator.pki.IssuedCertificate;
import dev.cairn.operator.pki.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Secrets holding the certificates the operator issued, in the layout kubernetes.io/tls Secrets use. */
public final class TlsSecrets {

    public static final String CERTIFICATE_KEY = "tls.crt";
    public static final String PRIVATE_KEY_KEY = "tls.key";
    public static final String CA_KEY = "ca.crt";

    private TlsSecrets() {
    }

    /**
     * The CA with its private key. It carries no owner reference: deleting and re-creating an EtcdCluster of the
     * same name keeps its trust root, and a CA is never regenerated behind the user's back.
     */
    public static Secret authority(EtcdCluster cluster, CertificateAuthority authority) {
        ClusterNames names = ClusterNames.of(cluster);
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CERTIFICATE_KEY, Pem.certificate(authority.certificate()));
        data.put(PRIVATE_KEY_KEY, Pem.privateKey(authority.privateKey()));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(names.caSecret())
                .withNamespace(names.namespace())
                .withLabels(names.labels())
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
    }

    /** A leaf certificate with its key and the CA certificate that verifies its peers. */
    public static Secret leaf(EtcdCluster cluster, String secretName, IssuedCertificate issued) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(CERTIFICATE_KEY, Pem.certificate(issued.certificate()));
        data.put(PRIVATE_KEY_KEY, Pem.privateKey(issued.privateKey()));
        data.put(CA_KEY, Pem.certificate(issued.caCertificate()));
        return new SecretBuilder()
                .withMetadata(Owned.metadata(cluster, secretName))
                .withType("kubernetes.io/tls")
                .withStringData(data)
                .build();
    }
}
