package dev.cairn.node.cli.snapshot;

import dev.cairn.node.cli.bench.Endpoint;
import dev.cairn.node.tls.TlsSetupException;
import dev.cairn.node.tls.ToolClientTls;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC channel to one member from etcdctl's connection flags: the endpoint ({@code host:port},
 * {@code http://host:port} or {@code https://host:port}) and {@code --cacert}, {@code --cert}, {@code --key}. As
 * etcdctl: a bare {@code host:port} speaks TLS when any of those flags is given.
 */
public final class ToolConnection implements AutoCloseable {

    /** The flags {@link #open} reads; commands add them to the flags they accept. */
    public static final Set<String> FLAGS = Set.of("cacert", "cert", "key");

    private final ManagedChannel channel;

    private ToolConnection(ManagedChannel channel) {
        this.channel = channel;
    }

    public static ToolConnection open(String endpoint, Optional<String> caFile, Optional<String> certFile,
                                      Optional<String> keyFile) {
        String text = endpoint.strip();
        boolean https = text.startsWith("https://");
        boolean tlsFlags = caFile.isPresent() || certFile.isPresent() || keyFile.isPresent();
        if (text.startsWith("http://") && tlsFlags) {
            throw new SnapshotUsageException("--cacert, --cert and --key need an https:// endpoint, not " + text);
        }
        Endpoint address = Endpoint.parse(https ? "http://" + text.substring("https://".length()) : text);
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address.host(), address.port())
                .maxInboundMessageSize(8 * 1024 * 1024);
        if (https || tlsFlags) {
            try {
                builder.sslContext(ToolClientTls.build(caFile.map(Path::of), certFile.map(Path::of),
                        keyFile.map(Path::of)));
            } catch (TlsSetupException e) {
                throw new SnapshotUsageException(e.getMessage());
            }
        } else {
            builder.usePlaintext();
        }
        return new ToolConnection(builder.build());
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
