package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.Member;
import dev.cairn.node.proto.raft.InternalRequest;
import dev.cairn.node.proto.raft.MemberAttributes;
import dev.cairn.node.proto.raft.MemberAttributesUpdate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Publishes this member's name and client URLs through the log once it serves, as etcd's publish does, retrying
 * until it is applied: a member of a cluster may start long before a quorum is up, so this never gives up, and
 * {@link #announced()} completes only once the cluster knows the member.
 */
final class MemberAnnouncer implements Runnable {
    private static final System.Logger LOG = System.getLogger(MemberAnnouncer.class.getName());

    private final Membership membership;
    private final String name;
    private final List<String> clientUrls;
    private final Function<InternalRequest.Builder, CompletableFuture<Object>> propose;
    private final Duration retryAfter;
    private final CompletableFuture<Void> announced = new CompletableFuture<>();
    private volatile boolean running = true;

    MemberAnnouncer(Membership membership, String name, List<String> clientUrls,
                    Function<InternalRequest.Builder, CompletableFuture<Object>> propose, Duration retryAfter) {
        this.membership = membership;
        this.name = name;
        this.clientUrls = List.copyOf(clientUrls);
        this.propose = propose;
        this.retryAfter = retryAfter;
    }

    CompletableFuture<Void> announced() {
        return announced;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running && !isAnnounced()) {
                attempt();
            }
            if (isAnnounced()) {
                announced.complete(null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isAnnounced() {
        Optional<Member> self = membership.member(membership.localId());
        return self.isPresent() && self.get().getName().equals(name) && self.get().getClientURLsList().equals(clientUrls);
    }

    private void attempt() throws InterruptedException {
        Optional<Member> self = membership.member(membership.localId());
        if (self.isEmpty()) {
            // A joining member learns its own entry from the leader's log; nothing to announce before that.
            TimeUnit.MILLISECONDS.sleep(Math.min(100, retryAfter.toMillis()));
            return;
        }
        MemberAttributes attributes = MemberAttributes.newBuilder()
                .setName(name)
                .addAllPeerUrls(self.get().getPeerURLsList())
                .addAllClientUrls(clientUrls)
                .build();
        CompletableFuture<Object> result = propose.apply(InternalRequest.newBuilder().setPublishAttributes(
                MemberAttributesUpdate.newBuilder().setMemberId(membership.localId()).setAttributes(attributes)));
        try {
            result.get(retryAfter.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.INFO, "announcing member {0} failed ({1}); retrying", name,
                    e.getCause() == null ? e : e.getCause().getMessage());
            TimeUnit.MILLISECONDS.sleep(Math.min(500, retryAfter.toMillis()));
        }
    }
}
