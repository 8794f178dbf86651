package io.asyncservice.sidecar.broker;

import io.asyncservice.api.sidecar.QueueRole;
import java.util.Map;
import java.util.Optional;

/**
 * Secret values as the operator hands them to the sidecar: environment variables named by
 * {@code SidecarContract.secretEnv(role, key)} and, for Kafka, files under {@code SidecarContract.kafkaPropertiesDir(role)}.
 * Values read here must never be logged.
 */
public interface SecretSource {

    /** The value of one secret key for a role, e.g. ({@code INPUT}, {@code AWS_ACCESS_KEY_ID}). */
    Optional<String> get(QueueRole role, String key);

    /** The Kafka client properties mounted for a role; empty when no credentials Secret is configured. */
    Map<String, String> kafkaProperties(QueueRole role);
}
