package io.asyncservice.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The fabric8 CRUD dispatcher seen as a store: requests by path, and the few reads the sandbox makes itself. */
final class CrudStore {

    static final String JSON_PATCH = "application/json-patch+json";

    private final KubernetesCrudDispatcher crud;
    private final ObjectMapper mapper;

    CrudStore(KubernetesCrudDispatcher crud, ObjectMapper mapper) {
        this.crud = crud;
        this.mapper = mapper;
    }

    MockResponse request(HttpMethod method, String path, String contentType, String body) {
        Headers.Builder headers = new Headers.Builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return crud.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), new Buffer(bytes)));
    }

    MockResponse get(String path) {
        return request(HttpMethod.GET, path, null, null);
    }

    /** The object or list at {@code path}, if the store answers 200. */
    Optional<JsonNode> read(String path) {
        MockResponse response = get(path);
        if (response.code() != 200) {
            return Optional.empty();
        }
        return Optional.of(parse(bodyOf(response)));
    }

    JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bodyOf(MockResponse response) {
        Buffer body = response.getBody();
        return body == null ? "" : new String(body.getBytes(), StandardCharsets.UTF_8);
    }
}
