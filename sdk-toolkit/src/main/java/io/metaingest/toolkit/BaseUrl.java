package io.metaingest.toolkit;

/**
 * A vendor's address as users write it in a connection ({@code host}, {@code host:port},
 * {@code https://host/path/}): the one place that decides how such an address becomes the base
 * that request paths are appended to.
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    /**
     * {@code address} without surrounding blanks or trailing slashes, with {@code https://} in front
     * when it names no scheme: OpenMetadata's connections take a bare host as https.
     */
    public static String of(String address) {
        String url = address.strip();
        return withoutTrailingSlashes(namesScheme(url) ? url : "https://" + url);
    }

    /** Whether {@code address} names its scheme ({@code http://host}); one that does not is taken as https. */
    public static boolean namesScheme(String address) {
        return address.contains("://");
    }

    /** {@code url} without its trailing slashes, so that appending {@code "/path"} never doubles one. */
    public static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
