package io.asyncservice.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerKind;
import io.asyncservice.api.v1alpha1.MessageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String SQS = "{\"sqs\":{\"queueUrl\":\"http://localhost:9324/000000000000/jobs\"}}";
    private static final String MINIMAL = "{\"endpoint\":{\"port\":8000},\"input\":" + SQS + "}";

    private static SidecarSettings load(String json) {
        return ConfigLoader.fromEnvironment(Map.of("ASVC_CONFIG", json));
    }

    private static List<String> problems(String json) {
        return problems(Map.of("ASVC_CONFIG", json));
    }

    private static List<String> problems(Map<String, String> env) {
        try {
            ConfigLoader.fromEnvironment(env);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for " + env);
    }

    @Test
    void appliesEveryDefault() {
        SidecarSettings s = load(MINIMAL);

        assertThat(s.port()).isEqualTo(7979);
        assertThat(s.endpoint()).isEqualTo(new EndpointSettings(8000, "/", Duration.ofMinutes(5), null));
        assertThat(s.input().kind()).isEqualTo(BrokerKind.SQS);
        assertThat(s.output()).isEmpty();
        assertThat(s.deadLetter()).isEmpty();
        assertThat(s.delivery()).isEqualTo(new DeliverySettings(1, 5, Duration.ofSeconds(1), Duration.ofMinutes(1),
                MessageFormat.RAW, 256 * 1024));
        assertThat(s.endpoint().maxResponseBytes()).isEqualTo(256 * 1024);
        assertThat(s.deliverySpec().getConcurrency()).isEqualTo(1);
        assertThat(s.drainTimeout()).isEqualTo(Duration.ofMinutes(5).plusSeconds(10));
        assertThat(s.receiveWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.drainToken()).as("a Deployment rendered before drain tokens: /drain stays open").isNull();
        assertThat(s.drainResumeAfter()).as("the least grace the operator gives (timeout + 30 s), plus 10 s")
                .isEqualTo(Duration.ofMinutes(5).plusSeconds(40));
    }

    @Test
    void readsEveryField() {
        SidecarSettings s = load("{\"name\":\"summarizer\",\"namespace\":\"ml\",\"port\":9000,"
                + "\"endpoint\":{\"port\":8000,\"path\":\"/summarize\",\"timeout\":\"1h30m\",\"readinessPath\":\"/health\"},"
                + "\"input\":" + SQS + ",\"output\":" + SQS + ",\"deadLetter\":" + SQS + ","
                + "\"delivery\":{\"concurrency\":32,\"maxAttempts\":7,\"backoff\":{\"initial\":\"500ms\",\"max\":\"2m\"},"
                + "\"format\":\"truefoundry\",\"maxMessageSize\":\"1Mi\",\"maxResponseSize\":\"2M\"}}");

        assertThat(s.name()).isEqualTo("summarizer");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.endpoint()).isEqualTo(new EndpointSettings(8000, "/summarize", Duration.ofMinutes(90), "/health", 2_000_000));
        assertThat(s.output()).isPresent();
        assertThat(s.deadLetter()).isPresent();
        assertThat(s.delivery()).isEqualTo(new DeliverySettings(32, 7, Duration.ofMillis(500), Duration.ofMinutes(2),
                MessageFormat.TRUEFOUNDRY, 1024 * 1024));
    }

    @Test
    void aConcurrencyWhoseMessagesWouldNotFitTheHeapIsLowered() throws Exception {
        String json = "{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"concurrency\":32,"
                + "\"maxMessageSize\":\"1Mi\",\"maxResponseSize\":\"1Mi\"}}";
        SidecarConfig config = new ObjectMapper().readValue(json, SidecarConfig.class);

        SidecarSettings s = ConfigValidator.validate(config, Map.of(), 128L * 1024 * 1024);

        assertThat(s.delivery().concurrency()).as("7 MiB a message, 76 MiB for messages").isEqualTo(10);
        assertThat(s.deliverySpec().getConcurrency()).as("what the input's prefetch follows").isEqualTo(10);
        String defaults = "{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"concurrency\":32}}";
        assertThat(ConfigValidator.validate(new ObjectMapper().readValue(defaults, SidecarConfig.class), Map.of(),
                128L * 1024 * 1024).delivery().concurrency())
                .as("the default sizes at concurrency 32 fit the default memory limit").isEqualTo(32);
    }

    @Test
    void sidecarKnobsComeFromTheEnvironment() {
        SidecarSettings s = ConfigLoader.fromEnvironment(Map.of("ASVC_CONFIG", MINIMAL, "ASVC_DRAIN_TIMEOUT", "45s",
                "ASVC_RECEIVE_WAIT", "1s"));

        assertThat(s.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.receiveWait()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theDrainTokenAndTheGracePeriodComeFromTheOperatorsVariables() {
        SidecarSettings s = ConfigLoader.fromEnvironment(Map.of("ASVC_CONFIG", MINIMAL,
                SidecarContract.DRAIN_TOKEN_ENV, "3q2-7w", SidecarContract.TERMINATION_GRACE_PERIOD_ENV, "630s"));

        assertThat(s.drainToken()).isEqualTo("3q2-7w");
        assertThat(s.drainResumeAfter()).isEqualTo(Duration.ofSeconds(640));
        assertThat(s.toString()).doesNotContain("3q2-7w");
        assertThat(problems(Map.of("ASVC_CONFIG", MINIMAL, SidecarContract.TERMINATION_GRACE_PERIOD_ENV, "soon")))
                .singleElement().asString().contains(SidecarContract.TERMINATION_GRACE_PERIOD_ENV);
    }

    @Test
    void readsTheFileNamedByAsvcConfigFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sidecar.json");
        Files.writeString(file, MINIMAL);

        assertThat(ConfigLoader.fromEnvironment(Map.of("ASVC_CONFIG_FILE", file.toString())).endpoint().port()).isEqualTo(8000);
    }

    @Test
    void saysWhereTheConfigurationShouldBe() {
        assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ASVC_CONFIG").hasMessageContaining("ASVC_CONFIG_FILE");
        assertThatThrownBy(() -> ConfigLoader.fromEnvironment(Map.of("ASVC_CONFIG_FILE", "/no/such/file.json")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read /no/such/file.json");
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        assertThat(problems("{\"input\":" + SQS + "}")).containsExactly("endpoint is required");
        assertThat(problems("{\"endpoint\":{},\"input\":" + SQS + "}")).containsExactly("endpoint.port is required");
        assertThat(problems("{\"endpoint\":{\"port\":8000}}")).containsExactly("input is required");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":{}}"))
                .containsExactly("input: set exactly one broker kind (" + BrokerKind.ONE_OF + "); found 0");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":{\"sqs\":{\"queueUrl\":\"http://q\"},"
                + "\"nats\":{\"servers\":[\"nats://n\"],\"stream\":\"s\",\"consumer\":\"c\"}}}"))
                .containsExactly("input: set exactly one broker kind (" + BrokerKind.ONE_OF + "); found 2");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"backoff\":{\"initial\":\"5x\"}}}"))
                .containsExactly("delivery.backoff.initial: '5x' is not a duration such as 500ms, 30s, 5m or 1h30m");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"backoff\":{\"initial\":\"2m\"}}}"))
                .containsExactly("delivery.backoff.initial: 2m is longer than delivery.backoff.max 1m");
        assertThat(problems("{\"endpoint\":{\"port\":8000,\"path\":\"work\",\"timeout\":\"soon\"},\"input\":" + SQS + "}"))
                .containsExactly("endpoint.path: 'work' must start with /",
                        "endpoint.timeout: 'soon' is not a duration such as 500ms, 30s, 5m or 1h30m");
        assertThat(problems("{\"port\":8000,\"endpoint\":{\"port\":8000},\"input\":" + SQS + "}"))
                .containsExactly("port: 8000 is also endpoint.port; the sidecar needs a port of its own");
        assertThat(problems("{\"endpoint\":{\"port\":70000},\"input\":" + SQS + "}"))
                .containsExactly("endpoint.port: 70000 is not a port number (1-65535)");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"concurrency\":0,\"maxAttempts\":101}}"))
                .containsExactly("delivery.concurrency: 0 is outside 1-1024", "delivery.maxAttempts: 101 is outside 1-100");
    }

    @Test
    void checksTheFieldsEachBrokerRequires() {
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":{\"sqs\":{\"queueUrl\":\"jobs\",\"visibilityTimeout\":\"0s\"}}}"))
                .containsExactly("input.sqs.queueUrl: 'jobs' is not an http(s) URL",
                        "input.sqs.visibilityTimeout: must be between 1s and 12h");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":{\"kafka\":{\"topic\":\"t\"}}}"))
                .containsExactly("input.kafka.bootstrapServers is required", "input.kafka.consumerGroup is required",
                        "a Kafka input needs output or deadLetter: Kafka has no dead-letter policy of its own, so failed"
                                + " messages need somewhere to go");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"output\":{\"nats\":{\"stream\":\"s\"}}}"))
                .containsExactly("output.nats.servers is required: list at least one NATS server URL",
                        "output.nats.subject is required");
        assertThat(problems("{\"endpoint\":{\"port\":8000,\"timeout\":\"1m\"},\"input\":{\"amqp\":{}}}"))
                .containsExactly("input.amqp.queue is required");
    }

    @Test
    void anAmqpInputMustBeAckedWithinTheBrokersConsumerTimeout() {
        String amqp = "{\"amqp\":{\"queue\":\"jobs\",\"uriSecret\":{\"name\":\"rabbit\"}%s}}";

        assertThat(load("{\"endpoint\":{\"port\":8000},\"input\":" + amqp.formatted("") + "}").input().getAmqp()
                .getConsumerTimeout()).as("every default fits: 5m + 2m < 30m").isEqualTo("30m");
        assertThat(load("{\"endpoint\":{\"port\":8000,\"timeout\":\"27m59s\"},\"delivery\":{\"maxAttempts\":20,"
                + "\"backoff\":{\"max\":\"10m\"}},\"input\":" + amqp.formatted("") + "}").input().getAmqp().getConsumerTimeout())
                .as("only one attempt must fit; retries that would outlast it release the message").isEqualTo("30m");
        assertThat(problems("{\"endpoint\":{\"port\":8000,\"timeout\":\"28m\"},\"input\":" + amqp.formatted("") + "}"))
                .containsExactly("input.amqp.consumerTimeout is 30m, but one attempt may hold a message unacknowledged for up "
                        + "to 30m: endpoint.timeout 28m + 2m to write the output and ack. RabbitMQ would close the channel at "
                        + "30m and deliver the message again while the app still works on it. Lower endpoint.timeout below "
                        + "28m, or raise consumer_timeout on the broker (or the queue's x-consumer-timeout) above 30m and set "
                        + "input.amqp.consumerTimeout to it");
        assertThat(problems("{\"endpoint\":{\"port\":8000},\"input\":" + amqp.formatted(",\"consumerTimeout\":\"half an hour\"")
                + "}")).containsExactly("input.amqp.consumerTimeout: 'half an hour' is not a duration such as 500ms, 30s, 5m or 1h30m");
        assertThat(load("{\"endpoint\":{\"port\":8000,\"timeout\":\"45m\"},\"input\":"
                + amqp.formatted(",\"consumerTimeout\":\"1h\"") + "}").input().getAmqp().getConsumerTimeout()).isEqualTo("1h");
    }

    @Test
    void anAmqpOutputsConsumerTimeoutIsNotTheInputs() {
        String out = "{\"amqp\":{\"queue\":\"results\",\"consumerTimeout\":\"1s\"}}";

        assertThat(load("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"output\":" + out + "}").output()).isPresent();
    }

    @Test
    void wrongTypesAndUnknownEnumsNameTheField() {
        assertThatThrownBy(() -> load("{\"endpoint\":{\"port\":\"eighty\"},\"input\":" + SQS + "}"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("endpoint.port: 'eighty' is not a valid value");
        assertThatThrownBy(() -> load("{\"endpoint\":{\"port\":8000},\"input\":" + SQS + ",\"delivery\":{\"format\":\"xml\"}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("delivery.format: 'xml' is not a valid value (one of raw, truefoundry)");
        assertThatThrownBy(() -> load("{\"endpoint\":"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("ASVC_CONFIG: not valid JSON");
    }

    @Test
    void unknownFieldsAreIgnoredSoANewerOperatorCanAddSome() {
        Map<String, String> env = new HashMap<>();
        env.put("ASVC_CONFIG", "{\"endpoint\":{\"port\":8000,\"future\":1},\"input\":" + SQS + ",\"extra\":{\"a\":[1]}}");

        assertThat(ConfigLoader.fromEnvironment(env).endpoint().port()).isEqualTo(8000);
    }
}
