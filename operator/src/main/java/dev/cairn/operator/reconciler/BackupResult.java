package dev.cairn.operator.reconciler;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The one-line JSON that {@code cairn backup save} and {@code cairn backup verify} leave as their pod's termination
 * message. Times are absent for verify.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record BackupResult(String file, long revision, long size, String sha256, String startTime, String completionTime) {
}
