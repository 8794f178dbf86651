package io.asyncservice.sidecar.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body in memory, at most {@code maxBytes} of it. A longer body is not read on: the subscription is
 * cancelled (which closes the connection) and the body completes with {@link ResponseTooLargeException}, so no answer
 * of any size can exhaust the heap.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    /** Thrown, as the cause of the client's IOException, for a body over the limit. */
    static final class ResponseTooLargeException extends IOException {
        private final long limit;
        private final long size;
        private final boolean declared;

        ResponseTooLargeException(long limit, long size, boolean declared) {
            super("the app's response is " + (declared ? "" : "more than ") + size + " bytes, over the limit of " + limit
                    + " bytes (delivery.maxResponseSize)");
            this.limit = limit;
            this.size = size;
            this.declared = declared;
        }

        long limit() {
            return limit;
        }

        long size() {
            return size;
        }

        boolean declared() {
            return declared;
        }
    }

    private final long maxBytes;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final List<ByteBuffer> buffers = new ArrayList<>();
    private long received;
    private Flow.Subscription subscription;

    private final long declaredLength;

    private LimitedBodySubscriber(long maxBytes, long declaredLength) {
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
    }

    /** A handler that refuses a declared Content-Length over the limit before reading a byte, and stops at the limit otherwise. */
    static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
        return info -> new LimitedBodySubscriber(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        this.subscription = s;
        if (declaredLength > maxBytes) {
            s.cancel();
            body.completeExceptionally(new ResponseTooLargeException(maxBytes, declaredLength, true));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
        }
        if (received > maxBytes) {
            buffers.clear();
            subscription.cancel();
            body.completeExceptionally(new ResponseTooLargeException(maxBytes, received, false));
            return;
        }
        buffers.addAll(items);
    }

    @Override
    public void onError(Throwable t) {
        buffers.clear();
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        byte[] out = new byte[Math.toIntExact(received)];
        int at = 0;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            b.get(out, at, n);
            at += n;
        }
        buffers.clear();
        body.complete(out);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }
}
