package dev.cairn.node.error;

/** An etcd error raised anywhere in the node; the API layer turns it into etcd's gRPC status. */
public final class EtcdException extends RuntimeException {
    private final EtcdError error;

    public EtcdException(EtcdError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public EtcdError error() {
        return error;
    }
}
