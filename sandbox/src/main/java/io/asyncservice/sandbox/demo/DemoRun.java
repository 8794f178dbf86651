package io.asyncservice.sandbox.demo;

import io.asyncservice.sandbox.broker.BrokerMessage;
import io.asyncservice.sandbox.broker.SandboxBroker;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One AsyncService driven end to end: apply it, send a burst, read every result back while printing a live line
 * each second (backlog, replicas, processed, failed), until every message is answered and the replicas are back
 * at zero. The demo and the end-to-end tests both use it.
 */
public final class DemoRun {

    private final KubernetesClient client;
    private final SandboxBroker broker;
    private final String name;
    private final PrintStream out;
    private final ServiceObserver observer;
    private Instant started = Instant.now();
    private Instant lastResult;
    private int maxReplicas;

    /** @param out where the live lines go; null for none */
    public DemoRun(KubernetesClient client, SandboxBroker broker, String name, PrintStream out) {
        this.client = client;
        this.broker = broker;
        this.name = name;
        this.out = out;
        this.observer = new ServiceObserver(client, name);
    }

    /** Creates or updates every object of the YAML in namespace default, as {@code kubectl apply} would. */
    public void apply(String yaml) {
        List<HasMetadata> items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
        for (HasMetadata item : items) {
            client.resource(item).inNamespace("default").createOr(NonDeletingOperation::update);
        }
    }

    /** Sends {@code count} JSON messages with ids {@code <prefix>-0001}...; returns them by id. */
    public Map<String, String> send(String prefix, int count, Map<String, Object> extraFields) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            StringBuilder body = new StringBuilder("{\"n\":" + i + ",\"text\":\"message " + i + " of " + count + "\"");
            extraFields.forEach((k, v) -> body.append(",\"").append(k).append("\":")
                    .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
            messages.put("%s-%04d".formatted(prefix, i), body.append('}').toString());
        }
        started = Instant.now();
        broker.send(name, messages);
        return messages;
    }

    /**
     * Reads results into {@code tally} until every sent id is answered and {@code alsoDone} holds, or until
     * {@code timeout}; prints a live line each second.
     */
    public void collect(Tally tally, Duration timeout, BooleanSupplier alsoDone) {
        Instant deadline = Instant.now().plus(timeout);
        Instant nextLine = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            List<BrokerMessage> got = broker.receive(name, Duration.ofMillis(500));
            if (!got.isEmpty()) {
                tally.record(got);
                lastResult = Instant.now();
            }
            if (!Instant.now().isBefore(nextLine)) {
                ServiceObserver.View view = observer.look();
                maxReplicas = Math.max(maxReplicas, view.replicas());
                line(view, tally);
                nextLine = Instant.now().plusSeconds(1);
                if (tally.complete() && alsoDone.getAsBoolean()) {
                    return;
                }
            }
        }
    }

    /** Whether the Deployment is at zero replicas with no pods left. */
    public boolean atZero() {
        ServiceObserver.View view = observer.look();
        return view.replicas() == 0 && view.pods() == 0;
    }

    public int maxReplicas() {
        return maxReplicas;
    }

    /** From the burst to the last result. */
    public Duration drained() {
        return lastResult == null ? Duration.ZERO : Duration.between(started, lastResult);
    }

    public DemoSummary summary(Tally tally) {
        return new DemoSummary(broker.kind(), tally.sent(), tally.received(), tally.withStatus("SUCCESS"),
                tally.withStatus("FAILED") + tally.withStatus(BrokerMessage.DEAD_LETTER), tally.duplicates(), tally.lost(),
                tally.unexpected(), drained(), maxReplicas, atZero());
    }

    /** The whole demo: {@code messages} messages, then wait for every result and for the scale back to zero. */
    public DemoSummary run(String yaml, int messages, Duration timeout) {
        apply(yaml);
        print("Applied AsyncService %s; sending %d messages".formatted(name, messages));
        Tally tally = new Tally(send("demo", messages, Map.of()).keySet());
        collect(tally, timeout, this::atZero);
        return summary(tally);
    }

    private void line(ServiceObserver.View view, Tally tally) {
        print("[%4ds] backlog %4s | replicas %d (ready %d, pods %d) | processed %4d | failed %3d".formatted(
                Duration.between(started, Instant.now()).toSeconds(),
                view.backlog() < 0 ? "?" : String.valueOf(view.backlog()),
                view.replicas(), view.ready(), view.pods(), tally.withStatus("SUCCESS"),
                tally.withStatus("FAILED") + tally.withStatus(BrokerMessage.DEAD_LETTER)));
    }

    private void print(String line) {
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }
}
