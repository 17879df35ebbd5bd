package dev.cairn.node.api;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The KV API as jetcd, the official Java client, uses it against one in-process member. */
class JetcdKvTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private Client client;
    private KV kv;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        client = Client.builder().endpoints(member.endpoint()).build();
        kv = client.getKVClient();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (member != null) {
            member.close();
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFreshStoreStartsAtRevisionOneAndEveryPutAddsOne() throws Exception {
        GetResponse empty = kv.get(bytes("nothing")).get();
        assertThat(empty.getHeader().getRevision()).isEqualTo(1);
        assertThat(empty.getKvs()).isEmpty();

        PutResponse first = kv.put(bytes("a"), bytes("1")).get();
        PutResponse second = kv.put(bytes("a"), bytes("2"), PutOption.builder().withPrevKV().build()).get();

        assertThat(first.getHeader().getRevision()).isEqualTo(2);
        assertThat(second.getHeader().getRevision()).isEqualTo(3);
        assertThat(second.hasPrevKv()).isTrue();
        assertThat(text(second.getPrevKv().getValue())).isEqualTo("1");
        KeyValue current = kv.get(bytes("a")).get().getKvs().get(0);
        assertThat(current.getCreateRevision()).isEqualTo(2);
        assertThat(current.getModRevision()).isEqualTo(3);
        assertThat(current.getVersion()).isEqualTo(2);
        assertThat(first.getHeader().getClusterId()).isNotZero();
        assertThat(first.getHeader().getMemberId()).isNotZero();
        assertThat(first.getHeader().getRaftTerm()).isPositive();
    }

    @Test
    void prefixReadsSortLimitAndCountLikeEtcd() throws Exception {
        for (String key : List.of("p/b", "p/a", "p/c", "q")) {
            kv.put(bytes(key), bytes("v-" + key)).get();
        }
        GetResponse page = kv.get(bytes("p/"), GetOption.builder().isPrefix(true).withLimit(2)
                .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.DESCEND).build()).get();

        assertThat(page.getKvs()).extracting(kvp -> text(kvp.getKey())).containsExactly("p/c", "p/b");
        assertThat(page.isMore()).isTrue();
        assertThat(page.getCount()).isEqualTo(3);

        GetResponse keysOnly = kv.get(bytes("p/"), GetOption.builder().isPrefix(true).withKeysOnly(true).build()).get();
        assertThat(keysOnly.getKvs()).allSatisfy(kvp -> assertThat(kvp.getValue().isEmpty()).isTrue());
        GetResponse countOnly = kv.get(bytes("p/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get();
        assertThat(countOnly.getKvs()).isEmpty();
        assertThat(countOnly.getCount()).isEqualTo(3);
        GetResponse serializable = kv.get(bytes("q"), GetOption.builder().withSerializable(true).build()).get();
        assertThat(text(serializable.getKvs().get(0).getValue())).isEqualTo("v-q");
    }

    @Test
    void readsAnOlderRevisionAndDeletesWithPreviousValues() throws Exception {
        long written = kv.put(bytes("k"), bytes("old")).get().getHeader().getRevision();
        kv.put(bytes("k"), bytes("new")).get();

        GetResponse old = kv.get(bytes("k"), GetOption.builder().withRevision(written).build()).get();
        assertThat(text(old.getKvs().get(0).getValue())).isEqualTo("old");
        assertThat(old.getHeader().getRevision()).isEqualTo(written + 1);

        var deleted = kv.delete(bytes("k"), DeleteOption.builder().withPrevKV(true).build()).get();
        assertThat(deleted.getDeleted()).isEqualTo(1);
        assertThat(text(deleted.getPrevKvs().get(0).getValue())).isEqualTo("new");
        assertThat(deleted.getHeader().getRevision()).isEqualTo(written + 2);
        assertThat(kv.get(bytes("k")).get().getKvs()).isEmpty();
    }

    @Test
    void createIfAbsentTxnAsKubernetesWritesObjects() throws Exception {
        TxnResponse created = createIfAbsent("/registry/pods/p1", "v1");
        TxnResponse again = createIfAbsent("/registry/pods/p1", "v2");

        assertThat(created.isSucceeded()).isTrue();
        assertThat(created.getHeader().getRevision()).isEqualTo(2);
        assertThat(again.isSucceeded()).isFalse();
        assertThat(again.getGetResponses()).hasSize(1);
        assertThat(text(again.getGetResponses().get(0).getKvs().get(0).getValue())).isEqualTo("v1");
        assertThat(again.getHeader().getRevision()).isEqualTo(2);
    }

    private TxnResponse createIfAbsent(String key, String value) throws Exception {
        return kv.txn()
                .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(0)))
                .Then(Op.put(bytes(key), bytes(value), PutOption.DEFAULT))
                .Else(Op.get(bytes(key), GetOption.DEFAULT))
                .commit().get();
    }

    @Test
    void compactionRefusesOlderRevisionsAndKeepsLiveKeys() throws Exception {
        kv.put(bytes("c"), bytes("1")).get();
        long second = kv.put(bytes("c"), bytes("2")).get().getHeader().getRevision();
        kv.put(bytes("c"), bytes("3")).get();

        kv.compact(second, CompactOption.builder().withCompactPhysical(true).build()).get();

        assertThatThrownBy(() -> kv.get(bytes("c"), GetOption.builder().withRevision(second - 1).build()).get())
                .isInstanceOf(ExecutionException.class)
                .hasStackTraceContaining("etcdserver: mvcc: required revision has been compacted");
        assertThat(text(kv.get(bytes("c"), GetOption.builder().withRevision(second).build()).get()
                .getKvs().get(0).getValue())).isEqualTo("2");
        assertThat(text(kv.get(bytes("c")).get().getKvs().get(0).getValue())).isEqualTo("3");
    }

    @Test
    void concurrentWritesAreAllAcknowledgedWithDistinctRevisionsAndShareFsyncs() throws Exception {
        long fsyncsBefore = member.node().raftLogFsyncs();
        List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            puts.add(kv.put(bytes("load/" + i), bytes("v" + i)));
        }
        List<Long> revisions = new ArrayList<>();
        for (CompletableFuture<PutResponse> put : puts) {
            revisions.add(put.get().getHeader().getRevision());
        }
        assertThat(revisions).doesNotHaveDuplicates().allSatisfy(r -> assertThat(r).isBetween(2L, 501L));
        assertThat(kv.get(bytes("load/"), GetOption.builder().isPrefix(true).withCountOnly(true).build()).get()
                .getCount()).isEqualTo(500);
        // Group commit: the 500 puts were in flight together, so they cannot each have needed an fsync of their own.
        assertThat(member.node().raftLogFsyncs() - fsyncsBefore).isPositive().isLessThan(500);
    }

    @Test
    void dataAndRevisionNumberingSurviveARestart() throws Exception {
        kv.put(bytes("durable"), bytes("yes")).get();
        long revision = kv.put(bytes("durable"), bytes("still")).get().getHeader().getRevision();
        client.close();
        int port = member.port();
        member.close();

        member = InProcessMember.start(dataDir, port);
        client = Client.builder().endpoints(member.endpoint()).build();
        kv = client.getKVClient();

        GetResponse after = kv.get(bytes("durable")).get();
        assertThat(text(after.getKvs().get(0).getValue())).isEqualTo("still");
        assertThat(after.getHeader().getRevision()).isEqualTo(revision);
        assertThat(kv.put(bytes("durable"), bytes("next")).get().getHeader().getRevision()).isEqualTo(revision + 1);
    }

    @Test
    void statusAndMemberListDescribeTheMember() throws Exception {
        var status = client.getMaintenanceClient().statusMember(member.endpoint()).get();
        assertThat(status.getVersion()).isEqualTo(ServerVersion.ETCD_VERSION);
        assertThat(status.getLeader()).isEqualTo(status.getHeader().getMemberId());
        assertThat(status.getDbSize()).isPositive();
        assertThat(status.getRaftIndex()).isPositive();
        assertThat(status.getRaftAppliedIndex()).isPositive().isLessThanOrEqualTo(status.getRaftIndex());

        var members = client.getClusterClient().listMember().get().getMembers();
        assertThat(members).hasSize(1);
        assertThat(members.get(0).getName()).isEqualTo("m1");
        assertThat(members.get(0).getId()).isEqualTo(status.getHeader().getMemberId());
        assertThat(members.get(0).getClientURIs()).extracting(Object::toString).containsExactly(member.endpoint());
        assertThat(members.get(0).getPeerURIs()).extracting(Object::toString).containsExactly(InProcessMember.PEER_URL);
    }
}
