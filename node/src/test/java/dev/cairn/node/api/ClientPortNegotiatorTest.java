package dev.cairn.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.api.http.ClientPortNegotiator;
import dev.cairn.node.api.http.EndpointRoutes;
import dev.cairn.node.api.http.HttpWorkers;
import dev.cairn.node.config.TlsSettings;
import dev.cairn.node.tls.ClientTlsContext;
import dev.cairn.node.tls.TestCertificates;
import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC calls on a client port that also serves HTTP see the same transport attributes as with grpc-netty's own
 * negotiators: the peer's address, the security level and, over TLS, the session with the client's certificate.
 */
class ClientPortNegotiatorTest {
    @TempDir
    Path dir;

    private InProcessMember member;
    private ThreadPoolExecutor workers;
    private Server server;
    private final AtomicReference<ServerCall<?, ?>> lastCall = new AtomicReference<>();

    @BeforeEach
    void startMember() throws Exception {
        member = InProcessMember.start(dir.resolve("data"));
        workers = HttpWorkers.create("test-http", new ThreadPoolExecutor.AbortPolicy());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        workers.shutdownNow();
        member.close();
    }

    @Test
    void aPlaintextCallSeesThePeerAndNoSecurity() throws Exception {
        startServer(Optional.empty());
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
        try {
            check(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        ServerCall<?, ?> call = lastCall.get();
        assertThat(call.getSecurityLevel()).isEqualTo(SecurityLevel.NONE);
        assertThat(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)).isInstanceOf(InetSocketAddress.class);
        assertThat(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)).isNull();
    }

    @Test
    void aTlsCallSeesTheSessionAndTheClientsCertificate() throws Exception {
        TestCertificates pki = TestCertificates.create(Files.createDirectories(dir.resolve("pki")), "cairn-test-ca");
        URI url = URI.create("https://127.0.0.1:0");
        startServer(ClientTlsContext.build(new TlsSettings(pki.serverCert, pki.serverKey, pki.caCert, null, true, false),
                dir, List.of(url)));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(pki.caCertificate)
                        .keyManager(pki.clientPrivateKey, pki.clientCertificate).build())
                .build();
        try {
            check(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        ServerCall<?, ?> call = lastCall.get();
        Attributes attributes = call.getAttributes();
        assertThat(call.getSecurityLevel()).isEqualTo(SecurityLevel.PRIVACY_AND_INTEGRITY);
        assertThat(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)).isInstanceOf(InetSocketAddress.class);
        X509Certificate peer = (X509Certificate) attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION).getPeerCertificates()[0];
        assertThat(peer.getSubjectX500Principal().getName()).isEqualTo("CN=client");
    }

    private void startServer(Optional<SslContext> tls) throws Exception {
        EndpointRoutes routes = new EndpointRoutes(member.node(), EndpointRoutes.Listener.CLIENT);
        ServerInterceptor recordCall = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                ServerCallHandler<Q, R> next) {
                lastCall.set(call);
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        InternalNettyServerCredentials.create(new ClientPortNegotiator(tls, routes, workers)))
                .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), recordCall))
                .build()
                .start();
    }

    private static void check(ManagedChannel channel) {
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
    }
}
