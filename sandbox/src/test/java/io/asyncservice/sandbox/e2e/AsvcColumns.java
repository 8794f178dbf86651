package io.asyncservice.sandbox.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code kubectl get asvc NAME} as column → value, cut at the header's column positions, so that an
 * empty cell (no BACKLOG before the scaler's first read) stays empty instead of shifting the others.
 */
final class AsvcColumns {

    private static final Pattern COLUMN = Pattern.compile("\\S+");

    private AsvcColumns() {
    }

    static Map<String, String> parse(String kubectlOutput) {
        List<String> lines = kubectlOutput.lines().toList();
        if (lines.size() < 2) {
            throw new IllegalArgumentException("no row in: " + kubectlOutput);
        }
        String header = lines.get(0);
        String row = lines.get(1);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = COLUMN.matcher(header);
        while (m.find()) {
            names.add(m.group());
            starts.add(m.start());
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            int from = Math.min(starts.get(i), row.length());
            int to = i + 1 < names.size() ? Math.min(starts.get(i + 1), row.length()) : row.length();
            cells.put(names.get(i), row.substring(from, to).trim());
        }
        return cells;
    }
}
