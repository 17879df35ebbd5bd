package dev.cairn.operator.reconciler;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;

/** Operator settings shared by the running operator and the reconciler tests. */
public final class OperatorSettings {

    private OperatorSettings() {
    }

    /**
     * Status is written with a JSON merge patch rather than server-side apply: the status belongs to the operator
     * alone, and the fabric8 mock server the tests and the local stand-in run on does not implement apply patches.
     */
    public static ConfigurationServiceOverrider configure(ConfigurationServiceOverrider overrider) {
        return overrider.withUseSSAToPatchPrimaryResource(false);
    }
}
