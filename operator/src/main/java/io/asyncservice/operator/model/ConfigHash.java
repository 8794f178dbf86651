package io.asyncservice.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of {@link Names#CONFIG_HASH_ANNOTATION}: a SHA-256 over the sidecar configuration and the data of every
 * referenced Secret. A change to either changes the pod template, and so rolls the pods. The hash reveals nothing
 * about the values it covers.
 */
public final class ConfigHash {

    private ConfigHash() {
    }

    /**
     * @param sidecarConfigJson the canonical JSON of the sidecar configuration
     * @param secrets           the referenced Secrets that exist, by name; a missing one hashes as absent
     */
    public static String of(String sidecarConfigJson, Map<String, Secret> secrets) {
        MessageDigest digest = CanonicalJson.newSha256();
        field(digest, "config", sidecarConfigJson);
        new TreeMap<>(secrets).forEach((name, secret) -> {
            field(digest, "secret", name);
            sorted(secret.getData()).forEach((k, v) -> {
                field(digest, "data", k);
                field(digest, "value", v);
            });
            sorted(secret.getStringData()).forEach((k, v) -> {
                field(digest, "stringData", k);
                field(digest, "value", v);
            });
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }

    /** Each field is tagged and length-prefixed, so that no two different inputs run together into the same bytes. */
    private static void field(MessageDigest digest, String tag, String value) {
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        digest.update(tag.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
    }
}
