package io.asyncservice.testing;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An ElasticMQ server in this JVM: a real SQS API on 127.0.0.1. */
public final class EmbeddedSqs implements AutoCloseable {

    public static final String REGION = "elasticmq";
    public static final String ACCESS_KEY = "x";
    public static final String SECRET_KEY = "x";

    private static EmbeddedSqs shared;

    private final SQSRestServer server;
    private final String endpoint;
    private final SqsClient client;

    private EmbeddedSqs(int port) {
        this.server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        this.server.waitUntilStarted();
        this.endpoint = "http://127.0.0.1:" + port;
        this.client = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Starts a server on a free port; close it when done. */
    public static EmbeddedSqs start() {
        return new EmbeddedSqs(FreePorts.find());
    }

    /** Starts a server on the given port. */
    public static EmbeddedSqs start(int port) {
        return new EmbeddedSqs(port);
    }

    /** One server for the whole JVM, stopped when the JVM exits. */
    public static synchronized EmbeddedSqs shared() {
        if (shared == null) {
            shared = start();
            EmbeddedSqs s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "embedded-sqs-stop"));
        }
        return shared;
    }

    /** The endpoint URL, for {@code endpointOverride}. */
    public String endpoint() {
        return endpoint;
    }

    public SqsClient client() {
        return client;
    }

    /** Creates a queue and returns its URL. */
    public String createQueue(String name) {
        return createQueue(name, Map.of());
    }

    /** Creates a queue with attributes (e.g. VisibilityTimeout, RedrivePolicy) and returns its URL. */
    public String createQueue(String name, Map<QueueAttributeName, String> attributes) {
        return client.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    /** The queue's ARN, for a RedrivePolicy. */
    public String queueArn(String queueUrl) {
        return client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    public void deleteQueue(String queueUrl) {
        client.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
