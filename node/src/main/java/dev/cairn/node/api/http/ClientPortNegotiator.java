package dev.cairn.node.api.http;

import io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.InternalProtocolNegotiators;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Lets a client port serve gRPC and HTTP/1.1 side by side, as etcd does (cmux): each connection, after TLS on an
 * https URL, goes to gRPC when ALPN chose "h2" or its first bytes are the HTTP/2 preface, and otherwise to etcd's
 * HTTP endpoints. A gRPC connection ends up with exactly the handlers grpc-netty's own negotiators give it; a TLS
 * handshake is done (and a client certificate required) before either protocol sees a byte.
 */
public final class ClientPortNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
    private static final AsciiString HTTP = AsciiString.of("http");
    private static final AsciiString HTTPS = AsciiString.of("https");

    private final Optional<SslContext> tls;
    private final Http1Stage http;
    private final InternalProtocolNegotiator.ProtocolNegotiator plaintext = InternalProtocolNegotiators.serverPlaintext();

    /**
     * @param tls     the TLS context for an https URL, empty for an http one
     * @param workers where HTTP requests are answered (never the network threads)
     */
    public ClientPortNegotiator(Optional<SslContext> tls, EndpointRoutes routes, Executor workers) {
        this.tls = tls;
        this.http = new Http1Stage(routes, workers);
    }

    @Override
    public AsciiString scheme() {
        return tls.isPresent() ? HTTPS : HTTP;
    }

    @Override
    public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
        if (tls.isEmpty()) {
            return new ProtocolSniffer(plaintext.newHandler(grpcHandler), http);
        }
        ChannelHandler toGrpc = InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler);
        return InternalProtocolNegotiators.waitUntilActiveHandler(
                new TlsHandshakeStage(tls.get(), toGrpc, new ProtocolSniffer(toGrpc, http)),
                grpcHandler.getNegotiationLogger());
    }

    @Override
    public void close() {
        plaintext.close();
    }
}
