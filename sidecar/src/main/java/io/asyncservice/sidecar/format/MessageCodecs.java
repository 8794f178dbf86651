package io.asyncservice.sidecar.format;

import io.asyncservice.api.v1alpha1.MessageFormat;

/** The codec for a configured message format. */
public final class MessageCodecs {

    private MessageCodecs() {
    }

    public static MessageCodec forFormat(MessageFormat format, int maxMessageBytes) {
        return switch (format) {
            case RAW -> new RawMessageCodec(maxMessageBytes);
            case TRUEFOUNDRY -> new TrueFoundryMessageCodec(maxMessageBytes);
        };
    }
}
