package io.asyncservice.sidecar.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What may go into a request header to the app. Values come from producers and can hold anything; Java's HttpClient
 * refuses a value with CR, LF, another control character or a character above U+00FF (the request fails before it is
 * sent), and passes obs-text (U+0080 to U+00FF) as single Latin-1 bytes the app would read as something else. RFC 9110
 * also lets servers strip leading and trailing whitespace, and app servers refuse long header lines (often 8 KiB in
 * all). So a value is {@linkplain #isSendable sendable} as it is only when it is plain visible ASCII with inner
 * spaces or tabs, and at most {@value #MAX_LENGTH} characters long.
 *
 * <p>A request id that is not sendable is sent {@linkplain #requestId encoded}, so the app always gets an
 * X-Request-Id; everywhere else (the output message, the dead letter, the logs) the id stays as the producer wrote it.
 */
public final class HeaderValues {

    /** The longest value sent: well under app servers' header limits, far over any real id (a UUID is 36). */
    public static final int MAX_LENGTH = 1024;
    /** Ends an encoded id that was cut to {@link #MAX_LENGTH}; followed by the SHA-256 of the whole id's UTF-8. */
    public static final String CUT_MARK = "~sha256:";

    private static final int HASH_HEX_LENGTH = 64;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private HeaderValues() {
    }

    /**
     * Whether {@code value} can be sent as it is and arrives as it is: 1 to {@value #MAX_LENGTH} characters, each visible
     * ASCII (0x21 to 0x7E), space or tab, and neither first nor last a space or tab.
     */
    public static boolean isSendable(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!isVisible(value.charAt(i)) && !isInnerBlank(value, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The X-Request-Id for a request id: the id itself when it is {@linkplain #isSendable sendable} (UUIDs, ULIDs,
     * broker message ids and anything else plain), else its percent-encoding: each UTF-8 byte of a character that is
     * not visible ASCII, and of {@code %} and {@code +}, becomes {@code %XX} (upper-case hex), so that percent-decoding
     * (with or without the {@code +}-is-space rule) gives the id back. An encoding longer than {@value #MAX_LENGTH}
     * is cut (never inside a {@code %XX}) and ends with {@link #CUT_MARK} and the hex SHA-256 of the whole id's UTF-8,
     * which identifies it. Examples: {@code "a\r\nb"} is sent as {@code a%0D%0Ab}, {@code "café ✓"} as
     * {@code caf%C3%A9%20%E2%9C%93}, {@code " x"} as {@code %20x}, and {@code ""} as {@code ""}.
     */
    public static String requestId(String id) {
        Objects.requireNonNull(id, "id");
        if (isSendable(id)) {
            return id;
        }
        String encoded = percentEncode(id);
        if (encoded.length() <= MAX_LENGTH) {
            return encoded;
        }
        int end = MAX_LENGTH - CUT_MARK.length() - HASH_HEX_LENGTH;
        if (encoded.charAt(end - 1) == '%') {
            end -= 1;
        } else if (encoded.charAt(end - 2) == '%') {
            end -= 2;
        }
        return encoded.substring(0, end) + CUT_MARK + HEX.formatHex(sha256(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static String percentEncode(String id) {
        StringBuilder out = new StringBuilder(id.length() + 16);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isVisible(c) && c != '%' && c != '+') {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static boolean isVisible(char c) {
        return c >= 0x21 && c <= 0x7e;
    }

    private static boolean isInnerBlank(String value, int i) {
        char c = value.charAt(i);
        return (c == ' ' || c == '\t') && i > 0 && i < value.length() - 1;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
