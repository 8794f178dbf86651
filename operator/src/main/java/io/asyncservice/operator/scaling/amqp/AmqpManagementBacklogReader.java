package io.asyncservice.operator.scaling.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.operator.scaling.Backlog;
import io.asyncservice.operator.scaling.BacklogReadException;
import io.asyncservice.operator.scaling.BacklogReader;
import io.asyncservice.operator.scaling.ClientPool;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * AMQP backlog from the RabbitMQ management API: messages_ready + messages_unacknowledged of
 * {@code GET /api/queues/{vhost}/{queue}}, so messages being processed keep the service up.
 */
public final class AmqpManagementBacklogReader implements BacklogReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientPool.Lease<RabbitManagementKey.ManagementClient> lease;
    private final String vhost;
    private final String queue;

    AmqpManagementBacklogReader(ClientPool.Lease<RabbitManagementKey.ManagementClient> lease, String vhost, String queue) {
        this.lease = lease;
        this.vhost = vhost;
        this.queue = queue;
    }

    @Override
    public Backlog read() throws BacklogReadException {
        RabbitManagementKey.ManagementClient client = lease.client();
        URI uri = URI.create(client.baseUrl() + "/api/queues/" + encode(vhost) + "/" + encode(queue)
                + "?disable_stats=false&msg_rates=false");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(client.callTimeout())
                .header("Authorization", client.authorization())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ management API at " + client.baseUrl()
                    + " did not accept a connection in time", e);
        } catch (HttpTimeoutException e) {
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "RabbitMQ management API at " + client.baseUrl()
                    + " did not answer in time", e);
        } catch (ConnectException e) {
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ management API at " + client.baseUrl()
                    + " refused the connection", e);
        } catch (IOException e) {
            throw new BacklogReadException(BacklogReadException.UNREACHABLE, "RabbitMQ management API at " + client.baseUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BacklogReadException(BacklogReadException.TIMEOUT, "interrupted while reading the RabbitMQ management API", e);
        }
        return backlog(response);
    }

    private Backlog backlog(HttpResponse<String> response) throws BacklogReadException {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new BacklogReadException(BacklogReadException.UNAUTHORIZED, "RabbitMQ management API refused the user of the AMQP URI"
                    + " (HTTP " + status + "); it needs the monitoring or management tag");
        }
        if (status == 404) {
            throw new BacklogReadException(BacklogReadException.QUEUE_NOT_FOUND, "RabbitMQ queue " + queue + " does not exist in vhost "
                    + vhost);
        }
        if (status != 200) {
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "RabbitMQ management API answered HTTP " + status
                    + " for queue " + queue);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            JsonNode ready = body.get("messages_ready");
            JsonNode unacked = body.get("messages_unacknowledged");
            if (ready == null && unacked == null) {
                throw new BacklogReadException(BacklogReadException.READ_FAILED, "RabbitMQ has no message statistics for queue "
                        + queue + " yet");
            }
            return Backlog.of(Math.max(0, count(ready)) + Math.max(0, count(unacked)));
        } catch (IOException e) {
            throw new BacklogReadException(BacklogReadException.READ_FAILED, "RabbitMQ management API answered something that is not JSON", e);
        }
    }

    private static long count(JsonNode node) {
        return node == null || node.isNull() ? 0 : node.asLong();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        lease.close();
    }
}
