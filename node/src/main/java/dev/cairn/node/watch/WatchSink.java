package dev.cairn.node.watch;

import dev.cairn.node.proto.etcdserverpb.WatchResponse;

/** Where a watch stream's responses go: the gRPC call, seen through what the sender needs of it. */
public interface WatchSink {
    /** False while the transport's buffer is full; the stream is told through {@link WatchStream#readyChanged()}. */
    boolean isReady();

    /** Sends one response; throws a RuntimeException when the call is gone. */
    void send(WatchResponse response);

    /** Ends the call normally. */
    void finish();
}
