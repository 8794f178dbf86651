package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The output message in the sidecar's own format (DESIGN.md):
 * <pre>
 * {"request_id": "...", "status": "SUCCESS|FAILED", "status_code": 200, "content_type": "application/json",
 *  "body": {...} | "text" | "base64...", "error": null}
 * </pre>
 * {@code body} is JSON when the response was JSON, else a string; a body that is not UTF-8 is written in base64 with
 * {@code "body_encoding": "base64"} next to it. Every field is present; absent values are null.
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
        BodyJson.put(n, "body", r.body() == null || r.body().length == 0 ? null : r.body(), BodyJson.isJson(r.contentType()));
        n.put("error", r.error());
        return BodyJson.bytes(n);
    }
}
