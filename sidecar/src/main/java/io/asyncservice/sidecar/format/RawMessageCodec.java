package io.asyncservice.sidecar.format;

import io.asyncservice.sidecar.broker.Delivery;

/** The default format: the message body is the request body, byte for byte. */
public final class RawMessageCodec implements MessageCodec {

    private final int maxMessageBytes;

    public RawMessageCodec(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public AppInput decode(Delivery delivery) throws UndecodableMessageException {
        byte[] body = delivery.body();
        SizeLimit.check(body, maxMessageBytes);
        return new AppInput(RequestIds.resolve(delivery.requestId()), body, delivery.contentType(),
                PassHeaders.of(delivery.headers()), null);
    }

    @Override
    public byte[] encodeOutput(OutputRecord record) {
        return OutputMessageCodec.encode(record);
    }
}
