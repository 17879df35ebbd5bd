package dev.cairn.node.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * systemd's readiness protocol for {@code Type=notify} units, as etcd uses it: once the member serves clients, one
 * {@code READY=1} datagram goes to the unix socket in {@code $NOTIFY_SOCKET}. It is sent by this process itself (the
 * unit's main process, as {@code NotifyAccess=main} requires), through Netty's native epoll transport, since the JDK
 * cannot send unix datagrams. Without {@code NOTIFY_SOCKET} nothing happens; a failure is logged, never fatal.
 */
public final class SystemdNotifier {
    static final String READY = "READY=1";
    private static final System.Logger LOG = System.getLogger(SystemdNotifier.class.getName());
    private static final long TIMEOUT_SECONDS = 5;

    private SystemdNotifier() {
    }

    /** Sends READY=1 if the environment names a notify socket. */
    public static void notifyReady(Map<String, String> environment) {
        String socket = environment.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "notifying init daemon");
        try {
            send(NotifySocket.address(socket), READY);
            LOG.log(System.Logger.Level.INFO, "successfully notified init daemon");
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "failed to notify systemd for readiness: " + e.getMessage());
        }
    }

    private static void send(DomainSocketAddress target, String message) throws Exception {
        if (!Epoll.isAvailable()) {
            throw new IOException("the native epoll transport is unavailable: " + Epoll.unavailabilityCause());
        }
        EventLoopGroup loop = new EpollEventLoopGroup(1, new DefaultThreadFactory("cairn-sd-notify", true));
        try {
            ChannelFuture connected = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(target);
            Channel channel = awaitSuccess(connected, "connect to " + target.path().replace('\0', '@')).channel();
            try {
                awaitSuccess(channel.writeAndFlush(Unpooled.copiedBuffer(message, StandardCharsets.UTF_8)),
                        "send " + message);
            } finally {
                channel.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            loop.shutdownGracefully(0, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static ChannelFuture awaitSuccess(ChannelFuture future, String what) throws Exception {
        if (!future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException("cannot " + what + " within " + TIMEOUT_SECONDS + " s");
        }
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw new IOException("cannot " + what + ": " + (cause.getMessage() != null ? cause.getMessage() : cause), cause);
        }
        return future;
    }
}
