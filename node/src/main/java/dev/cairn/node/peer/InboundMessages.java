package dev.cairn.node.peer;

import dev.cairn.node.proto.raft.PeerAck;
import dev.cairn.node.proto.raft.RaftMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * One inbound Send stream: checks each message and hands it to the host; the first bad one ends the stream.
 *
 * <p>Messages are asked for in batches rather than one at a time (gRPC's default), which would wake the transport
 * thread once per Raft message; the host never blocks, so at most {@link #WINDOW} messages wait in gRPC.
 */
final class InboundMessages implements StreamObserver<RaftMessage> {
    static final int WINDOW = 256;
    private static final int REFILL = WINDOW / 2;

    private final long localId;
    private final long clusterId;
    private final PeerHost host;
    private final ServerCallStreamObserver<PeerAck> response;
    private boolean failed;
    private int sinceRequest;

    InboundMessages(long localId, long clusterId, PeerHost host, ServerCallStreamObserver<PeerAck> response) {
        this.localId = localId;
        this.clusterId = clusterId;
        this.host = host;
        this.response = response;
        response.disableAutoRequest();
        response.request(WINDOW);
    }

    @Override
    public void onNext(RaftMessage proto) {
        if (failed) {
            return;
        }
        if (++sinceRequest == REFILL) {
            sinceRequest = 0;
            response.request(REFILL);
        }
        Status refusal = check(proto);
        if (refusal == null) {
            try {
                host.receive(RaftMessageCodec.fromProto(proto));
                return;
            } catch (IllegalArgumentException e) {
                refusal = Status.INVALID_ARGUMENT.withDescription("invalid raft message: " + e.getMessage());
            }
        }
        failed = true;
        response.onError(refusal.asRuntimeException());
    }

    private Status check(RaftMessage proto) {
        if (proto.getClusterId() != clusterId) {
            return PeerErrors.clusterIdMismatch();
        }
        if (host.isRemoved(proto.getFrom())) {
            return PeerErrors.memberRemoved();
        }
        if (proto.getTo() != localId) {
            return PeerErrors.toMismatch();
        }
        if (proto.getType() == dev.cairn.node.proto.raft.MessageType.SNAPSHOT) {
            return Status.INVALID_ARGUMENT.withDescription("snapshots are sent with InstallSnapshot, not Send");
        }
        return null;
    }

    @Override
    public void onError(Throwable t) {
        // The sender went away or cancelled; it reconnects by itself.
    }

    @Override
    public void onCompleted() {
        if (!failed) {
            response.onNext(PeerAck.getDefaultInstance());
            response.onCompleted();
        }
    }
}
