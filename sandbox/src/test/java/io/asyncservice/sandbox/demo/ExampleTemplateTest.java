package io.asyncservice.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleTemplateTest {

    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("NAME", "summarizer"),
            Map.entry("SQS_ENDPOINT", "http://127.0.0.1:9324"), Map.entry("SQS_REGION", "elasticmq"),
            Map.entry("INPUT_URL", "http://127.0.0.1:9324/000000000000/summarizer-jobs"),
            Map.entry("OUTPUT_URL", "http://127.0.0.1:9324/000000000000/summarizer-results"),
            Map.entry("DEAD_LETTER_URL", "http://127.0.0.1:9324/000000000000/summarizer-dead-letters"),
            Map.entry("BOOTSTRAP_SERVERS", "127.0.0.1:9092"), Map.entry("INPUT_TOPIC", "summarizer-jobs"),
            Map.entry("OUTPUT_TOPIC", "summarizer-results"), Map.entry("DEAD_LETTER_TOPIC", "summarizer-dead-letters"),
            Map.entry("CONSUMER_GROUP", "summarizer-workers"),
            Map.entry("NATS_URL", "nats://127.0.0.1:4222"), Map.entry("STREAM", "SUMMARIZER"),
            Map.entry("INPUT_SUBJECT", "summarizer.jobs"), Map.entry("OUTPUT_SUBJECT", "summarizer.results"),
            Map.entry("DEAD_LETTER_SUBJECT", "summarizer.dead"), Map.entry("CONSUMER", "summarizer-workers"),
            Map.entry("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/%2F"), Map.entry("INPUT_QUEUE", "summarizer.jobs"),
            Map.entry("OUTPUT_QUEUE", "summarizer.results"), Map.entry("DEAD_LETTER_QUEUE", "summarizer.dead"));

    @ParameterizedTest
    @ValueSource(strings = {"sqs", "kafka", "nats", "amqp"})
    void everyExampleRendersToAnAsyncServiceScaledFromZeroWithOutputAndDeadLetter(String broker) {
        String yaml = ExampleTemplate.render(broker, VALUES);

        assertThat(yaml).doesNotContain("{{");
        AsyncService asvc = java.util.Arrays.stream(yaml.split("\n---\n"))
                .filter(doc -> doc.contains("kind: AsyncService"))
                .map(doc -> Serialization.unmarshal(doc, AsyncService.class))
                .findFirst().orElseThrow();
        assertThat(asvc.getMetadata().getName()).isEqualTo("summarizer");
        assertThat(asvc.getSpec().getAutoscaling().getMinReplicas()).isZero();
        assertThat(asvc.getSpec().getAutoscaling().getCooldownPeriod()).isEqualTo("10s");
        assertThat(asvc.getSpec().getOutput()).isNotNull();
        assertThat(asvc.getSpec().getDeadLetter()).isNotNull();
        assertThat(asvc.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).contains("summarizer");
        assertThat(asvc.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName()).isEqualTo("ECHO_DELAY_MS"));
    }

    @Test
    void valuesOverrideTheDefaults() {
        Map<String, String> values = new java.util.HashMap<>(VALUES);
        values.put("ECHO_STATUS", "400");

        assertThat(ExampleTemplate.render("sqs", values)).contains("name: ECHO_STATUS, value: \"400\"");
    }

    @Test
    void aMissingValueIsNamed() {
        assertThatThrownBy(() -> ExampleTemplate.render("sqs", Map.of("NAME", "x")))
                .hasMessageContaining("needs a value for");
    }
}
