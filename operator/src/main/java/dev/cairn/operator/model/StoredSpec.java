package dev.cairn.operator.model;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterSpec;

/**
 * Reads fields the CRD schema defaults. A null there means the resource did not pass through an API server with
 * our CRD (or the CRD is outdated), which is reported instead of guessed around.
 */
public final class StoredSpec {

    private StoredSpec() {
    }

    /** The spec itself, which a resource may omit (the schema can only default fields inside it). */
    public static EtcdClusterSpec of(EtcdCluster cluster) {
        if (cluster.getSpec() == null) {
            throw new InvalidSpecException("spec is missing; an EtcdCluster needs at least spec: {}");
        }
        return cluster.getSpec();
    }

    public static <T> T defaulted(T value, String path) {
        if (value == null) {
            throw new InvalidSpecException(path + " is missing although the CRD defaults it; "
                    + "install the CRD from crds/etcdclusters.cairn.dev-v1.yml");
        }
        return value;
    }
}
