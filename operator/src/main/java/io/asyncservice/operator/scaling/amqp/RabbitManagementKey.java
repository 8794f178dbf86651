package io.asyncservice.operator.scaling.amqp;

import io.asyncservice.operator.scaling.ClientKey;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A RabbitMQ management API client's identity: the API's URL and the user and password of the AMQP URI. */
record RabbitManagementKey(String managementUrl, String user, String password, Duration callTimeout)
        implements ClientKey<RabbitManagementKey.ManagementClient> {

    /** The JDK HTTP client with the basic-auth header for the API. */
    record ManagementClient(HttpClient http, String baseUrl, String authorization, Duration callTimeout) implements AutoCloseable {
        @Override
        public void close() {
            // The JDK 17 client has no close; its threads end when it is unreachable.
        }
    }

    @Override
    public ManagementClient connect() {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(callTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        String base = managementUrl.endsWith("/") ? managementUrl.substring(0, managementUrl.length() - 1) : managementUrl;
        return new ManagementClient(http, base, "Basic " + basic, callTimeout);
    }

    @Override
    public String endpoint() {
        return "rabbitmq-management:" + managementUrl;
    }

    @Override
    public String toString() {
        return "RabbitManagementKey[" + managementUrl + ", user " + user + "]";
    }
}
