package io.asyncservice.sidecar.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %oneLine(...)} in a logback pattern: what the inner pattern writes, {@linkplain OneLine#escape escaped} so that
 * it stays on one line. logback.xml wraps the message and the key-values in it, which carry values from messages.
 */
public final class OneLineConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return OneLine.escape(in);
    }
}
