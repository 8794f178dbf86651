package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.broker.PublishRefusedException;
import io.asyncservice.sidecar.broker.PublishRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

class SqsMessageSinkTest {

    private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/1/results";
    private static final String FIFO_QUEUE = "https://sqs.eu-west-1.amazonaws.com/1/results.fifo";

    /** A client that is never called: the tests only look at the entries the sink builds. */
    private static SqsClient client() {
        return SqsClient.builder().region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A client whose SendMessageBatch answers as {@code server} says, counting the calls. */
    private static final class ScriptedSqs implements SqsClient {
        final AtomicInteger calls = new AtomicInteger();
        private final Function<SendMessageBatchRequest, SendMessageBatchResponse> server;

        ScriptedSqs(Function<SendMessageBatchRequest, SendMessageBatchResponse> server) {
            this.server = server;
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
            calls.incrementAndGet();
            return server.apply(request);
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    private static SqsException serviceError(int status, String code, String message) {
        return (SqsException) SqsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    /** Every entry fails with {@code code} when its body is "bad", the others succeed. */
    private static SendMessageBatchResponse failingBadEntries(SendMessageBatchRequest request, String code, String message) {
        SendMessageBatchResponse.Builder r = SendMessageBatchResponse.builder();
        List<SendMessageBatchRequestEntry> bad = request.entries().stream().filter(e -> e.messageBody().equals("bad")).toList();
        List<SendMessageBatchRequestEntry> good = request.entries().stream().filter(e -> !e.messageBody().equals("bad")).toList();
        return r.failed(bad.stream().map(e -> BatchResultErrorEntry.builder().id(e.id()).code(code).message(message)
                        .senderFault(true).build()).toList())
                .successful(good.stream().map(e -> SendMessageBatchResultEntry.builder().id(e.id()).messageId("m-" + e.id())
                        .build()).toList())
                .build();
    }

    private static final OutboundMessage MESSAGE = new OutboundMessage("req-1",
            "{\"status\":\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8), "application/json",
            Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    private static OutboundMessage answer(String requestId, String body, String inputIdentity) {
        return new OutboundMessage(requestId, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of(), inputIdentity);
    }

    /** The refusal the publish failed with; fails the test when it succeeded or failed otherwise. */
    private static PublishRefusedException refusalOf(CompletableFuture<Void> publish) {
        assertThat(publish).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class);
        PublishRefusedException refused = PublishRefusedException.in(publish.handle((ok, e) -> e).join());
        assertThat(refused).as("a PublishRefusedException").isNotNull();
        return refused;
    }

    @Test
    void carriesTheRequestIdContentTypeAndTraceAsAttributes() {
        SqsMessageSink sink = new SqsMessageSink(client(), QUEUE);
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
    void aFifoQueueDeduplicatesOnTheInputNotOnTheRequestId() {
        SqsMessageSink sink = new SqsMessageSink(client(), FIFO_QUEUE);
        String firstInput = "a".repeat(64);
        String secondInput = "b".repeat(64);

        SendMessageBatchRequestEntry first = sink.outgoing(answer("req-1", "{\"n\":1}", firstInput)).entry();
        SendMessageBatchRequestEntry redelivered = sink.outgoing(answer("req-1", "{\"n\":1,\"again\":true}", firstInput)).entry();
        SendMessageBatchRequestEntry other = sink.outgoing(answer("req-1", "{\"n\":1}", secondInput)).entry();
        sink.close();

        assertThat(first.messageGroupId()).isEqualTo("req-1");
        assertThat(first.messageDeduplicationId()).isEqualTo(firstInput);
        assertThat(redelivered.messageDeduplicationId()).as("a redelivery of the same input, answered differently")
                .isEqualTo(first.messageDeduplicationId());
        assertThat(other.messageDeduplicationId()).as("another input under the same request id, answered alike")
                .isNotEqualTo(first.messageDeduplicationId());
        assertThat(other.messageGroupId()).isEqualTo("req-1");
    }

    @Test
    void withoutAnInputIdentityAFifoQueueDeduplicatesOnRequestIdAndBody() {
        SqsMessageSink sink = new SqsMessageSink(client(), FIFO_QUEUE);
        String id = sink.outgoing(answer("req-1", "{\"n\":1}", null)).entry().messageDeduplicationId();

        assertThat(id).hasSize(64).matches("[0-9a-f]+");
        assertThat(sink.outgoing(answer("req-1", "{\"n\":1}", null)).entry().messageDeduplicationId()).isEqualTo(id);
        assertThat(sink.outgoing(answer("req-1", "{\"n\":2}", null)).entry().messageDeduplicationId()).isNotEqualTo(id);
        assertThat(sink.outgoing(answer("req-2", "{\"n\":1}", null)).entry().messageDeduplicationId()).isNotEqualTo(id);
        sink.close();
    }

    @Test
    void theSizeCountsBodyAndAttributesInUtf8() {
        SqsMessageSink sink = new SqsMessageSink(client(), QUEUE);
        // "é" is 2 bytes; attributes: x-request-id (12) + String (6) + r (1), content-type (12) + String (6) + t/p (3).
        int bytes = sink.outgoing(new OutboundMessage("r", "é".getBytes(StandardCharsets.UTF_8), "t/p", Map.of())).bytes();
        sink.close();

        assertThat(bytes).isEqualTo(2 + 12 + 6 + 1 + 12 + 6 + 3);
    }

    @Test
    void aMessageOverOneMebibyteIsRefusedAsTooLargeWithoutACall() {
        ScriptedSqs sqs = new ScriptedSqs(r -> failingBadEntries(r, "-", "-"));
        SqsMessageSink sink = new SqsMessageSink(sqs, QUEUE);

        PublishRefusedException refused = refusalOf(sink.publish(answer("big", "x".repeat(1024 * 1024), null))
                .toCompletableFuture());
        sink.close();

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("big").contains("1048576").contains(QUEUE);
        assertThat(sqs.calls).hasValue(0);
    }

    @Test
    void anEntryRefusedForItsContentFailsAloneAsRefused() {
        SqsMessageSink sink = new SqsMessageSink(new ScriptedSqs(r -> failingBadEntries(r, "InvalidMessageContents",
                "Invalid characters found")), QUEUE);

        CompletableFuture<Void> bad = sink.publish(answer("bad", "bad", null)).toCompletableFuture();
        CompletableFuture<Void> good = sink.publish(answer("good", "good", null)).toCompletableFuture();

        PublishRefusedException refused = refusalOf(bad);
        assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
        assertThat(refused.getMessage()).contains("bad").contains(QUEUE).contains("InvalidMessageContents");
        assertThat(good).succeedsWithin(Duration.ofSeconds(10));
        sink.close();
    }

    @Test
    void anEntryRefusedAsTooLongIsTooLargeWithTheLimitTheServerNamed() {
        SqsMessageSink sink = new SqsMessageSink(new ScriptedSqs(r -> failingBadEntries(r,
                "AWS.SimpleQueueService.InvalidParameterValue", "Message must be shorter than 65536 bytes.")), QUEUE);

        PublishRefusedException refused = refusalOf(sink.publish(answer("r", "bad", null)).toCompletableFuture());
        sink.close();

        assertThat(refused.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(refused.getMessage()).contains("over the limit of 65536 bytes");
    }

    @Test
    void aCallerSqsDoesNotAcceptIsRefusedForEveryMessage() {
        for (SqsException error : List.of(serviceError(403, "AccessDenied", "not authorized to perform sqs:SendMessage"),
                serviceError(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
                serviceError(400, "KMS.AccessDeniedException", "not authorized to perform kms:GenerateDataKey"))) {
            SqsMessageSink sink = new SqsMessageSink(new ScriptedSqs(r -> {
                throw error;
            }), QUEUE);

            PublishRefusedException refused = refusalOf(sink.publish(MESSAGE).toCompletableFuture());
            sink.close();

            assertThat(refused.reason()).as(error.awsErrorDetails().errorCode()).isEqualTo(Reason.REFUSED);
            assertThat(refused.getMessage()).contains(error.awsErrorDetails().errorCode()).contains(QUEUE);
            assertThat(refused.getCause()).isSameAs(error);
        }
    }

    @Test
    void errorsThatMayPassAreNoRefusal() {
        for (SqsException error : List.of(serviceError(400, "QueueDoesNotExist", "The specified queue does not exist."),
                serviceError(400, "RequestThrottled", "Rate exceeded"),
                serviceError(400, "KMS.DisabledException", "the key is disabled"),
                serviceError(500, "InternalError", "We encountered an internal error."))) {
            SqsMessageSink sink = new SqsMessageSink(new ScriptedSqs(r -> {
                throw error;
            }), QUEUE);

            CompletableFuture<Void> publish = sink.publish(MESSAGE).toCompletableFuture();

            assertThat(publish).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                    .satisfies(e -> assertThat(PublishRefusedException.in(e)).as(error.awsErrorDetails().errorCode()).isNull())
                    .withCauseInstanceOf(SqsException.class);
            sink.close();
        }
    }

    @Test
    void anEntryFailureThatMayPassIsNoRefusal() {
        SqsMessageSink sink = new SqsMessageSink(new ScriptedSqs(r -> failingBadEntries(r, "InternalError", "try again")), QUEUE);

        CompletableFuture<Void> publish = sink.publish(answer("r", "bad", null)).toCompletableFuture();

        assertThat(publish).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .satisfies(e -> assertThat(PublishRefusedException.in(e)).isNull())
                .withMessageContaining("InternalError");
        sink.close();
    }
}
