package io.trustlake.cli;

import java.io.PrintWriter;

/** Progress for long work, printed as one updating line per step on a terminal. Thread-safe. */
public final class Progress {
    private final PrintWriter out;
    private final boolean interactive;
    private String last = "";

    public Progress(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Reports {@code done} of {@code total}; on a terminal the line is redrawn in place. */
    public synchronized void step(int done, int total, String what) {
        String key = done + "/" + total + " " + what;
        if (key.equals(last)) {
            return;
        }
        last = key;
        int percent = total == 0 ? 100 : done * 100 / total;
        String bar = "#".repeat(percent / 5) + ".".repeat(20 - percent / 5);
        if (interactive) {
            out.print("\r  [" + bar + "] " + done + "/" + total + " " + what + (done == total ? "\n" : ""));
        } else if (done == total || done % Math.max(1, total / 10) == 0) {
            out.println("  [" + bar + "] " + done + "/" + total + " " + what);
        }
        out.flush();
    }
}
