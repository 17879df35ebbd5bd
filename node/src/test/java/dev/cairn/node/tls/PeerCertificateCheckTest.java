package dev.cairn.node.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --peer-cert-allowed-hostname follows Go's VerifyHostname: SANs only, IPs by value, one-label wildcards. */
class PeerCertificateCheckTest {
    private static X509Certificate certificate;
    private static X509Certificate withoutSans;

    @BeforeAll
    static void createCertificates() throws Exception {
        certificate = selfSigned("CN=m9.example", new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "*.peers.example"),
                new GeneralName(GeneralName.dNSName, "m1.example"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")}));
        withoutSans = selfSigned("CN=m1.example", null);
    }

    private static X509Certificate selfSigned(String subject, GeneralNames sans) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(subject), BigInteger.ONE,
                Date.from(now), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject), keys.getPublic());
        if (sans != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @Test
    void namesMatchDnsSansCaseInsensitivelyWithOneLabelWildcards() throws Exception {
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "m1.example")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "M1.Example.")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "a.peers.example")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "a.b.peers.example")).isFalse();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "peers.example")).isFalse();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "m2.example")).isFalse();
    }

    @Test
    void ipsMatchIpSansByValue() throws Exception {
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "10.0.0.1")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "[::1]")).isTrue();
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "10.0.0.2")).isFalse();
    }

    @Test
    void theCommonNameIsNotAHostname() throws Exception {
        assertThat(PeerCertificateCheck.matchesHostname(certificate, "m9.example")).isFalse();
        assertThat(PeerCertificateCheck.matchesHostname(withoutSans, "m1.example")).isFalse();
    }
}
