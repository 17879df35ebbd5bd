package dev.cairn.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.operator.model.BootstrapConfigMap;
import dev.cairn.operator.plan.InitialClusterState;
import dev.cairn.operator.plan.JoinConfig;
import dev.cairn.operator.plan.MemberNaming;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinConfigMapsTest {

    private static final MemberNaming NAMING = new MemberNaming("demo", "demo-peer.prod.svc", "https", 2380);
    private static final String THREE = "demo-0=https://demo-0.demo-peer.prod.svc:2380,"
            + "demo-1=https://demo-1.demo-peer.prod.svc:2380,demo-2=https://demo-2.demo-peer.prod.svc:2380";

    @Test
    void aFormationIsPublishedForEveryOrdinalItNames() {
        Map<Integer, JoinConfig> read = JoinConfigMaps.read(configMap("new", THREE, null), NAMING);

        assertThat(read).containsOnlyKeys(0, 1, 2)
                .allSatisfy((ordinal, config) -> assertThat(config).isEqualTo(
                        new JoinConfig(InitialClusterState.NEW, THREE)));
    }

    @Test
    void aJoinIsPublishedOnlyForTheMemberItNames() {
        assertThat(JoinConfigMaps.read(configMap("existing", THREE, "demo-2"), NAMING))
                .containsExactly(Map.entry(2, JoinConfig.joining(THREE)));
        assertThat(JoinConfigMaps.read(configMap("existing", THREE, null), NAMING)).isEmpty();
        assertThat(JoinConfigMaps.read(configMap("existing", THREE, "other-2"), NAMING)).isEmpty();
    }

    @Test
    void aMissingOrUnreadableConfigMapPublishesNothing() {
        assertThat(JoinConfigMaps.read(null, NAMING)).isEmpty();
        assertThat(JoinConfigMaps.read(configMap("sideways", THREE, null), NAMING)).isEmpty();
        assertThat(JoinConfigMaps.read(new ConfigMapBuilder().withNewMetadata().withName("demo-bootstrap")
                .endMetadata().build(), NAMING)).isEmpty();
    }

    private static ConfigMap configMap(String state, String initialCluster, String joining) {
        ConfigMapBuilder builder = new ConfigMapBuilder().withNewMetadata().withName("demo-bootstrap").endMetadata()
                .addToData(BootstrapConfigMap.INITIAL_CLUSTER_KEY, initialCluster)
                .addToData(BootstrapConfigMap.INITIAL_CLUSTER_STATE_KEY, state);
        if (joining != null) {
            builder.editMetadata().addToAnnotations(BootstrapConfigMap.JOINING_MEMBER_ANNOTATION, joining)
                    .endMetadata();
        }
        return builder.build();
    }
}
