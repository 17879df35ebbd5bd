package dev.cairn.operator.pki;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Decides when a leaf certificate is replaced: once the clock enters the window before its expiry. */
public final class RenewalPolicy {

    private final Clock clock;
    private final Duration renewBefore;

    public RenewalPolicy(Clock clock, Duration renewBefore) {
        if (renewBefore.isNegative()) {
            throw new IllegalArgumentException("renewal window must not be negative, got " + renewBefore);
        }
        this.clock = clock;
        this.renewBefore = renewBefore;
    }

    public boolean needsRenewal(X509Certificate certificate) {
        Instant renewAt = certificate.getNotAfter().toInstant().minus(renewBefore);
        return !clock.instant().isBefore(renewAt);
    }
}
