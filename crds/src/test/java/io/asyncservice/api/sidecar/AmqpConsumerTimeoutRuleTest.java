package io.asyncservice.api.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AmqpSpec;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AmqpConsumerTimeoutRuleTest {

    @Test
    void theLongestHoldIsOneAttemptAndTheSettling() {
        assertThat(AmqpConsumerTimeoutRule.longestHold(Duration.ofMinutes(5))).as("5m + 2m").isEqualTo(Duration.ofMinutes(7));
        assertThat(AmqpConsumerTimeoutRule.longestHold(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void theApiDefaultsFitRabbitMqsDefault() {
        assertThat(AmqpConsumerTimeoutRule.check("spec.", amqpInput(null), new EndpointSpec())).as("5m + 2m < 30m").isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("spec.", amqpInput(null), null)).as("no endpoint: its default").isEmpty();
    }

    @Test
    void anAttemptTooLongForTheTimeoutIsRefusedAndTheMessageSaysWhatToChange() {
        assertThat(AmqpConsumerTimeoutRule.check("spec.", amqpInput(null), endpoint("40m"))).hasValue(
                "spec.input.amqp.consumerTimeout is 30m, but one attempt may hold a message unacknowledged for up to 42m: "
                        + "spec.endpoint.timeout 40m + 2m to write the output and ack. RabbitMQ would close the channel at "
                        + "30m and deliver the message again while the app still works on it. Lower spec.endpoint.timeout "
                        + "below 28m, or raise consumer_timeout on the broker (or the queue's x-consumer-timeout) above 42m "
                        + "and set spec.input.amqp.consumerTimeout to it");
    }

    @Test
    void theBoundIsExact() {
        assertThat(check("30m", "27m59s999ms")).as("just below consumerTimeout - 2m").isEmpty();
        assertThat(check("30m", "28m")).as("a hold equal to the timeout may lose the race").isPresent();
        assertThat(check("30m", "28m1ms")).isPresent();
        assertThat(check("7m1ms", "5m")).as("just above the hold").isEmpty();
        assertThat(check("7m", "5m")).isPresent();
    }

    @Test
    void neitherMaxAttemptsNorBackoffCount() {
        assertThat(AmqpConsumerTimeoutRule.check("", Duration.ofMinutes(30), Duration.ofMinutes(27))).isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", Duration.ofMinutes(30), Duration.ofMinutes(28)))
                .hasValueSatisfying(m -> assertThat(m).doesNotContain("maxAttempts").doesNotContain("backoff"));
    }

    @Test
    void whenNoEndpointTimeoutCanFitOnlyTheBrokerCan() {
        assertThat(check("2m", "10s")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("input.amqp.consumerTimeout is 2m, but one attempt may hold a message unacknowledged for up to "
                        + "2m10s: endpoint.timeout 10s + 2m to write the output and ack")
                .endsWith(". Raise consumer_timeout on the broker (or the queue's x-consumer-timeout) above 2m10s and set "
                        + "input.amqp.consumerTimeout to it"));
        assertThat(check("2m1ms", "10s")).as("below 1ms is no endpoint timeout").hasValueSatisfying(m -> assertThat(m)
                .contains(". Raise consumer_timeout"));
        assertThat(check("2m2ms", "10s")).hasValueSatisfying(m -> assertThat(m)
                .contains(". Lower endpoint.timeout below 2ms, or raise consumer_timeout"));
    }

    @Test
    void aLongerConsumerTimeoutMakesRoomForLongJobs() {
        assertThat(check("30m", "45m")).isPresent();
        assertThat(check("1h", "45m")).as("45m + 2m < 1h").isEmpty();
    }

    @Test
    void onlyAnAmqpInputWithFieldsThatParseIsChecked() {
        BrokerSpec sqs = new BrokerSpec();
        sqs.setSqs(new SqsSpec());
        EndpointSpec hours = endpoint("3h");
        assertThat(AmqpConsumerTimeoutRule.check("", sqs, hours)).isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", null, hours)).isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", amqpInput("soon"), hours))
                .as("the unparsable duration is reported by the field checks").isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", amqpInput("1h"), endpoint("an hour")))
                .as("the unparsable duration is reported by the field checks").isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", amqpInput("1m"), endpoint("0s")))
                .as("an endpoint timeout of 0 is reported by the field checks").isEmpty();
        assertThat(AmqpConsumerTimeoutRule.check("", amqpInput("1h"), hours)).isPresent();
    }

    private static Optional<String> check(String consumerTimeout, String endpointTimeout) {
        return AmqpConsumerTimeoutRule.check("", amqpInput(consumerTimeout), endpoint(endpointTimeout));
    }

    private static EndpointSpec endpoint(String timeout) {
        EndpointSpec endpoint = new EndpointSpec();
        endpoint.setTimeout(timeout);
        return endpoint;
    }

    private static BrokerSpec amqpInput(String consumerTimeout) {
        AmqpSpec amqp = new AmqpSpec();
        amqp.setQueue("jobs");
        if (consumerTimeout != null) {
            amqp.setConsumerTimeout(consumerTimeout);
        }
        BrokerSpec input = new BrokerSpec();
        input.setAmqp(amqp);
        return input;
    }
}
