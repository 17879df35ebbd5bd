package dev.cairn.node.api;

import dev.cairn.node.lease.ManualClock;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases as jetcd uses them against one in-process member whose lease clock the test steps. jetcd's streaming
 * keepAlive needs a newer Netty than grpc-netty brings to this classpath; the stream is tested in LeaseWireTest.
 */
class JetcdLeaseTest {
    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();
    private InProcessMember member;
    private Client client;
    private KV kv;
    private Lease lease;

    @BeforeEach
    void start() throws Exception {
        connect();
    }

    private void connect() throws Exception {
        member = InProcessMember.start(dataDir, clock);
        client = Client.builder().endpoints(member.endpoint()).build();
        kv = client.getKVClient();
        lease = client.getLeaseClient();
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

    private long put(String key, long leaseId) throws Exception {
        return kv.put(bytes(key), bytes("v"), PutOption.builder().withLeaseId(leaseId).build()).get()
                .getHeader().getRevision();
    }

    private long count(String prefix) throws Exception {
        return kv.get(bytes(prefix), io.etcd.jetcd.options.GetOption.builder().isPrefix(true).build()).get().getCount();
    }

    @Test
    void grantPicksAPositiveIdAndRaisesAShortTtlToTheMinimum() throws Exception {
        LeaseGrantResponse granted = lease.grant(1).get();
        assertThat(granted.getID()).isPositive();
        assertThat(granted.getTTL()).isEqualTo(2);
        assertThat(lease.grant(60).get().getTTL()).isEqualTo(60);
    }

    @Test
    void timeToLiveReportsRemainingGrantedAndAttachedKeys() throws Exception {
        long id = lease.grant(60).get().getID();
        put("b", id);
        put("a", id);
        clock.advance(Duration.ofMillis(10_500));

        LeaseTimeToLiveResponse ttl = lease.timeToLive(id, LeaseOption.builder().withAttachedKeys().build()).get();
        assertThat(ttl.getTTL()).isEqualTo(49);
        assertThat(ttl.getGrantedTTL()).isEqualTo(60);
        assertThat(ttl.getKeys()).containsExactly(bytes("a"), bytes("b"));
        assertThat(lease.timeToLive(id, LeaseOption.DEFAULT).get().getKeys()).isEmpty();
        assertThat(lease.timeToLive(12345, LeaseOption.DEFAULT).get().getTTL()).isEqualTo(-1);
    }

    @Test
    void keepAliveOnceRestartsTheTtl() throws Exception {
        long id = lease.grant(30).get().getID();
        clock.advance(Duration.ofSeconds(20));
        LeaseKeepAliveResponse renewed = lease.keepAliveOnce(id).get();
        assertThat(renewed.getID()).isEqualTo(id);
        assertThat(renewed.getTTL()).isEqualTo(30);
        assertThat(lease.timeToLive(id, LeaseOption.DEFAULT).get().getTTL()).isEqualTo(30);
    }

    @Test
    void revokeDeletesEveryAttachedKeyInOneRevision() throws Exception {
        long id = lease.grant(60).get().getID();
        put("k/1", id);
        long lastPut = put("k/2", id);
        put("other", 0);

        long revoked = lease.revoke(id).get().getHeader().getRevision();

        assertThat(revoked).isEqualTo(lastPut + 2);
        assertThat(count("k/")).isZero();
        assertThat(count("other")).isEqualTo(1);
        assertThat(lease.timeToLive(id, LeaseOption.DEFAULT).get().getTTL()).isEqualTo(-1);
    }

    @Test
    void aPutWithoutLeaseDetachesTheKey() throws Exception {
        long id = lease.grant(60).get().getID();
        put("k", id);
        put("k", 0);
        lease.revoke(id).get();
        assertThat(count("k")).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsRevokedThroughTheLog() throws Exception {
        long id = lease.grant(5).get().getID();
        put("session", id);
        long before = member.node().store().revision();

        clock.advance(Duration.ofSeconds(6));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("session") == 0);
        assertThat(member.node().store().revision()).isEqualTo(before + 1);
        assertThat(lease.timeToLive(id, LeaseOption.DEFAULT).get().getTTL()).isEqualTo(-1);
    }

    @Test
    void leasesAndTheirKeysSurviveARestartWithTheirRemainingTtl() throws Exception {
        long id = lease.grant(60).get().getID();
        put("kept", id);
        clock.advance(Duration.ofSeconds(40));
        stop();

        connect();

        // The stopping member checkpointed 20 s left; the restarted leader adds one election timeout (1 s).
        LeaseTimeToLiveResponse ttl = lease.timeToLive(id, LeaseOption.builder().withAttachedKeys().build()).get();
        assertThat(ttl.getTTL()).isEqualTo(21);
        assertThat(ttl.getGrantedTTL()).isEqualTo(60);
        assertThat(ttl.getKeys()).containsExactly(bytes("kept"));
        lease.revoke(id).get();
        assertThat(count("kept")).isZero();
    }
}
