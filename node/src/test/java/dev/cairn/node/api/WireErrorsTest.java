package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.MoveLeaderRequest;
import dev.cairn.node.proto.etcdserverpb.AuthGrpc;
import dev.cairn.node.proto.etcdserverpb.AuthStatusRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Exact gRPC codes and messages on the wire, as etcd clients match them. */
class WireErrorsTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private ManagedChannel channel;
    private KVGrpc.KVBlockingStub kv;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
        kv = KVGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        member.close();
    }

    @Test
    void anEmptyKeyIsRefused() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setValue(ByteString.copyFromUtf8("v")).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: key is not provided");
    }

    @Test
    void aFutureRevisionIsOutOfRange() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> kv.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setRevision(100).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: mvcc: required revision is a future revision");
    }

    @Test
    void aPutWithAnUnknownLeaseIsNotFound() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).setLease(1234).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: requested lease not found");
    }

    @Test
    void aRequestOverMaxRequestBytesIsTooLargeAndNothingIsWritten() {
        ByteString value = ByteString.copyFrom(new byte[1_600_000]);
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> kv.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).setValue(value).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: request is too large");
        assertThat(kv.range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("big")).build()).getCount()).isZero();
    }

    @Test
    void moveLeaderAcceptsOnlyTheLeaderItselfAsTargetOnASingleMember() {
        var maintenance = MaintenanceGrpc.newBlockingStub(channel);
        long self = member.node().membership().localId();
        var moved = maintenance.moveLeader(MoveLeaderRequest.newBuilder()
                .setTargetID(self).build());
        assertThat(moved.getHeader().getMemberId()).isEqualTo(self);
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> maintenance.moveLeader(
                MoveLeaderRequest.newBuilder().setTargetID(0x1234).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).isEqualTo("etcdserver: bad leader transferee");
    }

    @Test
    void rpcsNotBuiltYetAnswerUnimplemented() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> AuthGrpc.newBlockingStub(channel).authStatus(AuthStatusRequest.getDefaultInstance()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void callsRequiringALeaderAreServedWhileTheMemberLeads() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("hasleader", Metadata.ASCII_STRING_MARSHALLER), "true");
        var range = kv.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build());
        assertThat(range.getHeader().getRevision()).isEqualTo(1);
    }
}
