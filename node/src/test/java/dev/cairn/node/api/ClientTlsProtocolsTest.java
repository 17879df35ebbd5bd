package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.config.TlsProtocols;
import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.config.TlsVersion;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.tls.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake limits of the client listener: --tls-min-version, --tls-max-version, --cipher-suites (TLS 1.2 only,
 * as in etcd) and --client-crl-file, each seen from a gRPC client that offers only some versions or suites.
 */
class ClientTlsProtocolsTest {
    private static final String AES128 = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    private static final String AES256 = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";

    @TempDir
    Path dir;

    private TestCertificates pki;
    private InProcessMember member;

    @BeforeEach
    void createCertificates() throws Exception {
        pki = TestCertificates.create(Files.createDirectories(dir.resolve("pki")), "cairn-test-ca");
    }

    @AfterEach
    void stop() {
        if (member != null) {
            member.close();
        }
    }

    @Test
    void tlsMinVersion13RefusesAClientLimitedToTls12() throws Exception {
        start(null, new TlsProtocols(List.of(), TlsVersion.TLS1_3, TlsVersion.TLS1_3));
        assertRefused(client("TLSv1.2"));
        assertServed(client("TLSv1.3"));
    }

    @Test
    void tlsMaxVersion12RefusesAClientLimitedToTls13() throws Exception {
        start(null, new TlsProtocols(List.of(), TlsVersion.TLS1_2, TlsVersion.TLS1_2));
        assertRefused(client("TLSv1.3"));
        assertServed(client("TLSv1.2"));
    }

    @Test
    void cipherSuitesLimitTls12AndLeaveTls13Alone() throws Exception {
        start(null, new TlsProtocols(List.of(AES128), TlsVersion.TLS1_2, TlsVersion.TLS1_3));
        assertRefused(client("TLSv1.2").ciphers(List.of(AES256)));
        assertServed(client("TLSv1.2").ciphers(List.of(AES128)));
        assertServed(client("TLSv1.3")); // as in etcd: Go offers every TLS 1.3 suite whatever --cipher-suites says
    }

    @Test
    void etcdsShortChachaAliasIsTheSha256Suite() throws Exception {
        start(null, new TlsProtocols(List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"), TlsVersion.TLS1_2,
                TlsVersion.TLS1_2));
        assertRefused(client("TLSv1.2").ciphers(List.of(AES128)));
        assertServed(client("TLSv1.2").ciphers(List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")));
    }

    @Test
    void aClientCertificateOnTheRevocationListIsRefusedAndTheListIsReReadWhenItChanges() throws Exception {
        Path crl = dir.resolve("crl.pem");
        pki.writeRevocationList(crl, BigInteger.valueOf(999_999));
        start(crl, TlsProtocols.DEFAULT);
        assertServed(client("TLSv1.3", "TLSv1.2"));

        pki.writeRevocationList(crl, pki.clientCertificate.getSerialNumber());
        Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5))); // a change whatever the clock
        assertRefused(client("TLSv1.3"));
        assertRefused(client("TLSv1.2"));
    }

    private void start(Path crlFile, TlsProtocols protocols) throws Exception {
        member = InProcessMember.startWithTls(dir.resolve("data"),
                new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, crlFile, true, false, protocols));
    }

    /** A client with the test CA and a client certificate from it, offering only {@code versions}. */
    private SslContextBuilder client(String... versions) {
        return GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                .keyManager(pki.clientPrivateKey, pki.clientCertificate).protocols(versions);
    }

    private void assertServed(SslContextBuilder client) throws Exception {
        ManagedChannel channel = channel(client);
        try {
            assertThat(range(channel)).isZero();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void assertRefused(SslContextBuilder client) throws Exception {
        ManagedChannel channel = channel(client);
        try {
            assertThatThrownBy(() -> range(channel))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ManagedChannel channel(SslContextBuilder client) throws Exception {
        return NettyChannelBuilder.forTarget("127.0.0.1:" + member.port()).sslContext(client.build()).build();
    }

    private static long range(ManagedChannel channel) {
        return KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).getCount();
    }
}
