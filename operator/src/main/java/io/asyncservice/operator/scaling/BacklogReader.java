package io.asyncservice.operator.scaling;

/**
 * Reads one AsyncService's input backlog from its broker. One implementation per broker kind, each opened for one
 * AsyncService by a {@link BacklogReaderFactory}; it holds a shared client from the {@link ClientPool} and gives it
 * back on {@link #close()}.
 */
public interface BacklogReader extends AutoCloseable {

    /**
     * Reads the backlog now. Every broker call in here is bounded by the call timeout.
     *
     * @throws BacklogReadException with the reason when the broker cannot be read
     */
    Backlog read() throws BacklogReadException;

    /** Gives the shared client back to the pool. */
    @Override
    void close();
}
