package io.metaingest.benchmarks.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the {@code metaingest} launcher starts a run with, read from the launcher script
 * itself (its {@code opts=(…)} and {@code opts+=(…)} arrays), so the runtime benchmark measures the
 * JIT and collector a user's run gets without a second copy of the flags.
 */
public final class LauncherJvmOptions {

    private LauncherJvmOptions() {
    }

    /** The options, in the launcher's order; fails when the script has none (it changed shape). */
    public static List<String> read(Path launcher) throws IOException {
        // The arrays' bodies: from "opts=(" or "opts+=(" to the next ")", across lines.
        Matcher arrays = Pattern.compile("opts\\+?=\\(([^)]*)\\)").matcher(Files.readString(launcher));
        List<String> options = new ArrayList<>();
        while (arrays.find()) {
            for (String token : arrays.group(1).strip().split("\\s+")) {
                // Not an option naming one of the distribution's files ("$base"): only the launcher can resolve it.
                if (token.startsWith("-X") && !token.contains("$")) {
                    options.add(token);
                }
            }
        }
        if (options.isEmpty()) {
            throw new IllegalStateException("no JVM options found in " + launcher + " (expected an opts=(...) array)");
        }
        return List.copyOf(options);
    }
}
