package dev.cairn.node.api.http;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.etcdserverpb.AlarmMember;
import dev.cairn.node.proto.etcdserverpb.RangeRequest;
import dev.cairn.node.server.EtcdNode;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * etcd's /health verdict, in its order: an active alarm (unless excluded), no leader (unless the check is
 * serializable), then a read of the key {@code health} (linearizable unless serializable) within a second.
 */
final class HealthCheck {
    record Health(boolean healthy, String reason) {
        static final Health OK = new Health(true, "");

        String json() {
            return "{\"health\":\"" + healthy + "\",\"reason\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        }
    }

    private static final long READ_TIMEOUT_MILLIS = 1000;
    private static final RangeRequest HEALTH_READ = RangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("health")).setKeysOnly(true).setLimit(1).build();

    private final EtcdNode node;

    HealthCheck(EtcdNode node) {
        this.node = node;
    }

    /**
     * /readyz: a serializable health check, and a voting member. A learner refuses client reads and writes, so it
     * must not receive a Service's traffic (etcd added the same {@code non_learner} readiness check,
     * etcd-io/etcd#19086); nor must a member that joined and has not yet applied its own addition, which serves an
     * empty store.
     */
    Health ready() {
        long self = node.membership().localId();
        boolean voter = node.membership().members().stream()
                .anyMatch(member -> member.getID() == self && !member.getIsLearner());
        if (!voter || node.raftStatus().isLearner()) {
            return new Health(false, "learner: this member serves no client requests until it is a voting member");
        }
        return check(Set.of(), true);
    }

    Health check(Set<String> excludedAlarms, boolean serializable) {
        for (AlarmMember alarm : node.alarms().active()) {
            if (!excludedAlarms.contains(alarm.getAlarm().name())) {
                return new Health(false, "ALARM " + alarm.getAlarm().name());
            }
        }
        if (!serializable && !node.raftStatus().hasLeader()) {
            return new Health(false, "RAFT NO LEADER");
        }
        try {
            CompletableFuture<Void> readable = serializable
                    ? CompletableFuture.completedFuture(null) : node.linearizableBarrier();
            readable.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            node.reader().range(HEALTH_READ);
            return Health.OK;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Health(false, "QGET ERROR:" + cause.getMessage());
        }
    }
}
