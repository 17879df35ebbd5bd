package dev.cairn.operator.api;

/** Where an on-demand backup stands. */
public enum BackupPhase {
    Pending,
    Running,
    Succeeded,
    Failed
}
