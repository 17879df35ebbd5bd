package dev.cairn.node.apply;

import static dev.cairn.node.apply.KvFixture.assertFails;
import static dev.cairn.node.apply.KvFixture.bs;
import static dev.cairn.node.apply.KvFixture.keys;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.error.EtcdError;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeResponse;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.PutResponse;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.mvccpb.KeyValue;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PutDeleteSemanticsTest {
    @TempDir
    Path dir;
    KvFixture kv;

    @BeforeEach
    void setUp() {
        kv = new KvFixture(dir);
    }

    @AfterEach
    void tearDown() {
        kv.close();
    }

    private KeyValue get(String key) {
        return kv.range(key, "").getKvs(0);
    }

    @Test
    void everyPutBumpsTheRevisionAndVersion() {
        assertThat(kv.put("k", "v").getHeader().getRevision()).isEqualTo(2);
        assertThat(kv.put("k", "v").getHeader().getRevision()).isEqualTo(3);
        KeyValue stored = get("k");
        assertThat(stored.getVersion()).isEqualTo(2);
        assertThat(stored.getCreateRevision()).isEqualTo(2);
        assertThat(stored.getModRevision()).isEqualTo(3);
    }

    @Test
    void prevKvReturnsTheOverwrittenValue() {
        PutResponse first = kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("1")).setPrevKv(true).build());
        assertThat(first.hasPrevKv()).isFalse();
        PutResponse second = kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("2")).setPrevKv(true).build());
        assertThat(second.getPrevKv().getValue().toStringUtf8()).isEqualTo("1");
        assertThat(second.getPrevKv().getModRevision()).isEqualTo(2);
    }

    @Test
    void leasesMustExist() {
        assertFails(EtcdError.LEASE_NOT_FOUND,
                () -> kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(42).build()));
        assertThat(kv.store.currentRevision()).isEqualTo(1);

        kv.leases.add(42L);
        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(42).build());
        assertThat(get("k").getLease()).isEqualTo(42);
    }

    @Test
    void writesAttachAndDetachKeysOnlyWhenTheirRequestSucceeds() {
        kv.leases.add(42L);
        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(42).build());
        assertThat(kv.leases.attached).containsEntry("k", 42L);

        kv.put(PutRequest.newBuilder().setKey(bs("k")).setIgnoreValue(true).setIgnoreLease(true).build());
        assertThat(kv.leases.attached).containsEntry("k", 42L);

        kv.put("k", "plain");
        assertThat(kv.leases.attached).containsEntry("k", 0L);

        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(42).build());
        kv.delete(DeleteRangeRequest.newBuilder().setKey(bs("k")).build());
        assertThat(kv.leases.attached).containsEntry("k", 0L);

        kv.leases.attached.clear();
        assertFails(EtcdError.LEASE_NOT_FOUND, () -> kv.txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs("x")).setLease(42)))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bs("y")).setLease(9)))
                .build()));
        assertThat(kv.leases.attached).isEmpty();
    }

    @Test
    void ignoreValueAndIgnoreLeaseKeepTheCurrentOnes() {
        kv.leases.add(7L);
        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(7).build());

        kv.put(PutRequest.newBuilder().setKey(bs("k")).setIgnoreValue(true).setLease(7).build());
        assertThat(get("k").getValue().toStringUtf8()).isEqualTo("v");
        assertThat(get("k").getVersion()).isEqualTo(2);

        kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("w")).setIgnoreLease(true).build());
        assertThat(get("k").getValue().toStringUtf8()).isEqualTo("w");
        assertThat(get("k").getLease()).isEqualTo(7);
    }

    @Test
    void ignoreFlagsNeedAnExistingKey() {
        assertFails(EtcdError.KEY_NOT_FOUND,
                () -> kv.put(PutRequest.newBuilder().setKey(bs("k")).setIgnoreValue(true).build()));
        assertFails(EtcdError.KEY_NOT_FOUND,
                () -> kv.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("v")).setIgnoreLease(true).build()));
        assertThat(kv.store.currentRevision()).isEqualTo(1);
    }

    @Test
    void deleteRangeSharesOneRevisionAndReturnsPrevKvs() {
        kv.put("a", "1");
        kv.put("b", "2");
        kv.put("c", "3");
        DeleteRangeResponse deleted = kv.delete(
                DeleteRangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("c")).setPrevKv(true).build());

        assertThat(deleted.getDeleted()).isEqualTo(2);
        assertThat(keys(deleted.getPrevKvsList())).containsExactly("a", "b");
        assertThat(deleted.getHeader().getRevision()).isEqualTo(5);
        assertThat(kv.store.currentRevision()).isEqualTo(5);
        assertThat(keys(kv.range("\0", "\0").getKvsList())).containsExactly("c");

        kv.put("a", "again");
        assertThat(get("a").getVersion()).isEqualTo(1);
        assertThat(get("a").getCreateRevision()).isEqualTo(6);
    }

    @Test
    void deletingNothingKeepsTheRevision() {
        kv.put("a", "1");
        DeleteRangeResponse nothing = kv.delete(DeleteRangeRequest.newBuilder().setKey(bs("zz")).build());
        assertThat(nothing.getDeleted()).isZero();
        assertThat(nothing.getHeader().getRevision()).isEqualTo(2);
        assertThat(kv.store.currentRevision()).isEqualTo(2);

        DeleteRangeResponse allKeys = kv.delete(
                DeleteRangeRequest.newBuilder().setKey(bs("\0")).setRangeEnd(bs("\0")).build());
        assertThat(allKeys.getDeleted()).isEqualTo(1);
    }

    @Test
    void requestsInOneBatchSeeEachOtherAndAFailedOneLeavesNothing() {
        PutResponse second = kv.apply(batch -> {
            batch.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("1")).build());
            assertFails(EtcdError.LEASE_NOT_FOUND, () -> batch.put(
                    PutRequest.newBuilder().setKey(bs("k")).setValue(bs("bad")).setLease(9).build()));
            return batch.put(PutRequest.newBuilder().setKey(bs("k")).setValue(bs("2")).setPrevKv(true).build());
        });
        assertThat(second.getPrevKv().getValue().toStringUtf8()).isEqualTo("1");
        assertThat(second.getHeader().getRevision()).isEqualTo(3);
        assertThat(get("k").getVersion()).isEqualTo(2);
        assertThat(kv.store.consistentIndex()).isEqualTo(1);
    }

    @Test
    void metadataIsWrittenWithTheBatch() {
        kv.apply(batch -> {
            batch.writeMeta("members", new byte[] {1, 2});
            return null;
        });
        assertThat(kv.store.readMeta("members")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
    }
}
