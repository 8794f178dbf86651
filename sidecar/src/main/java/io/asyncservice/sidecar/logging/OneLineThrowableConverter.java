package io.asyncservice.sidecar.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %oneLineEx} in a logback pattern: the stack trace as {@code %ex} writes it, with each exception's message
 * {@linkplain OneLine#escape escaped}. A stack trace still takes several lines, but they are only the exception's class
 * and message, then lines that start with a tab or {@code Caused by:}: an exception message (which may quote a message's
 * content) can no longer start a line that looks like a log event.
 */
public final class OneLineThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(EscapedMessages.of(tp));
    }

    /** An exception as logback recorded it, with its message, its cause's and its suppressed exceptions' escaped. */
    private record EscapedMessages(IThrowableProxy proxy) implements IThrowableProxy {

        static IThrowableProxy of(IThrowableProxy proxy) {
            return proxy == null ? null : new EscapedMessages(proxy);
        }

        @Override
        public String getMessage() {
            return OneLine.escape(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            // A cyclic chain ends in a proxy logback marks as cyclic, with no cause of its own: this stops there too.
            return of(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                out[i] = of(suppressed[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
