package dev.cairn.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class StrictReconfigCheckTest {
    @Test
    void isOnByDefaultAsInEtcd() {
        assertThat(ConfigLoader.load(List.of(), Map.of()).config().strictReconfigCheck()).isTrue();
    }

    @Test
    void canBeTurnedOffByFlagOrEnvironment() {
        assertThat(ConfigLoader.load(List.of("--strict-reconfig-check=false"), Map.of()).config()
                .strictReconfigCheck()).isFalse();
        assertThat(ConfigLoader.load(List.of(), Map.of("ETCD_STRICT_RECONFIG_CHECK", "false")).config()
                .strictReconfigCheck()).isFalse();
    }
}
