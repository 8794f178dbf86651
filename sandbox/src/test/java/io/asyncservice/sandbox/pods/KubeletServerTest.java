package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Shared so that keytool runs once for the whole class, as the sandbox keeps its certificate across runs. */
    @TempDir
    static Path certDir;
    @TempDir
    Path dir;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient client = trustingClient();
    private Path log;
    private KubeletServer server;

    @BeforeEach
    void start() throws IOException {
        log = dir.resolve("web.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        server = KubeletServer.start(certDir, new OneContainer("demo", "web-0", "web", log, running));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheWholeLogAsText() throws Exception {
        HttpResponse<String> response = get("/containerLogs/demo/web-0/web");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void tailLinesGivesOnlyTheLastLines() throws Exception {
        assertThat(get("/containerLogs/demo/web-0/web?tailLines=2").body()).isEqualTo("two\nthree\n");
        assertThat(get("/containerLogs/demo/web-0/web?tailLines=10").body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(get("/containerLogs/demo/web-0/web?tailLines=0").body()).isEmpty();

        Files.writeString(log, "fou", StandardOpenOption.APPEND);
        assertThat(get("/containerLogs/demo/web-0/web?tailLines=2").body()).isEqualTo("three\nfou");
    }

    @Test
    void limitBytesCapsWhatIsSent() throws Exception {
        assertThat(get("/containerLogs/demo/web-0/web?limitBytes=6").body()).isEqualTo("one\ntw");
        assertThat(get("/containerLogs/demo/web-0/web?tailLines=2&limitBytes=5").body()).isEqualTo("two\nt");
    }

    @Test
    void ignoresTimestampsAndSince() throws Exception {
        HttpResponse<String> response = get("/containerLogs/demo/web-0/web?timestamps=true&sinceSeconds=10");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void unknownPodOrContainerIsNotFound() throws Exception {
        HttpResponse<String> otherContainer = get("/containerLogs/demo/web-0/sidecar");
        HttpResponse<String> otherPod = get("/containerLogs/demo/web-1/web");

        assertThat(otherContainer.statusCode()).isEqualTo(404);
        assertThat(otherContainer.body()).contains("container \"sidecar\" in pod \"demo/web-0\" is not running on this node");
        assertThat(otherPod.statusCode()).isEqualTo(404);
        assertThat(otherPod.body()).contains("container \"web\" in pod \"demo/web-1\" is not running on this node");
    }

    @Test
    void previousIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> response = get("/containerLogs/demo/web-0/web?previous=true");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("one log per container");
    }

    @Test
    void badNumbersAreRefused() throws Exception {
        HttpResponse<String> response = get("/containerLogs/demo/web-0/web?tailLines=many");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("tailLines");
    }

    @Test
    void otherPathsAreNotFoundAndHealthzIsOk() throws Exception {
        assertThat(get("/exec/demo/web-0/web").statusCode()).isEqualTo(404);
        assertThat(get("/containerLogs/demo/web-0").statusCode()).isEqualTo(404);
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
    }

    @Test
    void followStreamsAppendedLinesAndEndsWhenTheContainerStops() throws Exception {
        HttpResponse<InputStream> response = client.send(request("/containerLogs/demo/web-0/web?follow=true&tailLines=1"),
                BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        // Not closed here: a read that timed out may still hold the reader; closing the server ends the stream.
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(readLine(lines)).isEqualTo("three");

        Files.writeString(log, "four\n", StandardOpenOption.APPEND);
        assertThat(readLine(lines)).isEqualTo("four");

        Files.writeString(log, "five\n", StandardOpenOption.APPEND);
        running.set(false);
        assertThat(readLine(lines)).isEqualTo("five");
        assertThat(readLine(lines)).as("the follow ends once the container has stopped").isNull();
    }

    @Test
    void followEndsAtLimitBytes() throws Exception {
        HttpResponse<InputStream> response = client.send(
                request("/containerLogs/demo/web-0/web?follow=true&limitBytes=16"), BodyHandlers.ofInputStream());
        Files.writeString(log, "four\nfive\n", StandardOpenOption.APPEND);

        String body = assertTimeoutPreemptively(WAIT, () -> new String(response.body().readAllBytes(),
                StandardCharsets.UTF_8));

        assertThat(body).isEqualTo("one\ntwo\nthree\nfo");
    }

    @Test
    void closeEndsAFollowInProgressWithinASecond() throws Exception {
        HttpResponse<InputStream> response = client.send(request("/containerLogs/demo/web-0/web?follow=true"),
                BodyHandlers.ofInputStream());
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertThat(readLine(lines)).isEqualTo("one");

        long begin = System.nanoTime();
        server.close();

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(2));
        assertTimeoutPreemptively(WAIT, () -> {
            try {
                while (lines.readLine() != null) {
                    // what was already sent
                }
            } catch (IOException e) {
                // the connection was cut: the follow ended too
            }
        });
    }

    @Test
    void keepsItsCertificateAcrossStartsOwnerOnly(@TempDir Path ownDir) throws Exception {
        Certificate first;
        try (KubeletServer one = KubeletServer.start(ownDir, new OneContainer("demo", "web-0", "web", log, running))) {
            first = peerCertificate(one);
        }
        Certificate second;
        try (KubeletServer two = KubeletServer.start(ownDir, new OneContainer("demo", "web-0", "web", log, running))) {
            second = peerCertificate(two);
        }

        assertThat(second).isEqualTo(first);
        assertThat(((X509Certificate) first).getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownDir.resolve("kubelet.p12"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(ownDir.resolve("kubelet.p12.password")))).isEqualTo("rw-------");
    }

    @Test
    void makesANewCertificateWhenTheKeystoreNoLongerLoads(@TempDir Path ownDir) throws Exception {
        Certificate first;
        try (KubeletServer one = KubeletServer.start(ownDir, new OneContainer("demo", "web-0", "web", log, running))) {
            first = peerCertificate(one);
        }
        Files.writeString(ownDir.resolve("kubelet.p12.password"), "not-the-password");

        try (KubeletServer two = KubeletServer.start(ownDir, new OneContainer("demo", "web-0", "web", log, running))) {
            assertThat(peerCertificate(two)).isNotEqualTo(first);
            assertThat(get(two, "/containerLogs/demo/web-0/web").body()).isEqualTo("one\ntwo\nthree\n");
        }
    }

    @Test
    void keytoolFailureIsReportedWithItsOutput(@TempDir Path ownDir) throws IOException {
        Path keytool = ownDir.resolve("keytool");
        Files.writeString(keytool, "#!/bin/sh\necho 'keytool error: java.lang.Exception: disk on fire'\nexit 1\n");
        keytool.toFile().setExecutable(true);

        assertThatThrownBy(() -> new KubeletKeystore(ownDir.resolve("certs"), keytool).sslContext())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keytool failed")
                .hasMessageContaining("disk on fire");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(server, path);
    }

    private HttpResponse<String> get(KubeletServer target, String path) throws Exception {
        return client.send(request(target, path), BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return request(server, path);
    }

    private static HttpRequest request(KubeletServer target, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + target.port() + path)).timeout(WAIT).build();
    }

    private Certificate peerCertificate(KubeletServer target) throws Exception {
        HttpResponse<String> response = get(target, "/healthz");
        return response.sslSession().orElseThrow().getPeerCertificates()[0];
    }

    private static String readLine(BufferedReader reader) {
        return assertTimeoutPreemptively(WAIT, reader::readLine);
    }

    private static HttpClient trustingClient() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(WAIT).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node with one pod, {@code namespace/pod}, that has one container writing to {@code file}. */
    private record OneContainer(String namespace, String pod, String container, Path file, AtomicBoolean running)
            implements ContainerLogs {

        @Override
        public Optional<Path> logFile(String namespace, String pod, String container) {
            return matches(namespace, pod, container) ? Optional.of(file) : Optional.empty();
        }

        @Override
        public boolean running(String namespace, String pod, String container) {
            return matches(namespace, pod, container) && running.get();
        }

        private boolean matches(String namespace, String pod, String container) {
            return this.namespace.equals(namespace) && this.pod.equals(pod) && this.container.equals(container);
        }
    }
}
