package dev.cairn.node.tls;

import dev.cairn.node.config.EtcdCipherSuites;
import dev.cairn.node.config.TlsProtocols;
import dev.cairn.node.config.TlsVersion;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Applies etcd's {@code --tls-min-version}, {@code --tls-max-version} and {@code --cipher-suites} to a server
 * context, for the client listener and any other TLS listener. As in etcd, the suites restrict TLS 1.2 only: when
 * TLS 1.3 is allowed its own suites stay on. Without {@code --cipher-suites} the context keeps gRPC's choice.
 */
final class ProtocolPolicy {

    private ProtocolPolicy() {
    }

    /** Must run after {@code GrpcSslContexts.configure}, which sets gRPC's default suites. */
    static void apply(SslContextBuilder builder, TlsProtocols protocols) throws TlsSetupException {
        List<String> versions = new ArrayList<>();
        for (TlsVersion version : TlsVersion.values()) {
            if (version.compareTo(protocols.minVersion()) >= 0 && version.compareTo(protocols.maxVersion()) <= 0) {
                versions.add(version.jdkName());
            }
        }
        builder.protocols(versions);
        if (!protocols.cipherSuites().isEmpty()) {
            builder.ciphers(cipherSuites(protocols));
        }
    }

    private static List<String> cipherSuites(TlsProtocols protocols) throws TlsSetupException {
        Set<String> available = available();
        Set<String> suites = new LinkedHashSet<>();
        for (String name : protocols.cipherSuites()) {
            String iana = EtcdCipherSuites.ianaName(name);
            if (!available.contains(iana)) {
                throw new TlsSetupException("TLS cipher suite \"" + name + "\" (--cipher-suites) is not available in "
                        + "this JVM");
            }
            suites.add(iana);
        }
        if (protocols.maxVersion() == TlsVersion.TLS1_3) {
            suites.addAll(EtcdCipherSuites.TLS13);
        }
        return List.copyOf(suites);
    }

    private static Set<String> available() throws TlsSetupException {
        try {
            return Set.copyOf(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
            throw new TlsSetupException("the JVM offers no TLS implementation: " + e.getMessage(), e);
        }
    }
}
