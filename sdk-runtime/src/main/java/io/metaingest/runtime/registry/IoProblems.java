package io.metaingest.runtime.registry;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * What went wrong reading a plugin's folder or jar, in words a user acts on: the JDK's messages are
 * often only the path ({@code AccessDeniedException}) or name no fix.
 */
final class IoProblems {

    private IoProblems() {
    }

    /** A few words for the failure: {@code permission denied}, {@code not a jar: …}. */
    static String what(Exception e) {
        if (e instanceof AccessDeniedException || isPermission(e)) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
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
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code "; make <thing> readable by this user"} for a permission problem, else {@code ""}. */
    static String fix(Exception e, String thing) {
        return fix(e, thing, null);
    }

    /** As {@link #fix(Exception, String)}, with {@code otherwise} as the fix of any other failure. */
    static String fix(Exception e, String thing, String otherwise) {
        if (e instanceof AccessDeniedException || isPermission(e)) {
            return "; make " + thing + " readable by the user running metaingest";
        }
        return otherwise == null ? "" : "; " + otherwise;
    }

    /** A {@code FileNotFoundException} from {@code JarFile} says "(Permission denied)" in its message only. */
    private static boolean isPermission(Exception e) {
        return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("permission denied");
    }
}
