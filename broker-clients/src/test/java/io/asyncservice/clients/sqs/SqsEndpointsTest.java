package io.asyncservice.clients.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoint and region rules the sidecar and the scaler share. */
class SqsEndpointsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs, eu-west-1",
        "https://sqs.us-gov-west-1.amazonaws.com/123456789012/jobs, us-gov-west-1",
        "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs, cn-north-1",
        "https://ap-southeast-2.queue.amazonaws.com/123456789012/jobs, ap-southeast-2",
        "https://cn-northwest-1.queue.amazonaws.com.cn/123456789012/jobs, cn-northwest-1",
        "https://queue.amazonaws.com/123456789012/jobs, us-east-1",
        "https://vpce-0a1b2c-abcd.sqs.eu-central-1.vpce.amazonaws.com/123456789012/jobs, eu-central-1",
        "https://vpce-0a1b2c-abcd.sqs.cn-north-1.vpce.amazonaws.com.cn/123456789012/jobs, cn-north-1",
        "https://sqs.ap-south-1.api.aws/123456789012/jobs, ap-south-1",
        "HTTPS://SQS.EU-WEST-3.AMAZONAWS.COM/123456789012/jobs, eu-west-3",
    })
    void readsTheRegionOfEveryAwsHostFormAndConnectsToAwsItself(String url, String region) {
        assertThat(SqsEndpoints.region(url)).contains(region);
        assertThat(SqsEndpoints.nonAwsEndpoint(url)).isEmpty();
        assertThat(SqsEndpoints.target(null, null, url)).isEqualTo(new SqsTarget(region, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://localhost:9324/000000000000/jobs, http://localhost:9324",
        "https://user@sqs.internal:4566/q, https://user@sqs.internal:4566",
        "http://elasticmq/000000000000/jobs, http://elasticmq",
        "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/jobs, http://sqs.us-east-1.localhost.localstack.cloud:4566",
    })
    void aNonAwsQueueUrlNamesItsServer(String url, String server) {
        assertThat(SqsEndpoints.region(url)).isEmpty();
        assertThat(SqsEndpoints.nonAwsEndpoint(url)).contains(server);
        assertThat(SqsEndpoints.endpointOverride(null, url)).contains(URI.create(server));
    }

    @ParameterizedTest(name = "region {0}, endpoint {1}, {2} -> {3} at {4}")
    @CsvSource(nullValues = "-", value = {
        // the spec's region wins over the URL's
        "us-west-2, -, https://sqs.eu-west-1.amazonaws.com/1/q, us-west-2, -",
        // the spec's endpoint wins over the URL's server, and an AWS URL then still names the region
        "-, https://vpce-1.sqs.eu-west-1.vpce.amazonaws.com, https://sqs.eu-west-1.amazonaws.com/1/q, eu-west-1, https://vpce-1.sqs.eu-west-1.vpce.amazonaws.com",
        "eu-north-1, http://localhost:9324, http://localhost:9324/000000000000/q, eu-north-1, http://localhost:9324",
        // blank values count as unset
        "' ', ' ', https://sqs.eu-west-1.amazonaws.com/1/q, eu-west-1, -",
    })
    void theSpecWinsOverTheQueueUrl(String region, String endpoint, String url, String expectedRegion, String expectedEndpoint) {
        assertThat(SqsEndpoints.target(region, endpoint, url))
                .isEqualTo(new SqsTarget(expectedRegion, expectedEndpoint == null ? null : URI.create(expectedEndpoint)));
    }

    @ParameterizedTest(name = "{0}, override {1}, chain {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
        // the default chain (AWS_REGION, profile, instance metadata) comes after the spec and the URL
        "https://sqs.eu-west-1.amazonaws.com/1/q, false, ap-east-1, eu-west-1",
        "https://example.internal/1/q, false, ap-east-1, ap-east-1",
        "http://localhost:9324/0/q, true, ap-east-1, ap-east-1",
        // an SQS-compatible server ignores the region: any will do
        "http://localhost:9324/0/q, true, -, us-east-1",
    })
    void withoutARegionInTheSpecOrTheUrlTheDefaultChainDecides(String url, boolean override, String chain, String expected) {
        assertThat(SqsEndpoints.region(null, url, override, () -> Optional.ofNullable(chain))).isEqualTo(expected);
    }

    @Test
    void noRegionAnywhereForAnAwsEndpointIsAConfigurationError() {
        assertThatThrownBy(() -> SqsEndpoints.region(null, "https://example.internal/1/q", false, Optional::empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.internal/1/q")
                .hasMessageContaining("set sqs.region");
    }

    @Test
    void aMissingQueueUrlIsAnError() {
        assertThatThrownBy(() -> SqsEndpoints.target("eu-west-1", null, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fifoQueuesEndInDotFifo() {
        assertThat(SqsEndpoints.isFifo("https://sqs.eu-west-1.amazonaws.com/1/results.fifo")).isTrue();
        assertThat(SqsEndpoints.isFifo("https://sqs.eu-west-1.amazonaws.com/1/results")).isFalse();
        assertThat(SqsEndpoints.isFifo(null)).isFalse();
    }
}
