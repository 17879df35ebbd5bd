package dev.cairn.node.cli.snapshot;

import java.util.List;

/** etcdctl's table (tablewriter with right alignment): centred upper-case header, right-aligned cells. */
final class TextTable {
    private TextTable() {
    }

    static String render(List<String> header, List<String> row) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(header.get(i).length(), row.get(i).length());
        }
        StringBuilder border = new StringBuilder("+");
        StringBuilder head = new StringBuilder("|");
        StringBuilder cells = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            border.append("-".repeat(widths[i] + 2)).append('+');
            int pad = widths[i] - header.get(i).length();
            head.append(' ').append(" ".repeat(pad / 2)).append(header.get(i)).append(" ".repeat(pad - pad / 2))
                    .append(" |");
            cells.append(' ').append(" ".repeat(widths[i] - row.get(i).length())).append(row.get(i)).append(" |");
        }
        String line = border + "\n";
        return line + head + "\n" + line + cells + "\n" + line;
    }
}
