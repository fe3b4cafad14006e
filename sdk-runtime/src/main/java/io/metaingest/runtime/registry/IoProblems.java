package io.metaingest.runtime.registry;

import io.metaingest.runtime.files.IoReasons;

/** The fix for a plugin folder or jar that cannot be read: a permission, or the caller's own advice. */
final class IoProblems {

    private IoProblems() {
    }

    /** {@code "; make <thing> readable by the user running metaingest"} for a permission problem, else {@code ""}. */
    static String fix(Exception e, String thing) {
        return fix(e, thing, null);
    }

    /** As {@link #fix(Exception, String)}, with {@code otherwise} as the fix of any other failure. */
    static String fix(Exception e, String thing, String otherwise) {
        if (IoReasons.isPermission(e)) {
            return "; make " + thing + " readable by the user running metaingest";
        }
        return otherwise == null ? "" : "; " + otherwise;
    }
}
