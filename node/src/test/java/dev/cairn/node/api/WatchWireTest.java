package dev.cairn.node.api;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.CompactionRequest;
import dev.cairn.node.proto.etcdserverpb.DeleteRangeRequest;
import dev.cairn.node.proto.etcdserverpb.KVGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseGrantRequest;
import dev.cairn.node.proto.etcdserverpb.LeaseGrpc;
import dev.cairn.node.proto.etcdserverpb.LeaseRevokeRequest;
import dev.cairn.node.proto.etcdserverpb.PutRequest;
import dev.cairn.node.proto.etcdserverpb.RequestOp;
import dev.cairn.node.proto.etcdserverpb.TxnRequest;
import dev.cairn.node.proto.etcdserverpb.WatchCreateRequest;
import dev.cairn.node.proto.etcdserverpb.WatchResponse;
import dev.cairn.node.proto.mvccpb.Event;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Watch service on the wire with our generated stubs, rule by rule against etcd-contract.md section 1.4. */
class WatchWireTest {
    @TempDir
    Path dataDir;

    private InProcessMember member;
    private ManagedChannel channel;
    private KVGrpc.KVBlockingStub kv;
    private WatchCall watch;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", member.port()).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
        kv = KVGrpc.newBlockingStub(channel);
        watch = new WatchCall(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        watch.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        member.close();
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private long put(String key, String value) {
        return kv.put(PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build()).getHeader().getRevision();
    }

    private long delete(String key, String rangeEnd) {
        return kv.deleteRange(DeleteRangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd)).build())
                .getHeader().getRevision();
    }

    private static WatchCreateRequest.Builder on(String key) {
        return WatchCreateRequest.newBuilder().setKey(bytes(key));
    }

    private static List<String> describe(WatchResponse response) {
        List<String> described = new ArrayList<>();
        for (Event event : response.getEventsList()) {
            String line = event.getType() + " " + event.getKv().getKey().toStringUtf8() + "="
                    + event.getKv().getValue().toStringUtf8() + "@" + event.getKv().getModRevision();
            if (event.hasPrevKv()) {
                line += " prev=" + event.getPrevKv().getValue().toStringUtf8();
            }
            described.add(line);
        }
        return described;
    }

    @Test
    void createdCarriesTheCurrentRevisionAndServerIdsStartAtZero() throws Exception {
        put("a", "1");
        long current = put("a", "2");
        WatchResponse first = watch.create(on("a"));
        WatchResponse second = watch.create(on("b"));
        assertThat(first.getWatchId()).isZero();
        assertThat(second.getWatchId()).isEqualTo(1);
        assertThat(first.getHeader().getRevision()).isEqualTo(current);
        assertThat(first.getCanceled()).isFalse();
    }

    @Test
    void eventsFromNowArriveWithTheirRevisions() throws Exception {
        put("a", "old");
        long id = watch.create(on("a")).getWatchId();
        long putRev = put("a", "1");
        put("b", "ignored");
        long deleteRev = delete("a", "");
        WatchResponse putEvent = watch.next();
        assertThat(putEvent.getWatchId()).isEqualTo(id);
        assertThat(putEvent.getHeader().getRevision()).isEqualTo(putRev);
        assertThat(describe(putEvent)).containsExactly("PUT a=1@" + putRev);
        assertThat(describe(watch.next())).containsExactly("DELETE a=@" + deleteRev);
    }

    @Test
    void prefixAndFromKeyRangesAndEmptyKey() throws Exception {
        long prefix = watch.create(on("p/").setRangeEnd(bytes("p0"))).getWatchId();
        long all = watch.create(WatchCreateRequest.newBuilder().setRangeEnd(bytes("\0"))).getWatchId();
        long fromQ = watch.create(on("q").setRangeEnd(bytes("\0"))).getWatchId();
        long rev = put("p/x", "1");
        List<WatchResponse> responses = List.of(watch.next(), watch.next());
        assertThat(responses).extracting(WatchResponse::getWatchId).containsExactlyInAnyOrder(prefix, all);
        long qRev = put("r", "1");
        List<WatchResponse> more = List.of(watch.next(), watch.next());
        assertThat(more).extracting(WatchResponse::getWatchId).containsExactlyInAnyOrder(all, fromQ);
        assertThat(more).allSatisfy(r -> assertThat(describe(r)).containsExactly("PUT r=1@" + qRev));
        assertThat(rev).isLessThan(qRev);
    }

    @Test
    void aPastStartRevisionReplaysHistoryWithPrevKv() throws Exception {
        long first = put("a", "1");
        put("a", "2");
        long deleted = delete("a", "");
        WatchResponse created = watch.create(on("a").setStartRevision(first).setPrevKv(true));
        List<String> events = new ArrayList<>();
        while (events.size() < 3) {
            WatchResponse response = watch.next();
            assertThat(response.getWatchId()).isEqualTo(created.getWatchId());
            events.addAll(describe(response));
        }
        assertThat(events).containsExactly("PUT a=1@" + first, "PUT a=2@" + (first + 1) + " prev=1",
                "DELETE a=@" + deleted + " prev=2");
        long next = put("a", "3");
        assertThat(describe(watch.next())).containsExactly("PUT a=3@" + next);
    }

    @Test
    void aTxnsEventsArriveTogetherInOperationOrder() throws Exception {
        put("t1", "old");
        watch.create(on("t").setRangeEnd(bytes("u")));
        long rev = kv.txn(TxnRequest.newBuilder()
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("t2")).setValue(bytes("x"))))
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bytes("t1"))))
                .addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder().setKey(bytes("t0")).setValue(bytes("y"))))
                .build()).getHeader().getRevision();
        assertThat(describe(watch.next())).containsExactly("PUT t2=x@" + rev, "DELETE t1=@" + rev, "PUT t0=y@" + rev);
    }

    @Test
    void filtersDropPutsOrDeletes() throws Exception {
        long noPut = watch.create(on("f").addFilters(WatchCreateRequest.FilterType.NOPUT)).getWatchId();
        long noDelete = watch.create(on("f").addFilters(WatchCreateRequest.FilterType.NODELETE)).getWatchId();
        long putRev = put("f", "1");
        WatchResponse put = watch.next();
        assertThat(put.getWatchId()).isEqualTo(noDelete);
        assertThat(describe(put)).containsExactly("PUT f=1@" + putRev);
        long deleteRev = delete("f", "");
        WatchResponse delete = watch.next();
        assertThat(delete.getWatchId()).isEqualTo(noPut);
        assertThat(describe(delete)).containsExactly("DELETE f=@" + deleteRev);
    }

    @Test
    void refusedCreatesAreCreatedAndCanceledWithEtcdsReasons() throws Exception {
        long chosen = watch.create(on("a").setWatchId(7)).getWatchId();
        assertThat(chosen).isEqualTo(7);
        WatchResponse duplicate = watch.create(on("b").setWatchId(7));
        assertThat(duplicate.getCanceled()).isTrue();
        assertThat(duplicate.getWatchId()).isEqualTo(-1);
        assertThat(duplicate.getCancelReason()).isEqualTo("mvcc: duplicate watch ID provided on the WatchStream");
        WatchResponse empty = watch.create(on("b").setRangeEnd(bytes("a")));
        assertThat(empty.getCanceled()).isTrue();
        assertThat(empty.getWatchId()).isEqualTo(-1);
        assertThat(empty.getCancelReason()).isEqualTo("mvcc: watcher range is empty");
        WatchResponse negative = watch.create(on("a").setStartRevision(-1));
        assertThat(negative.getCanceled()).isTrue();
        assertThat(negative.getCancelReason()).isEqualTo("etcdserver: mvcc: required revision has been compacted");
        assertThat(watch.create(on("c")).getWatchId()).as("refusals take no id").isZero();
    }

    @Test
    void aStartRevisionBelowTheCompactRevisionIsCanceledWithIt() throws Exception {
        long first = put("a", "1");
        long second = put("a", "2");
        put("a", "3");
        kv.compact(CompactionRequest.newBuilder().setRevision(second).build());
        WatchResponse created = watch.create(on("a").setStartRevision(first));
        WatchResponse canceled = watch.next();
        assertThat(canceled.getWatchId()).isEqualTo(created.getWatchId());
        assertThat(canceled.getCanceled()).isTrue();
        assertThat(canceled.getCompactRevision()).isEqualTo(second);
        // exactly at the compact revision is still allowed (etcd's strict minRev < compactRev)
        watch.create(on("a").setStartRevision(second));
        assertThat(describe(watch.next())).containsExactly("PUT a=2@" + second, "PUT a=3@" + (second + 1));
    }

    @Test
    void aCanceledWatcherGetsNothingMore() throws Exception {
        long a = watch.create(on("a")).getWatchId();
        long b = watch.create(on("b")).getWatchId();
        watch.cancel(a);
        WatchResponse canceled = watch.next();
        assertThat(canceled.getWatchId()).isEqualTo(a);
        assertThat(canceled.getCanceled()).isTrue();
        assertThat(canceled.getCancelReason()).isEmpty();
        put("a", "1");
        long rev = put("b", "1");
        WatchResponse next = watch.next();
        assertThat(next.getWatchId()).isEqualTo(b);
        assertThat(describe(next)).containsExactly("PUT b=1@" + rev);
    }

    @Test
    void aFutureStartRevisionWaitsForIt() throws Exception {
        long now = put("a", "0");
        watch.create(on("a").setStartRevision(now + 2));
        put("a", "1");
        long wanted = put("a", "2");
        assertThat(describe(watch.next())).containsExactly("PUT a=2@" + wanted);
    }

    @Test
    void aProgressRequestAnswersWithTheCurrentRevision() throws Exception {
        watch.create(on("a"));
        long rev = put("z", "1");
        watch.requestProgress();
        WatchResponse progress = watch.next();
        assertThat(progress.getWatchId()).isEqualTo(-1);
        assertThat(progress.getHeader().getRevision()).isEqualTo(rev);
        assertThat(progress.getEventsCount()).isZero();
        assertThat(progress.getCreated() || progress.getCanceled()).isFalse();
    }

    @Test
    void periodicProgressGoesToWatchersThatAskedAndGotNoEvents() throws Exception {
        watch.create(on("a"));
        long notified = watch.create(on("b").setProgressNotify(true)).getWatchId();
        long busy = watch.create(on("c").setProgressNotify(true)).getWatchId();
        long rev = put("c", "1");
        assertThat(watch.next().getWatchId()).isEqualTo(busy);
        member.node().watchHub().notifyProgress();
        WatchResponse progress = watch.next();
        assertThat(progress.getWatchId()).isEqualTo(notified);
        assertThat(progress.getHeader().getRevision()).isEqualTo(rev);
        assertThat(progress.getEventsCount()).isZero();
        member.node().watchHub().notifyProgress();
        List<Long> ids = List.of(watch.next().getWatchId(), watch.next().getWatchId());
        assertThat(ids).containsExactlyInAnyOrder(notified, busy);
    }

    @Test
    void aLargeRevisionIsFragmentedWhenAsked() throws Exception {
        String big = "x".repeat(700_000);
        for (String key : List.of("g1", "g2", "g3")) {
            put(key, big);
        }
        long id = watch.create(on("g").setRangeEnd(bytes("h")).setPrevKv(true).setFragment(true)).getWatchId();
        long rev = delete("g", "h");
        List<WatchResponse> chunks = new ArrayList<>();
        do {
            chunks.add(watch.next());
        } while (chunks.getLast().getFragment());
        assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(chunk -> assertThat(chunk.getWatchId()).isEqualTo(id));
        List<String> events = chunks.stream().flatMap(chunk -> chunk.getEventsList().stream())
                .map(event -> event.getKv().getKey().toStringUtf8() + "@" + event.getKv().getModRevision()
                        + " prev " + event.getPrevKv().getValue().size()).toList();
        assertThat(events).containsExactly("g1@" + rev + " prev 700000", "g2@" + rev + " prev 700000",
                "g3@" + rev + " prev 700000");
    }

    @Test
    void catchUpCrossesManyRevisionsAndOneRevisionLargerThanAStep() throws Exception {
        long first = 0;
        for (int txn = 0; txn < 12; txn++) {
            TxnRequest.Builder puts = TxnRequest.newBuilder();
            for (int i = 0; i < 100; i++) {
                puts.addSuccess(RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                        .setKey(bytes("k/%02d/%03d".formatted(txn, i))).setValue(bytes("v"))));
            }
            long rev = kv.txn(puts.build()).getHeader().getRevision();
            first = first == 0 ? rev : first;
        }
        long deleted = delete("k/", "k0");
        watch.create(on("k/").setRangeEnd(bytes("k0")).setStartRevision(first));
        List<Event> events = new ArrayList<>();
        while (events.size() < 2400) {
            events.addAll(watch.next().getEventsList());
        }
        assertThat(events).hasSize(2400);
        for (int i = 0; i < 1200; i++) {
            Event put = events.get(i);
            assertThat(put.getType()).isEqualTo(Event.EventType.PUT);
            assertThat(put.getKv().getModRevision()).isEqualTo(first + i / 100);
            assertThat(put.getKv().getKey().toStringUtf8()).isEqualTo("k/%02d/%03d".formatted(i / 100, i % 100));
            Event delete = events.get(1200 + i);
            assertThat(delete.getType()).isEqualTo(Event.EventType.DELETE);
            assertThat(delete.getKv().getModRevision()).isEqualTo(deleted);
        }
        long next = put("k/new", "1");
        assertThat(describe(watch.next())).containsExactly("PUT k/new=1@" + next);
    }

    @Test
    void leaseRevocationDeletesArriveWithPrevKv() throws Exception {
        LeaseGrpc.LeaseBlockingStub leases = LeaseGrpc.newBlockingStub(channel);
        long lease = leases.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(60).build()).getID();
        kv.put(PutRequest.newBuilder().setKey(bytes("l")).setValue(bytes("leased")).setLease(lease).build());
        watch.create(on("l").setPrevKv(true));
        long rev = leases.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease).build()).getHeader().getRevision();
        assertThat(describe(watch.next())).containsExactly("DELETE l=@" + rev + " prev=leased");
    }
}
