package dev.cairn.node.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

import java.util.concurrent.Executor;

/** Turns a client-port connection the sniffer found to be HTTP/1.x into one served by etcd's HTTP endpoints. */
final class Http1Stage {
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;
    private static final int MAX_CHUNK = 8192;
    /** The endpoints read no body; a larger one (such as a gateway request) is refused with 413. */
    private static final int MAX_BODY = 64 * 1024;

    private final EndpointRoutes routes;
    private final Executor workers;

    Http1Stage(EndpointRoutes routes, Executor workers) {
        this.routes = routes;
        this.workers = workers;
    }

    /** Adds the HTTP/1.1 handlers right after {@code ctx}, whose handler then steps aside. */
    void installAfter(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        String codec = ctx.name() + "#http-codec";
        String keepAlive = ctx.name() + "#http-keep-alive";
        String aggregator = ctx.name() + "#http-aggregator";
        pipeline.addAfter(ctx.name(), codec, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK));
        pipeline.addAfter(codec, keepAlive, new HttpServerKeepAliveHandler());
        pipeline.addAfter(keepAlive, aggregator, new HttpObjectAggregator(MAX_BODY));
        pipeline.addAfter(aggregator, ctx.name() + "#http-endpoints", new EndpointChannelHandler(routes, workers));
    }
}
