package dev.cairn.node.process;

import java.util.List;

/** The network a test cluster's members live on: where each listens and how clients reach them. */
interface ClusterNetwork extends AutoCloseable {

    /** Chooses the addresses of a new member; {@code memberName} is unique within the network. */
    MemberEndpoints place(String memberName);

    /** The command etcdctl runs through to reach the members' advertised client URLs. */
    List<String> clientLaunchPrefix();

    /** Releases what the network created; its members' processes must be gone by then. */
    @Override
    void close();
}
