package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.TlsSpec;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.StoredSpec;
import dev.cairn.operator.model.TlsSecretNames;
import dev.cairn.operator.model.TlsSecrets;
import dev.cairn.operator.pki.CertificateAuthority;
import dev.cairn.operator.pki.CertificateIssuer;
import dev.cairn.operator.pki.CertificateProfile;
import dev.cairn.operator.pki.ClusterSubjectAltNames;
import dev.cairn.operator.pki.Pem;
import dev.cairn.operator.pki.RenewalPolicy;
import dev.cairn.operator.pki.SubjectAltNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Clock;
import java.time.Duration;

/**
 * Keeps the certificate Secrets of a cluster whose certificates the operator issues: the CA is created once and
 * then only read; leaf certificates are issued when missing or inside their renewal window.
 */
final class ClusterCertificates {

    /** The CA outlives many leaf generations; it is never renewed behind the user's back. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final String OPERATOR_CLIENT_NAME = "cairn-operator";

    private final Clock clock;
    private final CertificateIssuer issuer;

    ClusterCertificates(Clock clock) {
        this.clock = clock;
        this.issuer = new CertificateIssuer(clock);
    }

    void ensure(KubernetesClient client, EtcdCluster cluster) {
        ClusterNames names = ClusterNames.of(cluster);
        TlsSpec tls = StoredSpec.defaulted(cluster.getSpec().getTls(), "spec.tls");
        Duration validity = Duration.ofDays(StoredSpec.defaulted(tls.getCertificateValidityDays(),
                "spec.tls.certificateValidityDays"));
        RenewalPolicy renewal = new RenewalPolicy(clock, Duration.ofDays(StoredSpec.defaulted(
                tls.getRenewBeforeDays(), "spec.tls.renewBeforeDays")));
        CertificateAuthority authority = authority(client, cluster, names);
        TlsSecretNames secrets = TlsSecretNames.of(cluster);
        ensureLeaf(client, cluster, secrets.server(), CertificateProfile.SERVER, ClusterSubjectAltNames.server(
                names.cluster(), names.namespace(), names.peerService(), names.clientService()), authority,
                validity, renewal);
        ensureLeaf(client, cluster, secrets.peer(), CertificateProfile.PEER, ClusterSubjectAltNames.peer(
                names.cluster(), names.namespace(), names.peerService()), authority, validity, renewal);
        ensureLeaf(client, cluster, secrets.operatorClient(), CertificateProfile.CLIENT, SubjectAltNames.none(),
                authority, validity, renewal);
    }

    private CertificateAuthority authority(KubernetesClient client, EtcdCluster cluster, ClusterNames names) {
        Secret existing = client.secrets().inNamespace(names.namespace()).withName(names.caSecret()).get();
        if (existing != null) {
            return new CertificateAuthority(
                    Pem.parseCertificate(SecretValues.value(existing, TlsSecrets.CERTIFICATE_KEY)),
                    Pem.parsePrivateKey(SecretValues.value(existing, TlsSecrets.PRIVATE_KEY_KEY)));
        }
        CertificateAuthority created = issuer.createAuthority(names.cluster(), CA_VALIDITY);
        // create() fails if another operator replica won the race; the next reconcile reads the winner's CA.
        client.resource(TlsSecrets.authority(cluster, created)).create();
        return created;
    }

    private void ensureLeaf(KubernetesClient client, EtcdCluster cluster, String secretName,
                            CertificateProfile profile, SubjectAltNames altNames, CertificateAuthority authority,
                            Duration validity, RenewalPolicy renewal) {
        Secret existing = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(secretName)
                .get();
        if (existing != null && !needsNewCertificate(existing, authority, renewal)) {
            return;
        }
        String commonName = profile == CertificateProfile.CLIENT ? OPERATOR_CLIENT_NAME : secretName;
        Secret secret = TlsSecrets.leaf(cluster, secretName,
                issuer.issue(authority, profile, commonName, altNames, validity));
        client.resource(secret).createOr(NonDeletingOperation::update);
    }

    /** Renewal is due, or the certificate was not signed by the cluster's current CA. */
    private static boolean needsNewCertificate(Secret secret, CertificateAuthority authority, RenewalPolicy renewal) {
        var certificate = Pem.parseCertificate(SecretValues.value(secret, TlsSecrets.CERTIFICATE_KEY));
        return renewal.needsRenewal(certificate)
                || !certificate.getIssuerX500Principal().equals(authority.certificate().getSubjectX500Principal())
                || !Pem.parseCertificate(SecretValues.value(secret, TlsSecrets.CA_KEY)).equals(authority.certificate());
    }
}
