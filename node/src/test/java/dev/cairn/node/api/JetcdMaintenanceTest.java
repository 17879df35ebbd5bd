package dev.cairn.node.api;

import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmResponse;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.proto.etcdserverpb.DefragmentRequest;
import dev.cairn.node.proto.etcdserverpb.DefragmentResponse;
import dev.cairn.node.proto.etcdserverpb.HashRequest;
import dev.cairn.node.proto.etcdserverpb.MaintenanceGrpc;
import dev.cairn.node.proto.etcdserverpb.StatusRequest;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Maintenance;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.maintenance.HashKVResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Maintenance Hash, HashKV, Defragment, Alarm and the space quota, as jetcd and etcd's own stubs use them. */
class JetcdMaintenanceTest {
    private static final String NO_SPACE = "etcdserver: mvcc: database space exceeded";
    private static final long TINY_QUOTA = 200_000;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    private Client clientOf(InProcessMember member) {
        return open(Client.builder().endpoints(member.endpoint()).build());
    }

    private MaintenanceGrpc.MaintenanceBlockingStub stubOf(InProcessMember member) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext().build();
        opened.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** The same history on any member: puts, overwrites, a delete, a txn and a compaction. */
    private static void writeHistory(KV kv) throws Exception {
        for (int i = 0; i < 20; i++) {
            kv.put(bytes("key" + i), bytes("v" + i)).get();
        }
        kv.put(bytes("key3"), bytes("again")).get();
        kv.delete(bytes("key1"), DeleteOption.builder().withRange(bytes("key2")).build()).get();
        kv.txn().Then(Op.put(bytes("t"), bytes("1"), PutOption.DEFAULT), Op.delete(bytes("key5"), DeleteOption.DEFAULT))
                .commit().get();
        kv.compact(10, CompactOption.builder().withCompactPhysical(true).build()).get();
    }

    private static HashKVResponse hashKv(Client client, String endpoint, long revision) throws Exception {
        return client.getMaintenanceClient().hashKV(endpoint, revision).get();
    }

    @Test
    void hashKvIsEqualOnTwoMembersWithTheSameHistoryWhateverTheirLayoutAndDiffersAfterADifferentWrite() throws Exception {
        InProcessMember a = open(InProcessMember.start(dirA));
        InProcessMember b = open(InProcessMember.start(dirB));
        Client clientA = clientOf(a);
        Client clientB = clientOf(b);
        writeHistory(clientA.getKVClient());
        writeHistory(clientB.getKVClient());
        clientB.getMaintenanceClient().defragmentMember(b.endpoint()).get(); // b's files now differ from a's

        HashKVResponse hashA = hashKv(clientA, a.endpoint(), 0);
        HashKVResponse hashB = hashKv(clientB, b.endpoint(), 0);
        assertThat(hashA.getHash()).isEqualTo(hashB.getHash());
        assertThat(hashA.getCompacted()).isEqualTo(10).isEqualTo(hashB.getCompacted());
        assertThat(hashA.getHeader().getRevision()).isEqualTo(24);

        clientA.getKVClient().put(bytes("key0"), bytes("a")).get();
        clientB.getKVClient().put(bytes("key0"), bytes("b")).get();
        assertThat(hashKv(clientA, a.endpoint(), 0).getHash()).isNotEqualTo(hashKv(clientB, b.endpoint(), 0).getHash());
        assertThat(hashKv(clientA, a.endpoint(), 24).getHash()).isEqualTo(hashA.getHash());
        assertThat(hashKv(clientB, b.endpoint(), 24).getHash()).isEqualTo(hashA.getHash());
    }

