package dev.cairn.node.linearizability;

/** How register values are shown in explanations: quoted, with absence spelled out. */
final class Values {
    private Values() {
    }

    static String quote(String value) {
        return value == null ? "<absent>" : '"' + value + '"';
    }
}
