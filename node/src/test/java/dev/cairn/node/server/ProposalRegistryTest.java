package dev.cairn.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.node.error.EtcdException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

class ProposalRegistryTest {
    private static final long START = 1_790_000_000_000L;
    private static final long TIMEOUT = 7_000_000_000L;

    private final AtomicLong now = new AtomicLong();

    private ProposalRegistry registry(int maxPending, long memberId, long startMillis) {
        return new ProposalRegistry(maxPending, memberId, startMillis, TIMEOUT, now::get);
    }

    @Test
    void idsOfDifferentMembersNeverCollide() {
        ProposalRegistry first = registry(10, 0x8e9e05c52164694dL, START);
        ProposalRegistry second = registry(10, 0x91bc3c398fb3c146L, START);

        long a = first.register().id();
        long b = second.register().id();

        assertThat(a >>> 48).isEqualTo(0x694dL);
        assertThat(b >>> 48).isEqualTo(0xc146L);
        assertThat(a & 0xffff_ffff_ffffL).isEqualTo(b & 0xffff_ffff_ffffL);
    }

    @Test
    void aRestartStartsPastTheIdsOfTheEarlierRun() {
        ProposalRegistry earlier = registry(1000, 7, START);
        long last = 0;
        for (int i = 0; i < 200; i++) {
            ProposalRegistry.Registration registration = earlier.register();
            last = registration.id();
            earlier.complete(last, "done");
        }
        ProposalRegistry later = registry(1000, 7, START + 1);

        assertThat(later.register().id()).isGreaterThan(last);
    }

    @Test
    void completesOnlyItsOwnWaitersAndRefusesPastTheBound() throws Exception {
        ProposalRegistry registry = registry(1, 7, START);
        ProposalRegistry.Registration accepted = registry.register();
        ProposalRegistry.Registration refused = registry.register();

        registry.complete(accepted.id() + 1, "someone else's");
        assertThat(accepted.future()).isNotDone();
        registry.complete(accepted.id(), "mine");

        assertThat(accepted.future().get()).isEqualTo("mine");
        assertThat(refused.accepted()).isFalse();
        assertThatThrownBy(() -> refused.future().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(EtcdException.class).hasMessage("etcdserver: too many requests");
    }

    @Test
    void callersWaitingPastTheTimeoutAreToldTheRequestTimedOut() {
        ProposalRegistry registry = registry(10, 7, START);
        ProposalRegistry.Registration early = registry.register();
        now.addAndGet(TIMEOUT / 2);
        ProposalRegistry.Registration late = registry.register();

        now.addAndGet(TIMEOUT / 2);
        registry.failExpired();

        assertThatThrownBy(() -> early.future().get()).cause().hasMessage("etcdserver: request timed out");
        assertThat(late.future()).isNotDone();
        registry.complete(late.id(), "applied");
        assertThat(late.future()).isCompletedWithValue("applied");
    }
}
