package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodIpForwardsTest {

    /** Not in {@link PodIps}' range, so a sandbox running beside the test cannot hold it. */
    private final String ip = "127.11." + ThreadLocalRandom.current().nextInt(1, 255) + "."
            + ThreadLocalRandom.current().nextInt(1, 255);
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private HttpServer container;

    @BeforeEach
    void start() throws IOException {
        container = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        container.createContext("/load", exchange -> {
            byte[] body = "7".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        container.start();
    }

    @AfterEach
    void stop() {
        container.stop(0);
    }

    @Test
    void everyLoopbackAddressCanBeListenedOnWithNoSetup() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(PodIps.FIRST))) {
            assertThat(socket.getLocalPort()).isPositive();
        }
    }

    @Test
    void eachTcpContainerPortAnswersAtThePodIpUntilClosed() throws Exception {
        int admin = freePort();
        int udp = freePort();
        Container sidecar = new ContainerBuilder().withName("sidecar")
                .addNewPort().withName("admin").withContainerPort(admin).endPort()
                .addNewPort().withContainerPort(udp).withProtocol("UDP").endPort()
                .build();
        Container again = new ContainerBuilder().withName("other").addNewPort().withContainerPort(admin).endPort().build();
        PortPlan ports = PortPlan.allocate(List.of(sidecar, again), List.of(), () -> container.getAddress().getPort());

        PodIpForwards forwards = PodIpForwards.open("p", ip, List.of(sidecar, again), ports);

        assertThat(forwards.forwardedPorts()).containsExactly(admin);
        assertThat(forwards.describe()).isEqualTo(ip + ":" + admin + "->127.0.0.1:" + container.getAddress().getPort());
        HttpResponse<String> load = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":" + admin + "/load"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(load.statusCode()).isEqualTo(200);
        assertThat(load.body()).isEqualTo("7");

        forwards.close();

        assertThatThrownBy(() -> connect(admin)).isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortTakenAtThePodIpIsLeftOutAndTheRestForwarded() throws Exception {
        int taken = freePort();
        int free = freePort();
        Container c = new ContainerBuilder().withName("app")
                .addNewPort().withContainerPort(taken).endPort().addNewPort().withContainerPort(free).endPort().build();
        PortPlan ports = PortPlan.allocate(List.of(c), List.of(), () -> container.getAddress().getPort());

        try (ServerSocket other = new ServerSocket(taken, 1, InetAddress.getByName(ip));
                PodIpForwards forwards = PodIpForwards.open("p", ip, List.of(c), ports)) {
            assertThat(forwards.forwardedPorts()).containsExactly(free);
            connect(free);
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(ip))) {
            return socket.getLocalPort();
        }
    }

    private void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 1000);
        }
    }
}
