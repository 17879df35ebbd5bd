package dev.cairn.operator.plan;

/** etcd's {@code --initial-cluster-state}. */
public enum InitialClusterState {
    NEW("new"),
    EXISTING("existing");

    private final String flagValue;

    InitialClusterState(String flagValue) {
        this.flagValue = flagValue;
    }

    /** The value as etcd's flag spells it. */
    public String flagValue() {
        return flagValue;
    }
}
