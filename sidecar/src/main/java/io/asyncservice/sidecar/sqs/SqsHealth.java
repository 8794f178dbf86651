package io.asyncservice.sidecar.sqs;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Whether the last call to the SQS endpoint got through, for /readyz. */
final class SqsHealth {

    private volatile boolean connected = true;

    boolean connected() {
        return connected;
    }

    /** Runs a call; a client-side failure (unreachable endpoint) marks the connection down, any answer marks it up. */
    <T> T track(Supplier<T> call) {
        try {
            T result = call.get();
            connected = true;
            return result;
        } catch (SdkClientException e) {
            connected = false;
            throw e;
        } catch (RuntimeException e) {
            connected = true; // the service answered, with an error
            throw e;
        }
    }

    void run(Runnable call) {
        track(() -> {
            call.run();
            return null;
        });
    }
}
