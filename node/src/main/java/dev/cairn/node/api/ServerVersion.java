package dev.cairn.node.api;

/** The versions this member reports. */
public final class ServerVersion {
    /**
     * The etcd server version reported by Status: the etcd API level Cairn implements. kube-apiserver parses it
     * as semver and enables watch progress requests only from 3.5.13 on, so it must stay a valid etcd version.
     */
    public static final String ETCD_VERSION = "3.5.21";

    private ServerVersion() {
    }
}
