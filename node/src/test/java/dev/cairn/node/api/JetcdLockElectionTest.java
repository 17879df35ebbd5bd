package dev.cairn.node.api;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Election;
import io.etcd.jetcd.Lock;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.LeaderResponse;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.election.NotLeaderException;
import io.etcd.jetcd.lock.LockResponse;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Lock and Election services as jetcd's lock and election clients use them, against one in-process member. */
class JetcdLockElectionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private InProcessMember member;
    private Client client;
    private Lock lock;
    private Election election;

    @BeforeEach
    void start() throws Exception {
        member = InProcessMember.start(dataDir);
        client = Client.builder().endpoints(member.endpoint()).build();
        lock = client.getLockClient();
        election = client.getElectionClient();
    }

    @AfterEach
    void stop() {
        client.close();
        member.close();
    }

    @Test
    void secondHolderWaitsUntilTheFirstUnlocks() throws Exception {
        long first = grant();
        long second = grant();
        LockResponse held = lock.lock(bytes("mutex"), first).get(10, TimeUnit.SECONDS);
        assertThat(held.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("mutex/" + Long.toHexString(first));

        CompletableFuture<LockResponse> waiting = lock.lock(bytes("mutex"), second);
        assertStillWaiting(waiting);

        lock.unlock(held.getKey()).get(10, TimeUnit.SECONDS);
        LockResponse next = waiting.get(10, TimeUnit.SECONDS);
        assertThat(next.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("mutex/" + Long.toHexString(second));
        assertThat(next.getHeader().getRevision()).isGreaterThan(held.getHeader().getRevision());
    }

    @Test
    void revokingTheHoldersLeaseHandsTheLockOn() throws Exception {
        long first = grant();
        long second = grant();
        lock.lock(bytes("mutex"), first).get(10, TimeUnit.SECONDS);
        CompletableFuture<LockResponse> waiting = lock.lock(bytes("mutex"), second);
        assertStillWaiting(waiting);

        client.getLeaseClient().revoke(first).get(10, TimeUnit.SECONDS);
        assertThat(waiting.get(10, TimeUnit.SECONDS).getKey().toString(StandardCharsets.UTF_8))
                .isEqualTo("mutex/" + Long.toHexString(second));
    }

    @Test
    void lockWithAnUnknownLeaseFailsAsEtcd() {
        assertThatThrownBy(() -> lock.lock(bytes("mutex"), 12345).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("UNKNOWN: etcdserver: requested lease not found");
    }

    @Test
    void cancelledWaiterLeavesNoKeyBehind() throws Exception {
        long first = grant();
        long second = grant();
        lock.lock(bytes("mutex"), first).get(10, TimeUnit.SECONDS);
        try (Client other = Client.builder().endpoints(member.endpoint()).build()) {
            CompletableFuture<LockResponse> waiting = other.getLockClient().lock(bytes("mutex"), second);
            await().atMost(DEADLINE).until(() -> keysUnder("mutex/").size() == 2);
            waiting.cancel(true);
        } // closing the channel cancels the call on the server
        await().atMost(DEADLINE).until(() -> keysUnder("mutex/").equals(List.of("mutex/" + Long.toHexString(first))));
    }

    @Test
    void leadershipPassesOnResignAndObserveSeesProclaimedValues() throws Exception {
        long first = grant();
        long second = grant();
        List<String> observed = new CopyOnWriteArrayList<>();
        election.observe(bytes("vote"), new Election.Listener() {
            @Override
            public void onNext(LeaderResponse response) {
                observed.add(response.getKv().getValue().toString(StandardCharsets.UTF_8));
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onCompleted() {
            }
        });
        assertThatThrownBy(() -> election.leader(bytes("vote")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NoLeaderException.class);

        CampaignResponse won = election.campaign(bytes("vote"), first, bytes("a")).get(10, TimeUnit.SECONDS);
        LeaderKey leaderKey = won.getLeader();
        assertThat(leaderKey.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("vote/" + Long.toHexString(first));
        CompletableFuture<CampaignResponse> challenger = election.campaign(bytes("vote"), second, bytes("b"));
        assertStillWaiting(challenger);

        election.proclaim(leaderKey, bytes("a2")).get(10, TimeUnit.SECONDS);
        assertThat(election.leader(bytes("vote")).get(10, TimeUnit.SECONDS).getKv().getValue())
                .isEqualTo(bytes("a2"));
        await().atMost(DEADLINE).until(() -> observed.equals(List.of("a", "a2")));

        election.resign(leaderKey).get(10, TimeUnit.SECONDS);
        LeaderKey next = challenger.get(10, TimeUnit.SECONDS).getLeader();
        assertThat(next.getKey().toString(StandardCharsets.UTF_8)).isEqualTo("vote/" + Long.toHexString(second));
        assertThat(election.leader(bytes("vote")).get(10, TimeUnit.SECONDS).getKv().getValue()).isEqualTo(bytes("b"));
        await().atMost(DEADLINE).until(() -> observed.equals(List.of("a", "a2", "b")));

        assertThatThrownBy(() -> election.proclaim(leaderKey, bytes("stale")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(NotLeaderException.class);
    }

    private void assertStillWaiting(CompletableFuture<?> waiting) throws Exception {
        // A write after the wait began is applied, and the waiter is still blocked behind the holder.
        client.getKVClient().put(bytes("unrelated"), bytes("x")).get(10, TimeUnit.SECONDS);
        assertThat(waiting).isNotDone();
    }

    private List<String> keysUnder(String prefix) throws Exception {
        return client.getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build())
                .get(10, TimeUnit.SECONDS).getKvs().stream()
                .map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).toList();
    }

    private long grant() throws Exception {
        return client.getLeaseClient().grant(60).get(10, TimeUnit.SECONDS).getID();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
