package dev.cairn.node.process;

import java.util.ArrayList;
import java.util.List;

/** A line-by-line diff of two small texts ("- " only in the first, "+ " only in the second), for failure messages. */
final class LineDiff {
    private static final int MAX_LINES = 2_000;

    private LineDiff() {
    }

    static String render(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            return "(too long to diff: " + a.size() + " vs " + b.size() + " lines)";
        }
        // Longest common subsequence table, filled from the end so the walk below goes forwards.
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i++));
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return String.join("\n", out);
    }
}
