package io.asyncservice.api.v1alpha1;

import java.util.regex.Matcher;

/** Sizes in the API are written as Kubernetes writes memory quantities: 262144, 256Ki, 1Mi, 1M. */
public final class ByteSizes {

    /** The schema pattern for a size field. */
    public static final String PATTERN = "^[0-9]+(k|M|G|Ki|Mi|Gi)?$";

    private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile("^([0-9]+)(k|M|G|Ki|Mi|Gi)?$");

    private ByteSizes() {
    }

    /**
     * Parses a size such as {@code 256Ki} into bytes.
     *
     * @throws IllegalArgumentException naming the field when the text is not a size, or is over 2 GiB (what one message
     *     in memory can hold)
     */
    public static int parse(String field, String text) {
        Matcher m = text == null ? null : SIZE.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a size such as 262144, 256Ki or 1Mi");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "k" -> 1000L;
            case "M" -> 1000L * 1000;
            case "G" -> 1000L * 1000 * 1000;
            case "Ki" -> 1024L;
            case "Mi" -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
        String digits = m.group(1);
        long bytes = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits) * unit;
        if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(field + ": '" + text + "' is outside 1 byte to 2Gi");
        }
        return (int) bytes;
    }
}
