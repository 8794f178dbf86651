package io.asyncservice.operator.status;

import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on an object, as {@code kubectl describe} shows them. The same event repeated on the
 * same object bumps its count instead of piling up new ones. Recording never fails the caller: an Event that cannot
 * be written is logged and dropped.
 */
public class EventRecorder {

    public static final String WARNING = "Warning";
    public static final String NORMAL = "Normal";

    /** Object names may have 253 characters; the event's name adds 17. */
    private static final int MAX_NAME_PREFIX = 200;
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void warning(HasMetadata object, String reason, String message) {
        record(object, WARNING, reason, message);
    }

    public void normal(HasMetadata object, String reason, String message) {
        record(object, NORMAL, reason, message);
    }

    private void record(HasMetadata object, String type, String reason, String message) {
        String namespace = object.getMetadata().getNamespace();
        String name = eventName(object, type, reason, message);
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            var events = client.v1().events().inNamespace(namespace);
            Event existing = events.withName(name).get();
            if (existing != null) {
                events.withName(name).edit(e -> new EventBuilder(e)
                        .withCount(e.getCount() == null ? 2 : e.getCount() + 1)
                        .withLastTimestamp(now)
                        .build());
                return;
            }
            events.resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(object.getApiVersion())
                            .withKind(object.getKind())
                            .withName(object.getMetadata().getName())
                            .withNamespace(namespace)
                            .withUid(object.getMetadata().getUid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(Conditions.truncate(message))
                    .withCount(1)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withNewSource().withComponent(Names.MANAGED_BY).endSource()
                    .withReportingComponent(Names.MANAGED_BY)
                    .build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                LOG.debug("Event {} was written concurrently; not counted again", name);
            } else if (NamespaceTerminating.causes(e)) {
                LOG.debug("No {} event {} on {}/{}: the namespace is being deleted", type, reason, namespace,
                        object.getMetadata().getName());
            } else {
                LOG.warn("Could not record {} event {} on {}/{}: {}", type, reason, namespace,
                        object.getMetadata().getName(), e.getMessage());
            }
        }
    }

    /** Stable for the same object, type, reason and message, so a repeat finds the first one. */
    static String eventName(HasMetadata object, String type, String reason, String message) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String key = object.getMetadata().getUid() + "\0" + type + "\0" + reason + "\0" + message;
            byte[] hash = digest.digest(key.getBytes(StandardCharsets.UTF_8));
            String objectName = object.getMetadata().getName();
            String prefix = objectName.length() > MAX_NAME_PREFIX ? objectName.substring(0, MAX_NAME_PREFIX) : objectName;
            return prefix + "." + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
