package io.asyncservice.sidecar.broker;

import java.util.Map;

/**
 * The part of a {@link Delivery} that is data: the body, headers, request id, content type and delivery count, taken
 * from the broker's message once, when it arrives. Each broker's delivery adds how it is leased and settled.
 */
public abstract class AbstractDelivery implements Delivery {

    private final byte[] body;
    private final Map<String, String> headers;
    private final String requestId;
    private final String contentType;
    private final int deliveryCount;

    /**
     * @param body          the body as sent; null means empty
     * @param headers       lower-case names; copied
     * @param requestId     the broker's request id, or null
     * @param contentType   the message's own content type, or null
     * @param deliveryCount 1 for a first delivery, or where the broker does not count
     */
    protected AbstractDelivery(byte[] body, Map<String, String> headers, String requestId, String contentType,
            int deliveryCount) {
        this.body = body == null ? new byte[0] : body;
        this.headers = Map.copyOf(headers);
        this.requestId = requestId;
        this.contentType = contentType;
        this.deliveryCount = deliveryCount;
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public final Map<String, String> headers() {
        return headers;
    }

    @Override
    public final String requestId() {
        return requestId;
    }

    @Override
    public final String contentType() {
        return contentType;
    }

    @Override
    public final int deliveryCount() {
        return deliveryCount;
    }
}
