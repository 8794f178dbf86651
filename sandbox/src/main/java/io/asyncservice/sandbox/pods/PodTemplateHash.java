package io.asyncservice.sandbox.pods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code pod-template-hash} label: a short hash of a Deployment's pod template, so that a change to the
 * template (e.g. the operator's config-hash annotation) is seen as a new revision and rolls the pods.
 */
final class PodTemplateHash {

    static final String LABEL = "pod-template-hash";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodTemplateHash() {
    }

    static String of(PodTemplateSpec template) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.readTree(CANONICAL.writeValueAsBytes(template)));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException("cannot hash a pod template", e);
        }
    }
}
