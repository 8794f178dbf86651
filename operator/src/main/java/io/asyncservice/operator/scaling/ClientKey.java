package io.asyncservice.operator.scaling;

/**
 * Everything that makes one broker client distinct: the endpoint and the credentials. Implementations are records,
 * so equal endpoints with equal credentials share one client in the {@link ClientPool}.
 * Their {@code toString()} must not print secret values.
 *
 * @param <C> the client type
 */
public interface ClientKey<C extends AutoCloseable> {

    /** Creates and, where the client has a connection, connects the client, with the call timeout. */
    C connect() throws BacklogReadException;

    /** The endpoint without credentials, for logs and metrics. */
    String endpoint();
}
