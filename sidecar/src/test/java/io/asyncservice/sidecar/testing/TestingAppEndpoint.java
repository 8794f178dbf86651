package io.asyncservice.sidecar.testing;

import io.asyncservice.sidecar.http.AppEndpoint;
import io.asyncservice.sidecar.http.AppOutcome;
import io.asyncservice.sidecar.http.AppRequest;
import io.asyncservice.sidecar.http.AppResult;
import io.asyncservice.sidecar.http.OutcomeClassifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted app behind our {@link AppEndpoint} interface: per request id, a queue of answers; then 200. */
public final class TestingAppEndpoint implements AppEndpoint {

    private final Map<String, ConcurrentLinkedQueue<AppResult>> scripts = new ConcurrentHashMap<>();
    private final List<AppRequest> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    public final AtomicInteger maxRunning = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public static AppResult status(int status) {
        return status(status, (Duration) null);
    }

    public static AppResult status(int status, Duration retryAfter) {
        AppOutcome outcome = OutcomeClassifier.classify(status);
        return new AppResult(outcome, status, ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8),
                "application/json", retryAfter, outcome == AppOutcome.SUCCESS ? null : "the app answered " + status);
    }

    /** An answer with this status and a text body of its own. */
    public static AppResult status(int status, String body) {
        AppResult r = status(status);
        return new AppResult(r.outcome(), status, body.getBytes(StandardCharsets.UTF_8), "text/plain", null, r.error());
    }

    public TestingAppEndpoint script(String requestId, AppResult... answers) {
        scripts.computeIfAbsent(requestId, k -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    /** Calls block until {@link #open()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    @Override
    public AppResult call(AppRequest request) throws InterruptedException {
        calls.add(request);
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            gate.await();
            AppResult scripted = scripts.getOrDefault(request.requestId(), new ConcurrentLinkedQueue<>()).poll();
            return scripted != null ? scripted : status(200);
        } finally {
            running.decrementAndGet();
        }
    }

    public List<AppRequest> calls() {
        return List.copyOf(calls);
    }

    public List<Integer> attemptsOf(String requestId) {
        return calls.stream().filter(c -> c.requestId().equals(requestId)).map(AppRequest::attempt).toList();
    }

    public int running() {
        return running.get();
    }
}