    @Test
    void hashKvAtARevisionIgnoresLaterWritesAndValidatesTheRevisionAsRange() throws Exception {
        InProcessMember member = open(InProcessMember.start(dirA));
        Client client = clientOf(member);
        KV kv = client.getKVClient();
        HashKVResponse empty = hashKv(client, member.endpoint(), 0);
        assertThat(empty.getCompacted()).isEqualTo(-1);
        kv.put(bytes("a"), bytes("1")).get();
        kv.put(bytes("b"), bytes("2")).get();
        HashKVResponse atThree = hashKv(client, member.endpoint(), 3);
        assertThat(atThree.getHash()).isNotEqualTo(empty.getHash());
        assertThat(hashKv(client, member.endpoint(), 1).getHash()).isEqualTo(empty.getHash());
        kv.put(bytes("c"), bytes("3")).get();
        HashKVResponse later = hashKv(client, member.endpoint(), 3);
        assertThat(later.getHash()).isEqualTo(atThree.getHash());
        assertThat(later.getHeader().getRevision()).isEqualTo(4);

        assertStatus(() -> hashKv(client, member.endpoint(), 5), Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision is a future revision");
        kv.compact(3).get();
        assertStatus(() -> hashKv(client, member.endpoint(), 2), Status.Code.OUT_OF_RANGE,
                "etcdserver: mvcc: required revision has been compacted");
        HashKVResponse atCompaction = hashKv(client, member.endpoint(), 3);
        assertThat(atCompaction.getCompacted()).isEqualTo(3);
        assertThat(atCompaction.getHash()).isEqualTo(atThree.getHash()); // nothing below 3 was superseded
    }

    @Test
    void hashOfTheWholeStoreIsStableAndChangesWithTheData() throws Exception {
        InProcessMember member = open(InProcessMember.start(dirA));
        MaintenanceGrpc.MaintenanceBlockingStub stub = stubOf(member);
        KV kv = clientOf(member).getKVClient();
        kv.put(bytes("a"), bytes("1")).get();
        int first = stub.hash(HashRequest.getDefaultInstance()).getHash();
        assertThat(stub.hash(HashRequest.getDefaultInstance()).getHash()).isEqualTo(first);
        kv.put(bytes("a"), bytes("2")).get();
        assertThat(stub.hash(HashRequest.getDefaultInstance()).getHash()).isNotEqualTo(first);
        assertThat(stub.hash(HashRequest.getDefaultInstance()).getHeader().getRevision()).isEqualTo(3);
    }

    @Test
    void defragmentShrinksTheDatabaseAfterMostKeysAreDeletedAndCompacted() throws Exception {
        InProcessMember member = open(InProcessMember.start(dirA));
        Client client = clientOf(member);
        KV kv = client.getKVClient();
        String value = "x".repeat(1024);
        for (int i = 0; i < 2000; i++) {
            kv.put(bytes(String.format("key%05d", i)), bytes(value)).get();
        }
        long revision = kv.delete(bytes("key"), DeleteOption.builder().isPrefix(true).build()).get()
                .getHeader().getRevision();
        kv.put(bytes("survivor"), bytes("1")).get();
        kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()).get();
        Maintenance maintenance = client.getMaintenanceClient();
        long before = maintenance.statusMember(member.endpoint()).get().getDbSize();

        maintenance.defragmentMember(member.endpoint()).get();

        long after = maintenance.statusMember(member.endpoint()).get().getDbSize();
        assertThat(before).isGreaterThan(2_000_000);
        assertThat(after).isLessThan(before / 4);
        assertThat(kv.get(bytes("survivor")).get().getKvs()).hasSize(1);
    }

    @Test
    void defragmentAnswersEtcdsEmptyResponse() {
        InProcessMember member = open(startQuietly(dirA));
        assertThat(stubOf(member).defragment(DefragmentRequest.getDefaultInstance()))
                .isEqualTo(DefragmentResponse.getDefaultInstance());
    }

    @Test
    void aWritePastTheQuotaRaisesNospaceWhichBlocksWritesButNotReadsDeletesOrCompactionUntilDisarmed() throws Exception {
        InProcessMember member = open(InProcessMember.startWithQuota(dirA, TINY_QUOTA));
        Client client = clientOf(member);
        KV kv = client.getKVClient();
        Maintenance maintenance = client.getMaintenanceClient();
        MaintenanceGrpc.MaintenanceBlockingStub stub = stubOf(member);
        String value = "x".repeat(1024);
        int written = 0;
        ExecutionException refused = null;
        while (refused == null && written < 1000) {
            try {
                kv.put(bytes("key" + written), bytes(value)).get();
                written++;
            } catch (ExecutionException e) {
                refused = e;
            }
        }
        assertThat(written).isBetween(10, 999);
        assertNoSpace(refused);
        long memberId = member.node().membership().localId();
        assertThat(maintenance.listAlarms().get().getAlarms()).singleElement().satisfies(alarm -> {
            assertThat(alarm.getMemberId()).isEqualTo(memberId);
            assertThat(alarm.getAlarmType()).isEqualTo(io.etcd.jetcd.maintenance.AlarmType.NOSPACE);
        });
        assertThat(stub.status(StatusRequest.getDefaultInstance()).getErrorsList())
                .containsExactly("memberID:" + Long.toUnsignedString(memberId) + " alarm:NOSPACE ");

        assertNoSpace(catchThrowableOfType(ExecutionException.class, () -> kv.put(bytes("tiny"), bytes("")).get()));
        assertNoSpace(catchThrowableOfType(ExecutionException.class,
                () -> kv.txn().Then(Op.put(bytes("tiny"), bytes(""), PutOption.DEFAULT)).commit().get()));
        assertNoSpace(catchThrowableOfType(ExecutionException.class, () -> client.getLeaseClient().grant(60).get()));
        assertThat(kv.txn().Then(Op.get(bytes("key0"), GetOption.DEFAULT)).commit().get().isSucceeded()).isTrue();
        assertThat(kv.get(bytes("key0")).get().getKvs()).hasSize(1);
        long deletedAt = kv.delete(bytes("key"), DeleteOption.builder().isPrefix(true).build()).get()
                .getHeader().getRevision();
        kv.compact(deletedAt, CompactOption.builder().withCompactPhysical(true).build()).get();
        maintenance.defragmentMember(member.endpoint()).get();
        // The store has room again, but the alarm still caps writes until an operator disarms it.
        assertNoSpace(catchThrowableOfType(ExecutionException.class, () -> kv.put(bytes("tiny"), bytes("")).get()));

        AlarmMember alarm = maintenance.listAlarms().get().getAlarms().get(0);
        assertThat(maintenance.alarmDisarm(alarm).get().getAlarms()).hasSize(1);

        assertThat(maintenance.listAlarms().get().getAlarms()).isEmpty();
        assertThat(stub.status(StatusRequest.getDefaultInstance()).getErrorsList()).isEmpty();
        assertThat(kv.put(bytes("tiny"), bytes("works")).get().getHeader().getRevision()).isGreaterThan(deletedAt);
        assertThat(client.getLeaseClient().grant(60).get().getID()).isPositive();
    }

