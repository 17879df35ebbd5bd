package dev.cairn.node.cli.bench;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import java.util.SplittableRandom;

/**
 * Puts of {@code valSize} random bytes under {@code keySize}-byte keys. As in etcd's benchmark, the key is the
 * zig-zag varint of a number in {@code [0, keySpaceSize)}, zero padded; that number is the request index modulo
 * the key space when keys are sequential, otherwise random.
 */
public final class PutWorkload implements Workload {
    private final LoadSize size;
    private final int keySize;
    private final long keySpaceSize;
    private final boolean sequentialKeys;
    private final ByteString value;
    private final SplittableRandom random;

    public PutWorkload(LoadSize size, int keySize, int valSize, long keySpaceSize, boolean sequentialKeys,
            long seed) {
        if (varintLength(keySpaceSize - 1) > keySize) {
            throw new BenchUsageException("--key-size " + keySize + " is too small for --key-space-size "
                    + keySpaceSize + " (needs " + varintLength(keySpaceSize - 1) + " bytes)");
        }
        this.size = size;
        this.keySize = keySize;
        this.keySpaceSize = keySpaceSize;
        this.sequentialKeys = sequentialKeys;
        this.random = new SplittableRandom(seed);
        byte[] valueBytes = new byte[valSize];
        random.nextBytes(valueBytes);
        this.value = ByteString.copyFrom(valueBytes);
    }

    @Override
    public String op() {
        return "put";
    }

    @Override
    public LoadSize size() {
        return size;
    }

    int keySize() {
        return keySize;
    }

    int valSize() {
        return value.size();
    }

    long keySpaceSize() {
        return keySpaceSize;
    }

    boolean sequentialKeys() {
        return sequentialKeys;
    }

    @Override
    public ListenableFuture<?> issue(KVGrpc.KVFutureStub stub, long index) {
        long keyNumber = sequentialKeys ? index % keySpaceSize : random.nextLong(keySpaceSize);
        return stub.put(PutRequest.newBuilder().setKey(key(keyNumber)).setValue(value).build());
    }

    ByteString key(long keyNumber) {
        byte[] key = new byte[keySize];
        long zigzag = (keyNumber << 1) ^ (keyNumber >> 63);
        int i = 0;
        while ((zigzag & ~0x7FL) != 0) {
            key[i++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        key[i] = (byte) zigzag;
        return ByteString.copyFrom(key);
    }

    static int varintLength(long number) {
        long zigzag = (number << 1) ^ (number >> 63);
        int length = 1;
        while ((zigzag & ~0x7FL) != 0) {
            zigzag >>>= 7;
            length++;
        }
        return length;
    }
}
