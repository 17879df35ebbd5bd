package dev.cairn.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.standin.ClientCredentials;
import dev.cairn.standin.StandIn;
import dev.cairn.standin.StandInSettings;
import dev.cairn.standin.kubelet.PortForward;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's scenarios, in order, against one 3-member EtcdCluster with client and peer mutual TLS made by the real
 * operator (a pod of manifests/deployment.yaml) on the stand-in, with real cairn members. Each fault scenario runs
 * a steady writer and checks that every acknowledged write is readable afterwards. Measured figures are printed as
 * {@code E2E-FIGURE name=value} lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLifecycleE2ETest {

    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String API_VERSION = "cairn.dev/v1alpha1";
    private static final String KIND = "EtcdCluster";
    private static final String NAMESPACE = "default";
    private static final String NAME = "e2e";
    private static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
    private static final int CLIENT_PORT = 2379;
    private static final int REPLACEMENT_SECONDS = 30;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kept when a scenario fails: the operator's and members' logs are under standin/kubelet/pods. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private StandIn standIn;
    private KubernetesClient client;
    private PortForward forward;
    private Etcdctl etcdctl;

    @BeforeAll
    void createCluster() throws IOException {
        StandInSettings settings = new StandInSettings(REPOSITORY, dir.resolve("standin"), 0,
                Path.of(System.getProperty("java.home")));
        System.out.println("stand-in work dir " + settings.workDir());
        standIn = StandIn.start(settings);
        client = standIn.client();
        standIn.installOperator();

        Instant applied = Instant.now();
        clusters().resource(clusterResource()).create();
        GenericKubernetesResource available = await("EtcdCluster Available").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100)).until(this::cluster, c -> ClusterStatus.of(c).available());
        figure("apply-to-available-ms", Duration.between(applied, Instant.now()).toMillis());

        ClientCredentials credentials = ClientCredentials.write(client, available, dir.resolve("client"))
                .orElseThrow(() -> new AssertionError("a TLS cluster has client credentials"));
        forward = PortForward.toService(client, NAMESPACE, NAME + "-client", CLIENT_PORT);
        etcdctl = new Etcdctl(credentials, dir.resolve("etcdctl"));
    }

    @AfterAll
    void stopStandIn() {
        if (forward != null) {
            forward.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    @Order(1)
    void bootstrapServesWritesThroughTheClientCertificateWithOneLeaderAndThreeHealthyMembers() throws IOException {
        etcdctl.viaService(forward.localPort(), "put", "/e2e/greeting", "hello").orThrow();
        assertThat(etcdctl.viaService(forward.localPort(), "get", "/e2e/greeting", "--print-value-only").orThrow()
                .stdout().strip()).isEqualTo("hello");

        JsonNode statuses = JSON.readTree(etcdctl.atMembers(memberEndpoints(), "endpoint", "status", "-w", "json")
                .orThrow().stdout());
        assertThat(statuses).hasSize(3);
        Set<String> leaders = new HashSet<>();
        int leading = 0;
        for (JsonNode endpoint : statuses) {
            JsonNode status = endpoint.get("Status");
            leaders.add(status.get("leader").asText());
            if (status.get("leader").asText().equals(status.get("header").get("member_id").asText())) {
                leading++;
            }
        }
        assertThat(leaders).as("the leader each member names").hasSize(1);
        assertThat(leading).as("members that are the leader").isEqualTo(1);

        // Available needs a healthy quorum; the third member may still be catching up, so its health is awaited.
        ClusterStatus status = await("3 healthy members in the status").atMost(Duration.ofSeconds(60))
                .pollInterval(POLL).until(this::status, s -> s.healthyVoters(3));
        assertThat(status.ids().keySet()).containsExactlyInAnyOrder(NAME + "-0", NAME + "-1", NAME + "-2");
    }

    @Test
    @Order(2)
    void aKilledMemberProcessRestartsOnItsVolumeAndRejoinsWithoutReplacement() {
        Map<String, String> ids = status().ids();
        String victim = NAME + "-1";
        String podUid = pod(victim).getMetadata().getUid();
        String claimUid = claim(victim).getMetadata().getUid();
        SteadyWriter writer = startWriter("crash");

        ProcessHandle process = ProcessHandle.of(standIn.kubelet().pid(NAMESPACE, victim).orElseThrow())
                .orElseThrow();
        process.destroyForcibly(); // SIGKILL, as kill -9
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());

        await("the member restarts and is healthy again").atMost(Duration.ofSeconds(90)).pollInterval(POLL)
                .until(() -> {
                    Pod pod = pod(victim);
                    return pod != null && ready(pod) && restarts(pod) >= 1
                            && standIn.kubelet().pid(NAMESPACE, victim).orElse(process.pid()) != process.pid()
                            && status().healthyVoters(3);
                });
        assertThat(status().ids()).as("member ids (no replacement)").isEqualTo(ids);
        assertThat(pod(victim).getMetadata().getUid()).isEqualTo(podUid);
        assertThat(claim(victim).getMetadata().getUid()).isEqualTo(claimUid);
        finish(writer);
    }

    @Test
    @Order(3)
    void aMemberWhoseDiskIsLostIsReplacedByANewMemberUnderASteadyWriter() {
        ClusterStatus before = status();
        Map<String, String> ids = before.ids();
        String victim = ids.keySet().stream().filter(name -> !name.equals(before.leader())).sorted()
                .reduce((first, second) -> second).orElseThrow();
        String claimUid = claim(victim).getMetadata().getUid();
        SteadyWriter writer = startWriter("disk-loss");

        Instant lost = Instant.now();
        client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claimName(victim)).delete();
        client.pods().inNamespace(NAMESPACE).withName(victim).delete();

        ClusterStatus healed = await("a new member replaces " + victim).atMost(Duration.ofMinutes(3))
                .pollInterval(POLL).until(this::status, status -> status.healthyVoters(3) && status.available()
                        && status.ids().containsKey(victim) && !ids.get(victim).equals(status.ids().get(victim)));
        figure("disk-loss-to-healthy-ms", Duration.between(lost, Instant.now()).toMillis());

        Map<String, String> others = new HashMap<>(ids);
        others.remove(victim);
        assertThat(healed.ids()).containsAllEntriesOf(others);
        assertThat(claim(victim).getMetadata().getUid()).as("a new claim").isNotEqualTo(claimUid);
        finish(writer);
        awaitEqualHashKv();
    }

    @Test
    @Order(4)
    void withQuorumLostTheOperatorRemovesNothingReportsQuorumLostAndTheClusterRecoversWhenMembersReturn() {
        Map<String, String> ids = status().ids();
        Map<String, String> podUids = uids(memberPods());
        Map<String, String> claimUids = uids(client.persistentVolumeClaims().inNamespace(NAMESPACE)
                .withLabel(INSTANCE_LABEL, NAME).list().getItems());
        List<String> down = List.of(NAME + "-0", NAME + "-1");
        SteadyWriter writer = startWriter("quorum-loss");

        Instant stopped = Instant.now();
        down.forEach(member -> standIn.kubelet().holdDown(NAMESPACE, member));
        await("Degraded/QuorumLost").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                .until(() -> quorumLost(status()));
        // Past the replacement delay (counted from when the members went unhealthy), nothing destructive happens.
        Duration past = Duration.ofSeconds(REPLACEMENT_SECONDS + 10).minus(Duration.between(stopped, Instant.now()));
        await("no member replaced while quorum is lost").during(past).atMost(past.plusSeconds(10))
                .pollInterval(Duration.ofSeconds(1)).until(() -> quorumLost(status())
                        && uids(memberPods()).equals(podUids)
                        && uids(client.persistentVolumeClaims().inNamespace(NAMESPACE).withLabel(INSTANCE_LABEL, NAME)
                                .list().getItems()).equals(claimUids));

        down.forEach(member -> standIn.kubelet().release(NAMESPACE, member));
        await("the cluster recovers by itself").atMost(Duration.ofSeconds(120)).pollInterval(POLL)
                .until(this::status, status -> status.available() && status.healthyVoters(3)
                        && !status.is("Degraded", "True"));
        assertThat(status().ids()).as("the same members").isEqualTo(ids);
        assertThat(uids(memberPods())).isEqualTo(podUids);
        finish(writer);
    }

    @Test
    @Order(5)
    void aChangedNodeOptionRollsMembersOneAtATimeLeaderLastWhileTheClusterStaysAvailable() {
        ClusterStatus before = status();
        String leader = before.leader();
        assertThat(leader).isNotNull();
        Map<String, String> original = uids(memberPods());
        SteadyWriter writer = startWriter("rolling");

        clusters().withName(NAME).edit(cluster -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) spec.computeIfAbsent("options", k -> new HashMap<>());
            options.put("snapshotCount", 5000);
            return cluster;
        });

        RollSampler sampler = new RollSampler(original);
        await("every member rolled").atMost(Duration.ofMinutes(4)).pollInterval(POLL).until(sampler::sample);

        assertThat(sampler.replacementOrder).as("pods replaced, in order").hasSize(3).last().isEqualTo(leader);
        assertThat(sampler.mostPodsDown).as("pods down at once").isLessThanOrEqualTo(1);
        assertThat(sampler.notAvailable).as("samples (of %d) without Available=True", sampler.samples).isZero();
        assertThat(status().ids()).as("the same members").isEqualTo(before.ids());
        figure("rolling-update-samples", sampler.samples);
        finish(writer);
    }

    @Test
    @Order(6)
    void scalingThreeToFiveToThreeUnderAWriterLeavesExactlyTheSpecsVotersAndDeletesRemovedClaims() {
        SteadyWriter writer = startWriter("scale");

        Instant up = Instant.now();
        scaleTo(5);
        await("5 voters").atMost(Duration.ofMinutes(4)).pollInterval(POLL).until(() -> membership(5));
        figure("scale-3-to-5-ms", Duration.between(up, Instant.now()).toMillis());

        Instant down = Instant.now();
        scaleTo(3);
        await("3 voters").atMost(Duration.ofMinutes(3)).pollInterval(POLL).until(() -> membership(3));
        figure("scale-5-to-3-ms", Duration.between(down, Instant.now()).toMillis());
        await("claims of removed members deleted").atMost(Duration.ofSeconds(60)).pollInterval(POLL)
                .until(() -> client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().stream()
                        .map(claim -> claim.getMetadata().getName()).filter(name -> name.endsWith(NAME + "-3")
                                || name.endsWith(NAME + "-4")).toList(), List::isEmpty);
        finish(writer);
    }

    @Test
    @Order(7)
    void deletingTheClusterRemovesEveryOwnedObjectProcessAndClaim() {
        GenericKubernetesResource cluster = cluster();
        String uid = cluster.getMetadata().getUid();
        List<ProcessHandle> processes = memberPods().stream()
                .map(pod -> standIn.kubelet().pid(NAMESPACE, pod.getMetadata().getName()).orElseThrow())
                .map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
        List<String> owned = owned(uid);
        assertThat(owned).as("owned objects").anyMatch(o -> o.startsWith("StatefulSet/"))
                .anyMatch(o -> o.startsWith("Pod/")).anyMatch(o -> o.startsWith("Service/"));

        clusters().withName(NAME).delete();

        await("everything owned is gone").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(cluster()).isNull();
                    assertThat(owned(uid)).isEmpty();
                    assertThat(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems())
                            .as("claims (reclaimPolicy Delete)").isEmpty();
                    assertThat(processes).noneMatch(ProcessHandle::isAlive);
                });
        // The CA carries no owner reference on purpose: a re-created cluster of the same name keeps its trust root.
        assertThat(client.secrets().inNamespace(NAMESPACE).withName(NAME + "-ca").get()).isNotNull();
    }

    // --- the writer

    private SteadyWriter startWriter(String scenario) {
        SteadyWriter writer = SteadyWriter.start(etcdctl, forward.localPort(), "/writer/" + scenario + "/");
        await("the writer's first writes").atMost(Duration.ofSeconds(30)).pollInterval(POLL)
                .until(() -> writer.acknowledgedCount() >= 3);
        return writer;
    }

    /** Lets the writer show the cluster takes writes again, stops it, and checks no acknowledged key is lost. */
    private void finish(SteadyWriter writer) {
        int acknowledged = writer.acknowledgedCount();
        await("writes after the scenario").atMost(Duration.ofSeconds(30)).pollInterval(POLL)
                .until(() -> writer.acknowledgedCount() >= acknowledged + 3);
        SteadyWriter.Outcome outcome = writer.stop();
        String scenario = outcome.prefix().split("/")[2];
        figure("failed-writes-" + scenario, outcome.failures().size());
        figure("acknowledged-writes-" + scenario, outcome.acknowledged().size());
        outcome.failures().stream().collect(Collectors.groupingBy(ClusterLifecycleE2ETest::errorOf, TreeMap::new,
                Collectors.counting())).forEach((error, count) -> System.out.println("   failed puts (" + scenario
                + "): " + count + " x " + error));
        Set<String> stored = Arrays.stream(etcdctl.viaService(forward.localPort(), "get", "--prefix",
                        outcome.prefix(), "--keys-only").orThrow().stdout().split("\n"))
                .map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.toSet());
        assertThat(stored).as("acknowledged keys readable").containsAll(outcome.acknowledged());
    }

    /** The gRPC error an etcdctl failure names ({@code desc = ...}), else its whole text. */
    private static String errorOf(String failure) {
        int desc = failure.indexOf("desc = ");
        return desc < 0 ? failure : failure.substring(desc + "desc = ".length()).split("[\"\\n]", 2)[0];
    }

    private void awaitEqualHashKv() {
        await("equal hashkv on every member").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    JsonNode result = JSON.readTree(etcdctl.atMembers(memberEndpoints(), "endpoint", "hashkv",
                            "-w", "json").orThrow().stdout());
                    Set<String> hashes = new HashSet<>();
                    result.forEach(endpoint -> hashes.add(endpoint.get("HashKV").get("hash").asText()));
                    return result.size() == 3 && hashes.size() == 1;
                });
    }

    // --- scale and membership

    private void scaleTo(int replicas) {
        clusters().withName(NAME).edit(cluster -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) cluster.getAdditionalProperties().get("spec");
            spec.put("replicas", replicas);
            return cluster;
        });
    }

    /** etcd's member list and the status agree with the spec: members {@code 0..count-1}, all started voters. */
    private boolean membership(int count) throws IOException {
        Etcdctl.Result list = etcdctl.viaService(forward.localPort(), "member", "list", "-w", "json");
        if (!list.ok()) {
            return false;
        }
        JsonNode members = JSON.readTree(list.stdout()).path("members");
        if (!members.isArray() || members.isEmpty()) {
            System.out.println("   member list without members: " + list.stdout().strip());
            return false;
        }
        Set<String> names = new HashSet<>();
        for (JsonNode member : members) {
            if (member.path("isLearner").asBoolean(false) || member.path("name").asText().isEmpty()) {
                return false;
            }
            names.add(member.get("name").asText());
        }
        Set<String> wanted = IntStream.range(0, count).mapToObj(i -> NAME + "-" + i).collect(Collectors.toSet());
        List<Pod> pods = memberPods();
        return names.equals(wanted) && members.size() == count && status().healthyVoters(count)
                && pods.size() == count && pods.stream().allMatch(ClusterLifecycleE2ETest::ready);
    }

    // --- the rolling update's samples

    /** Samples the pods and the Available condition while the members roll. */
    private final class RollSampler {
        private final Map<String, String> original;
        private final List<String> replacementOrder = new ArrayList<>();
        private int mostPodsDown;
        private int notAvailable;
        private int samples;

        RollSampler(Map<String, String> original) {
            this.original = original;
        }

        /** True once every pod is a new one, ready, and the members healthy. */
        boolean sample() {
            ClusterStatus status = status();
            Map<String, Pod> pods = memberPods().stream()
                    .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod));
            samples++;
            if (!status.available()) {
                notAvailable++;
            }
            int podsDown = 0;
            for (String name : original.keySet()) {
                Pod pod = pods.get(name);
                if (pod == null || !ready(pod)) {
                    podsDown++;
                }
                boolean replaced = pod == null || !original.get(name).equals(pod.getMetadata().getUid());
                if (replaced && !replacementOrder.contains(name)) {
                    replacementOrder.add(name);
                }
            }
            mostPodsDown = Math.max(mostPodsDown, podsDown);
            return replacementOrder.size() == original.size() && podsDown == 0 && status.healthyVoters(3);
        }
    }

    // --- reading the cluster

    private NonNamespaceOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> clusters() {
        return client.genericKubernetesResources(API_VERSION, KIND).inNamespace(NAMESPACE);
    }

    private GenericKubernetesResource cluster() {
        return clusters().withName(NAME).get();
    }

    private ClusterStatus status() {
        return ClusterStatus.of(cluster());
    }

    private static boolean quorumLost(ClusterStatus status) {
        ClusterStatus.Condition degraded = status.conditions().get("Degraded");
        return degraded != null && "True".equals(degraded.status()) && "QuorumLost".equals(degraded.reason());
    }

    private List<Pod> memberPods() {
        return client.pods().inNamespace(NAMESPACE).withLabel(INSTANCE_LABEL, NAME).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getName().matches(NAME + "-[0-9]+"))
                .toList();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NAMESPACE).withName(name).get();
    }

    private static String claimName(String member) {
        return "data-" + member;
    }

    private PersistentVolumeClaim claim(String member) {
        return client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claimName(member)).get();
    }

    /** {@code https://<pod IP>:2379} of every member pod, comma-separated. */
    private String memberEndpoints() {
        return memberPods().stream().map(pod -> pod.getStatus().getPodIP()).filter(Objects::nonNull)
                .map(ip -> "https://" + ip + ":" + CLIENT_PORT).collect(Collectors.joining(","));
    }

    /** Objects that the cluster owns (owner references), directly or through an owned object, as {@code Kind/name}. */
    private List<String> owned(String clusterUid) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().statefulSets().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.services().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.configMaps().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.secrets().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems());
        objects.addAll(client.pods().inNamespace(NAMESPACE).list().getItems());
        Set<String> owners = new HashSet<>(Set.of(clusterUid));
        objects.stream().filter(o -> ownedBy(o, Set.of(clusterUid))).forEach(o -> owners.add(o.getMetadata().getUid()));
        return objects.stream().filter(o -> ownedBy(o, owners))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).sorted().toList();
    }

    private static boolean ownedBy(HasMetadata object, Set<String> owners) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences()
                .stream().anyMatch(reference -> owners.contains(reference.getUid()));
    }

    private static Map<String, String> uids(List<? extends HasMetadata> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o.getMetadata().getUid(),
                (a, b) -> a, TreeMap::new));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount()).sum();
    }

    private static GenericKubernetesResource clusterResource() {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.setApiVersion(API_VERSION);
        cluster.setKind(KIND);
        cluster.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(NAME)
                .withNamespace(NAMESPACE).build());
        Map<String, Object> spec = new HashMap<>();
        spec.put("replicas", 3);
        spec.put("storage", new HashMap<>(Map.of("reclaimPolicy", "Delete")));
        spec.put("healthPolicy", new HashMap<>(Map.of("unhealthySecondsBeforeReplacement", REPLACEMENT_SECONDS)));
        cluster.setAdditionalProperty("spec", spec);
        return cluster;
    }

    private static void figure(String name, long value) {
        System.out.println("E2E-FIGURE " + name + "=" + value);
    }
}
