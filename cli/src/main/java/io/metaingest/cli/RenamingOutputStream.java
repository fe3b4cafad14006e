package io.metaingest.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Passes each whole line on with some texts replaced: the demo's messages name the setting of a file it
 * generated ({@code workflowConfig.openMetadataServerConfig.hostPort}), which the user set as an option
 * ({@code --publish URL}). A line is passed on at its end or a flush, so a name is never split.
 */
final class RenamingOutputStream extends OutputStream {

    private final OutputStream target;
    private final Map<String, String> replacements;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    /** Writes to {@code target}, each key of {@code replacements} replaced by its value. */
    RenamingOutputStream(OutputStream target, Map<String, String> replacements) {
        this.target = target;
        this.replacements = Map.copyOf(replacements);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            passLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        passLine();
        target.flush();
    }

    private void passLine() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            text = text.replace(replacement.getKey(), replacement.getValue());
        }
        line.reset();
        target.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