    @Test
    void alarmsAreActivatedListedByTypeDisarmedAndSurviveARestart() throws Exception {
        InProcessMember member = open(InProcessMember.start(dirA));
        MaintenanceGrpc.MaintenanceBlockingStub stub = stubOf(member);
        AlarmResponse activated = stub.alarm(alarm(AlarmRequest.AlarmAction.ACTIVATE, 7, AlarmType.CORRUPT));
        assertThat(activated.getAlarmsList()).singleElement().satisfies(a -> assertThat(a.getMemberID()).isEqualTo(7));
        assertThat(activated.hasHeader()).isFalse(); // as etcd's
        stub.alarm(alarm(AlarmRequest.AlarmAction.ACTIVATE, 9, AlarmType.NOSPACE));
        assertThat(stub.alarm(alarm(AlarmRequest.AlarmAction.ACTIVATE, 7, AlarmType.CORRUPT)).getAlarmsCount()).isEqualTo(1);

        assertThat(stub.alarm(alarm(AlarmRequest.AlarmAction.GET, 0, AlarmType.NONE)).getAlarmsList())
                .extracting(a -> a.getAlarm() + "@" + a.getMemberID()).containsExactly("NOSPACE@9", "CORRUPT@7");
        assertThat(stub.alarm(alarm(AlarmRequest.AlarmAction.GET, 0, AlarmType.CORRUPT)).getAlarmsList())
                .extracting(a -> a.getAlarm() + "@" + a.getMemberID()).containsExactly("CORRUPT@7");
        // etcd's server removes exactly the alarm named; clients expand "all" (0, NONE) from a GET first.
        assertThat(stub.alarm(alarm(AlarmRequest.AlarmAction.DEACTIVATE, 0, AlarmType.NONE)).getAlarmsCount()).isZero();
        assertThat(stub.alarm(alarm(AlarmRequest.AlarmAction.DEACTIVATE, 8, AlarmType.CORRUPT)).getAlarmsCount()).isZero();

        member.close();
        opened.remove(member);
        InProcessMember restarted = open(InProcessMember.start(dirA));
        MaintenanceGrpc.MaintenanceBlockingStub restartedStub = stubOf(restarted);
        assertThat(restartedStub.alarm(alarm(AlarmRequest.AlarmAction.GET, 0, AlarmType.NONE)).getAlarmsCount()).isEqualTo(2);
        Maintenance maintenance = clientOf(restarted).getMaintenanceClient();
        maintenance.alarmDisarm(new AlarmMember(9, io.etcd.jetcd.maintenance.AlarmType.NOSPACE)).get();
        assertThat(maintenance.listAlarms().get().getAlarms()).singleElement()
                .satisfies(a -> assertThat(a.getMemberId()).isEqualTo(7));
    }

    private static AlarmRequest alarm(AlarmRequest.AlarmAction action, long memberId, AlarmType type) {
        return AlarmRequest.newBuilder().setAction(action).setMemberID(memberId).setAlarm(type).build();
    }

    private static InProcessMember startQuietly(Path dir) {
        try {
            return InProcessMember.start(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertNoSpace(Throwable failure) {
        assertThat(failure).isNotNull();
        Status status = Status.fromThrowable(failure);
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).isEqualTo(NO_SPACE);
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertStatus(Call call, Status.Code code, String description) {
        assertThatThrownBy(call::run).satisfies(failure -> {
            Status status = Status.fromThrowable(failure);
            assertThat(status.getCode()).isEqualTo(code);
            assertThat(status.getDescription()).isEqualTo(description);
        });
    }
}
