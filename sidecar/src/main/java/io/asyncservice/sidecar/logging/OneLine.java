package io.asyncservice.sidecar.logging;

/**
 * Keeps text that ends up in a text log line on that line. Request ids, error texts and broker names come from producers
 * and brokers and may hold line breaks: written as they are, a value such as {@code "x\n2026-01-01 ERROR forged"} would
 * start a line that looks like a log event of its own. Every control character (C0, DEL, C1 such as NEL) and the
 * Unicode line and paragraph separators are escaped: CR, LF and tab as {@code \r}, {@code \n} and {@code \t}, the
 * others as {@code \}{@code uXXXX}. Nothing else changes, a backslash included: a text log is for people, and the JSON
 * format (exact, and escaped by its encoder) is for machines.
 */
public final class OneLine {

    private OneLine() {
    }

    /** {@code text} with its control characters escaped; the same string when it has none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
