package dev.cairn.node.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What systemd does for a {@code Type=notify} unit, for tests: a unix datagram socket whose received messages can
 * be awaited. {@link #notifySocket()} is the value for {@code NOTIFY_SOCKET}.
 */
public final class NotifyReceiver implements AutoCloseable {
    private final EventLoopGroup loop;
    private final Channel channel;
    private final String notifySocket;
    private final BlockingQueue<String> messages = new ArrayBlockingQueue<>(16);

    private NotifyReceiver(String bindPath, String notifySocket) throws InterruptedException {
        this.notifySocket = notifySocket;
        this.loop = new EpollEventLoopGroup(1, new DefaultThreadFactory("notify-receiver", true));
        this.channel = new Bootstrap().group(loop).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        messages.offer(packet.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(new DomainSocketAddress(bindPath)).sync().channel();
    }

    /** A socket file at {@code path}, which must not exist yet. */
    public static NotifyReceiver atPath(String path) throws InterruptedException {
        return new NotifyReceiver(path, path);
    }

    /** A socket in Linux's abstract namespace, named {@code @name} in NOTIFY_SOCKET as systemd writes it. */
    public static NotifyReceiver abstractNamed(String name) throws InterruptedException {
        return new NotifyReceiver("\0" + name, "@" + name);
    }

    public String notifySocket() {
        return notifySocket;
    }

    /** The next message received, or null if none arrives in time. */
    public String next(Duration timeout) throws InterruptedException {
        return messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().await(5, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }
}
