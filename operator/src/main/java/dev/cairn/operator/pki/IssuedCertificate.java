package dev.cairn.operator.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A leaf certificate, its key and the CA certificate it chains to. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {
}
