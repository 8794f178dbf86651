package io.asyncservice.deploy.cluster;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.deploy.Chart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code deploy/examples/sqs.yaml}, what a user applies first: the Secret {@value #SECRET} and the AsyncService
 * {@value #NAME} reading an SQS queue, two fixed replicas (no autoscaling, so the scaler never calls AWS). Each call
 * reads the file afresh, so a test may change what it gets.
 */
final class SqsExample {

    static final Path FILE = Chart.DEPLOY.resolve("examples/sqs.yaml");
    static final String NAME = "summarizer";
    static final String SECRET = "sqs-credentials";

    private SqsExample() {
    }

    /** Creates the example as it is in {@code namespace} as the admin: the Secret, then the AsyncService. */
    static void apply(KubernetesClient admin, String namespace) {
        create(admin, namespace, secret());
        create(admin, namespace, asyncService());
    }

    /** The example's Secret, typed. */
    static Secret secret() {
        return one(Secret.class);
    }

    /** The example's AsyncService, typed. */
    static AsyncService asyncService() {
        return one(AsyncService.class);
    }

    /** Creates {@code object} in {@code namespace} as the admin. */
    static <T extends HasMetadata> T create(KubernetesClient admin, String namespace, T object) {
        object.getMetadata().setNamespace(namespace);
        return admin.resource(object).inNamespace(namespace).create();
    }

    /** The AsyncService {@value #NAME} in {@code namespace}, or null. */
    static AsyncService get(KubernetesClient client, String namespace) {
        return client.resources(AsyncService.class).inNamespace(namespace).withName(NAME).get();
    }

    private static <T extends HasMetadata> T one(Class<T> type) {
        String kind = HasMetadata.getKind(type);
        HasMetadata object = objects().stream().filter(o -> kind.equals(o.getKind())).findFirst()
                .orElseThrow(() -> new AssertionError(FILE + " has no " + kind));
        return Serialization.unmarshal(Serialization.asJson(object), type);
    }

    private static List<HasMetadata> objects() {
        try {
            return Chart.parse(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
