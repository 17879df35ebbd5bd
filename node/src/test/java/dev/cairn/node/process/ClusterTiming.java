package dev.cairn.node.process;

import java.util.List;

/**
 * Raft timing flags for every member of a test cluster: etcd's defaults (no flags: 100 ms heartbeat, 1000 ms
 * election timeout) or shorter ones so failovers in tests take well under a second.
 */
record ClusterTiming(List<String> flags) {
    static final ClusterTiming DEFAULTS = new ClusterTiming(List.of());
    static final ClusterTiming FAST = of(50, 500);

    ClusterTiming {
        flags = List.copyOf(flags);
    }

    static ClusterTiming of(int heartbeatMillis, int electionMillis) {
        return new ClusterTiming(List.of("--heartbeat-interval", Integer.toString(heartbeatMillis),
                "--election-timeout", Integer.toString(electionMillis)));
    }
}
