package io.asyncservice.sidecar.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of an input message: its broker's message id plus a digest of its body. A redelivery of one input has
 * the same identity; two inputs never share one, even under one request id (request ids come from producers and
 * repeat). Where the broker gives no message id, the request id stands in, and the body digest tells inputs apart.
 */
public final class MessageIdentity {

    private MessageIdentity() {
    }

    /** 64 hex digits: SHA-256 over the message id (else the request id) and the body's SHA-256. */
    public static String of(Delivery delivery) {
        MessageDigest digest = sha256();
        byte[] bodyDigest = digest.digest(delivery.body());
        String id = delivery.messageId() != null ? "m:" + delivery.messageId()
                : delivery.requestId() != null ? "r:" + delivery.requestId() : "-";
        digest.update(id.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bodyDigest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
