package io.asyncservice.operator.scaling;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs reads with at most {@code limit} in flight per broker endpoint; the rest wait in that endpoint's queue, in
 * order. A slow or unreachable endpoint so holds at most {@code limit} reader threads and delays only its own
 * services, while a busy healthy endpoint (one SQS region serving a thousand services) is never starved: its reads
 * queue instead of being dropped. Each service has at most one poll in flight, so a queue holds at most one read per
 * service.
 */
final class EndpointQueues {

    private final int limit;
    private final Executor executor;
    private final Map<String, Lane> lanes = new HashMap<>();

    private static final class Lane {
        int inFlight;
        final Queue<Runnable> waiting = new ArrayDeque<>();
    }

    EndpointQueues(int limit, Executor executor) {
        this.limit = limit;
        this.executor = executor;
    }

    /** Runs {@code read} now if the endpoint has a free slot, else when one frees up. */
    void submit(String endpoint, Runnable read) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(endpoint, k -> new Lane());
            if (lane.inFlight >= limit) {
                lane.waiting.add(read);
                return;
            }
            lane.inFlight++;
        }
        start(endpoint, read);
    }

    private void start(String endpoint, Runnable read) {
        try {
            executor.execute(() -> {
                try {
                    read.run();
                } finally {
                    next(endpoint);
                }
            });
        } catch (RejectedExecutionException e) {
            next(endpoint);
            throw e;
        }
    }

    private void next(String endpoint) {
        Runnable following;
        synchronized (this) {
            Lane lane = lanes.get(endpoint);
            following = lane.waiting.poll();
            if (following == null) {
                lane.inFlight--;
                if (lane.inFlight == 0) {
                    lanes.remove(endpoint);
                }
                return;
            }
        }
        try {
            start(endpoint, following);
        } catch (RejectedExecutionException e) {
            // Only when the executor is shut down: the loop is closing and the queued reads are moot.
        }
    }

    synchronized int waiting(String endpoint) {
        Lane lane = lanes.get(endpoint);
        return lane == null ? 0 : lane.waiting.size();
    }
}
