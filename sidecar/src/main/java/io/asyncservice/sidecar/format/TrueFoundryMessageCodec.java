package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncservice.sidecar.broker.Delivery;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TrueFoundry's async-service message format, for users who migrate without touching producers or consumers.
 *
 * <p>Input, two shapes (both JSON objects):
 * <ul>
 *   <li>the envelope {@code {"request_id": "abc", "body": <any JSON>, "published_at_epoch_ns": 123}} (their
 *       {@code InputMessage}): the app receives {@code body} as JSON;</li>
 *   <li>the flat form (their {@code InputMessageV2}): the app receives the object without TrueFoundry's own fields
 *       {@code tfy_request_id}, {@code tfy_published_at_epoch_ns}, {@code tfy_stream_response},
 *       {@code tfy_request_headers}, {@code tfy_request_url_path} and {@code tfy_request_method}.</li>
 * </ul>
 * A request id must be 1 to 36 letters, digits or dashes, as TrueFoundry requires.
 *
 * <p>Output, their {@code OutputMessage}: {@code request_id}, {@code status} (SUCCESS | FAILED), {@code body} (the
 * response text, as their sidecar writes it), {@code error}, {@code input_message} (the input, on FAILED only),
 * {@code status_code} (a string) and {@code content_type}.
 */
public final class TrueFoundryMessageCodec implements MessageCodec {

    static final Set<String> FLAT_FIELDS = Set.of("tfy_request_id", "tfy_published_at_epoch_ns", "tfy_stream_response",
            "tfy_request_headers", "tfy_request_url_path", "tfy_request_method");
    private static final Set<String> ENVELOPE_FIELDS = Set.of("request_id", "body", "published_at_epoch_ns");
    private static final Pattern REQUEST_ID = Pattern.compile("^[a-zA-Z0-9\\-]{1,36}$");
    private static final String JSON = "application/json";

    private final int maxMessageBytes;

    public TrueFoundryMessageCodec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public AppInput decode(Delivery delivery) throws UndecodableMessageException {
        byte[] raw = delivery.body();
        SizeLimit.check(raw, maxMessageBytes);
        JsonNode message = BodyJson.parse(raw);
        if (message == null) {
            throw new UndecodableMessageException("truefoundry format: the message is not JSON");
        }
        if (!message.isObject()) {
            throw new UndecodableMessageException("truefoundry format: the message must be a JSON object, not "
                    + message.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String requestId;
        JsonNode appBody;
        if (isEnvelope(message)) {
            requestId = requestId(message.get("request_id"), "request_id");
            appBody = message.get("body");
        } else {
            requestId = message.hasNonNull("tfy_request_id") ? requestId(message.get("tfy_request_id"), "tfy_request_id") : null;
            ObjectNode rest = ((ObjectNode) message).deepCopy();
            rest.remove(FLAT_FIELDS);
            appBody = rest;
        }
        return new AppInput(RequestIds.resolve(requestId, delivery.requestId()), BodyJson.bytes(appBody), JSON,
                PassHeaders.of(delivery.headers()), message);
    }

    @Override
    public byte[] encodeOutput(OutputRecord r) {
        ObjectNode n = BodyJson.MAPPER.createObjectNode();
        n.put("request_id", r.requestId());
        n.put("status", r.status().name());
        BodyJson.put(n, "body", r.body(), false);
        n.put("error", r.error());
        if (r.status() == OutputStatus.FAILED && r.input() != null && r.input().envelope() != null) {
            n.set("input_message", r.input().envelope());
        } else {
            n.putNull("input_message");
        }
        n.put("status_code", r.statusCode() == null ? null : r.statusCode().toString());
        n.put("content_type", r.contentType());
        return BodyJson.bytes(n);
    }

    private static boolean isEnvelope(JsonNode message) {
        if (!message.has("request_id") || !message.has("body")) {
            return false;
        }
        for (Iterator<String> it = message.fieldNames(); it.hasNext(); ) {
            if (!ENVELOPE_FIELDS.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    private static String requestId(JsonNode node, String field) throws UndecodableMessageException {
        if (node == null || !node.isTextual() || !REQUEST_ID.matcher(node.asText()).matches()) {
            throw new UndecodableMessageException("truefoundry format: " + field + " must be 1 to 36 letters, digits or dashes, got "
                    + (node == null ? "nothing" : abbreviate(node.toString())));
        }
        return node.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
