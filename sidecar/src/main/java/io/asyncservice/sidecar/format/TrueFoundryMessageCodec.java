package io.asyncservice.sidecar.format;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asyncservice.sidecar.broker.Delivery;
import io.asyncservice.sidecar.format.JsonText.Member;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * TrueFoundry's async-service message format, for users who migrate without touching producers or consumers.
 *
 * <p>Input, two shapes (both JSON objects):
 * <ul>
 *   <li>the envelope {@code {"request_id": "abc", "body": <any JSON>, "published_at_epoch_ns": 123}} (their
 *       {@code InputMessage}): the app receives {@code body}'s JSON text exactly as the producer wrote it;</li>
 *   <li>the flat form (their {@code InputMessageV2}): the app receives the object without TrueFoundry's own fields
 *       {@code tfy_request_id}, {@code tfy_published_at_epoch_ns}, {@code tfy_stream_response},
 *       {@code tfy_request_headers}, {@code tfy_request_url_path} and {@code tfy_request_method}; every other
 *       member is passed as written (only the separators between members are new).</li>
 * </ul>
 * A request id must be 1 to 36 letters, digits or dashes, as TrueFoundry requires.
 *
 * <p>Output, their {@code OutputMessage}: {@code request_id}, {@code status} (SUCCESS | FAILED), {@code body} (the
 * response text, as their sidecar writes it), {@code error}, {@code input_message} (the input, on FAILED only),
 * {@code status_code} (a string) and {@code content_type}. The input is embedded as the producer wrote it.
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
        String message = BodyJson.utf8(raw);
        if (message == null || !JsonText.isSingleValue(message)) {
            throw new UndecodableMessageException("truefoundry format: the message is not JSON");
        }
        List<Member> members = JsonText.members(message);
        if (members == null) {
            throw new UndecodableMessageException("truefoundry format: the message must be a JSON object, not "
                    + JsonText.kind(message));
        }
        Map<String, Member> byName = new HashMap<>();
        members.forEach(m -> byName.putIfAbsent(m.name(), m));
        String requestId;
        String appBody;
        if (isEnvelope(byName)) {
            requestId = requestId(byName.get("request_id"), "request_id");
            appBody = byName.get("body").value();
        } else {
            Member id = byName.get("tfy_request_id");
            requestId = id == null || id.kind() == JsonToken.VALUE_NULL ? null : requestId(id, "tfy_request_id");
            // The object as the producer wrote it, less TrueFoundry's own members; only the separators between members are new.
            appBody = members.stream().filter(m -> !FLAT_FIELDS.contains(m.name())).map(Member::source)
                    .collect(Collectors.joining(",", "{", "}"));
        }
        return new AppInput(RequestIds.resolve(requestId, delivery.requestId()), appBody.getBytes(StandardCharsets.UTF_8),
                JSON, PassHeaders.of(delivery.headers()), message);
    }

    @Override
    public byte[] encodeOutput(OutputRecord r) {
        ObjectNode n = BodyJson.MAPPER.createObjectNode();
        n.put("request_id", r.requestId());
        n.put("status", r.status().name());
        BodyJson.put(n, "body", r.body(), false);
        n.put("error", r.error());
        if (r.status() == OutputStatus.FAILED && r.input() != null && r.input().envelope() != null) {
            BodyJson.putJson(n, "input_message", r.input().envelope());
        } else {
            n.putNull("input_message");
        }
        n.put("status_code", r.statusCode() == null ? null : r.statusCode().toString());
        n.put("content_type", r.contentType());
        return BodyJson.bytes(n);
    }

    private static boolean isEnvelope(Map<String, Member> members) {
        return members.containsKey("request_id") && members.containsKey("body") && ENVELOPE_FIELDS.containsAll(members.keySet());
    }

    private static String requestId(Member member, String field) throws UndecodableMessageException {
        if (member.kind() != JsonToken.VALUE_STRING || !REQUEST_ID.matcher(member.text()).matches()) {
            throw new UndecodableMessageException("truefoundry format: " + field + " must be 1 to 36 letters, digits or dashes, got "
                    + abbreviate(member.value()));
        }
        return member.text();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
