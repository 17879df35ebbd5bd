package dev.cairn.node.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Answers the HTTP/1.1 requests of one client-port connection with {@link EndpointRoutes}, on the worker pool, one
 * at a time and in order (HTTP/1.1 pipelining). A client that pipelines more than a few requests is disconnected.
 */
final class EndpointChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(EndpointChannelHandler.class.getName());
    private static final int MAX_WAITING = 16;
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final EndpointResponse BUSY =
            EndpointResponse.of(503, TEXT, "too many HTTP requests in progress; retry later\n");
    private static final EndpointResponse FAILED = EndpointResponse.of(500, TEXT, "Internal Server Error\n");

    private final EndpointRoutes routes;
    private final Executor workers;
    private final Queue<EndpointRequest> waiting = new ArrayDeque<>();
    private boolean answering;

    EndpointChannelHandler(EndpointRoutes routes, Executor workers) {
        this.routes = routes;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, EndpointResponse.of(400, TEXT, "400 Bad Request")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        EndpointRequest endpointRequest = toEndpointRequest(request);
        if (!answering) {
            answer(ctx, endpointRequest);
        } else if (waiting.size() < MAX_WAITING) {
            waiting.add(endpointRequest);
        } else {
            ctx.close();
        }
    }

    /** The request target is normally a path; the absolute form ({@code http://host/health}) is accepted too. */
    private static EndpointRequest toEndpointRequest(FullHttpRequest request) {
        String target = request.uri();
        if (!target.startsWith("/")) {
            try {
                URI uri = new URI(target);
                return new EndpointRequest(request.method().name(), uri.getRawPath(), uri.getRawQuery());
            } catch (Exception e) {
                return new EndpointRequest(request.method().name(), target, null);
            }
        }
        int query = target.indexOf('?');
        return query < 0
                ? new EndpointRequest(request.method().name(), target, null)
                : new EndpointRequest(request.method().name(), target.substring(0, query), target.substring(query + 1));
    }

    private void answer(ChannelHandlerContext ctx, EndpointRequest request) {
        answering = true;
        try {
            workers.execute(() -> {
                EndpointResponse response = answerSafely(request);
                try {
                    ctx.executor().execute(() -> finish(ctx, response));
                } catch (RejectedExecutionException e) {
                    LOG.log(System.Logger.Level.DEBUG, "HTTP answer dropped: the server is stopping");
                }
            });
        } catch (RejectedExecutionException e) {
            finish(ctx, BUSY);
        }
    }

    private EndpointResponse answerSafely(EndpointRequest request) {
        try {
            return routes.answer(request);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "HTTP " + request.method() + " " + request.path() + " failed", e);
            return FAILED;
        }
    }

    private void finish(ChannelHandlerContext ctx, EndpointResponse response) {
        send(ctx, response);
        answering = false;
        EndpointRequest next = waiting.poll();
        if (next != null) {
            answer(ctx, next);
        }
    }

    private static ChannelFuture send(ChannelHandlerContext ctx, EndpointResponse response) {
        ByteBuf body = Unpooled.copiedBuffer(response.body(), StandardCharsets.UTF_8);
        DefaultFullHttpResponse message = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), body);
        if (response.contentType() != null) {
            message.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        response.headers().forEach(message.headers()::set);
        HttpUtil.setContentLength(message, body.readableBytes());
        return ctx.writeAndFlush(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "HTTP connection on the client port failed: " + cause.getMessage());
        ctx.close();
    }
}
