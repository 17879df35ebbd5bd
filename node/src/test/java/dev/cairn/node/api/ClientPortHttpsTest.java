package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.tls.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** etcd's HTTP/1.1 endpoints on an https client port with --client-cert-auth, next to gRPC on the same port. */
class ClientPortHttpsTest {
    private static final char[] NO_PASSWORD = new char[0];

    @TempDir
    Path dir;

    private TestCertificates pki;
    private InProcessMember member;

    @BeforeEach
    void start() throws Exception {
        pki = TestCertificates.create(Files.createDirectories(dir.resolve("pki")), "cairn-test-ca");
        member = InProcessMember.startWithTls(dir.resolve("data"),
                new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, null, true, false));
    }

    @AfterEach
    void stop() {
        member.close();
    }

    @Test
    void aClientWithACertificateGetsHealthAndVersionWhileGrpcServesTheSamePort() throws Exception {
        ManagedChannel grpc = NettyChannelBuilder.forTarget("127.0.0.1:" + member.port())
                .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                        .keyManager(pki.clientPrivateKey, pki.clientCertificate).build())
                .build();
        try {
            KVGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v")).build());
            HttpClient http = client();
            HttpResponse<String> health = get(http, "/health?exclude=NOSPACE");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"health\":\"true\",\"reason\":\"\"}");
            assertThat(get(http, "/version").body()).isEqualTo(
                    "{\"etcdserver\":\"" + ServerVersion.ETCD_VERSION + "\",\"etcdcluster\":\"3.5.0\"}");
            assertThat(get(http, "/metrics").body()).contains("\netcd_server_is_leader 1\n");
            assertThat(KVGrpc.newBlockingStub(grpc).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .range(RangeRequest.newBuilder()
                            .setKey(ByteString.copyFromUtf8("k")).build()).getCount()).isEqualTo(1);
        } finally {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTlsClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
        try (SSLSocket socket = (SSLSocket) sslContext(false).getSocketFactory().createSocket("127.0.0.1", member.port())) {
            socket.setSoTimeout(10_000);
            // Under TLS 1.3 the client's side of the handshake ends before the server has checked the (missing)
            // certificate, so the refusal is what the next read gets. Nothing is written first: a request the
            // server never reads would turn its close into a reset, which can overtake the alert.
            socket.startHandshake();
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SSLException.class)
                    .hasMessageContaining("certificate_required");
        }
    }

    @Test
    void aTlsClientWithoutAlpnIsToldApartByItsFirstBytes() throws Exception {
        try (SSLSocket socket = (SSLSocket) sslContext(true).getSocketFactory().createSocket("127.0.0.1", member.port())) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEmpty();
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            byte[] frameHeader = socket.getInputStream().readNBytes(9);
            assertThat(frameHeader).hasSize(9);
            assertThat(frameHeader[3]).as("type of gRPC's first frame").isEqualTo((byte) 4);
        }
    }

    private HttpResponse<String> get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(member.endpoint() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An HTTP/1.1 client trusting the test CA, presenting the client certificate. */
    private HttpClient client() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext(true)).build();
    }

    private SSLContext sslContext(boolean withCertificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", pki.caCertificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        if (withCertificate) {
            own.setKeyEntry("client", pki.clientPrivateKey, NO_PASSWORD, new Certificate[] {pki.clientCertificate});
        }
        keys.init(own, NO_PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return ssl;
    }
}
