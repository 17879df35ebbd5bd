package dev.cairn.node.metrics;

/**
 * The measurements of one member that no single component owns: its gRPC server's request counters (fed by the
 * client listeners) and the round-trip times to its peers (fed by the peer transport).
 */
public final class NodeMetrics {
    private final GrpcRequestCounters grpcRequests = new GrpcRequestCounters();
    // etcd's rafthttp rttSec: ExponentialBuckets(0.0001, 2, 16), labelled by the peer's id.
    private final LabelledHistograms peerRoundTrip =
            new LabelledHistograms("To", () -> DurationHistogram.exponential(0.0001, 2, 16));

    public GrpcRequestCounters grpcRequests() {
        return grpcRequests;
    }

    public LabelledHistograms peerRoundTrip() {
        return peerRoundTrip;
    }
}
