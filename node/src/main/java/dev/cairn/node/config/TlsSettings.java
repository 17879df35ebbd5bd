package dev.cairn.node.config;

import java.nio.file.Path;

/**
 * TLS settings for one side (client or peer) as etcd names them. Paths are null when not given.
 *
 * @param clientCertAuth require and verify client certificates ({@code --client-cert-auth} /
 *                       {@code --peer-client-cert-auth})
 * @param autoTls        use generated self-signed certificates ({@code --auto-tls} / {@code --peer-auto-tls})
 */
public record TlsSettings(Path certFile, Path keyFile, Path trustedCaFile, Path crlFile, boolean clientCertAuth,
                          boolean autoTls) {

    public static final TlsSettings NONE = new TlsSettings(null, null, null, null, false, false);

    /** Whether this side serves TLS at all. */
    public boolean enabled() {
        return certFile != null || keyFile != null || autoTls;
    }
}
