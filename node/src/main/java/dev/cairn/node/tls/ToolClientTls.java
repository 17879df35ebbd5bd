package dev.cairn.node.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Client TLS for cairn's own tools ({@code cairn snapshot save}, {@code cairn backup save}), from etcdctl's flags:
 * {@code --cacert} (trusted CAs; the JDK's roots when absent) and {@code --cert}/{@code --key} (the client pair
 * presented to members that require client certificates). The server's name is checked against the endpoint's host.
 */
public final class ToolClientTls {

    private ToolClientTls() {
    }

    public static SslContext build(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile)
            throws TlsSetupException {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new TlsSetupException("--cert and --key go together: a client certificate needs its key");
        }
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (caFile.isPresent()) {
            List<X509Certificate> authorities = PemFiles.certificates("--cacert", caFile.get());
            builder.trustManager(authorities.toArray(X509Certificate[]::new));
        }
        if (certFile.isPresent()) {
            List<X509Certificate> chain = PemFiles.certificates("--cert", certFile.get());
            builder.keyManager(PemFiles.privateKey("--key", keyFile.get()), chain.toArray(X509Certificate[]::new));
        }
        try {
            return GrpcSslContexts.configure(builder).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsSetupException("cannot set up client TLS: " + e.getMessage(), e);
        }
    }
}
