package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseKeepAliveResponse;
import dev.cairn.node.proto.etcdserverpb.LeaseLeasesRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseStatus;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseTimeToLiveResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Lease service on the wire with our generated stubs: exact errors, and what etcd answers without one. */
class LeaseWireTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private ManagedChannel channel;
    private LeaseGrpc.LeaseBlockingStub lease;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
        lease = LeaseGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        member.close();
    }

    private static void assertStatus(Runnable call, Status.Code code, String message) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e.getStatus().getCode()).isEqualTo(code);
        assertThat(e.getStatus().getDescription()).isEqualTo(message);
    }

    @Test
    void aClientChosenIdIsGrantedOnce() {
        assertThat(lease.leaseGrant(LeaseGrantRequest.newBuilder().setID(77).setTTL(30).build()).getID()).isEqualTo(77);
        assertStatus(() -> lease.leaseGrant(LeaseGrantRequest.newBuilder().setID(77).setTTL(30).build()),
                Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
    }

    @Test
    void aTtlOverTheMaximumIsOutOfRange() {
        assertStatus(() -> lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(9_000_000_001L).build()),
                Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
        assertThat(lease.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(9_000_000_000L).build()).getTTL())
                .isEqualTo(9_000_000_000L);
    }

    @Test
    void revokingAnUnknownLeaseIsNotFound() {
        assertStatus(() -> lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(5).build()),
                Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
    }

    @Test
    void timeToLiveOfAnUnknownLeaseIsMinusOneWithoutError() {
        LeaseTimeToLiveResponse response = lease.leaseTimeToLive(
                LeaseTimeToLiveRequest.newBuilder().setID(5).setKeys(true).build());
        assertThat(response.getID()).isEqualTo(5);
        assertThat(response.getTTL()).isEqualTo(-1);
        assertThat(response.getHeader().getRevision()).isEqualTo(1);
    }

    @Test
    void leasesListsEveryGrantedLeaseSoonestExpiryFirst() {
        lease.leaseGrant(LeaseGrantRequest.newBuilder().setID(1).setTTL(60).build());
        lease.leaseGrant(LeaseGrantRequest.newBuilder().setID(2).setTTL(10).build());
        assertThat(lease.leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList())
                .extracting(LeaseStatus::getID).containsExactly(2L, 1L);
        lease.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(2).build());
        assertThat(lease.leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList())
                .extracting(LeaseStatus::getID).containsExactly(1L);
    }

    @Test
    void aKeepAliveOfAnUnknownLeaseAnswersTtlZeroOnTheStream() throws Exception {
        lease.leaseGrant(LeaseGrantRequest.newBuilder().setID(9).setTTL(60).build());
        LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        StreamObserver<LeaseKeepAliveRequest> requests = LeaseGrpc.newStub(channel).leaseKeepAlive(new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add("completed");
            }
        });
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(404).build());
        requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(9).build());
        requests.onCompleted();

        LeaseKeepAliveResponse unknown = (LeaseKeepAliveResponse) answers.poll(10, TimeUnit.SECONDS);
        assertThat(unknown.getID()).isEqualTo(404);
        assertThat(unknown.getTTL()).isZero();
        assertThat(unknown.getHeader().getRevision()).isEqualTo(1);
        LeaseKeepAliveResponse known = (LeaseKeepAliveResponse) answers.poll(10, TimeUnit.SECONDS);
        assertThat(known.getID()).isEqualTo(9);
        assertThat(known.getTTL()).isEqualTo(60);
        assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("completed");
    }
}
