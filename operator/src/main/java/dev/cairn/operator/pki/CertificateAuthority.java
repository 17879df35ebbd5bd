package dev.cairn.operator.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A cluster's CA: created once, kept in a Secret, and the trust root of every member and of the operator. */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
}
