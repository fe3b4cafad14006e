package io.metaingest.cli;

/** Prints what {@link Terminals} and {@code System.console()} say in a process of its own (for {@link TerminalsTest}). */
final class TerminalsProbe {

    private TerminalsProbe() {
    }

    public static void main(String[] args) {
        System.out.println("console=" + (System.console() != null) + " stderr=" + Terminals.standardError());
    }
}
