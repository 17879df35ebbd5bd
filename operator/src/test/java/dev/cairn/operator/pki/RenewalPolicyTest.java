package dev.cairn.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration WINDOW = Duration.ofDays(30);

    private final X509Certificate certificate = issueAt(ISSUED);

    @Test
    void keepsACertificateBeforeItsRenewalWindow() {
        assertThat(policyAt(ISSUED.plus(VALIDITY).minus(WINDOW).minusSeconds(1)).needsRenewal(certificate)).isFalse();
        assertThat(policyAt(ISSUED).needsRenewal(certificate)).isFalse();
    }

    @Test
    void renewsFromTheStartOfTheWindowAndAfterExpiry() {
        assertThat(policyAt(ISSUED.plus(VALIDITY).minus(WINDOW)).needsRenewal(certificate)).isTrue();
        assertThat(policyAt(ISSUED.plus(VALIDITY).plusSeconds(1)).needsRenewal(certificate)).isTrue();
    }

    @Test
    void refusesANegativeWindow() {
        assertThatThrownBy(() -> new RenewalPolicy(Clock.systemUTC(), Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RenewalPolicy policyAt(Instant now) {
        return new RenewalPolicy(Clock.fixed(now, ZoneOffset.UTC), WINDOW);
    }

    private static X509Certificate issueAt(Instant now) {
        CertificateIssuer issuer = new CertificateIssuer(Clock.fixed(now, ZoneOffset.UTC));
        CertificateAuthority ca = issuer.createAuthority("r", Duration.ofDays(3650));
        return issuer.issue(ca, CertificateProfile.CLIENT, "c", SubjectAltNames.none(), VALIDITY).certificate();
    }
}
