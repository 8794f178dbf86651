package io.asyncservice.sidecar.format;

import io.asyncservice.sidecar.broker.Delivery;

/** Turns a delivered message into an app request and a result into an output message, in one message format. */
public interface MessageCodec {

    /** The content type of the output messages this codec writes. */
    String OUTPUT_CONTENT_TYPE = "application/json";

    /** Decodes a message; a message that can never be decoded throws, and is a permanent failure. */
    AppInput decode(Delivery delivery) throws UndecodableMessageException;

    /** The output message for one input. */
    byte[] encodeOutput(OutputRecord record);
}
