package dev.cairn.node.config;

import java.nio.file.Path;

/**
 * TLS settings for one side (client or peer) as etcd names them. Paths are null when not given.
 *
 * @param crlFile        certificate revocation list checked against the certificates clients present
 *                       ({@code --client-crl-file} / {@code --peer-crl-file})
 * @param clientCertAuth require and verify client certificates ({@code --client-cert-auth} /
 *                       {@code --peer-client-cert-auth})
 * @param autoTls        use generated self-signed certificates ({@code --auto-tls} / {@code --peer-auto-tls})
 * @param protocols      versions and cipher suites, the same for both sides as in etcd
 */
public record TlsSettings(Path certFile, Path keyFile, Path trustedCaFile, Path crlFile, boolean clientCertAuth,
                          boolean autoTls, TlsProtocols protocols) {

    public static final TlsSettings NONE = new TlsSettings(null, null, null, null, false, false);

    /** With etcd's default versions and cipher suites. */
    public TlsSettings(Path certFile, Path keyFile, Path trustedCaFile, Path crlFile, boolean clientCertAuth,
                       boolean autoTls) {
        this(certFile, keyFile, trustedCaFile, crlFile, clientCertAuth, autoTls, TlsProtocols.DEFAULT);
    }

    /** Whether this side serves TLS at all. */
    public boolean enabled() {
        return certFile != null || keyFile != null || autoTls;
    }
}
