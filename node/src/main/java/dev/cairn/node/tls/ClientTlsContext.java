package dev.cairn.node.tls;

import dev.cairn.node.config.TlsSettings;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;

/**
 * The TLS server context for the https client URLs, following etcd's rules: the certificate and key come from
 * {@code --cert-file}/{@code --key-file} (read again when the files change), or from {@code --auto-tls} when neither
 * is given; a client certificate is required and verified when {@code --client-cert-auth} or
 * {@code --trusted-ca-file} is set, against the trusted CA file or, without one, the system's trusted roots, and
 * refused during the handshake when {@code --client-crl-file} revokes it; {@code --tls-min-version},
 * {@code --tls-max-version} and {@code --cipher-suites} limit the handshake. Unlike etcd 3.4, whose generated
 * certificate replaces the whole client TLS configuration, {@code --auto-tls} keeps {@code --client-cert-auth}: a
 * requested check is never dropped.
 */
public final class ClientTlsContext {

    private ClientTlsContext() {
    }

    /** Empty when the settings enable no TLS, so only http URLs can be served. */
    public static Optional<SslContext> build(TlsSettings settings, Path dataDir, List<URI> listenUrls)
            throws TlsSetupException {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        SslContextBuilder builder = SslContextBuilder.forServer(keyManager(settings, dataDir, listenUrls));
        if (settings.clientCertAuth() || settings.trustedCaFile() != null) {
            builder.clientAuth(ClientAuth.REQUIRE);
            List<X509Certificate> authorities = settings.trustedCaFile() == null ? List.of()
                    : PemFiles.certificates("--trusted-ca-file", settings.trustedCaFile());
            RevocationList revoked = settings.crlFile() == null ? null
                    : RevocationList.load("--client-crl-file", settings.crlFile());
            builder.trustManager(ClientCertificateTrust.create(authorities, revoked));
        }
        try {
            GrpcSslContexts.configure(builder);
            ProtocolPolicy.apply(builder, settings.protocols());
            return Optional.of(builder.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }

    /** The served certificate, read again when its files change (see {@link ReloadingKeyManager}). */
    private static KeyManager keyManager(TlsSettings settings, Path dataDir, List<URI> listenUrls)
            throws TlsSetupException {
        if (settings.certFile() == null && settings.keyFile() == null) {
            Path generated = AutoTlsCertificate.ensure(dataDir, listenUrls);
            return ReloadingKeyManager.load("--auto-tls", generated.resolve("cert.pem"), "--auto-tls",
                    generated.resolve("key.pem"));
        }
        if (settings.certFile() == null) {
            throw new TlsSetupException("--key-file is set but --cert-file is not; both are needed to serve TLS");
        }
        if (settings.keyFile() == null) {
            throw new TlsSetupException("--cert-file is set but --key-file is not; both are needed to serve TLS");
        }
        return ReloadingKeyManager.load("--cert-file", settings.certFile(), "--key-file", settings.keyFile());
    }
}
