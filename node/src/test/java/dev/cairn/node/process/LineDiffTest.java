package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void marksRemovedLinesBeforeAddedOnesAndKeepsCommonLines() {
        assertThat(LineDiff.render("exit 0\nsame\nold", "exit 1\nsame\nnew\nextra"))
                .isEqualTo("- exit 0\n+ exit 1\n  same\n- old\n+ new\n+ extra");
    }
}
