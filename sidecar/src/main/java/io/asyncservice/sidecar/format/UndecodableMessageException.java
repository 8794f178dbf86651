package io.asyncservice.sidecar.format;

/** A message that can never be handed to the app (bad envelope, oversize body): a permanent failure. */
public final class UndecodableMessageException extends Exception {

    public UndecodableMessageException(String message) {
        super(message);
    }
}
