package dev.cairn.node.tls;

import dev.cairn.node.config.PeerTlsSettings;
import dev.cairn.node.config.TlsSettings;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for the peer URLs, both ways, following etcd: the listener serves the peer certificate and, with
 * {@code --peer-client-cert-auth} or {@code --peer-trusted-ca-file}, requires a client certificate signed by the
 * peer CA; the dialer presents the same certificate and verifies the peer's against the peer CA (and the host it
 * dials). {@code --peer-cert-allowed-cn}/{@code --peer-cert-allowed-hostname} constrain the other side's certificate
 * in both directions; {@code --peer-crl-file} is checked against dialing peers' certificates. With
 * {@code --peer-auto-tls} (and no certificate files) a self-signed certificate is used and, as etcd does, the dialer
 * does not verify what it is shown: such a member cannot also ask for verification, which is refused.
 */
public final class PeerTlsContext {
    private final SslContext server;
    private final SslContext client;

    private PeerTlsContext(SslContext server, SslContext client) {
        this.server = server;
        this.client = client;
    }

    /** Served on https peer URLs. */
    public SslContext server() {
        return server;
    }

    /** Used to dial https peer URLs. */
    public SslContext client() {
        return client;
    }

    /** Empty when the settings enable no peer TLS, so only http peer URLs can be served and dialed. */
    public static Optional<PeerTlsContext> build(PeerTlsSettings settings, Path dataDir, List<URI> listenUrls)
            throws TlsSetupException {
        TlsSettings tls = settings.tls();
        if (settings.allowedCn() != null && settings.allowedHostname() != null) {
            // etcd's wording.
            throw new TlsSetupException("AllowedCN and AllowedHostname are mutually exclusive (cn=\""
                    + settings.allowedCn() + "\", hostname=\"" + settings.allowedHostname() + "\")");
        }
        boolean verifies = tls.clientCertAuth() || tls.trustedCaFile() != null || tls.crlFile() != null
                || settings.allowedCn() != null || settings.allowedHostname() != null;
        if (!tls.enabled()) {
            if (verifies) {
                throw new TlsSetupException("peer certificate checks are configured but no peer certificate: set "
                        + "--peer-cert-file and --peer-key-file");
            }
            return Optional.empty();
        }
        if (tls.certFile() == null && tls.keyFile() == null) {
            if (verifies) {
                throw new TlsSetupException("--peer-auto-tls makes a self-signed certificate that other members cannot "
                        + "verify; it cannot be combined with --peer-client-cert-auth, --peer-trusted-ca-file, "
                        + "--peer-crl-file or --peer-cert-allowed-cn/hostname: set --peer-cert-file and "
                        + "--peer-key-file instead");
            }
            Path generated = AutoTlsCertificate.ensurePeer(dataDir, listenUrls);
            KeyManager keys = ReloadingKeyManager.load("--peer-auto-tls", generated.resolve("cert.pem"),
                    "--peer-auto-tls", generated.resolve("key.pem"));
            return Optional.of(new PeerTlsContext(
                    build(SslContextBuilder.forServer(keys)),
                    build(SslContextBuilder.forClient()
                            .keyManager(keys)
                            .trustManager(InsecureTrustManagerFactory.INSTANCE))));
        }
        if (tls.certFile() == null) {
            throw new TlsSetupException("--peer-key-file is set but --peer-cert-file is not; both are needed for peer TLS");
        }
        if (tls.keyFile() == null) {
            throw new TlsSetupException("--peer-cert-file is set but --peer-key-file is not; both are needed for peer TLS");
        }
        // Read again when the files change, for both directions (see ReloadingKeyManager).
        KeyManager keys = ReloadingKeyManager.load("--peer-cert-file", tls.certFile(), "--peer-key-file",
                tls.keyFile());
        X509ExtendedTrustManager authorities = authorities(tls.trustedCaFile());
        List<X509CRL> revocations = tls.crlFile() == null ? List.of() : revocationLists(tls.crlFile());
        TrustManager serverSide = new PeerCertificateCheck(authorities, settings.allowedCn(),
                settings.allowedHostname(), revocations);
        TrustManager clientSide = new PeerCertificateCheck(authorities, settings.allowedCn(),
                settings.allowedHostname(), List.of());
        SslContextBuilder server = SslContextBuilder.forServer(keys).trustManager(serverSide);
        if (tls.clientCertAuth() || tls.trustedCaFile() != null) {
            server.clientAuth(ClientAuth.REQUIRE);
        } else if (tls.crlFile() != null) {
            throw new TlsSetupException("--peer-crl-file checks the certificates of dialing members, which are only "
                    + "asked for with --peer-client-cert-auth or --peer-trusted-ca-file");
        }
        return Optional.of(new PeerTlsContext(build(server), build(SslContextBuilder.forClient()
                .keyManager(keys)
                .trustManager(clientSide))));
    }

    /** The peer CA, or the system's trusted roots when no CA file is given. */
    private static X509ExtendedTrustManager authorities(Path caFile) throws TlsSetupException {
        try {
            KeyStore store = null;
            if (caFile != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (X509Certificate ca : PemFiles.certificates("--peer-trusted-ca-file", caFile)) {
                    store.setCertificateEntry("ca-" + n++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new TlsSetupException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("--peer-trusted-ca-file " + caFile + ": cannot be used: " + e.getMessage(), e);
        }
    }

    private static List<X509CRL> revocationLists(Path crlFile) throws TlsSetupException {
        byte[] content;
        try {
            content = Files.readAllBytes(crlFile);
        } catch (NoSuchFileException e) {
            throw new TlsSetupException("--peer-crl-file " + crlFile + ": no such file", e);
        } catch (IOException e) {
            throw new TlsSetupException("--peer-crl-file " + crlFile + ": cannot read: " + e.getMessage(), e);
        }
        List<X509CRL> lists = new ArrayList<>();
        try {
            for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(content))) {
                lists.add((X509CRL) crl);
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("--peer-crl-file " + crlFile + ": not a valid CRL: " + e.getMessage(), e);
        }
        if (lists.isEmpty()) {
            throw new TlsSetupException("--peer-crl-file " + crlFile + ": no CRL found");
        }
        return lists;
    }

    private static SslContext build(SslContextBuilder builder) throws TlsSetupException {
        try {
            return GrpcSslContexts.configure(builder).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot set up peer TLS: " + e.getMessage(), e);
        }
    }
}
