package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The output message in the sidecar's own format (DESIGN.md):
 * <pre>
 * {"request_id": "...", "status": "SUCCESS|FAILED", "status_code": 200, "content_type": "application/json",
 *  "body": {...} | "text" | "base64...", "error": null}
 * </pre>
 * {@code body} is the response's exact bytes: its own text when the response is JSON and the text is one valid JSON value,
 * else a string, and base64 with {@code "body_encoding": "base64"} next to it when it is not UTF-8. Nothing is
 * re-encoded: numbers, key order and whitespace survive. An empty body is {@code ""}; no response at all is null. Every
 * field is present; absent values are null.
 */
public final class OutputMessageCodec {

    private OutputMessageCodec() {
    }

    public static byte[] encode(OutputRecord r) {
        ObjectNode n = BodyJson.MAPPER.createObjectNode();
        n.put("request_id", r.requestId());
        n.put("status", r.status().name());
        if (r.statusCode() == null) {
            n.putNull("status_code");
        } else {
            n.put("status_code", r.statusCode());
        }
        n.put("content_type", r.contentType());
        BodyJson.put(n, "body", r.body(), BodyJson.isJson(r.contentType()));
        n.put("error", r.error());
        return BodyJson.bytes(n);
    }
}
