package dev.cairn.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    private final CertificateIssuer issuer = new CertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final CertificateAuthority ca = issuer.createAuthority("demo", Duration.ofDays(3650));

    @Test
    void authorityIsASelfSignedCaThatMaySignCertificates() throws Exception {
        X509Certificate cert = ca.certificate();
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=demo CA");
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
    }

    @Test
    void serverCertificateChainsToTheCaAndCoversTheClusterNames() throws Exception {
        SubjectAltNames names = ClusterSubjectAltNames.server("demo", "prod", "demo-peer", "demo");
        IssuedCertificate server = issuer.issue(ca, CertificateProfile.SERVER, "demo-server", names,
                Duration.ofDays(365));

        assertValidChain(server.certificate(), NOW);
        assertThat(server.caCertificate()).isEqualTo(ca.certificate());
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(server.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(server.certificate().getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(sans(server.certificate(), 2)).contains(
                "demo-0.demo-peer.prod.svc", "demo-8.demo-peer.prod.svc.cluster.local", "*.demo-peer.prod.svc",
                "demo", "demo.prod", "demo.prod.svc", "demo.prod.svc.cluster.local", "localhost");
        assertThat(sans(server.certificate(), 7)).containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void peerCertificateServesAndAuthenticatesAndNamesEveryMember() throws Exception {
        IssuedCertificate peer = issuer.issue(ca, CertificateProfile.PEER, "demo-peer",
                ClusterSubjectAltNames.peer("demo", "prod", "demo-peer"), Duration.ofDays(365));

        assertValidChain(peer.certificate(), NOW);
        assertThat(peer.certificate().getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        List<String> dns = sans(peer.certificate(), 2);
        for (int ordinal = 0; ordinal < ClusterSubjectAltNames.MAX_MEMBERS; ordinal++) {
            assertThat(dns).contains("demo-" + ordinal + ".demo-peer.prod.svc",
                    "demo-" + ordinal + ".demo-peer.prod.svc.cluster.local");
        }
        assertThat(dns).doesNotContain("demo-9.demo-peer.prod.svc", "localhost");
    }

    @Test
    void clientCertificateOnlyAuthenticatesClients() throws Exception {
        IssuedCertificate client = issuer.issue(ca, CertificateProfile.CLIENT, "cairn-operator",
                SubjectAltNames.none(), Duration.ofDays(30));

        assertValidChain(client.certificate(), NOW);
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(client.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(client.certificate().getSubjectX500Principal().getName()).contains("CN=cairn-operator");
    }

    @Test
    void leafIsValidFromShortlyBeforeNowUntilItsValidityEnds() throws Exception {
        IssuedCertificate client = issuer.issue(ca, CertificateProfile.CLIENT, "c", SubjectAltNames.none(),
                Duration.ofDays(30));

        assertThat(client.certificate().getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateIssuer.BACKDATE));
        assertThat(client.certificate().getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
        assertValidChain(client.certificate(), NOW.plus(Duration.ofDays(29)));
        assertThatThrownBy(() -> assertValidChain(client.certificate(), NOW.plus(Duration.ofDays(31))))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void certificateOfAnotherCaDoesNotVerify() {
        CertificateAuthority other = issuer.createAuthority("other", Duration.ofDays(10));
        IssuedCertificate foreign = issuer.issue(other, CertificateProfile.CLIENT, "c", SubjectAltNames.none(),
                Duration.ofDays(1));

        assertThatThrownBy(() -> assertValidChain(foreign.certificate(), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void serverCertificateWithoutNamesAndNonPositiveValidityAreRefused() {
        assertThatThrownBy(() -> issuer.issue(ca, CertificateProfile.SERVER, "s", SubjectAltNames.none(),
                Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SERVER certificate s needs subject alt names");
        assertThatThrownBy(() -> issuer.createAuthority("x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validity must be positive");
    }

    private void assertValidChain(X509Certificate leaf, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }

    private static List<String> sans(X509Certificate certificate, int type) throws CertificateParsingException {
        return certificate.getSubjectAlternativeNames().stream()
                .filter(entry -> (Integer) entry.get(0) == type)
                .map(entry -> (String) entry.get(1))
                .toList();
    }
}
