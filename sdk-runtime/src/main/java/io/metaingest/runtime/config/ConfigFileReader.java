package io.metaingest.runtime.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a workflow file defensively, before any parser sees it: only regular files, at most
 * {@value #MAX_BYTES} bytes (a workflow file is a few kilobytes; YAML parsing time grows faster
 * than the size, so a huge file is refused rather than parsed), UTF-8 text without NUL bytes, and,
 * for YAML, no tab in the indentation. After parsing, {@link #duplicateKeys} finds keys written
 * twice in one mapping, which YAML and JSON parsers otherwise resolve silently (the last wins).
 */
final class ConfigFileReader {

    /** The largest workflow file read: 1 MiB. */
    static final int MAX_BYTES = 1024 * 1024;

    private ConfigFileReader() {
    }

    /** The file's text, or the problem that stops it being read. */
    static String read(Path file, boolean yaml) throws InvalidConfigException {
        if (file.toString().equals("-") && Files.notExists(file)) {
            // The Unix convention for standard input, which is not read: say where a workflow can come from.
            throw problem("-c -", "standard input is not read; give a workflow file, or (as in OpenMetadata's"
                    + " container) set the environment variable config to the workflow's text and run metaingest"
                    + " without arguments");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw problem(file.toString(), "no such file; check the path given to -c");
        } catch (IOException e) {
            throw problem(file.toString(), "cannot read: " + e.getMessage());
        }
        if (!attributes.isRegularFile()) {
            throw problem(file.toString(), "not a regular file (" + kind(file, attributes)
                    + "); give the path of a workflow file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1); // the size on disk may change while reading
        } catch (IOException e) {
            throw problem(file.toString(), "cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file);
        }
        String text = decode(file, bytes);
        if (yaml) {
            checkIndentation(file.toString(), text);
        }
        return text;
    }

    /**
     * Checks a workflow's text held in memory (the container's {@code config} variable) as {@link #read}
     * checks a file's, {@code name} standing for the file in the problems.
     */
    static String check(String name, String text, boolean yaml) throws InvalidConfigException {
        if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw problem(name, "larger than " + (MAX_BYTES / 1024) + " KiB, the limit for a workflow");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw problem(name + ":" + (text.substring(0, nul).chars().filter(c -> c == '\n').count() + 1),
                    "not text (a NUL character at character " + nul + "); give a YAML or JSON workflow");
        }
        if (yaml) {
            checkIndentation(name, text);
        }
        return text;
    }

    private static InvalidConfigException tooLarge(Path file) {
        return problem(file.toString(), "larger than " + (MAX_BYTES / 1024) + " KiB, the limit for a workflow file; "
                + "check the path given to -c");
    }

    private static String kind(Path file, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        if (attributes.isOther()) {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? "a special file" : "a device, a pipe or a socket";
        }
        return "a special file";
    }

    private static String decode(Path file, byte[] bytes) throws InvalidConfigException {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw problem(file + ":" + lineAt(bytes, i), "not a text file (a NUL byte at byte " + i
                        + "); give the path of a YAML or JSON workflow file");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(file.toString(), "not UTF-8 text; save the workflow file as UTF-8");
        }
    }

    private static int lineAt(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static void checkIndentation(String file, String text) throws InvalidConfigException {
        int line = 1;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                leading = true;
            } else if (leading && c == '\t') {
                throw problem(file + ":" + line, "a tab in the indentation; YAML indents with spaces only, "
                        + "replace the tab with spaces");
            } else if (c != ' ') {
                leading = false;
            }
        }
    }

    /**
     * One problem per key written twice in the same mapping, naming the key's path and both lines.
     *
     * @param factory the factory of the file's format (YAML or JSON)
     */
    static List<ConfigProblem> duplicateKeys(JsonFactory factory, String text) throws IOException {
        List<ConfigProblem> problems = new ArrayList<>();
        Deque<Map<String, Integer>> seen = new ArrayDeque<>();
        Deque<String> paths = new ArrayDeque<>();
        String pendingName = null;
        try (JsonParser parser = factory.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        String parent = paths.isEmpty() ? "" : paths.peek();
                        String path = pendingName == null ? parent
                                : pendingName.isEmpty() ? parent : ConfigPaths.child(parent, pendingName);
                        paths.push(path);
                        seen.push(token == JsonToken.START_OBJECT ? new HashMap<>() : Map.of());
                        pendingName = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        paths.pop();
                        seen.pop();
                    }
                    case FIELD_NAME -> {
                        String name = parser.currentName();
                        int line = parser.currentTokenLocation().getLineNr();
                        Integer first = seen.peek().putIfAbsent(name, line);
                        if (first != null) {
                            problems.add(new ConfigProblem(ConfigPaths.child(paths.peek(), name),
                                    "duplicate key '" + name + "' on lines " + first + " and " + line
                                            + "; keep one (otherwise the last one would silently win)"));
                        }
                        pendingName = name;
                    }
                    default -> pendingName = null;
                }
            }
        }
        return problems;
    }

    private static InvalidConfigException problem(String where, String message) {
        return new InvalidConfigException(List.of(new ConfigProblem(where, message)));
    }
}
