package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqsQueueUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs, eu-west-1",
        "https://sqs.us-gov-west-1.amazonaws.com/123456789012/jobs, us-gov-west-1",
        "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs, cn-north-1",
        "https://ap-southeast-2.queue.amazonaws.com/123456789012/jobs, ap-southeast-2",
        "https://queue.amazonaws.com/123456789012/jobs, us-east-1",
        "https://vpce-0a1b2c-abcd.sqs.eu-central-1.vpce.amazonaws.com/123456789012/jobs, eu-central-1",
    })
    void readsTheRegionOfAnAwsQueueUrl(String url, String region) {
        assertThat(SqsQueueUrls.region(url)).contains(region);
        assertThat(SqsQueueUrls.nonAwsEndpoint(url)).isEmpty();
    }

    @Test
    void aNonAwsQueueUrlNamesItsServer() {
        String url = "http://localhost:9324/000000000000/jobs";
        assertThat(SqsQueueUrls.region(url)).isEmpty();
        assertThat(SqsQueueUrls.nonAwsEndpoint(url)).contains("http://localhost:9324");
        assertThat(SqsQueueUrls.nonAwsEndpoint("https://user@sqs.internal:4566/q")).contains("https://user@sqs.internal:4566");
    }

    @Test
    void fifoQueuesEndInDotFifo() {
        assertThat(SqsQueueUrls.isFifo("https://sqs.eu-west-1.amazonaws.com/1/results.fifo")).isTrue();
        assertThat(SqsQueueUrls.isFifo("https://sqs.eu-west-1.amazonaws.com/1/results")).isFalse();
    }
}
