package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.api.v1alpha1.SqsSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.testing.InProcessSidecar;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import io.asyncservice.testing.UniqueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS FIFO queues on ElasticMQ, end to end. A FIFO queue silently drops a second message with the same deduplication id
 * within five minutes, so the sidecar's deduplication id must tell inputs apart, not request ids, which repeat.
 */
class SqsFifoIT {

    private final EmbeddedSqs sqs = EmbeddedSqs.shared();
    private final SqsClient client = sqs.client();
    private final TestingApp app = TestingApp.create();
    private final List<String> queues = new ArrayList<>();
    private InProcessSidecar sidecar;

    @AfterEach
    void cleanUp() {
        if (sidecar != null) {
            sidecar.stop();
        }
        app.close();
        queues.forEach(url -> client.deleteQueue(b -> b.queueUrl(url)));
    }

    @Test
    void twoDifferentInputsUnderOneRequestIdGiveTwoOutputsOnAFifoOutput() {
        String input = fifoQueue("it-fifo-in");
        String output = fifoQueue("it-fifo-out");
        for (String body : List.of("{\"n\":1}", "{\"n\":2}")) {
            client.sendMessage(b -> b.queueUrl(input).messageBody(body).messageGroupId("g")
                    .messageDeduplicationId(body.replaceAll("\\W", ""))
                    .messageAttributes(Map.of("x-request-id", string("twin"))));
        }
        app.start();
        sidecar = InProcessSidecar.start(config(input, output), env());

        List<Message> outputs = new ArrayList<>();
        await("two outputs").atMost(Duration.ofSeconds(30)).until(() -> {
            List<Message> got = client.receiveMessage(b -> b.queueUrl(output).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            got.forEach(m -> client.deleteMessage(b -> b.queueUrl(output).receiptHandle(m.receiptHandle())));
            outputs.addAll(got);
            return outputs.size() >= 2;
        });
        assertThat(outputs).extracting(m -> m.messageAttributes().get("x-request-id").stringValue()).containsOnly("twin");
        assertThat(outputs).extracting(Message::body).anyMatch(b -> b.contains("\"body\":{\"n\":1}"))
                .anyMatch(b -> b.contains("\"body\":{\"n\":2}"));
    }

    private String fifoQueue(String prefix) {
        String url = sqs.createQueue(UniqueNames.of(prefix) + ".fifo", Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "10"));
        queues.add(url);
        return url;
    }

    private SidecarConfig config(String input, String output) {
        SidecarConfig c = new SidecarConfig();
        c.setName("fifo");
        c.setNamespace("it");
        c.setPort(FreePorts.find());
        EndpointSpec e = new EndpointSpec();
        e.setPort(app.port());
        e.setPath(TestingApp.PATH);
        e.setTimeout("30s");
        e.setReadinessPath(TestingApp.READINESS_PATH);
        c.setEndpoint(e);
        c.setInput(spec(input));
        c.setOutput(spec(output));
        return c;
    }

    private BrokerSpec spec(String url) {
        SqsSpec s = new SqsSpec();
        s.setQueueUrl(url);
        s.setEndpoint(sqs.endpoint());
        s.setRegion(EmbeddedSqs.REGION);
        s.setCredentialsSecret("sqs-credentials");
        BrokerSpec b = new BrokerSpec();
        b.setSqs(s);
        return b;
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (QueueRole role : QueueRole.values()) {
            env.put(SidecarContract.secretEnv(role, "AWS_ACCESS_KEY_ID"), EmbeddedSqs.ACCESS_KEY);
            env.put(SidecarContract.secretEnv(role, "AWS_SECRET_ACCESS_KEY"), EmbeddedSqs.SECRET_KEY);
        }
        env.put(ConfigLoader.RECEIVE_WAIT_ENV, "1s");
        return env;
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
