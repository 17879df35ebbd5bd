package dev.cairn.node.server;

import dev.cairn.node.proto.etcdserverpb.Member;

/**
 * A member joining with {@code --initial-cluster-state=existing} on an empty data dir must be one that has never
 * started: its entry in the cluster's member list still has an empty name (etcd publishes the name on first start).
 * A named entry means the member ran before and its data is gone; its Raft log would contradict what the leader
 * believes it holds. etcd 3.4 does not check this and panics later with "tocommit(N) is out of range"; Cairn refuses
 * to start with a message that says what to do (the operator reads this phrase from the pod's termination message).
 */
final class LostDataDir {

    /** The words the refusal always contains, whatever the member. */
    static final String PHRASE = "data dir is empty";

    private LostDataDir() {
    }

    /** @throws IllegalStateException when {@code entry}, this member's entry in the member list, has a name */
    static void refuseIfStartedBefore(ServerSettings settings, Member entry) {
        if (entry.getName().isEmpty()) {
            return;
        }
        String id = Long.toHexString(entry.getID());
        throw new IllegalStateException("member " + settings.name() + " (id " + id + ") has started before (the"
                + " cluster lists it as " + entry.getName() + ") but its " + PHRASE + " (" + settings.dataDir()
                + "): its data is lost and it cannot rejoin with this identity; remove it with `etcdctl member remove "
                + id + "`, then `etcdctl member add " + settings.name() + " --peer-urls="
                + String.join(",", settings.advertisePeerUrls()) + "` again and start it with the settings printed");
    }
}
