package dev.cairn.node.config;

/** etcd's --initial-cluster-state: bootstrap a new cluster, or join one that exists. */
public enum InitialClusterState {
    NEW("new"),
    EXISTING("existing");

    private final String flagValue;

    InitialClusterState(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }
}
