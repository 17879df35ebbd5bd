package dev.cairn.standin.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VarExpansionTest {

    private static final Map<String, String> VARS = Map.of("A", "alpha", "B", "$(A)");

    @Test
    void definedReferencesAreReplacedAndUndefinedOnesKept() {
        assertThat(VarExpansion.expand("x-$(A)-$(C)-y", VARS)).isEqualTo("x-alpha-$(C)-y");
    }

    @Test
    void doubleDollarEscapesAReference() {
        assertThat(VarExpansion.expand("$$(A) $$ $$$(A)", VARS)).isEqualTo("$(A) $ $alpha");
    }

    @Test
    void loneDollarsAndUnclosedReferencesStayLiteral() {
        assertThat(VarExpansion.expand("cost $5 $A $(A", VARS)).isEqualTo("cost $5 $A $(A");
        assertThat(VarExpansion.expand("end$", VARS)).isEqualTo("end$");
    }

    @Test
    void valuesAreNotExpandedTwice() {
        assertThat(VarExpansion.expand("$(B)", VARS)).isEqualTo("$(A)");
    }
}
