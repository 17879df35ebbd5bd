package dev.cairn.operator.model;

/**
 * Reads fields the CRD schema defaults. A null there means the resource did not pass through an API server with
 * our CRD (or the CRD is outdated), which is reported instead of guessed around.
 */
final class StoredSpec {

    private StoredSpec() {
    }

    static <T> T defaulted(T value, String path) {
        if (value == null) {
            throw new IllegalArgumentException(path + " is missing although the CRD defaults it; "
                    + "install the CRD from crds/etcdclusters.cairn.dev-v1.yml");
        }
        return value;
    }
}
