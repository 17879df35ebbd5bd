package dev.cairn.node.api.http;

import io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.ProtocolNegotiationEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;

/**
 * Reads a connection's first bytes and hands it to gRPC when they are the HTTP/2 client preface, to the HTTP/1.1
 * endpoints as soon as they cannot be. Holds at most the preface's 24 bytes meanwhile. gRPC's negotiation event,
 * which reaches this handler when the connection starts, is passed on only if the connection goes to gRPC.
 */
final class ProtocolSniffer extends ChannelInboundHandlerAdapter {
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ChannelHandler grpc;
    private final Http1Stage http;
    private ProtocolNegotiationEvent negotiation = InternalProtocolNegotiationEvent.getDefault();
    private ByteBuf received;

    /** @param grpc the handler that continues gRPC's negotiation once this one has stepped aside */
    ProtocolSniffer(ChannelHandler grpc, Http1Stage http) {
        this.grpc = grpc;
        this.http = http;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ProtocolNegotiationEvent started) {
            negotiation = started;
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(message);
            return;
        }
        received = received == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received, bytes);
        int seen = Math.min(received.readableBytes(), HTTP2_PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (received.getByte(received.readerIndex() + i) != HTTP2_PREFACE[i]) {
                toHttp1(ctx);
                return;
            }
        }
        if (seen == HTTP2_PREFACE.length) {
            toGrpc(ctx);
        }
    }

    private void toGrpc(ChannelHandlerContext ctx) {
        ByteBuf bytes = takeReceived();
        // A replaced context forwards to its replacement, so the preface reaches the gRPC handler once it is in place.
        ctx.pipeline().replace(this, null, grpc);
        ctx.fireUserEventTriggered(negotiation);
        ctx.fireChannelRead(bytes);
    }

    private void toHttp1(ChannelHandlerContext ctx) {
        ByteBuf bytes = takeReceived();
        http.installAfter(ctx);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(bytes);
    }

    private ByteBuf takeReceived() {
        ByteBuf bytes = received;
        received = null;
        return bytes;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (received != null) {
            received.release();
            received = null;
        }
    }
}
