package dev.cairn.operator.api;

/** Whether member volumes outlive their EtcdCluster. */
public enum VolumeReclaimPolicy {
    Retain,
    Delete
}
