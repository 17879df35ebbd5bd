package dev.cairn.operator.plan;

/** What one ordinal's PersistentVolumeClaim holds, as far as the operator can tell. */
public enum VolumeState {
    /** No claim exists. */
    ABSENT,
    /** The claim is being deleted (it stays until no pod uses it). */
    DELETING,
    /** The claim exists and its data directory is empty. */
    EMPTY,
    /** The data directory belongs to this cluster. */
    CLUSTER_DATA,
    /** The data directory belongs to another cluster (another cluster id). */
    FOREIGN_DATA,
    /** The claim exists but nothing reported what it holds (its pod is not running). */
    UNKNOWN;

    /** True when a claim exists that is not on its way out. */
    public boolean present() {
        return this != ABSENT && this != DELETING;
    }
}
