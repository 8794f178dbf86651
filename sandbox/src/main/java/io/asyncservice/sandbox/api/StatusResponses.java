package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** {@code meta/v1 Status} error bodies, so kubectl prints "Error from server (NotFound): ..." as on a cluster. */
final class StatusResponses {

    private final ObjectMapper mapper;

    StatusResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    MockResponse notFound(ApiPath path) {
        String resource = path.group().isEmpty() ? path.plural() : path.plural() + "." + path.group();
        String message = path.name() == null ? "the server could not find the requested resource"
                : resource + " \"" + path.name() + "\" not found";
        ObjectNode status = status(404, "NotFound", message);
        ObjectNode details = status.putObject("details");
        if (path.name() != null) {
            details.put("name", path.name());
        }
        details.put("group", path.group());
        details.put("kind", path.plural());
        return response(404, status);
    }

    MockResponse error(int code, String reason, String message) {
        return response(code, status(code, reason, message));
    }

    private ObjectNode status(int code, String reason, String message) {
        ObjectNode status = mapper.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    private MockResponse response(int code, ObjectNode body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }
}
