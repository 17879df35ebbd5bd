package dev.cairn.operator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.operator.members.AdminEndpoints.ClientTls;
import dev.cairn.operator.pki.CertificateAuthority;
import dev.cairn.operator.pki.CertificateIssuer;
import dev.cairn.operator.pki.CertificateProfile;
import dev.cairn.operator.pki.IssuedCertificate;
import dev.cairn.operator.pki.Pem;
import dev.cairn.operator.pki.SubjectAltNames;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;

/** The operator's TLS material as Secrets hold it: the key formats in use, and a clear error for what is not PEM. */
class JetcdAdminTlsTest {
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
    private final CertificateAuthority authority = issuer.createAuthority("test", VALIDITY);
    private final IssuedCertificate client = issuer.issue(authority, CertificateProfile.CLIENT, "cairn-operator",
            SubjectAltNames.none(), VALIDITY);
    private final String caPem = Pem.certificate(authority.certificate());
    private final String certificatePem = Pem.certificate(client.certificate());

    @Test
    void aPkcs8KeyAsTheOperatorWritesItIsUsable() {
        String key = Pem.privateKey(client.privateKey());
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");

        assertThat(JetcdAdmin.sslContext(new ClientTls(caPem, certificatePem, key)).isClient()).isTrue();
    }

    @Test
    void aSec1KeyAsOpensslAndCfsslWriteItIsUsable() {
        String key = sec1Pem();
        assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThat(JetcdAdmin.sslContext(new ClientTls(caPem, certificatePem, key)).isClient()).isTrue();
    }

    @Test
    void aCertificateChainIsAccepted() {
        String chain = certificatePem + caPem;

        assertThat(JetcdAdmin.sslContext(new ClientTls(caPem, chain, Pem.privateKey(client.privateKey())))
                .isClient()).isTrue();
    }

    @Test
    void textThatIsNotAKeySaysWhichPartIsWrong() {
        assertThatThrownBy(() -> JetcdAdmin.sslContext(new ClientTls(caPem, certificatePem, certificatePem)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the operator's client key: expected a PEM private key");
    }

    @Test
    void aCaThatIsNotACertificateSaysSo() {
        assertThatThrownBy(() -> JetcdAdmin.sslContext(new ClientTls("not a certificate", certificatePem,
                Pem.privateKey(client.privateKey()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the cluster CA ");
    }

    /**
     * The key as {@code openssl ec} writes it: SEC1 ("EC PRIVATE KEY") with the curve and the public key.
     */
    private String sec1Pem() {
        ECPrivateKey key = (ECPrivateKey) client.privateKey();
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(
                client.certificate().getPublicKey().getEncoded());
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(
                    key.getParams().getOrder().bitLength(), key.getS(), publicKey.getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
