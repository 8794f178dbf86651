package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AsvcColumnsTest {

    @Test
    void cutsTheRowAtTheHeadersColumnsSoThatAnEmptyCellStaysEmpty() {
        String out = """
                NAME      AGE   BACKLOG   READY   REPLICAS
                sqs-e2e   5s              True    0
                """;

        assertThat(AsvcColumns.parse(out)).containsExactly(
                Map.entry("NAME", "sqs-e2e"), Map.entry("AGE", "5s"),
                Map.entry("BACKLOG", ""), Map.entry("READY", "True"),
                Map.entry("REPLICAS", "0"));
    }

    @Test
    void readsEveryCellOfAFullRow() {
        String out = """
                NAME      AGE   BACKLOG   READY   REPLICAS
                sqs-e2e   41s   200       True    4
                """;

        assertThat(AsvcColumns.parse(out)).containsEntry("BACKLOG", "200").containsEntry("REPLICAS", "4");
    }
}
