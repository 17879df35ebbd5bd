package dev.cairn.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed; written only by the operator. */
public class EtcdClusterStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    private ClusterPhase phase;

    @JsonPropertyDescription("Available, Progressing and Degraded, with reasons such as QuorumLost, "
            + "MemberReplacing and EvenMemberCount.")
    private List<Condition> conditions = new ArrayList<>();

    private List<MemberStatus> members = new ArrayList<>();

    @JsonPropertyDescription("etcd cluster id, in hexadecimal.")
    private String clusterId;

    @JsonPropertyDescription("Name of the member that leads the Raft group.")
    private String leader;

    @JsonPropertyDescription("Version the members run.")
    private String currentVersion;

    @StatusReplicas
    @JsonPropertyDescription("Members in the cluster's member list.")
    private Integer replicas;

    @JsonPropertyDescription("Members that are healthy.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Since when a majority of the voting members has been healthy without a break "
            + "(RFC 3339); absent while it is not. A member's replacement delay counts from here when that is later "
            + "than its own lastTransitionTime: without a quorum no member can show it is healthy.")
    private String quorumSince;

    @JsonPropertyDescription("The data volume claim of each member as last seen healthy; the operator tells a "
            + "recreated (empty) claim by its new uid.")
    private List<MemberVolumeClaim> dataVolumeClaims = new ArrayList<>();

    @JsonPropertyDescription("The newest scheduled backup run, successful or not.")
    private BackupRecord lastScheduledBackup;

    @JsonPropertyDescription("The newest scheduled backup that succeeded.")
    private BackupRecord lastSuccessfulBackup;

    @JsonPropertyDescription("The checked backup the members were restored from (spec.bootstrap.restore).")
    private BackupRecord restoredFrom;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the member pods, for the scale subresource.")
    private String selector;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public ClusterPhase getPhase() {
        return phase;
    }

    public void setPhase(ClusterPhase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<MemberStatus> getMembers() {
        return members;
    }

    public void setMembers(List<MemberStatus> members) {
        this.members = members;
    }

    public String getClusterId() {
        return clusterId;
    }

    public void setClusterId(String clusterId) {
        this.clusterId = clusterId;
    }

    public String getLeader() {
        return leader;
    }

    public void setLeader(String leader) {
        this.leader = leader;
    }

    public String getCurrentVersion() {
        return currentVersion;
    }

    public void setCurrentVersion(String currentVersion) {
        this.currentVersion = currentVersion;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getQuorumSince() {
        return quorumSince;
    }

    public void setQuorumSince(String quorumSince) {
        this.quorumSince = quorumSince;
    }

    public List<MemberVolumeClaim> getDataVolumeClaims() {
        return dataVolumeClaims;
    }

    public void setDataVolumeClaims(List<MemberVolumeClaim> dataVolumeClaims) {
        this.dataVolumeClaims = dataVolumeClaims;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public BackupRecord getLastScheduledBackup() {
        return lastScheduledBackup;
    }

    public void setLastScheduledBackup(BackupRecord lastScheduledBackup) {
        this.lastScheduledBackup = lastScheduledBackup;
    }

    public BackupRecord getLastSuccessfulBackup() {
        return lastSuccessfulBackup;
    }

    public void setLastSuccessfulBackup(BackupRecord lastSuccessfulBackup) {
        this.lastSuccessfulBackup = lastSuccessfulBackup;
    }

    public BackupRecord getRestoredFrom() {
        return restoredFrom;
    }

    public void setRestoredFrom(BackupRecord restoredFrom) {
        this.restoredFrom = restoredFrom;
    }
}
