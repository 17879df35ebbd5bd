package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.tls.ClientTlsContext;
import dev.cairn.node.tls.TestCertificates;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client URLs served over TLS: mutual TLS with --client-cert-auth, and --auto-tls. */
class ClientTlsTest {
    @TempDir
    Path dir;

    private InProcessMember member;

    @AfterEach
    void stop() {
        if (member != null) {
            member.close();
        }
    }

    @Test
    void jetcdWithAClientCertificateFromTheTrustedCaReadsAndWrites() throws Exception {
        TestCertificates pki = mutualTlsMember();
        SslContext ssl = GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                .keyManager(pki.clientPrivateKey, pki.clientCertificate).build();
        try (Client client = Client.builder().endpoints(member.endpoint()).sslContext(ssl).build()) {
            client.getKVClient().put(bytes("k"), bytes("v")).get(10, TimeUnit.SECONDS);
            assertThat(client.getKVClient().get(bytes("k")).get(10, TimeUnit.SECONDS).getKvs())
                    .singleElement()
                    .satisfies(kv -> assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo("v"));
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        TestCertificates pki = mutualTlsMember();
        assertRefused(GrpcSslContexts.forClient().trustManager(pki.caCertificate).build());
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        TestCertificates pki = mutualTlsMember();
        TestCertificates other = TestCertificates.create(Files.createDirectories(dir.resolve("other-pki")), "other-ca");
        assertRefused(GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                .keyManager(other.clientPrivateKey, other.clientCertificate).build());
    }

    @Test
    void aPlaintextClientCannotTalkToAnHttpsUrl() throws Exception {
        mutualTlsMember();
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> range(channel))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void autoTlsServesAGeneratedCertificateKeptInTheDataDir() throws Exception {
        Path dataDir = dir.resolve("data");
        member = InProcessMember.startWithTls(dataDir, new TlsSettings(null, null, null, null, false, true));
        Path certFile = dataDir.resolve("fixtures/client/cert.pem");
        X509Certificate generated = TestCertificates.certificate(certFile);
        SslContext ssl = GrpcSslContexts.forClient().trustManager(generated).build();
        try (Client client = Client.builder().endpoints(member.endpoint()).sslContext(ssl).build()) {
            client.getKVClient().put(bytes("auto"), bytes("tls")).get(10, TimeUnit.SECONDS);
            assertThat(client.getKVClient().get(bytes("auto")).get(10, TimeUnit.SECONDS).getCount()).isEqualTo(1);
        }
    }

    @Test
    void httpAndHttpsUrlsCanBeMixed() throws Exception {
        TestCertificates pki = mutualTlsMember();
        List<URI> urls = List.of(URI.create("http://127.0.0.1:0"), URI.create("https://127.0.0.1:0"));
        TlsSettings tls = new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, null, true, false);
        try (ClientServer mixed = ClientServer.start(member.node(), urls, 128, 1_572_864,
                ClientTlsContext.build(tls, dir, urls))) {
            ManagedChannel plain = NettyChannelBuilder.forTarget("127.0.0.1:" + mixed.ports().get(0))
                    .usePlaintext().build();
            ManagedChannel secure = NettyChannelBuilder.forTarget("127.0.0.1:" + mixed.ports().get(1))
                    .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                            .keyManager(pki.clientPrivateKey, pki.clientCertificate).build())
                    .build();
            try {
                range(plain);
                range(secure);
            } finally {
                plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                secure.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** etcd reads its certificate files for every handshake; a renewed certificate needs no restart. */
    @Test
    void aRenewedCertificateIsServedFromTheNextConnectionWithoutARestart() throws Exception {
        TestCertificates issued = TestCertificates.create(Files.createDirectories(dir.resolve("issued")), "ca");
        TestCertificates renewed = TestCertificates.create(Files.createDirectories(dir.resolve("renewed")), "ca");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        TestCertificates.replaceFile(cert, issued.serverCert);
        TestCertificates.replaceFile(key, issued.serverKey);
        member = InProcessMember.startWithTls(dir.resolve("data"),
                new TlsSettings(cert, key, null, null, false, false));
        assertThat(servedCertificate()).isEqualTo(TestCertificates.certificate(issued.serverCert));

        TestCertificates.replaceFile(cert, renewed.serverCert);
        TestCertificates.replaceFile(key, renewed.serverKey);

        assertThat(servedCertificate()).isEqualTo(TestCertificates.certificate(renewed.serverCert));
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port())
                .sslContext(GrpcSslContexts.forClient().trustManager(renewed.caCertificate).build()).build();
        try {
            range(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The certificate the member presents in a fresh TLS handshake (accepted unverified: only its identity counts). */
    private X509Certificate servedCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", member.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private TestCertificates mutualTlsMember() throws Exception {
        TestCertificates pki = TestCertificates.create(Files.createDirectories(dir.resolve("pki")), "cairn-test-ca");
        member = InProcessMember.startWithTls(dir.resolve("data"),
                new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, null, true, false));
        return pki;
    }

    private void assertRefused(SslContext clientContext) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port())
                .sslContext(clientContext).build();
        try {
            assertThatThrownBy(() -> range(channel))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void range(ManagedChannel channel) {
        KVGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build());
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
