package dev.cairn.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PemTest {

    private final CertificateIssuer issuer = new CertificateIssuer(Clock.systemUTC());
    private final CertificateAuthority ca = issuer.createAuthority("p", Duration.ofDays(1));

    @Test
    void certificateAndKeyRoundTrip() {
        String certificate = Pem.certificate(ca.certificate());
        String key = Pem.privateKey(ca.privateKey());

        assertThat(certificate).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.parseCertificate(certificate)).isEqualTo(ca.certificate());
        assertThat(Pem.parsePrivateKey(key).getEncoded()).isEqualTo(ca.privateKey().getEncoded());
    }

    @Test
    void wrongOrMissingBlocksAreReported() {
        String key = Pem.privateKey(ca.privateKey());
        assertThatThrownBy(() -> Pem.parseCertificate(key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expected a PEM certificate");
        assertThatThrownBy(() -> Pem.parsePrivateKey("not pem"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a PEM private key, found no PEM block");
    }

    @Test
    void aSec1KeyWithoutItsPublicPartIsRead() {
        // As `openssl ec -no_public` writes it: the key alone, no embedded public point.
        String sec1 = """
                -----BEGIN EC PRIVATE KEY-----
                MDECAQEEIN2K9RGPT2QT2ArN2ZlWFfEqZ+8/04g99oFc5t4OdNKOoAoGCCqGSM49
                AwEH
                -----END EC PRIVATE KEY-----
                """;

        assertThat(Pem.parsePrivateKey(sec1).getAlgorithm()).isIn("EC", "ECDSA");
    }
}
