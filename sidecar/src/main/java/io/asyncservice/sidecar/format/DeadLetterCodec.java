package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead-letter message, the same in every format. It keeps the input exactly as it arrived, so it can be re-driven,
 * next to why it failed:
 * <pre>
 * {"request_id": "...", "error": "the app answered 400", "attempts": 1, "failed_at": "2025-01-01T00:00:00Z",
 *  "status_code": 400,
 *  "original": {"content_type": "application/json", "headers": {"traceparent": "..."}, "body": "{\"a\":1}"},
 *  "response": {"status_code": 400, "content_type": "text/plain", "body": "bad input"}}
 * </pre>
 * {@code original.body} is the input body as a UTF-8 string, byte for byte (base64 with {@code body_encoding: "base64"}
 * when it is not UTF-8). {@code response} is the app's last answer, or null when it never answered (timeout, refused,
 * undecodable message); its body is written as the output's is: the exact text when it is one JSON value, nothing
 * re-encoded.
 */
public final class DeadLetterCodec {

    private DeadLetterCodec() {
    }

    public static byte[] encode(DeadLetterRecord r) {
        ObjectNode n = BodyJson.MAPPER.createObjectNode();
        n.put("request_id", r.requestId());
        n.put("error", r.error());
        n.put("attempts", r.attempts());
        n.put("failed_at", r.failedAt().toString());
        if (r.responseStatus() == null) {
            n.putNull("status_code");
        } else {
            n.put("status_code", r.responseStatus());
        }
        ObjectNode original = n.putObject("original");
        original.put("content_type", r.originalContentType());
        ObjectNode headers = original.putObject("headers");
        for (Map.Entry<String, String> h : new TreeMap<>(r.originalHeaders()).entrySet()) {
            headers.put(h.getKey(), h.getValue());
        }
        BodyJson.put(original, "body", r.originalBody(), false);
        if (r.responseStatus() == null) {
            n.putNull("response");
        } else {
            ObjectNode response = n.putObject("response");
            response.put("status_code", r.responseStatus());
            response.put("content_type", r.responseContentType());
            BodyJson.put(response, "body", r.responseBody(), BodyJson.isJson(r.responseContentType()));
        }
        return BodyJson.bytes(n);
    }
}
