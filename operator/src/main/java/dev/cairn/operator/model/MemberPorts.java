package dev.cairn.operator.model;

/** etcd's well-known ports, plus the plain-http port the probes use (client port needs a client certificate). */
public final class MemberPorts {

    public static final int CLIENT = 2379;
    public static final int PEER = 2380;
    public static final int METRICS = 2381;

    private MemberPorts() {
    }
}
