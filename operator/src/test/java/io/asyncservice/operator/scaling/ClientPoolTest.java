package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientPoolTest {

    /** A client that counts its closes. */
    static final class TestingClient implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    /** Keys equal by endpoint and secret; counts connects; fails on demand. */
    record TestingKey(String endpoint, String secret, AtomicInteger connects, boolean fail) implements ClientKey<TestingClient> {
        @Override
        public TestingClient connect() throws BacklogReadException {
            connects.incrementAndGet();
            if (fail) {
                throw new BacklogReadException(BacklogReadException.UNREACHABLE, "down");
            }
            return new TestingClient();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TestingKey k && k.endpoint.equals(endpoint) && k.secret.equals(secret);
        }

        @Override
        public int hashCode() {
            return endpoint.hashCode() * 31 + secret.hashCode();
        }
    }

    private final ClientPool pool = new ClientPool();
    private final AtomicInteger connects = new AtomicInteger();

    @Test
    void equalEndpointAndCredentialsShareOneClient() throws Exception {
        ClientPool.Lease<TestingClient> a = pool.acquire(new TestingKey("e1", "s", connects, false));
        ClientPool.Lease<TestingClient> b = pool.acquire(new TestingKey("e1", "s", connects, false));

        assertThat(a.client()).isSameAs(b.client());
        assertThat(connects).hasValue(1);
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void otherCredentialsGetTheirOwnClient() throws Exception {
        ClientPool.Lease<TestingClient> a = pool.acquire(new TestingKey("e1", "s", connects, false));
        ClientPool.Lease<TestingClient> b = pool.acquire(new TestingKey("e1", "other", connects, false));

        assertThat(a.client()).isNotSameAs(b.client());
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void theClientClosesWhenTheLastLeaseIsReturnedAndOnlyThen() throws Exception {
        ClientPool.Lease<TestingClient> a = pool.acquire(new TestingKey("e1", "s", connects, false));
        ClientPool.Lease<TestingClient> b = pool.acquire(new TestingKey("e1", "s", connects, false));
        TestingClient client = a.client();

        a.close();
        a.close();
        assertThat(client.closes).hasValue(0);

        b.close();
        assertThat(client.closes).hasValue(1);
        assertThat(pool.size()).isZero();

        ClientPool.Lease<TestingClient> c = pool.acquire(new TestingKey("e1", "s", connects, false));
        assertThat(c.client()).isNotSameAs(client);
        assertThat(connects).hasValue(2);
    }

    @Test
    void aFailedConnectHoldsNothing() {
        assertThatThrownBy(() -> pool.acquire(new TestingKey("down", "s", connects, true)))
                .isInstanceOf(BacklogReadException.class);

        assertThat(pool.size()).isZero();
    }
}
