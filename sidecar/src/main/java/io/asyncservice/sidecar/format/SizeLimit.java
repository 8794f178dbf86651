package io.asyncservice.sidecar.format;

/** Rejects bodies over the configured size before anything else looks at them. */
final class SizeLimit {

    private SizeLimit() {
    }

    static void check(byte[] body, int maxBytes) throws UndecodableMessageException {
        if (body.length > maxBytes) {
            throw new UndecodableMessageException("the message body is " + body.length + " bytes, over the limit of "
                    + maxBytes + " bytes");
        }
    }
}
