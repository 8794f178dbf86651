package io.asyncservice.operator.scaling;

/** Opens the {@link BacklogReader} for an AsyncService's input: reads its Secret and leases a shared client. */
public interface BacklogReaderFactory {

    /**
     * @throws BacklogReadException when the Secret is missing or the client cannot be created or connected
     */
    BacklogReader open(ScaledService service) throws BacklogReadException;

    /**
     * A name for the broker endpoint the service reads from, known without I/O, e.g. {@code sqs:https://sqs.eu-west-1...}.
     * Reads to one endpoint are limited together so that a slow endpoint cannot take every reader thread.
     */
    String endpointOf(ScaledService service);
}
