package dev.cairn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.pki.CertificateAuthority;
import dev.cairn.operator.pki.CertificateIssuer;
import dev.cairn.operator.pki.CertificateProfile;
import dev.cairn.operator.pki.ClusterSubjectAltNames;
import dev.cairn.operator.pki.IssuedCertificate;
import dev.cairn.operator.pki.Pem;
import dev.cairn.operator.pki.SubjectAltNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DesiredObjectRulesTest {

    private final EtcdCluster cluster = GoldenClusters.load("three-members-defaults");
    private final ClusterNames names = ClusterNames.of(cluster);

    @Test
    void certificatesNameEveryAddressTheMembersAdvertise() {
        SubjectAltNames peer = ClusterSubjectAltNames.peer(names.cluster(), names.namespace(), names.peerService());
        SubjectAltNames server = ClusterSubjectAltNames.server(names.cluster(), names.namespace(),
                names.peerService(), names.clientService());

        for (int ordinal = 0; ordinal < 9; ordinal++) {
            assertThat(peer.dnsNames()).contains(names.memberHost(names.member(ordinal)));
            assertThat(server.dnsNames()).contains(names.memberHost(names.member(ordinal)));
        }
        assertThat(server.dnsNames()).contains(names.clientServiceHost());
    }

    @Test
    void userSuppliedSecretsAreMountedInsteadOfIssuedOnes() {
        EtcdCluster custom = GoldenClusters.load("five-members-custom");

        assertThat(TlsSecretNames.of(custom))
                .isEqualTo(new TlsSecretNames("orders-server-cert", "orders-peer-cert", "orders-operator-cert"));
        assertThat(TlsSecretNames.issuedByOperator(custom)).isFalse();
        assertThat(TlsSecretNames.of(cluster)).isEqualTo(new TlsSecretNames("demo-server-tls", "demo-peer-tls",
                "demo-operator-client-tls"));
        assertThat(TlsSecretNames.issuedByOperator(cluster)).isTrue();
    }

    @Test
    void leafSecretHoldsCertificateKeyAndCaAndIsOwned() {
        CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
        CertificateAuthority ca = issuer.createAuthority("demo", Duration.ofDays(10));
        IssuedCertificate client = issuer.issue(ca, CertificateProfile.CLIENT, "cairn-operator",
                SubjectAltNames.none(), Duration.ofDays(1));

        Secret secret = TlsSecrets.leaf(cluster, names.operatorClientTlsSecret(), client);

        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(Pem.parseCertificate(secret.getStringData().get(TlsSecrets.CERTIFICATE_KEY)))
                .isEqualTo(client.certificate());
        assertThat(Pem.parseCertificate(secret.getStringData().get(TlsSecrets.CA_KEY))).isEqualTo(ca.certificate());
        assertThat(Pem.parsePrivateKey(secret.getStringData().get(TlsSecrets.PRIVATE_KEY_KEY)).getEncoded())
                .isEqualTo(client.privateKey().getEncoded());
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(cluster.getMetadata().getUid()));
    }

    @Test
    void caSecretOutlivesTheCluster() {
        CertificateAuthority ca = new CertificateIssuer(Clock.systemUTC()).createAuthority("demo", Duration.ofDays(1));

        Secret secret = TlsSecrets.authority(cluster, ca);

        assertThat(secret.getMetadata().getName()).isEqualTo("demo-ca");
        assertThat(secret.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(Pem.parseCertificate(secret.getStringData().get(TlsSecrets.CERTIFICATE_KEY)))
                .isEqualTo(ca.certificate());
    }

    @Test
    void twoMembersMaySpareNoneThreeMaySpareOne() {
        cluster.getSpec().setReplicas(2);
        assertThat(QuorumDisruptionBudget.build(cluster).getSpec().getMaxUnavailable().getIntVal()).isZero();
        cluster.getSpec().setReplicas(3);
        assertThat(QuorumDisruptionBudget.build(cluster).getSpec().getMaxUnavailable().getIntVal()).isOne();
    }

    @Test
    void resourceWithoutSchemaDefaultsIsReportedNotGuessed() {
        cluster.getSpec().setOptions(null);

        assertThatThrownBy(() -> MemberStatefulSet.build(cluster, 3))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("spec.options is missing although the CRD defaults it; "
                        + "install the CRD from crds/etcdclusters.cairn.dev-v1.yml");
        assertThatThrownBy(() -> MemberStatefulSet.build(GoldenClusters.load("one-member-plain"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void imageOverridesTheVersionsDefaultImage() {
        assertThat(MemberStatefulSet.image(cluster.getSpec())).isEqualTo("cairn:0.1.0");
        assertThat(MemberStatefulSet.image(GoldenClusters.load("five-members-custom").getSpec()))
                .isEqualTo("registry.example.com/cairn:0.2.0-patched");
    }
}
