package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.broker.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

class SqsMessageSinkTest {

    /** A client that is never called: the tests only look at the entries the sink builds. */
    private static SqsClient client() {
        return SqsClient.builder().region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static final OutboundMessage MESSAGE = new OutboundMessage("req-1",
            "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8), "application/json",
            Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    @Test
    void carriesTheRequestIdContentTypeAndTraceAsAttributes() {
        SqsMessageSink sink = new SqsMessageSink(client(), "https://sqs.eu-west-1.amazonaws.com/1/results");
        SendMessageBatchRequestEntry r = sink.outgoing(MESSAGE).entry();
        sink.close();

        assertThat(r.messageBody()).isEqualTo("{\"status\":\"SUCCESS\"}");
        assertThat(r.messageAttributes().get("x-request-id").stringValue()).isEqualTo("req-1");
        assertThat(r.messageAttributes().get("content-type").stringValue()).isEqualTo("application/json");
        assertThat(r.messageAttributes().get("traceparent").stringValue())
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(r.messageGroupId()).isNull();
        assertThat(r.messageDeduplicationId()).isNull();
    }

    @Test
    void aFifoQueueGetsAGroupAndADeduplicationIdFromTheRequestId() {
        SqsMessageSink sink = new SqsMessageSink(client(), "https://sqs.eu-west-1.amazonaws.com/1/results.fifo");
        SendMessageBatchRequestEntry r = sink.outgoing(MESSAGE).entry();

        assertThat(r.messageGroupId()).isEqualTo("req-1");
        assertThat(r.messageDeduplicationId()).hasSize(64).matches("[0-9a-f]+");
        assertThat(sink.outgoing(MESSAGE).entry().messageDeduplicationId()).isEqualTo(r.messageDeduplicationId());
        assertThat(sink.outgoing(new OutboundMessage("req-2", MESSAGE.body(), "application/json", Map.of()))
                .entry().messageDeduplicationId()).isNotEqualTo(r.messageDeduplicationId());
        sink.close();
    }
}
