package io.metaingest.testkit;

import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.HttpURLConnection;
import java.net.ProxySelector;
import java.net.ResponseCache;
import java.security.Provider;
import java.security.Security;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The process-wide settings one connector could change under another in the same JVM: system
 * properties, default locale and time zone, JDBC drivers and login timeout, JDK HTTP defaults
 * (proxy selector, cookie handler, authenticator, response cache, redirects), security providers,
 * the default uncaught-exception handler, and the static singletons of the libraries every plugin
 * shares with the runtime (Jackson's default stream constraints and error-report settings; the
 * levels, appenders and additivity of named loggers when Logback is the SLF4J backend — the root
 * level is the runtime's, set from {@code workflowConfig.loggerLevel}). {@link #restore} puts back what can be put back, so
 * one broken connector does not fail the tests that follow it.
 */
final class GlobalState {

    private final Map<String, Object> values;
    private final Properties properties;
    private final TimeZone timeZone;
    private final Locale locale;
    private final Map<Locale.Category, Locale> categoryLocales = new LinkedHashMap<>();
    private final SharedLibraryState sharedLibraries;

    private GlobalState() {
        this.sharedLibraries = SharedLibraryState.capture();
        this.properties = (Properties) System.getProperties().clone();
        this.timeZone = TimeZone.getDefault();
        this.locale = Locale.getDefault();
        for (Locale.Category c : Locale.Category.values()) {
            categoryLocales.put(c, Locale.getDefault(c));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Supplier<Object>> readers = readers();
        readers.forEach((name, reader) -> v.put(name, reader.get()));
        this.values = v;
    }

    static GlobalState capture() {
        return new GlobalState();
    }

    /**
     * Runs connector code (building a step, testing a connection, a run) with this JVM's state
     * captured before and put back after, whether it returns or throws: a change made on every
     * construction would otherwise leak into every later check and test, and hide itself from them.
     *
     * @param changes receives one line per change the code made, before it is put back
     */
    static <T> T guarded(List<String> changes, java.util.concurrent.Callable<T> body) throws Exception {
        GlobalState global = capture();
        try {
            return body.call();
        } finally {
            changes.addAll(global.changesSince());
            global.restore();
        }
    }

    private static Map<String, Supplier<Object>> readers() {
        Map<String, Supplier<Object>> r = new LinkedHashMap<>();
        r.put("default time zone", () -> TimeZone.getDefault().getID());
        r.put("default locale", () -> Locale.getDefault().toLanguageTag());
        for (Locale.Category c : Locale.Category.values()) {
            r.put("default " + c.name().toLowerCase(Locale.ROOT) + " locale", () -> Locale.getDefault(c).toLanguageTag());
        }
        r.put("registered JDBC drivers", () -> {
            List<String> names = new ArrayList<>();
            for (Driver d : Collections.list(DriverManager.getDrivers())) {
                names.add(d.getClass().getName());
            }
            Collections.sort(names);
            return names;
        });
        r.put("DriverManager login timeout", DriverManager::getLoginTimeout);
        r.put("default ProxySelector", () -> identity(ProxySelector.getDefault()));
        r.put("default CookieHandler", () -> identity(CookieHandler.getDefault()));
        r.put("default Authenticator", () -> identity(Authenticator.getDefault()));
        r.put("default ResponseCache", () -> identity(ResponseCache.getDefault()));
        r.put("HttpURLConnection follow redirects", HttpURLConnection::getFollowRedirects);
        r.put("security providers", () -> Stream.of(Security.getProviders()).map(Provider::getName).toList());
        r.put("default uncaught exception handler", () -> identity(Thread.getDefaultUncaughtExceptionHandler()));
        r.putAll(SharedLibraryState.readers());
        return r;
    }

    private static String identity(Object o) {
        return o == null ? "none" : o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    /** One line per difference between this snapshot and now. */
    List<String> changesSince() {
        List<String> changes = new ArrayList<>();
        readers().forEach((name, reader) -> {
            Object now = reader.get();
            Object then = values.get(name);
            if (!Objects.equals(then, now)) {
                changes.add(name + " changed from " + then + " to " + now);
            }
        });
        Map<String, String> before = asMap(properties);
        Map<String, String> after = asMap(System.getProperties());
        for (String key : union(before, after)) {
            String was = before.get(key);
            String is = after.get(key);
            if (!Objects.equals(was, is)) {
                changes.add("system property " + key + (was == null ? " was set" : is == null ? " was removed"
                        : " changed"));
            }
        }
        return changes;
    }

    /** Puts back the system properties, default time zone and locales, and the shared libraries' singletons. */
    void restore() {
        System.setProperties((Properties) properties.clone());
        TimeZone.setDefault(timeZone);
        Locale.setDefault(locale);
        categoryLocales.forEach(Locale::setDefault);
        sharedLibraries.restore();
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name));
        }
        return m;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }
}
