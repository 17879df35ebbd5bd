package dev.cairn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemberBootstrapTest {

    private final ClusterNames names = new ClusterNames("demo", "prod");

    @Test
    void formationNamesEveryMemberWithStateNew() {
        MemberBootstrap formation = MemberBootstrap.formation(names, 3);

        assertThat(formation.state()).isEqualTo(MemberBootstrap.State.NEW);
        assertThat(formation.members()).containsExactly("demo-0", "demo-1", "demo-2");
    }

    @Test
    void joinAddsTheJoiningMemberToTheCurrentOnesWithStateExisting() {
        MemberBootstrap join = MemberBootstrap.join(List.of("demo-0", "demo-2"), "demo-1");

        assertThat(join.state()).isEqualTo(MemberBootstrap.State.EXISTING);
        assertThat(join.members()).containsExactly("demo-0", "demo-2", "demo-1");
    }

    @Test
    void joiningMemberMustNotAlreadyBeAMember() {
        assertThatThrownBy(() -> MemberBootstrap.join(List.of("demo-0", "demo-1"), "demo-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo-1 is already among the current members [demo-0, demo-1]");
        assertThatThrownBy(() -> new MemberBootstrap(MemberBootstrap.State.NEW, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configMapCarriesTheJoinForTheStartingMember() {
        ConfigMap configMap = BootstrapConfigMap.build(GoldenClusters.load("one-member-plain"),
                MemberBootstrap.join(List.of("scratch-0"), "scratch-1"));

        assertThat(configMap.getData())
                .containsEntry(BootstrapConfigMap.INITIAL_CLUSTER_KEY,
                        "scratch-0=http://scratch-0.scratch-peer.dev.svc:2380,"
                                + "scratch-1=http://scratch-1.scratch-peer.dev.svc:2380")
                .containsEntry(BootstrapConfigMap.INITIAL_CLUSTER_STATE_KEY, "existing");
    }
}
