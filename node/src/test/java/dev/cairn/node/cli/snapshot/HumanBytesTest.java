package dev.cairn.node.cli.snapshot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes and tables as etcdctl 3.4 prints them (go-humanize, tablewriter). */
class HumanBytesTest {
    @Test
    void formatsLikeGoHumanize() {
        assertThat(HumanBytes.format(0)).isEqualTo("0 B");
        assertThat(HumanBytes.format(9)).isEqualTo("9 B");
        assertThat(HumanBytes.format(999)).isEqualTo("999 B");
        assertThat(HumanBytes.format(1000)).isEqualTo("1.0 kB");
        assertThat(HumanBytes.format(20480)).isEqualTo("20 kB");
        assertThat(HumanBytes.format(2_129_920)).isEqualTo("2.1 MB");
        assertThat(HumanBytes.format(12_500)).isEqualTo("12 kB");
    }

    @Test
    void rendersEtcdctlsTable() {
        assertThat(TextTable.render(List.of("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"),
                List.of("bb4be539", "2", "5", "20 kB"))).isEqualTo("""
                +----------+----------+------------+------------+
                |   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |
                +----------+----------+------------+------------+
                | bb4be539 |        2 |          5 |      20 kB |
                +----------+----------+------------+------------+
                """);
    }
}
