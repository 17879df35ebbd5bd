package dev.cairn.operator.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a member starting with an empty data directory needs: whether it forms a new cluster or joins an existing
 * one, and the initial cluster (names) it does so with. Members that already hold data ignore it, as etcd does,
 * so one value serves the whole cluster as long as membership changes one member at a time.
 *
 * @param state   {@link State#NEW} only for the first formation
 * @param members member names of the initial cluster, including the member that starts
 */
public record MemberBootstrap(State state, List<String> members) {

    /** etcd's --initial-cluster-state. */
    public enum State {
        NEW("new"),
        EXISTING("existing");

        private final String flagValue;

        State(String flagValue) {
            this.flagValue = flagValue;
        }

        public String flagValue() {
            return flagValue;
        }
    }

    public MemberBootstrap {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("the initial cluster needs at least one member");
        }
        if (members.stream().distinct().count() != members.size()) {
            throw new IllegalArgumentException("the initial cluster names a member twice: " + members);
        }
        members = List.copyOf(members);
    }

    /** The first formation of a cluster of {@code replicas} members. */
    public static MemberBootstrap formation(ClusterNames names, int replicas) {
        return new MemberBootstrap(State.NEW, IntStream.range(0, replicas).mapToObj(names::member).toList());
    }

    /** A member joining (after {@code member add}) a cluster whose current members are {@code current}. */
    public static MemberBootstrap join(List<String> current, String joining) {
        if (current.contains(joining)) {
            throw new IllegalArgumentException(joining + " is already among the current members " + current);
        }
        List<String> members = new ArrayList<>(current);
        members.add(joining);
        return new MemberBootstrap(State.EXISTING, members);
    }
}
