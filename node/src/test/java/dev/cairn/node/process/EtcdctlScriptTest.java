package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdctlScriptTest {

    @Test
    void parsesQuotedArgumentsFailureMarksAndStdinBlocks() {
        List<EtcdctlScript.Step> steps = EtcdctlScript.parse("""
                # comment
                put "spaced key" ''

                ! get missing --rev=100
                txn -w json <<EOF
                value("a") = "1"

                put a 2

                EOF
                get a
                """);

        assertThat(steps).containsExactly(
                new EtcdctlScript.Step(2, List.of("put", "spaced key", ""), "", false),
                new EtcdctlScript.Step(4, List.of("get", "missing", "--rev=100"), "", true),
                new EtcdctlScript.Step(5, List.of("txn", "-w", "json"), "value(\"a\") = \"1\"\n\nput a 2\n\n", false),
                new EtcdctlScript.Step(11, List.of("get", "a"), "", false));
    }

    @Test
    void rejectsUnclosedQuotesAndStdinBlocks() {
        assertThatThrownBy(() -> EtcdctlScript.parse("put \"a b"))
                .hasMessageContaining("line 1: unclosed quote");
        assertThatThrownBy(() -> EtcdctlScript.parse("txn <<EOF\nvalue(\"a\") = \"1\"\n"))
                .hasMessageContaining("line 1: stdin block has no closing EOF");
    }

    @Test
    void theShippedScriptParses() {
        assertThat(EtcdctlScript.load("/process/etcdctl-differential.script")).hasSizeGreaterThan(90);
    }
}
