package dev.cairn.node.api.http;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.InternalChannelz;
import io.grpc.SecurityLevel;
import io.grpc.internal.GrpcAttributes;
import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import javax.net.ssl.SSLSession;

/**
 * The TLS handshake of an https client port, as grpc-netty's server TLS negotiation does it (same handler, same
 * attributes for the calls: the session, the peer's certificates, privacy-and-integrity), except that a connection
 * whose ALPN did not choose "h2" is not refused: it goes to the {@link ProtocolSniffer}, since HTTP/1.1 clients offer
 * "http/1.1" or nothing. A failed handshake (no or an untrusted client certificate) closes the connection.
 */
final class TlsHandshakeStage extends ChannelInboundHandlerAdapter {
    private final SslContext tls;
    private final ChannelHandler grpc;
    private final ChannelHandler sniffer;
    private ProtocolNegotiationEvent negotiation = InternalProtocolNegotiationEvent.getDefault();

    TlsHandshakeStage(SslContext tls, ChannelHandler grpc, ChannelHandler sniffer) {
        this.tls = tls;
        this.grpc = grpc;
        this.sniffer = sniffer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), null, tls.newHandler(ctx.alloc()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ProtocolNegotiationEvent started) {
            negotiation = started;
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                ctx.fireExceptionCaught(handshake.cause());
                return;
            }
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            ChannelHandler next = "h2".equals(ssl.applicationProtocol()) ? grpc : sniffer;
            ctx.pipeline().replace(this, null, next);
            ctx.fireUserEventTriggered(secured(ssl.engine().getSession()));
        }
        ctx.fireUserEventTriggered(event);
    }

    private ProtocolNegotiationEvent secured(SSLSession session) {
        Attributes attributes = InternalProtocolNegotiationEvent.getAttributes(negotiation).toBuilder()
                .set(GrpcAttributes.ATTR_SECURITY_LEVEL, SecurityLevel.PRIVACY_AND_INTEGRITY)
                .set(Grpc.TRANSPORT_ATTR_SSL_SESSION, session)
                .build();
        return InternalProtocolNegotiationEvent.withSecurity(
                InternalProtocolNegotiationEvent.withAttributes(negotiation, attributes),
                new InternalChannelz.Security(new InternalChannelz.Tls(session)));
    }
}
