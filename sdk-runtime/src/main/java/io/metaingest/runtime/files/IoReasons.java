package io.metaingest.runtime.files;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * The operating system's reason for a file error, in words a user acts on, without Java class names:
 * the JDK's messages are often only the path ({@code AccessDeniedException}) or hide the reason after
 * it ({@code JarFile}'s "… (Permission denied)"). One wording for outputs, reports and plugin folders.
 */
public final class IoReasons {

    private IoReasons() {
    }

    /** A few words for the failure: {@code permission denied}, {@code no such file or folder}, {@code not a jar: …}. */
    public static String reason(Exception e) {
        if (isPermission(e)) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof ZipException) {
            return "not a jar: " + e.getMessage();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Whether the failure is a refused permission, whichever way the JDK says so. */
    public static boolean isPermission(Exception e) {
        return e instanceof AccessDeniedException
                || e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("permission denied");
    }
}
